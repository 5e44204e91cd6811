package main

import (
	"context"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	edgenats "github.com/ocpizza/ocpizza/edge/nats"
	"github.com/ocpizza/ocpizza/edge/sqlite"
)

// startCommands runs, when the pizzeria has a link, the consumer of the
// commands central sends it (catalog versions, staff accounts), and
// returns the function that stops it. Offline, commands wait in JetStream.
func startCommands(natsURL, creds string, store *sqlite.DB, log *slog.Logger,
	reg *prometheus.Registry) func() {
	if natsURL == "" {
		return func() {}
	}
	consumer := edgenats.NewConsumer(edgenats.ConsumerConfig{
		URL: natsURL, CredsFile: creds, Pizzeria: store.Pizzeria,
		DB: store, Logger: log, Registry: reg,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := consumer.Run(ctx); err != nil {
			log.Error("down-sync stopped: commands from central wait in JetStream", "error", err)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}
