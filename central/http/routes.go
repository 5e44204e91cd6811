package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ocpizza/ocpizza/central"
)

// syncRoles may see the sync state of the pizzerias: the console, the
// branches and their live feed.
var syncRoles = []central.Role{central.RoleOps, central.RoleHeadOffice}

// routes lists every route in one place, each with the roles it requires.
// openapi.yaml describes the JSON routes; a test keeps the two equal.
func (s *Server) routes(reg *prometheus.Registry) chi.Router {
	r := chi.NewRouter()
	// Every request: panics recovered, counted, writes from other sites
	// refused, bodies bounded.
	r.Use(s.recoverPanics, s.instrument, s.crossOrigin, limitBody)
	r.NotFound(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, central.Errorm(central.ENOTFOUND, central.MsgRouteNotFound))
	})
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.Error(w, r, central.Errorm(EMETHOD, central.MsgMethodNotAllowed))
	})

	// Operations endpoints.
	r.Get("/healthz", s.handleHealthz)
	r.Get("/readyz", s.handleReadyz)
	r.Method(http.MethodGet, "/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))

	// The JSON API: bodies declared as JSON.
	r.Route("/api/v1", func(r chi.Router) {
		r.Use(s.requireJSON)
		r.Get("/openapi.yaml", handleOpenAPI)
		r.Post("/sessions", s.handleSessionCreate)

		r.Group(func(r chi.Router) {
			r.Use(s.authenticate)
			r.Delete("/sessions", s.handleSessionDelete)

			r.With(s.allow(syncRoles...)).Get("/branches", s.handleBranchList)
			r.With(s.allow(syncRoles...)).Get("/branches/events", s.handleBranchEvents)
		})
	})

	// The pages, which answer in HTML and log in with a form.
	r.Get("/", handleRoot)
	r.Get("/login", s.handleLoginPage)
	r.Post("/login", s.handleLoginForm)
	r.Post("/logout", s.handleLogout)
	r.With(s.authenticatePage, s.allowPage(syncRoles...)).Get("/console", s.handleConsole)
	r.Get("/assets/{name}", handleAsset)
	return r
}
