package http

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"

	"github.com/ocpizza/ocpizza/edge"
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

// newToken returns a session token of 32 random bytes and the hash under
// which it is stored: the token itself is never written down.
func newToken() (string, []byte) {
	raw := make([]byte, 32)
	_, _ = rand.Read(raw) // crypto/rand.Read never fails on Linux
	token := base64.RawURLEncoding.EncodeToString(raw)
	return token, hashToken(token)
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// tokenFrom reads the session token from the Authorization header or the
// session cookie.
func tokenFrom(r *http.Request) string {
	if h := r.Header.Get("Authorization"); h != "" {
		token, ok := strings.CutPrefix(h, "Bearer ")
		if !ok {
			return ""
		}
		return strings.TrimSpace(token)
	}
	if c, err := r.Cookie(SessionCookie); err == nil {
		return c.Value
	}
	return ""
}

// authenticate loads the session of the request, refusing with 401 when
// there is none, and with 403 when the user belongs to another pizzeria.
func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		token := tokenFrom(r)
		if token == "" || len(token) > 100 {
			s.Error(w, r, edge.Errorf(edge.EUNAUTHORIZED, edge.MsgLoginRequired))
			return
		}
		session, err := s.Users.FindSession(r.Context(), hashToken(token))
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
