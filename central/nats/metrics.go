package nats

import (
	"errors"

	"github.com/prometheus/client_golang/prometheus"
)

// ingestMetrics are the Prometheus series of the ingest.
type ingestMetrics struct {
	batches      prometheus.Counter
	events       prometheus.Counter
	duplicates   prometheus.Counter
	divergences  prometheus.Counter
	deadLetters  prometheus.Counter
	projected    prometheus.Counter
	batchSeconds prometheus.Histogram
	errors       *prometheus.CounterVec
}

func newIngestMetrics(reg prometheus.Registerer) *ingestMetrics {
	counter := func(name, help string) prometheus.Counter {
		return register(reg, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ocpizza_central_ingest_" + name, Help: help,
		}))
	}
	return &ingestMetrics{
		batches: counter("batches_total", "Batches of up-stream messages committed to PostgreSQL."),
		events:  counter("events_total", "Events new to central's raw event log."),
		duplicates: counter("duplicates_total",
			"Events received again with the payload already logged."),
		divergences: counter("divergences_total",
			"Events received again with another payload than the one logged."),
		deadLetters: counter("dead_letters_total",
			"Messages refused with a reason: malformed, unknown type or version, wrong pizzeria."),
		projected: counter("projected_total", "Events applied to the projections, in sequence order."),
		batchSeconds: register(reg, prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "ocpizza_central_ingest_batch_seconds",
			Help:    "Time to apply one batch in PostgreSQL, failed batches included.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		})),
		errors: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ocpizza_central_ingest_errors_total",
			Help: "Ingest failures by stage: setup of the stream and consumer, fetch, " +
				"or apply (the batch is delivered again).",
		}, []string{"stage"})),
	}
}

// responderMetrics are the Prometheus series of the responder.
type responderMetrics struct {
	messages *prometheus.CounterVec
}

func newResponderMetrics(reg prometheus.Registerer) *responderMetrics {
	return &responderMetrics{
		messages: register(reg, prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "ocpizza_central_sync_messages_total",
			Help: "Hellos and heartbeats received, by kind and result: ok or the protocol error code.",
		}, []string{"kind", "result"})),
	}
}

// register registers c, or returns the collector already registered under
// its name, so that an ingest restarted in the same process keeps counting
// on the same series.
func register[C prometheus.Collector](reg prometheus.Registerer, c C) C {
	err := reg.Register(c)
	var already prometheus.AlreadyRegisteredError
	switch {
	case err == nil:
		return c
	case errors.As(err, &already):
		if existing, ok := already.ExistingCollector.(C); ok {
			return existing
		}
	}
	panic(err)
}
