package http

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"slices"
	"strings"

	"github.com/ocpizza/ocpizza/central"
)

// SessionCookie carries the session token for pages; API clients send it
// as a bearer token instead. Its name differs from the edge's: cookies do
// not tell ports apart, and on one machine (the demo) an edge and central
// share a host.
const SessionCookie = "ocpizza_central_session"

// maxTokenLen bounds a token read from a request: ours are 43 characters.
const maxTokenLen = 100

type contextKey int

const userKey contextKey = iota

// userFrom returns the authenticated user of a request.
func userFrom(ctx context.Context) *central.User {
	u, _ := ctx.Value(userKey).(*central.User)
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

// findUser returns the user of the request's session, or EUNAUTHORIZED.
func (s *Server) findUser(r *http.Request) (*central.User, error) {
	token := tokenFrom(r)
	if token == "" || len(token) > maxTokenLen {
		return nil, central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
	}
	session, err := s.Accounts.FindSession(r.Context(), hashToken(token))
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
