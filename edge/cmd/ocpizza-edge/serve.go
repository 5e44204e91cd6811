package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	edgehttp "github.com/ocpizza/ocpizza/edge/http"
	edgenats "github.com/ocpizza/ocpizza/edge/nats"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// shutdownTimeout is how long requests in flight get to finish on stop.
const shutdownTimeout = 10 * time.Second

// runServe serves the pizzeria's API until the process is told to stop.
func runServe(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("serve", stdout)
	db := addDBFlags(fs)
	addr := cmdline.EnvString(fs, "http-addr", "OCPIZZA_HTTP_ADDR", ":8080", "address to serve HTTP on")
	natsURL := cmdline.EnvString(fs, "nats-url", "OCPIZZA_NATS_URL", "", "NATS server of the link to central; empty runs offline")
	natsCreds := cmdline.EnvString(fs, "nats-creds", "OCPIZZA_NATS_CREDS", "", "NATS credentials file of this pizzeria")
	secureCookie := cmdline.EnvString(fs, "secure-cookie", "OCPIZZA_SECURE_COOKIE", "false",
		"mark the staff pages' session cookie Secure: true when they are served over HTTPS")
	if _, err := db.parse(fs, args); err != nil {
		return err
	}
	if err := validateLink(*natsURL, *natsCreds); err != nil {
		return err
	}
	secure, err := strconv.ParseBool(*secureCookie)
	if err != nil {
		return fmt.Errorf("--secure-cookie %q: want true or false", *secureCookie)
	}
	if _, _, err := net.SplitHostPort(*addr); err != nil {
		return fmt.Errorf("--http-addr %q: %w", *addr, err)
	}
	log, _ := cmdline.NewLogger(*db.logLevel, *db.logFormat, os.Stderr)

	// The database first: nothing is served from a schema not migrated.
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	log.Info("database open", "path", store.Path, "pizzeria", store.Pizzeria, "epoch", store.Epoch())

	// The metrics registry, with the process's own series.
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))

	// The link to central, when there is one, and the API.
	publisher := newPublisher(*natsURL, *natsCreds, store, log, reg)
	cfg := edgehttp.Config{Pizzeria: store.Pizzeria, Logger: log, Registry: reg, Ping: store.Ping}
	if publisher != nil {
		cfg.Online = publisher.Online
	}
	api := edgehttp.NewServer(cfg, services(store))
	pages := newPages(store, log, cfg.Online, secure, api.Requests())
	srv := &http.Server{
		Addr: *addr, Handler: mountPages(api, pages),
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute,
	}
	srv.RegisterOnShutdown(pages.Close)

	// The publisher outlives the HTTP server: requests in flight may still
	// write events, which it sends before the connection is drained.
	stopSync := startSync(publisher, log)
	stopCommands := startCommands(*natsURL, *natsCreds, store, log, reg)
	err = serveUntilDone(ctx, srv, api, log)
	stopCommands()
	stopSync()
	return err
}

// newPublisher returns the publisher of the outbox to central, or nil
// when no NATS URL is set and the pizzeria runs offline.
func newPublisher(natsURL, creds string, store *sqlite.DB, log *slog.Logger,
	reg *prometheus.Registry) *edgenats.Publisher {
	if natsURL == "" {
		log.Info("no NATS URL: running offline, events wait in the outbox")
		return nil
	}
	log.Info("up-sync to central", "nats_url", redactURL(natsURL), "creds", creds)
	return edgenats.NewPublisher(edgenats.Config{
		URL: natsURL, CredsFile: creds, Pizzeria: store.Pizzeria,
		DB: store, Logger: log, Registry: reg,
	})
}

// startSync runs the publisher in the background, and returns the
// function that stops it and waits until it has drained its connection.
// Without a publisher, there is nothing to run.
func startSync(p *edgenats.Publisher, log *slog.Logger) func() {
	if p == nil {
		return func() {}
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		// Run fails only on a configuration NATS refuses; the pizzeria
		// works on offline, which the error says.
		if err := p.Run(ctx); err != nil {
			log.Error("up-sync stopped: running offline, events wait in the outbox", "error", err)
		}
	}()
	return func() {
		cancel()
		<-done
	}
}

// redactURL returns a NATS URL with any password masked, for the log.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unreadable)"
	}
	return u.Redacted()
}

// services returns the domain services of the database.
func services(db *sqlite.DB) edgehttp.Services {
	return edgehttp.Services{Catalog: db, Stock: db, Orders: db, Customers: db, Users: db, Sync: db, WebOrders: db}
}

// serveUntilDone serves until ctx ends, then marks the API not ready and
// gives requests in flight a fresh timeout to finish.
func serveUntilDone(ctx context.Context, srv *http.Server, api *edgehttp.Server, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() {
		log.Info("serving", "addr", srv.Addr)
		errc <- srv.ListenAndServe()
	}()

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	log.Info("shutting down")
	api.Stopping()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	log.Info("stopped")
	return nil
}

// validateLink checks the NATS flags: a nats:// or tls:// URL, and a
// readable credentials file when one is named.
func validateLink(natsURL, creds string) error {
	if natsURL != "" {
		u, err := url.Parse(natsURL)
		if err != nil || (u.Scheme != "nats" && u.Scheme != "tls") || u.Host == "" {
			return fmt.Errorf("--nats-url %q: want nats://host:port or tls://host:port", natsURL)
		}
	}
	if creds != "" {
		if _, err := os.Stat(creds); err != nil {
			return fmt.Errorf("--nats-creds: %w", err)
		}
	}
	return nil
}
