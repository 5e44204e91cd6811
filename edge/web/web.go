// Package web serves the staff pages of a pizzeria: server-rendered
// html/template pages in French, with their styles and scripts embedded,
// so that they work on the pizzeria's network with no internet at all.
// Each role sees only its pages, and the server refuses the others. Live
// screens (orders board, kitchen, dispatch) follow the database through
// server-sent events. The package knows the domain only through the edge
// service interfaces.
package web

import (
	"context"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// SessionCookie carries the session token of a logged-in browser. It is
// the name the JSON API also reads, so that a page's session works there.
const SessionCookie = "ocpizza_session"

// maxFormBytes bounds a posted form; the largest, an inventory count of a
// hundred ingredients, is far below it.
const maxFormBytes = 64 << 10

// Services are the domain services the pages use.
type Services struct {
	Catalog   edge.CatalogService
	Stock     edge.StockService
	Inventory edge.InventoryService
	Orders    edge.OrderService
	Customers edge.CustomerService
	Users     edge.UserService
	Sync      edge.SyncService
	Reports   edge.ReportService
	Changes   edge.ChangeFeed
	WebOrders edge.WebOrderService
}

// Config is what NewServer needs besides the services.
type Config struct {
	Pizzeria string
	Logger   *slog.Logger

	// SecureCookie sets the Secure flag of the session cookie: on when
	// the pages are served over HTTPS, off on a plain-HTTP pizzeria LAN.
	SecureCookie bool

	// Online reports the link to central; nil when there is none.
	Online func() bool

	// Heartbeat is the interval of the comments that keep an idle event
	// stream open through proxies; zero means 20 seconds.
	Heartbeat time.Duration

	// Now returns the current time; tests replace it.
	Now func() time.Time

	// Requests counts the pages' requests, in the series of the API beside
	// them (edgehttp.Server.Requests); nil counts nothing.
	Requests *httpserve.Requests
}

// Server serves the staff pages.
type Server struct {
	Services
	cfg    Config
	log    *slog.Logger
	pages  *templates
	router chi.Router
	logins *passhash.Guard

	// closing ends the event streams when the process shuts down, since
	// http.Server.Shutdown waits for them and they never end by themselves.
	closing   chan struct{}
	closeOnce sync.Once
}

// NewServer returns the pages of one pizzeria. It panics when its
// embedded templates do not parse, which a test catches first.
func NewServer(cfg Config, services Services) *Server {
	if cfg.Logger == nil {
		panic("web: NewServer needs a Logger")
	}
	if cfg.Online == nil {
		cfg.Online = func() bool { return false }
	}
	if cfg.Heartbeat <= 0 {
		cfg.Heartbeat = 20 * time.Second
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{Services: services, cfg: cfg, log: cfg.Logger, logins: passhash.NewGuard(),
		closing: make(chan struct{})}
	s.pages = mustParseTemplates(cfg.Now)
	s.router = s.routes()
	return s
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.router.ServeHTTP(w, r)
}

// Close ends the open event streams; pass it to
// http.Server.RegisterOnShutdown so that shutting down does not wait for
// the kitchen screens.
func (s *Server) Close() {
	s.closeOnce.Do(func() { close(s.closing) })
}

// today returns the current Paris business date.
func (s *Server) today() string { return edge.BusinessDate(s.cfg.Now()) }

// linkStatus reads the outbox position for the line on every page. A
// failure to read it is logged and shown as unknown, never as an error
// page: the page itself may still work.
func (s *Server) linkStatus(ctx context.Context) *edge.SyncStatus {
	status, err := s.Sync.SyncStatus(ctx)
	if err != nil {
		s.log.Warn("link status unreadable", "error", err)
		return nil
	}
	status.Online = s.cfg.Online()
	return status
}
