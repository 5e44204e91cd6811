// Package httpserve is the plumbing every OC Pizza HTTP server shares,
// the pizzeria's API and pages and central's: a panic in a handler is
// logged with its stack and answered, never shown to the client, and every
// request is counted by the route chi matched.
package httpserve

import (
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
)

// Recover returns middleware that turns a panic in a handler into an
// error in the log, with its stack, and the answer internal writes: so
// that one bad request never shows a stack trace or stops the service.
// http.ErrAbortHandler goes on up, as net/http expects.
func Recover(log *slog.Logger, internal func(w http.ResponseWriter, r *http.Request)) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			defer func() {
				v := recover()
				if v == nil {
					return
				}
				if v == http.ErrAbortHandler {
					panic(v)
				}
				log.Error("panic serving request",
					"method", r.Method,
					"path", r.URL.Path,
					"panic", fmt.Sprint(v),
					"stack", string(debug.Stack()))
				internal(w, r)
			}()
			next.ServeHTTP(w, r)
		})
	}
}
