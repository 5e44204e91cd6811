package http

import (
	"net/http"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
)

type sessionRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type userJSON struct {
	Username string    `json:"username"`
	Role     edge.Role `json:"role"`
	Pizzeria string    `json:"pizzeria,omitempty"`
}

type sessionResponse struct {
	Token     string    `json:"token"`
	User      userJSON  `json:"user"`
	ExpiresAt time.Time `json:"expires_at"`
}

// handleSessionCreate logs a user in: it checks the password against its
// argon2id hash and returns a new token, also set as an HttpOnly cookie.
func (s *Server) handleSessionCreate(w http.ResponseWriter, r *http.Request) {
	var req sessionRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	req.Username = strings.TrimSpace(req.Username)
	switch {
	case req.Username == "":
		s.Error(w, r, edge.Invalid("username", edge.MsgRequired))
		return
	case len(req.Username) > edge.MaxUsernameLen:
		s.Error(w, r, edge.Invalid("username", edge.MsgTooLong, edge.MaxUsernameLen))
		return
	case req.Password == "":
		s.Error(w, r, edge.Invalid("password", edge.MsgRequired))
		return
	case len(req.Password) > edge.MaxPasswordLen:
		s.Error(w, r, edge.Invalid("password", edge.MsgTooLong, edge.MaxPasswordLen))
		return
	}

	user, err := s.checkPassword(r, req.Username, req.Password)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	token, hash := sessiontoken.New()
	session, err := s.Users.CreateSession(r.Context(), user.ID, hash)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: r.TLS != nil, SameSite: http.SameSiteStrictMode,
		MaxAge: int(edge.SessionMaxAge / time.Second),
	})
	writeJSON(w, http.StatusCreated, sessionResponse{
		Token:     token,
		User:      userJSON{Username: user.Username, Role: user.Role, Pizzeria: user.Pizzeria},
		ExpiresAt: session.ExpiresAt,
	})
}

// checkPassword returns the user whose credentials these are. Unknown
// users, wrong passwords and disabled accounts get the same answer, and
// repeated failures are slowed down: on one name, and over all names.
func (s *Server) checkPassword(r *http.Request, username, password string) (*edge.User, error) {
	if !s.logins.Begin(username) {
		return nil, edge.Errorf(edge.ERATELIMIT, edge.MsgTooManyLogins)
	}
	user, err := s.verifyPassword(r, username, password)
	s.logins.End(username, edge.ErrorCode(err) == edge.EUNAUTHORIZED)
	return user, err
}

// verifyPassword checks a password against the hash of its user, or
// against a dummy hash when there is no such user, so that both take as
// long. Wrong credentials are EUNAUTHORIZED.
func (s *Server) verifyPassword(r *http.Request, username, password string) (*edge.User, error) {
	user, err := s.Users.FindUserByUsername(r.Context(), username)
	if err != nil && edge.ErrorCode(err) != edge.ENOTFOUND {
		return nil, err
	}
	hash := passhash.DummyHash
	if user != nil {
		hash = user.PasswordHash
	}

	// Hash under the bound on concurrent log-ins: each costs 19 MiB.
	if err := s.logins.Acquire(r.Context()); err != nil {
		return nil, err
	}
	ok, err := passhash.Verify(hash, password)
	s.logins.Release()
	if err != nil {
		return nil, err
	}
	if !ok || user == nil || user.Disabled || !user.WorksAt(s.pizzeria) {
		return nil, edge.Errorf(edge.EUNAUTHORIZED, edge.MsgBadCredentials)
	}
	return user, nil
}

// handleSessionDelete logs the caller out.
func (s *Server) handleSessionDelete(w http.ResponseWriter, r *http.Request) {
	token := sessiontoken.FromRequest(r, SessionCookie)
	if err := s.Users.DeleteSession(r.Context(), sessiontoken.Hash(token)); err != nil {
		s.Error(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode})
	w.WriteHeader(http.StatusNoContent)
}

// handleMe returns the caller's account.
func (s *Server) handleMe(w http.ResponseWriter, r *http.Request) {
	u := userFrom(r.Context())
	writeJSON(w, http.StatusOK, userJSON{Username: u.Username, Role: u.Role, Pizzeria: u.Pizzeria})
}
