package http

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// recoverPanics turns a panic in a handler into a logged internal error,
// so that one bad request never shows a stack trace or stops the service.
// The log has the stack, to find the fault.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				s.log.Error("panic serving request",
					"method", r.Method,
					"path", r.URL.Path,
					"panic", fmt.Sprint(v),
					"stack", string(debug.Stack()))
				writeJSON(w, http.StatusInternalServerError,
					errorBody(central.EINTERNAL, central.Message(central.MsgInternal), ""))
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// statusRecorder remembers the status a handler wrote.
type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (rec *statusRecorder) WriteHeader(status int) {
	rec.status = status
	rec.ResponseWriter.WriteHeader(status)
}

// Unwrap lets http.ResponseController reach the real writer, to flush
// server-sent events.
func (rec *statusRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// instrument counts requests and their durations by route pattern, so that
// names in paths do not make a metric series each.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)

		route := "unmatched"
		if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.RoutePattern() != "" {
			route = rctx.RoutePattern()
		}
		// A client that went away before its answer is counted as 499, as
		// nginx does, not as a failure of the server. A live feed ends that
		// way by design, having answered 200: it stays a 200.
		status := strconv.Itoa(rec.status)
		if errors.Is(r.Context().Err(), context.Canceled) && rec.status != http.StatusOK {
			status = "499"
		}
		s.metrics.requests.WithLabelValues(r.Method, route, status).Inc()
		s.metrics.duration.WithLabelValues(r.Method, route).Observe(time.Since(start).Seconds())
	})
}

// crossOrigin refuses, with a 403, a browser request that changes state and
// comes from another site: the standard library reads Sec-Fetch-Site, or
// compares Origin with Host when a browser leaves Sec-Fetch-Site out.
// Requests with neither header, from programs, pass. It guards every
// route, pages and API alike.
func (s *Server) crossOrigin(next http.Handler) http.Handler {
	protection := http.NewCrossOriginProtection()
	protection.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Behind a proxy that rewrites Host, every browser write ends here:
		// the operator needs to see it.
		s.log.Warn("cross-origin request refused",
			"method", r.Method,
			"path", r.URL.Path,
			"host", r.Host,
			"origin", r.Header.Get("Origin"),
			"sec_fetch_site", r.Header.Get("Sec-Fetch-Site"))
		err := central.Errorm(central.EFORBIDDEN, central.MsgCrossOrigin)
		if isAPI(r) {
			s.Error(w, r, err)
			return
		}
		s.errorPage(w, r, err)
	}))
	return protection.Handler(next)
}
