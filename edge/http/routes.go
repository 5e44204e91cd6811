package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
)

// routes lists every route of the API in one place, each with the action
// (and so the roles) it requires. openapi.yaml describes the same routes; a
// test keeps the two equal.
func (s *Server) routes(reg *prometheus.Registry) chi.Router {
	r := chi.NewRouter()
	// Every request: counted (outermost, so that a panic's 500 is too),
	// panics recovered, cross-site writes refused, bodies bounded and
	// declared as JSON.
	r.Use(s.requests.Instrument, httpserve.Recover(s.log, internalError), s.crossOrigin(),
		limitBody, s.requireJSON)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, edge.Errorf(edge.ENOTFOUND, edge.MsgRouteNotFound))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, edge.Errorf(edge.EMETHOD, edge.MsgMethodNotAllowed))
	})

	// Operations endpoints, open to the pizzeria's network.
	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Method(http.MethodGet, "/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))

	r.Route("/api/v1", func(r chi.Router) {
		r.Get("/openapi.yaml", handleOpenAPI)
		r.Post("/sessions", s.handleSessionCreate)

		// Everything else needs a session, and the role of an action.
		r.Group(func(r chi.Router) {
			r.Use(s.authenticate)
			r.Delete("/sessions", s.handleSessionDelete)
			r.Get("/me", s.handleMe)

			r.With(s.allow(edge.ActionViewMenu)).Get("/menu", s.handleMenu)
			r.With(s.allow(edge.ActionSetAvailability)).Put("/products/{id}/availability", s.handleProductAvailability)

			r.With(s.allow(edge.ActionViewOrders)).Get("/orders", s.handleOrderList)
			r.With(s.allow(edge.ActionCreateOrder)).Post("/orders", s.handleOrderCreate)
			r.With(s.allow(edge.ActionViewOrders)).Get("/orders/{id}", s.handleOrderGet)
			r.With(s.allow(edge.ActionModifyOrder)).Patch("/orders/{id}", s.handleOrderUpdate)
			r.With(s.allow(edge.ActionTransitionOrder)).Post("/orders/{id}/transitions", s.handleOrderTransition)
			r.With(s.allow(edge.ActionRecordPayment)).Post("/orders/{id}/payment", s.handleOrderPayment)

			r.With(s.allow(edge.ActionFindCustomers)).Get("/customers", s.handleCustomerFind)

			r.With(s.allow(edge.ActionViewStock)).Get("/stock", s.handleStockList)
			r.With(s.allow(edge.ActionViewStock)).Get("/stock/movements", s.handleMovementList)
			r.With(s.allow(edge.ActionMoveStock)).Post("/stock/movements", s.handleMovementCreate)

			r.With(s.allow(edge.ActionViewStaff)).Get("/users", s.handleUserList)
			r.With(s.allow(edge.ActionViewSync)).Get("/sync", s.handleSync)

			r.With(s.allow(edge.ActionViewOrders)).Get("/web-orders", s.handleWebOrdersGet)
			r.With(s.allow(edge.ActionSetWebOrders)).Put("/web-orders", s.handleWebOrdersSet)
		})
	})
	return r
}
