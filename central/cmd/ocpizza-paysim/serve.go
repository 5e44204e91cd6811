package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"time"

	"github.com/ocpizza/ocpizza/central/paysim"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// shutdownTimeout is how long requests in flight get to finish on stop,
// and then again how long webhooks in flight get to be delivered.
const shutdownTimeout = 10 * time.Second

// serveFlags are the flags of serve.
type serveFlags struct {
	addr, publicURL, webhookURL, logLevel, logFormat *string
	apiKey, webhookSecret                            *string
}

func addServeFlags(fs *flag.FlagSet) *serveFlags {
	return &serveFlags{
		addr: cmdline.EnvString(fs, "http-addr", "OCPIZZA_PAYSIM_HTTP_ADDR", ":8095", "address to serve HTTP on"),
		publicURL: cmdline.EnvString(fs, "public-url", "OCPIZZA_PAYSIM_PUBLIC_URL", "",
			"URL customers' browsers reach the payment page at (default: the Host of each API call)"),
		webhookURL: cmdline.EnvString(fs, "webhook-url", "OCPIZZA_PAYSIM_WEBHOOK_URL", "",
			"where payment events are POSTed, such as http://127.0.0.1:8090/api/v1/payments/webhook (required)"),
		// The secrets are read from the environment after parsing, so that
		// --help never prints them as defaults.
		apiKey: fs.String("api-key", "",
			"API key the merchant sends as a bearer token, 16 characters or more (env OCPIZZA_PAYSIM_API_KEY)"),
		webhookSecret: fs.String("webhook-secret", "",
			"HMAC key of the webhook signatures, 16 characters or more (env OCPIZZA_PAYSIM_WEBHOOK_SECRET)"),
		logLevel: cmdline.EnvString(fs, "log-level", "OCPIZZA_LOG_LEVEL", "info",
			"log level: debug, info, warn or error"),
		logFormat: cmdline.EnvString(fs, "log-format", "OCPIZZA_LOG_FORMAT", "text", "log format: text or json"),
	}
}

// config completes the secrets from the environment, checks every flag
// and returns the simulator's configuration.
func (f *serveFlags) config(log *slog.Logger) (paysim.Config, error) {
	if *f.apiKey == "" {
		*f.apiKey = os.Getenv("OCPIZZA_PAYSIM_API_KEY")
	}
	if *f.webhookSecret == "" {
		*f.webhookSecret = os.Getenv("OCPIZZA_PAYSIM_WEBHOOK_SECRET")
	}
	if _, _, err := net.SplitHostPort(*f.addr); err != nil {
		return paysim.Config{}, fmt.Errorf("--http-addr %q: %w", *f.addr, err)
	}
	for _, secret := range []struct{ flag, env, value string }{
		{"api-key", "OCPIZZA_PAYSIM_API_KEY", *f.apiKey},
		{"webhook-secret", "OCPIZZA_PAYSIM_WEBHOOK_SECRET", *f.webhookSecret},
	} {
		if len(secret.value) < paysim.MinSecretLen {
			return paysim.Config{}, fmt.Errorf("--%s (or %s) is required: %d characters or more",
				secret.flag, secret.env, paysim.MinSecretLen)
		}
	}
	if !httpURL(*f.webhookURL) {
		return paysim.Config{}, fmt.Errorf("--webhook-url %q: want an absolute http:// or https:// URL",
			*f.webhookURL)
	}
	if *f.publicURL != "" && !httpURL(*f.publicURL) {
		return paysim.Config{}, fmt.Errorf("--public-url %q: want an absolute http:// or https:// URL",
			*f.publicURL)
	}
	cfg := paysim.Config{
		APIKey: *f.apiKey, WebhookURL: *f.webhookURL, WebhookSecret: *f.webhookSecret,
		PublicURL: *f.publicURL, Logger: log,
	}
	return cfg, cfg.Validate()
}

func httpURL(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// runServe serves the simulator until the process is told to stop.
func runServe(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	// The flags, all checked before anything starts.
	fs := program.FlagSet("serve", stdout)
	f := addServeFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("serve takes no argument, got %q", fs.Arg(0))
	}
	log, err := cmdline.NewLogger(*f.logLevel, *f.logFormat, os.Stderr)
	if err != nil {
		return err
	}
	cfg, err := f.config(log)
	if err != nil {
		return err
	}

	// The simulator and its HTTP server.
	sim, err := paysim.NewServer(cfg)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr: *f.addr, Handler: sim,
		ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute,
	}
	log.Info("payment simulator starting", "addr", *f.addr, "webhook_url", cfg.WebhookURL,
		"public_url", cfg.PublicURL, "state", "memory")
	return serveUntilDone(ctx, srv, sim, log)
}

// serveUntilDone serves until ctx ends, then lets the requests and the
// webhooks in flight finish, each with a fresh timeout.
func serveUntilDone(ctx context.Context, srv *http.Server, sim *paysim.Server, log *slog.Logger) error {
	errc := make(chan error, 1)
	go func() {
		if err := srv.ListenAndServe(); !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("serve: %w", err)
		}
	}()

	var failure error
	select {
	case failure = <-errc:
	case <-ctx.Done():
		log.Info("shutting down")
	}

	httpCtx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(httpCtx); err != nil {
		failure = errors.Join(failure, fmt.Errorf("shutdown: %w", err))
	}
	hookCtx, cancelHooks := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancelHooks()
	if err := sim.Close(hookCtx); err != nil {
		log.Warn("webhooks", "error", err)
	}
	if failure == nil {
		log.Info("stopped")
	}
	return failure
}
