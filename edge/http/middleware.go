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

	"github.com/ocpizza/ocpizza/edge"
)

// recoverPanics turns a panic in a handler into a logged internal error,
// so that one bad request never shows a stack trace or kills the till. The
// log has the stack, to find the fault.
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
				writeJSON(w, http.StatusInternalServerError, internalBody())
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

// Unwrap lets http.ResponseController reach the real writer.
func (rec *statusRecorder) Unwrap() http.ResponseWriter { return rec.ResponseWriter }

// instrument counts requests and their durations by route pattern, so that
// ids in paths do not make a metric series each.
func (s *Server) instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)

		route := "unmatched"
		if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.RoutePattern() != "" {
			route = rctx.RoutePattern()
		}
		// A client that went away is counted as 499, as nginx does, not as
		// a failure of the server.
		status := strconv.Itoa(rec.status)
		if errors.Is(r.Context().Err(), context.Canceled) {
			status = "499"
		}
		s.metrics.requests.WithLabelValues(r.Method, route, status).Inc()
		s.metrics.duration.WithLabelValues(r.Method, route).Observe(time.Since(start).Seconds())
	})
}

// pathID reads the {id} of a route, refusing one too long to be real.
func pathID(r *http.Request, notFound edge.MessageKey) (string, error) {
	id := chi.URLParam(r, "id")
	if id == "" || len(id) > edge.MaxIDLen {
		return "", edge.Errorf(edge.ENOTFOUND, notFound)
	}
	return id, nil
}
