// Package http serves central over HTTP with chi: the JSON API under
// /api/v1 (staff sessions, the sync state of every pizzeria and its live
// feed), the sync console page for ops and head office, and the health,
// readiness and metrics endpoints. It knows the domain only through the
// central service interfaces.
package http

import (
	"context"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
)

// MaxBodyBytes bounds every request body: a log-in is a few hundred bytes.
const MaxBodyBytes = 64 << 10

// Services are the domain services central serves.
type Services struct {
	Sync     central.SyncService
	Accounts central.AccountService
	Reports  central.ReportService

	// Customers are the website's accounts and their sessions; Shop its
	// pizzerias and menus, Addresses the customers' delivery addresses.
	Customers central.CustomerService
	Shop      central.ShopService
	Addresses central.AddressService

	// Catalog is head office's catalog; Outbox the commands sent down.
	Catalog central.CatalogService
	Outbox  central.OutboxService

	// Drivers serves the drivers' phone page and API.
	Drivers central.DriverService

	// WebOrders are the customers' orders from the website; Orders the
	// orders as the pizzerias report them, for staff. Payments is the
	// payment provider: nil refuses online payment.
	WebOrders central.WebOrderService
	Orders    central.OrderService
	Payments  central.PaymentProvider

	// CommandsQueued, when set, is told after a request enqueued commands,
	// so that they go down without waiting for the next poll.
	CommandsQueued func()
}

// Config is what NewServer needs besides the services.
type Config struct {
	Logger   *slog.Logger
	Registry *prometheus.Registry

	// Ping checks the database for /readyz; NATSConnected reports the
	// link to the NATS hub.
	Ping          func(context.Context) error
	NATSConnected func() bool

	// SecureCookies marks the session cookie Secure. Set it when browsers
	// reach central over HTTPS through a proxy, which the server cannot
	// see; requests that arrive over TLS get a Secure cookie anyway.
	SecureCookies bool

	// ReportCatalog returns the catalog whose thresholds and recipes the
	// live dashboard reads stock alerts against; nil shows no alerts.
	ReportCatalog func(context.Context) (*syncproto.Catalog, error)

	// VerifyWebhook checks the signature of a payment provider's webhook
	// over its raw body and returns the event it carries; nil refuses
	// every webhook.
	VerifyWebhook WebhookVerifier

	// PaymentPageOrigin is the origin (scheme://host[:port]) of the
	// provider's hosted payment page: the checkout's form may lead there
	// and nowhere else. Empty: the checkout sends no browser to a payment
	// page, and an online order made there is marked failed.
	PaymentPageOrigin string

	// PublicURL is the origin (scheme://host[:port]) customers reach the
	// website on: the payment page sends them back there. Empty: the host
	// their request named, which only a development setup should trust.
	PublicURL string
}

// Server is central's HTTP service.
type Server struct {
	Services
	log           *slog.Logger
	router        chi.Router
	requests      *httpserve.Requests
	logins        *passhash.Guard
	branches      *branchFeed
	drivers       *changeSignal // a request made on the drivers' page
	ping          func(context.Context) error
	natsConnected func() bool
	secureCookies bool
	reportCatalog func(context.Context) (*syncproto.Catalog, error)
	verifyWebhook WebhookVerifier
	paymentOrigin string        // the payment page's, for the checkout
	publicURL     string        // the website's origin, for the payment page's return
	webOrders     *changeSignal // a web order moved: request, payment, routing
	stopping      atomic.Bool
	stopOnce      sync.Once
	stopped       chan struct{} // closed by Stopping, to end the live feeds

	// feedHeartbeat is how often a live feed sends a comment and checks
	// its session again; tests shorten it.
	feedHeartbeat time.Duration
}

// NewServer returns central's HTTP service, with its metrics registered in
// cfg.Registry.
func NewServer(cfg Config, services Services) *Server {
	if cfg.Logger == nil || cfg.Registry == nil || cfg.Ping == nil || cfg.NATSConnected == nil {
		panic("http: NewServer needs a Logger, a Registry, Ping and NATSConnected")
	}
	s := &Server{
		Services:      services,
		log:           cfg.Logger,
		logins:        passhash.NewGuard(),
		branches:      newBranchFeed(services.Sync),
		drivers:       newChangeSignal(),
		ping:          cfg.Ping,
		natsConnected: cfg.NATSConnected,
		secureCookies: cfg.SecureCookies,
		reportCatalog: cfg.ReportCatalog,
		verifyWebhook: cfg.VerifyWebhook,
		paymentOrigin: cfg.PaymentPageOrigin,
		publicURL:     cfg.PublicURL,
		webOrders:     newChangeSignal(),
		feedHeartbeat: defaultFeedHeartbeat,
		stopped:       make(chan struct{}),
	}
	s.requests = httpserve.NewRequests("central")
	registerMetrics(cfg.Registry, s.requests, s.branches)
	s.router = s.routes(cfg.Registry)
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.router.ServeHTTP(w, r)
}

// Router returns the chi router, for tests that walk the routes.
func (s *Server) Router() chi.Router { return s.router }

// Stopping marks the server not ready, so that /readyz fails while the
// process drains its requests before shutting down, and ends the live
// feeds, which would otherwise hold http.Server.Shutdown until its
// deadline: browsers reconnect to the next process by themselves.
func (s *Server) Stopping() {
	s.stopOnce.Do(func() {
		s.stopping.Store(true)
		close(s.stopped)
	})
}

// BranchesChanged tells the live feeds of the sync console that the sync
// state has changed, for instance after ingest committed a batch, so that
// they push it without waiting for their next tick. It never blocks.
func (s *Server) BranchesChanged() { s.branches.changed() }

// WebOrdersChanged tells the customers' live order feeds that web orders
// moved outside a request, for instance after the routing worker offered
// one to the next pizzeria. It never blocks.
func (s *Server) WebOrdersChanged() { s.webOrders.changed() }
