package nats

import "github.com/prometheus/client_golang/prometheus"

// metrics are the publisher's Prometheus series. The backlog and the age
// of the oldest pending event are read from the outbox by the HTTP
// server's gauges.
type metrics struct {
	online        prometheus.Gauge
	published     prometheus.Counter
	publishErrors prometheus.Counter
	epochChanges  prometheus.Counter
}

func newMetrics(reg *prometheus.Registry) *metrics {
	m := &metrics{
		online: prometheus.NewGauge(prometheus.GaugeOpts{
			Name: "ocpizza_edge_sync_online",
			Help: "1 while the link to the NATS server is up, 0 otherwise.",
		}),
		published: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ocpizza_edge_sync_published_total",
			Help: "Events published to JetStream and acknowledged, sends again included.",
		}),
		publishErrors: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ocpizza_edge_sync_publish_errors_total",
			Help: "Publishes that failed or got no ack in time; the events are sent again.",
		}),
		epochChanges: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ocpizza_edge_sync_epoch_changes_total",
			Help: "New epochs started because central showed the database to be an older copy.",
		}),
	}
	reg.MustRegister(m.online, m.published, m.publishErrors, m.epochChanges)
	return m
}
