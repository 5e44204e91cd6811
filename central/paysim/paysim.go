// Package paysim is a payment provider simulator for the demo and the
// tests, run as its own small HTTP service (cmd/ocpizza-paysim), and the
// client central uses to talk to it. It behaves like a real provider
// where central can tell: a JSON API behind an API key, idempotency keys
// on every call that moves money, a hosted payment page with test cards,
// and webhooks signed with HMAC-SHA256 over a timestamp and the raw body,
// retried until they are acknowledged. docs/payments.md describes the
// protocol.
//
// Its state is in memory: a restart forgets every intent, idempotency key
// and pending webhook. That is enough for a demo; central must not treat
// it as a record of money.
package paysim

import (
	"context"
	"errors"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// Config is what the simulator needs to run.
type Config struct {
	APIKey        string      // the key central sends as a bearer token
	WebhookURL    string      // where events are POSTed
	WebhookSecret string      // the HMAC key of the webhook signatures
	PublicURL     string      // base of payment_url; empty: taken from each API request
	WebhookRetry  RetryPolicy // zero: DefaultWebhookRetry
	Logger        *slog.Logger
	Now           func() time.Time // nil: time.Now
}

// MinSecretLen is the shortest API key or webhook secret accepted.
const MinSecretLen = 16

// Validate checks the configuration, saying which setting is wrong.
func (c *Config) Validate() error {
	if len(c.APIKey) < MinSecretLen {
		return errors.New("api key: at least 16 characters are required")
	}
	if len(c.WebhookSecret) < MinSecretLen {
		return errors.New("webhook secret: at least 16 characters are required")
	}
	if !absoluteHTTP(c.WebhookURL) {
		return errors.New("webhook url: want an absolute http:// or https:// URL")
	}
	if c.PublicURL != "" && !absoluteHTTP(c.PublicURL) {
		return errors.New("public url: want an absolute http:// or https:// URL")
	}
	return nil
}

func absoluteHTTP(raw string) bool {
	u, err := url.Parse(raw)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// Server is the simulator: its API, hosted pages and webhook sender.
type Server struct {
	cfg      Config
	log      *slog.Logger
	store    *store
	notifier *notifier
	pages    *template.Template
	handler  http.Handler
}

// NewServer returns a simulator ready to serve. Close stops its webhooks.
func NewServer(cfg Config) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.WebhookRetry == (RetryPolicy{}) {
		cfg.WebhookRetry = DefaultWebhookRetry
	}
	pages, err := parsePages()
	if err != nil {
		return nil, err
	}

	s := &Server{
		cfg:      cfg,
		log:      cfg.Logger,
		store:    newStore(cfg.Now),
		notifier: newNotifier(cfg.WebhookURL, cfg.WebhookSecret, cfg.WebhookRetry, cfg.Logger, cfg.Now),
		pages:    pages,
	}
	s.handler = http.NewCrossOriginProtection().Handler(s.routes())
	return s, nil
}

// routes lists every route of the simulator.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})

	// The API, for the merchant's server.
	mux.Handle("POST /v1/payments", s.auth(s.handleCreate))
	mux.Handle("GET /v1/payments/{id}", s.auth(s.handleGet))
	mux.Handle("POST /v1/payments/{id}/refund", s.auth(s.handleRefund))
	mux.Handle("/v1/", s.auth(func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, r, central.Errorm(central.ENOTFOUND, central.MsgRouteNotFound))
	}))

	// The hosted pages, for the customer's browser.
	mux.HandleFunc("GET /pay/{id}", s.handlePage)
	mux.HandleFunc("POST /pay/{id}", s.handlePay)
	mux.HandleFunc("POST /pay/{id}/authenticate", s.handleAuthenticate)
	mux.HandleFunc("POST /pay/{id}/cancel", s.handleCancel)
	mux.HandleFunc("GET /assets/pay.css", s.handleCSS)
	return mux
}

// ServeHTTP serves the simulator.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.handler.ServeHTTP(w, r)
}

// Close waits for the webhooks in flight until ctx ends, then stops them.
func (s *Server) Close(ctx context.Context) error {
	return s.notifier.close(ctx)
}

// baseURL is the root the payment pages are reached at.
func (s *Server) baseURL(r *http.Request) string {
	if s.cfg.PublicURL != "" {
		return s.cfg.PublicURL
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}
