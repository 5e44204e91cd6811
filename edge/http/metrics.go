package http

import (
	"context"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
)

// registerMetrics registers the API's request series and the outbox
// gauges, which read the outbox position at each scrape.
func registerMetrics(reg *prometheus.Registry, requests *httpserve.Requests, sync edge.SyncService) {
	status := func() *edge.SyncStatus {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		st, err := sync.SyncStatus(ctx)
		if err != nil {
			return &edge.SyncStatus{}
		}
		return st
	}
	reg.MustRegister(requests,
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
}
