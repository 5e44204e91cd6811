package http

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/edge"
)

// metrics are the edge's Prometheus series.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
}

// newMetrics registers the request series and the outbox gauges, which
// read the outbox position at each scrape.
func newMetrics(reg *prometheus.Registry, sync edge.SyncService) *metrics {
	m := &metrics{
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ocpizza_edge_http_requests_total",
			Help: "HTTP requests served, by method, route and status.",
		}, []string{"method", "route", "status"}),
		duration: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "ocpizza_edge_http_request_duration_seconds",
			Help:    "Time to serve HTTP requests, by method and route.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"method", "route"}),
	}
	status := func() *edge.SyncStatus {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		st, err := sync.SyncStatus(ctx)
		if err != nil {
			return &edge.SyncStatus{}
		}
		return st
	}
	reg.MustRegister(m.requests, m.duration,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ocpizza_edge_outbox_backlog",
			Help: "Events written to the outbox that central has not confirmed.",
		}, func() float64 { return float64(status().Backlog) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ocpizza_edge_outbox_last_seq",
			Help: "Sequence number of the last event written to the outbox.",
		}, func() float64 { return float64(status().LastSeq) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "ocpizza_edge_outbox_oldest_pending_age_seconds",
			Help: "Age of the oldest event central has not confirmed; 0 when none waits.",
		}, func() float64 {
			if at := status().OldestPendingAt; at != nil {
				return time.Since(*at).Seconds()
			}
			return 0
		}),
	)
	return m
}
