// Package http serves the edge's JSON API on the pizzeria's network with
// chi: sessions, menu, orders, customers, stock, staff and sync status, plus
// the health, readiness and metrics endpoints. It knows the domain only
// through the edge service interfaces.
package http

import (
	"context"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
	"log/slog"
	"net/http"
	"sync/atomic"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
)

// MaxBodyBytes bounds every request body. The largest legitimate request,
// an order of fifty lines with notes, is far below it.
const MaxBodyBytes = 64 << 10

// Services are the domain services the API exposes.
type Services struct {
	Catalog   edge.CatalogService
	Stock     edge.StockService
	Orders    edge.OrderService
	Customers edge.CustomerService
	Users     edge.UserService
	Sync      edge.SyncService
	WebOrders edge.WebOrderService
}

// Server is the edge's HTTP API.
type Server struct {
	Services
	pizzeria string
	log      *slog.Logger
	router   chi.Router
	requests *httpserve.Requests
	logins   *passhash.Guard

	// ping checks the database for /readyz; online reports the link to
	// central, false while there is none.
	ping     func(context.Context) error
	online   func() bool
	stopping atomic.Bool
}

// Config is what NewServer needs besides the services.
type Config struct {
	Pizzeria string
	Logger   *slog.Logger
	Registry *prometheus.Registry
	Ping     func(context.Context) error
	Online   func() bool // nil: the pizzeria runs without a link
}

// NewServer returns the API of one pizzeria, with its metrics registered
// in cfg.Registry.
func NewServer(cfg Config, services Services) *Server {
	if cfg.Ping == nil || cfg.Logger == nil || cfg.Registry == nil {
		panic("http: NewServer needs a Ping, a Logger and a Registry")
	}
	s := &Server{
		Services: services,
		pizzeria: cfg.Pizzeria,
		log:      cfg.Logger,
		ping:     cfg.Ping,
		online:   cfg.Online,
		logins:   passhash.NewGuard(),
	}
	if s.online == nil {
		s.online = func() bool { return false }
	}
	s.requests = httpserve.NewRequests("edge")
	registerMetrics(cfg.Registry, s.requests, services.Sync)
	s.router = s.routes(cfg.Registry)
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.router.ServeHTTP(w, r)
}

// Requests returns the API's request series, so that the pages served
// beside it are counted in them too.
func (s *Server) Requests() *httpserve.Requests { return s.requests }

// Router returns the chi router, for tests that walk the routes.
func (s *Server) Router() chi.Router { return s.router }

// Stopping marks the server not ready, so that /readyz fails while the
// process drains its requests before shutting down.
func (s *Server) Stopping() { s.stopping.Store(true) }
