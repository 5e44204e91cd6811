package web

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
)

type contextKey int

const userKey contextKey = iota

// userFrom returns the logged-in user of a request.
func userFrom(ctx context.Context) *edge.User {
	u, _ := ctx.Value(userKey).(*edge.User)
	return u
}

// authenticate loads the session of the cookie. A browser without one is
// sent to the log-in page, and back here afterwards; a fragment or stream
// request gets a 401 that the page's script turns into a reload.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		user, err := s.sessionUser(r)
		if err != nil {
			if edge.ErrorCode(err) != edge.EUNAUTHORIZED {
				s.renderError(w, r, err)
				return
			}
			if r.Method == http.MethodGet && r.Header.Get("X-Fragment") == "" {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.renderError(w, r, edge.Errorf(edge.EUNAUTHORIZED, edge.MsgSessionExpired))
			return
		}
		ctx := context.WithValue(r.Context(), userKey, user)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// sessionUser returns the user of the request's session cookie, or
// EUNAUTHORIZED. A user of another pizzeria is EFORBIDDEN.
func (s *Server) sessionUser(r *http.Request) (*edge.User, error) {
	token := sessiontoken.FromCookie(r, SessionCookie)
	if token == "" {
		return nil, edge.Errorf(edge.EUNAUTHORIZED, edge.MsgLoginRequired)
	}
	session, err := s.Users.FindSession(r.Context(), sessiontoken.Hash(token))
	if err != nil {
		return nil, err
	}
	if !session.User.WorksAt(s.cfg.Pizzeria) {
		return nil, edge.Errorf(edge.EFORBIDDEN, edge.MsgWrongPizzeria)
	}
	return session.User, nil
}

// loginView is what the log-in page shows.
type loginView struct {
	Username string
	Next     string
	Error    string
}

// handleLoginPage shows the log-in form.
func (s *Server) handleLoginPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "login", "login.title", loginView{Next: safeNext(r.URL.Query().Get("next"))})
}

// handleLogin checks the credentials, starts a session in an HttpOnly,
// SameSite=Strict cookie and goes on to the page asked for. A refusal
// shows the form again with the reason.
func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	view := loginView{
		Username: strings.TrimSpace(r.PostFormValue("username")),
		Next:     safeNext(r.PostFormValue("next")),
	}
	password := r.PostFormValue("password")
	user, err := s.checkPassword(r, view.Username, password)
	if err != nil {
		view.Error = s.userMessage(r, err)
		s.render(w, r, statusOf(edge.ErrorCode(err)), "login", "login.title", view)
		return
	}

	// A new token at every log-in, stored hashed.
	token, hash := sessiontoken.New()
	if _, err := s.Users.CreateSession(r.Context(), user.ID, hash); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.SetCookie(w, &http.Cookie{
		Name: SessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookie, SameSite: http.SameSiteStrictMode,
		MaxAge: int(edge.SessionMaxAge / time.Second),
	})
	next := view.Next
	if next == "" {
		next = "/"
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
}

// checkPassword returns the user of the credentials. Unknown users, wrong
// passwords and disabled accounts get the same answer; repeated failures
// are slowed down, and hashing runs under the bound on concurrent log-ins.
func (s *Server) checkPassword(r *http.Request, username, password string) (*edge.User, error) {
	switch {
	case username == "":
		return nil, edge.Invalid("username", edge.MsgRequired)
	case len(username) > edge.MaxUsernameLen:
		return nil, edge.Invalid("username", edge.MsgTooLong, edge.MaxUsernameLen)
	case password == "":
		return nil, edge.Invalid("password", edge.MsgRequired)
	case len(password) > edge.MaxPasswordLen:
		return nil, edge.Invalid("password", edge.MsgTooLong, edge.MaxPasswordLen)
	}
	if !s.logins.Begin(username) {
		return nil, edge.Errorf(edge.ERATELIMIT, edge.MsgTooManyLogins)
	}
	user, err := s.verifyPassword(r.Context(), username, password)
	s.logins.End(username, edge.ErrorCode(err) == edge.EUNAUTHORIZED)
	return user, err
}

// verifyPassword checks a password against its user's hash, or a dummy
// hash for an unknown user so that both take as long.
func (s *Server) verifyPassword(ctx context.Context, username, password string) (*edge.User, error) {
	user, err := s.Users.FindUserByUsername(ctx, username)
	if err != nil && edge.ErrorCode(err) != edge.ENOTFOUND {
		return nil, err
	}
	hash := passhash.DummyHash
	if user != nil {
		hash = user.PasswordHash
	}
	if err := s.logins.Acquire(ctx); err != nil {
		return nil, err
	}
	ok, err := passhash.Verify(hash, password)
	s.logins.Release()
	if err != nil {
		return nil, err
	}
	if !ok || user == nil || user.Disabled || !user.WorksAt(s.cfg.Pizzeria) {
		return nil, edge.Errorf(edge.EUNAUTHORIZED, edge.MsgBadCredentials)
	}
	return user, nil
}

// handleLogout ends the session and goes back to the log-in page.
func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	if token := sessiontoken.FromCookie(r, SessionCookie); token != "" {
		if err := s.Users.DeleteSession(r.Context(), sessiontoken.Hash(token)); err != nil {
			s.renderError(w, r, err)
			return
		}
	}
	http.SetCookie(w, &http.Cookie{Name: SessionCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookie, SameSite: http.SameSiteStrictMode})
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// safeNext keeps a return path only when it is a path of this site, so
// that the log-in form cannot send anyone elsewhere.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.ContainsAny(next, "\\\r\n") {
		return ""
	}
	return next
}
