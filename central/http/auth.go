package http

import (
	"context"
	"net/http"
	"slices"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
)

// SessionCookie carries the session token for pages; API clients send it
// as a bearer token instead. Its name differs from the edge's: cookies do
// not tell ports apart, and on one machine (the demo) an edge and central
// share a host.
const SessionCookie = "ocpizza_central_session"

type contextKey int

const userKey contextKey = iota

// userFrom returns the authenticated user of a request.
func userFrom(ctx context.Context) *central.User {
	u, _ := ctx.Value(userKey).(*central.User)
	return u
}

// findUser returns the user of the request's session, or EUNAUTHORIZED.
func (s *Server) findUser(r *http.Request) (*central.User, error) {
	token := sessiontoken.FromRequest(r, SessionCookie)
	if token == "" {
		return nil, central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
	}
	session, err := s.Accounts.FindSession(r.Context(), sessiontoken.Hash(token))
	if err != nil {
		return nil, err
	}
	return session.User, nil
}

// authenticate loads the session of an API request, refusing with 401
// when there is none.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := s.findUser(r)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey, u)))
	})
}

// allow refuses with 403 an API caller whose role is not among roles.
func (s *Server) allow(roles ...central.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !slices.Contains(roles, userFrom(r.Context()).Role) {
				s.Error(w, r, central.Errorm(central.EFORBIDDEN, central.MsgForbidden))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// authenticatePage loads the session of a page request, sending a visitor
// without one to the log-in page.
func (s *Server) authenticatePage(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u, err := s.findUser(r)
		switch {
		case central.ErrorCode(err) == central.EUNAUTHORIZED:
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		case err != nil:
			s.errorPage(w, r, err)
			return
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), userKey, u)))
	})
}

// allowPage answers a page request whose user's role is not among roles
// with a 403 page.
func (s *Server) allowPage(roles ...central.Role) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !slices.Contains(roles, userFrom(r.Context()).Role) {
				s.forbiddenPage(w, r)
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
