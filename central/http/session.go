package http

import (
	"net/http"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
)

// Bounds on the credentials of a log-in, checked before any hashing: a
// longer name cannot exist, and a longer password is refused at creation.
const (
	maxUsernameLen = 64
	maxPasswordLen = 128
)

// sessionRequest is a log-in: staff by username, customers by email.
type sessionRequest struct {
	Username string `json:"username"`
	Email    string `json:"email"`
	Password string `json:"password"`
}

// userJSON is who logged in: a staff member (username, role, pizzeria) or
// a customer (email, name, role "customer").
type userJSON struct {
	Username string       `json:"username,omitempty"`
	Email    string       `json:"email,omitempty"`
	Name     string       `json:"name,omitempty"`
	Role     central.Role `json:"role"`
	Pizzeria string       `json:"pizzeria,omitempty"`
}

type sessionResponse struct {
	Token     string    `json:"token"`
	User      userJSON  `json:"user"`
	ExpiresAt time.Time `json:"expires_at"`
}

// handleSessionCreate logs a staff member in: it checks the password
// against its argon2id hash and returns a new token, also set as an
// HttpOnly cookie.
func (s *Server) handleSessionCreate(w http.ResponseWriter, r *http.Request) {
	var req sessionRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Email != "" {
		if req.Username != "" {
			s.Error(w, r, central.Invalid("email", central.MsgEmailOrUsername))
			return
		}
		s.createCustomerSession(w, r, req)
		return
	}
	token, session, err := s.logIn(r, req.Username, req.Password)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	s.setSessionCookie(w, r, token)
	writeJSON(w, http.StatusCreated, sessionResponse{
		Token: token,
		User: userJSON{
			Username: session.User.Username,
			Role:     session.User.Role,
			Pizzeria: session.User.PizzeriaID,
		},
		ExpiresAt: session.ExpiresAt,
	})
}

// handleSessionDelete logs the caller out.
func (s *Server) handleSessionDelete(w http.ResponseWriter, r *http.Request) {
	token := sessiontoken.FromRequest(r, SessionCookie)
	if err := s.Accounts.DeleteSession(r.Context(), sessiontoken.Hash(token)); err != nil {
		s.Error(w, r, err)
		return
	}
	clearSessionCookie(w)
	w.WriteHeader(http.StatusNoContent)
}

// logIn checks credentials and opens a session, returning its token. The
// API and the log-in form share it, and so share its limits.
func (s *Server) logIn(r *http.Request, username, password string) (string, *central.Session, error) {
	// Check the input before spending a hash on it.
	username = strings.TrimSpace(username)
	switch {
	case username == "":
		return "", nil, central.Invalid("username", central.MsgRequired)
	case len(username) > maxUsernameLen:
		return "", nil, central.Invalid("username", central.MsgTooLong, maxUsernameLen)
	case password == "":
		return "", nil, central.Invalid("password", central.MsgRequired)
	case len(password) > maxPasswordLen:
		return "", nil, central.Invalid("password", central.MsgTooLong, maxPasswordLen)
	}

	// The password, then a new token.
	user, err := s.checkPassword(r, username, password)
	if err != nil {
		return "", nil, err
	}
	token, hash := sessiontoken.New()
	session, err := s.Accounts.CreateSession(r.Context(), user.ID, hash)
	if err != nil {
		return "", nil, err
	}
	return token, session, nil
}

// checkPassword returns the user whose credentials these are. Unknown
// users, wrong passwords and disabled accounts get the same answer, and
// repeated failures are slowed down: on one name, and over all names.
func (s *Server) checkPassword(r *http.Request, username, password string) (*central.User, error) {
	if !s.logins.Begin(username) {
		return nil, central.Errorm(ERATELIMIT, central.MsgTooManyLogins)
	}
	user, err := s.verifyPassword(r, username, password)
	s.logins.End(username, central.ErrorCode(err) == central.EUNAUTHORIZED)
	return user, err
}

// verifyPassword checks a password against the hash of its user, or
// against a dummy hash when there is no such user, so that both take as
// long. Wrong credentials are EUNAUTHORIZED.
func (s *Server) verifyPassword(r *http.Request, username, password string) (*central.User, error) {
	user, err := s.Accounts.FindUserByUsername(r.Context(), username)
	if err != nil && central.ErrorCode(err) != central.ENOTFOUND {
		return nil, err
	}
	hash := passhash.DummyHash
	if user != nil {
		hash = user.PasswordHash
	}
	if err := s.verifyHash(r, hash, password, user != nil && !user.Disabled); err != nil {
		return nil, err
	}
	return user, nil
}

// verifyHash verifies a password against hash under the bound on
// concurrent log-ins (each hash costs 19 MiB), and refuses it with
// EUNAUTHORIZED when it does not match or the account may not log in:
// unknown (checked against the dummy hash all the same) or disabled.
func (s *Server) verifyHash(r *http.Request, hash, password string, mayLogIn bool) error {
	if err := s.logins.Acquire(r.Context()); err != nil {
		return err
	}
	ok, err := passhash.Verify(hash, password)
	s.logins.Release()
	if err != nil {
		return err
	}
	if !ok || !mayLogIn {
		return central.Errorm(central.EUNAUTHORIZED, central.MsgBadCredentials)
	}
	return nil
}

// setSessionCookie gives a browser the session token, out of reach of
// scripts and of other sites' requests.
func (s *Server) setSessionCookie(w http.ResponseWriter, r *http.Request, token string) {
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.secureCookies || r.TLS != nil, SameSite: http.SameSiteStrictMode,
		MaxAge: int(central.SessionMaxAge / time.Second),
	})
}

// clearSessionCookie makes the browser forget its session token.
func clearSessionCookie(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, SameSite: http.SameSiteStrictMode})
}
