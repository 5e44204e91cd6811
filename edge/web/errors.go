package web

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// statuses maps each application error code to the status of its page.
var statuses = map[string]int{
	edge.EBADREQUEST:   http.StatusBadRequest,
	edge.EINVALID:      http.StatusUnprocessableEntity,
	edge.EUNAUTHORIZED: http.StatusUnauthorized,
	edge.EFORBIDDEN:    http.StatusForbidden,
	edge.ENOTFOUND:     http.StatusNotFound,
	edge.ECONFLICT:     http.StatusConflict,
	edge.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	edge.EMETHOD:       http.StatusMethodNotAllowed,
	edge.ERATELIMIT:    http.StatusTooManyRequests,
	edge.EINTERNAL:     http.StatusInternalServerError,
}

// statusOf returns the HTTP status of an error code; a code missing from
// the table is a server fault.
func statusOf(code string) int {
	if status, ok := statuses[code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// userMessage returns the French sentence to show for err. Internal errors
// are logged with their cause and shown as the generic sentence.
func (s *Server) userMessage(r *http.Request, err error) string {
	if statusOf(edge.ErrorCode(err)) == http.StatusInternalServerError {
		if errors.Is(err, context.Canceled) && r.Context().Err() != nil {
			s.log.Debug("request cancelled", "method", r.Method, "path", r.URL.Path)
		} else {
			s.log.Error("page failed", "method", r.Method, "path", r.URL.Path, "error", err)
		}
		return edge.Message(edge.MsgInternal)
	}
	return edge.ErrorMessage(err)
}

// errorView is what the error page shows.
type errorView struct {
	Status  int
	Message string
}

// renderError writes the error page of err: its status and its sentence,
// inside the layout so that the navigation stays at hand.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, err error) {
	s.renderErrorView(w, r, errorView{
		Status: statusOf(edge.ErrorCode(err)), Message: s.userMessage(r, err),
	})
}

// renderErrorView writes an error page: a line for a live screen's
// refresh, else the page in the layout.
func (s *Server) renderErrorView(w http.ResponseWriter, r *http.Request, view errorView) {
	if r.Header.Get("X-Fragment") != "" {
		// A live screen's refresh: a line the script shows in place.
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(view.Status)
		fmt.Fprintln(w, view.Message)
		return
	}
	// Outside the pages that need a session (an unknown address), the
	// navigation still shows when there is one.
	if userFrom(r.Context()) == nil && view.Status != http.StatusUnauthorized {
		if user, err := s.sessionUser(r); err == nil {
			r = r.WithContext(context.WithValue(r.Context(), userKey, user))
		}
	}
	s.render(w, r, view.Status, "error", "error.title", view)
}

// panicked answers a request whose handler panicked with the internal
// error page; httpserve.Recover has logged the panic and its stack.
func (s *Server) panicked(w http.ResponseWriter, r *http.Request) {
	s.renderErrorView(w, r, errorView{
		Status: http.StatusInternalServerError, Message: edge.Message(edge.MsgInternal),
	})
}

// crossOrigin refuses a form posted from another site, with the 403 page:
// the standard library reads Sec-Fetch-Site, or compares Origin with Host
// when a browser on the plain-HTTP LAN leaves Sec-Fetch-Site out. With the
// SameSite=Strict cookie it is the pages' protection against forgery.
func (s *Server) crossOrigin() func(http.Handler) http.Handler {
	protection := http.NewCrossOriginProtection()
	protection.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.log.Warn("cross-origin form refused",
			"method", r.Method,
			"path", r.URL.Path,
			"host", r.Host,
			"origin", r.Header.Get("Origin"),
			"sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		s.renderError(w, r, edge.Errorf(edge.EFORBIDDEN, edge.MsgCrossOrigin))
	}))
	return protection.Handler
}

// limitForm bounds the body of every request.
func limitForm(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = http.MaxBytesReader(w, r.Body, maxFormBytes)
		next.ServeHTTP(w, r)
	})
}

// secureHeaders keeps pages out of caches and frames, and scripts to this
// site's own files.
func secureHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		if h.Get("Cache-Control") == "" {
			h.Set("Cache-Control", "no-store")
		}
		next.ServeHTTP(w, r)
	})
}
