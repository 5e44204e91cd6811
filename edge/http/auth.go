package http

import (
	"context"
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/sessiontoken"
)

// SessionCookie carries the session token for pages; API clients send it
// as a bearer token instead.
const SessionCookie = "ocpizza_session"

type contextKey int

const userKey contextKey = iota

// userFrom returns the authenticated user of a request.
func userFrom(ctx context.Context) *edge.User {
	u, _ := ctx.Value(userKey).(*edge.User)
	return u
}

// authenticate loads the session of the request, refusing with 401 when
// there is none, and with 403 when the user belongs to another pizzeria.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := sessiontoken.FromRequest(r, SessionCookie)
		if token == "" {
			s.Error(w, r, edge.Errorf(edge.EUNAUTHORIZED, edge.MsgLoginRequired))
			return
		}
		session, err := s.Users.FindSession(r.Context(), sessiontoken.Hash(token))
		if err != nil {
			s.Error(w, r, err)
			return
		}
		if !session.User.WorksAt(s.pizzeria) {
			s.Error(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgWrongPizzeria))
			return
		}
		ctx := context.WithValue(r.Context(), userKey, session.User)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// allow refuses with 403 a caller whose role does not own the action.
func (s *Server) allow(a edge.Action) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if !userFrom(r.Context()).Role.Can(a) {
				s.Error(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgForbidden))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}
