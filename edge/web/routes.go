package web

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
)

// routes lists every page, fragment, form and stream in one place, each
// with the page (and so the roles) it belongs to.
func (s *Server) routes() chi.Router {
	r := chi.NewRouter()
	// Every request: counted (outermost, so that a panic's 500 is too),
	// panics recovered, cross-site writes refused, forms bounded, pages
	// never cached or framed.
	if s.cfg.Requests != nil {
		r.Use(s.cfg.Requests.Instrument)
	}
	r.Use(httpserve.Recover(s.log, s.panicked), s.crossOrigin(), limitForm, secureHeaders)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, edge.Errorf(edge.ENOTFOUND, edge.MsgRouteNotFound))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, edge.Errorf(edge.EMETHOD, edge.MsgMethodNotAllowed))
	})

	// Open to anyone: assets and logging in.
	r.Get("/assets/{name}", handleAsset)
	r.Get("/login", s.handleLoginPage)
	r.Post("/login", s.handleLogin)

	// Everything else needs a session, then the role of its page.
	r.Group(func(r chi.Router) {
		r.Use(s.authenticate)
		r.Get("/", s.handleHome)
		r.Post("/logout", s.handleLogout)
		r.Get("/events", s.handleEvents)
		r.Get("/status", s.handleStatusFragment)

		r.With(s.onlyFor("order")).Get("/order", s.handleOrderPage)
		r.With(s.onlyFor("order")).Get("/order/customers", s.handleCustomerFind)
		r.With(s.onlyFor("order")).Post("/order", s.handleOrderCreate)

		r.With(s.onlyFor("board")).Get("/orders", s.handleBoardPage)
		r.With(s.onlyFor("board")).Get("/orders/live", s.handleBoardFragment)
		r.With(s.onlyFor("board")).Post("/orders/{id}/transition", s.handleTransition)
		r.With(s.onlyFor("board")).Post("/orders/{id}/payment", s.handlePayment)
		r.With(s.onlyFor("board")).Post("/orders/web", s.handleWebOrdersSwitch)

		r.With(s.onlyFor("kitchen")).Get("/kitchen", s.handleKitchenPage)
		r.With(s.onlyFor("kitchen")).Get("/kitchen/live", s.handleKitchenFragment)
		r.With(s.onlyFor("kitchen")).Get("/kitchen/tickets/{id}", s.handleTicketPrint)

		r.With(s.onlyFor("dispatch")).Get("/dispatch", s.handleDispatchPage)
		r.With(s.onlyFor("dispatch")).Get("/dispatch/live", s.handleDispatchFragment)
		r.With(s.onlyFor("dispatch")).Post("/dispatch/{id}/delivered", s.handleDelivered)

		r.With(s.onlyFor("stock")).Get("/stock", s.handleStockPage)
		r.With(s.onlyFor("stock")).Post("/stock/movements", s.handleMovementCreate)
		r.With(s.onlyFor("stock")).Post("/stock/count", s.handleStockCount)

		r.With(s.onlyFor("today")).Get("/today", s.handleTodayPage)
		r.With(s.onlyFor("link")).Get("/link", s.handleLinkPage)
	})
	return r
}
