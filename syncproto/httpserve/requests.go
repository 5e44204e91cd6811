package httpserve

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
)

// Requests are the request series of one service: a count by method,
// route and status, and durations by method and route. The route is the
// pattern chi matched, so that ids in paths do not make a series each.
// Register it once; every router of the service may use Instrument.
type Requests struct {
	total    *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// NewRequests returns the series ocpizza_<service>_http_requests_total and
// ocpizza_<service>_http_request_duration_seconds, not yet registered.
func NewRequests(service string) *Requests {
	return &Requests{
		total: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ocpizza_" + service + "_http_requests_total",
			Help: "HTTP requests served, by method, route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ocpizza_" + service + "_http_request_duration_seconds",
			Help:    "Time to serve HTTP requests, by method and route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "route"}),
	}
}

// Describe implements prometheus.Collector.
func (q *Requests) Describe(ch chan<- *prometheus.Desc) {
	q.total.Describe(ch)
	q.duration.Describe(ch)
}

// Collect implements prometheus.Collector.
func (q *Requests) Collect(ch chan<- prometheus.Metric) {
	q.total.Collect(ch)
	q.duration.Collect(ch)
}

// Instrument is chi middleware that counts each request once it is
// answered. Put it before Recover, so that the 500 of a panic is counted. A client that went away before its answer is counted as 499,
// as nginx does, not as a failure of the server; a live feed, which ends
// that way by design having answered 200, stays a 200.
func (q *Requests) Instrument(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w, status: http.StatusOK}
		next.ServeHTTP(rec, r)

		route := "unmatched"
		if rctx := chi.RouteContext(r.Context()); rctx != nil && rctx.RoutePattern() != "" {
			route = rctx.RoutePattern()
		}
		status := strconv.Itoa(rec.status)
		if errors.Is(r.Context().Err(), context.Canceled) && rec.status != http.StatusOK {
			status = "499"
		}
		q.total.WithLabelValues(r.Method, route, status).Inc()
		q.duration.WithLabelValues(r.Method, route).Observe(time.Since(start).Seconds())
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
