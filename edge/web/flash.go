package web

import (
	"encoding/base64"
	"net/http"
	"unicode/utf8"
)

// flashCookie carries the sentence of a refused action across the
// redirect back to its page; it lives a minute and is read once.
const flashCookie = "ocpizza_flash"

// setFlash keeps msg for the next page this browser opens.
func (s *Server) setFlash(w http.ResponseWriter, msg string) {
	http.SetCookie(w, &http.Cookie{
		Name: flashCookie, Value: base64.RawURLEncoding.EncodeToString([]byte(msg)),
		Path: "/", MaxAge: 60, HttpOnly: true, Secure: s.cfg.SecureCookie,
		SameSite: http.SameSiteStrictMode,
	})
}

// takeFlash returns the sentence kept by setFlash, if any, and forgets it.
func (s *Server) takeFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie(flashCookie)
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: flashCookie, Value: "", Path: "/", MaxAge: -1,
		HttpOnly: true, Secure: s.cfg.SecureCookie, SameSite: http.SameSiteStrictMode})
	msg, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || !utf8.Valid(msg) || len(msg) > 500 {
		return ""
	}
	return string(msg)
}
