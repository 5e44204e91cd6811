// Package sessiontoken makes the session tokens of staff and customers,
// at the pizzerias and at central, and reads them from requests. A token
// is 32 random bytes in base64url; only its SHA-256 is stored, so that a
// copy of a database opens no session.
package sessiontoken

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
)

// MaxLen bounds a token read from a request; ours are 43 characters. A
// longer one is not looked up.
const MaxLen = 100

// New returns a new token and the hash under which it is stored: the
// token itself is never written down.
func New() (token string, hash []byte) {
	raw := make([]byte, 32)
	_, _ = rand.Read(raw) // crypto/rand.Read never fails on Linux
	token = base64.RawURLEncoding.EncodeToString(raw)
	return token, Hash(token)
}

// Hash returns the hash under which a token is stored.
func Hash(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// FromRequest reads the token of an API request: the bearer token of its
// Authorization header or, when it has no such header, the value of the
// cookie named cookie. It returns "" when there is none, when the header
// is not a bearer token, and for a token longer than MaxLen.
func FromRequest(r *http.Request, cookie string) string {
	h := r.Header.Get("Authorization")
	if h == "" {
		return FromCookie(r, cookie)
	}
	token, ok := strings.CutPrefix(h, "Bearer ")
	if !ok {
		return ""
	}
	return bounded(strings.TrimSpace(token))
}

// FromCookie reads the token of a page's request, from the cookie named
// cookie only; "" as FromRequest.
func FromCookie(r *http.Request, cookie string) string {
	c, err := r.Cookie(cookie)
	if err != nil {
		return ""
	}
	return bounded(c.Value)
}

func bounded(token string) string {
	if len(token) > MaxLen {
		return ""
	}
	return token
}
