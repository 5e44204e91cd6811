package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/httpserve"
)

// syncRoles may see the sync state of the pizzerias: the console, the
// branches and their live feed.
var syncRoles = []central.Role{central.RoleOps, central.RoleHeadOffice}

// routes lists every route in one place, each with the roles it requires.
// openapi.yaml describes the JSON routes; a test keeps the two equal.
func (s *Server) routes(reg *prometheus.Registry) chi.Router {
	r := chi.NewRouter()
	// Every request: counted (outermost, so that a panic's 500 is too),
	// panics recovered, writes from other sites refused, bodies bounded.
	r.Use(s.requests.Instrument, httpserve.Recover(s.log, internalError), s.crossOrigin, limitBody)
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
		// Customers: sign-up, then their own routes, by customer session.
		r.Post("/customers", s.handleCustomerCreate)
		r.With(s.authenticateCustomer).Get("/customer", s.handleCustomerMe)
		r.With(s.authenticateCustomer).Delete("/customer/session", s.handleCustomerSessionDelete)
		r.With(s.authenticateCustomer).Get("/customer/addresses", s.handleAddressList)
		r.With(s.authenticateCustomer).Post("/customer/addresses", s.handleAddressCreate)
		r.With(s.authenticateCustomer).Delete("/customer/addresses/{id}", s.handleAddressDelete)
		r.With(s.authenticateCustomer).Post("/customer/orders", s.handleWebOrderCreate)
		r.With(s.authenticateCustomer).Get("/customer/orders", s.handleWebOrderList)
		r.With(s.authenticateCustomer).Get("/customer/orders/{id}", s.handleWebOrderGet)
		r.With(s.authenticateCustomer).Patch("/customer/orders/{id}", s.handleWebOrderChange)
		r.With(s.authenticateCustomer).Post("/customer/orders/{id}/cancel", s.handleWebOrderCancel)
		r.With(s.authenticateCustomer).Get("/customer/orders/{id}/events", s.handleWebOrderEvents)
		// The payment provider's webhook: signed, verified before decoding.
		r.Post("/payments/webhook", s.handlePaymentWebhook)
		// The website's pizzerias and menus, open to everyone.
		r.Get("/pizzerias", s.handlePizzeriaList)
		r.Get("/pizzerias/{id}/menu", s.handlePizzeriaMenu)

		r.Group(func(r chi.Router) {
			r.Use(s.authenticate)
			r.Delete("/sessions", s.handleSessionDelete)

			r.With(s.allow(syncRoles...)).Get("/branches", s.handleBranchList)
			r.With(s.allow(syncRoles...)).Get("/branches/events", s.handleBranchEvents)

			r.With(s.allow(reportRoles...)).Get("/reports/sales", s.handleReportSales)
			r.With(s.allow(reportRoles...)).Get("/reports/period", s.handleReportPeriod)
			r.With(s.allow(reportRoles...)).Get("/reports/live", s.handleReportLive)

			r.With(s.allow(catalogRoles...)).Get("/catalog", s.handleCatalogGet)
			r.With(s.allow(catalogRoles...)).Put("/catalog", s.handleCatalogReplace)
			r.With(s.allow(catalogRoles...)).Put("/catalog/categories/{id}", s.handleCategorySave)
			r.With(s.allow(catalogRoles...)).Put("/catalog/ingredients/{id}", s.handleIngredientSave)
			r.With(s.allow(catalogRoles...)).Put("/catalog/products/{id}", s.handleProductSave)
			r.With(s.allow(catalogRoles...)).Delete("/catalog/products/{id}", s.handleProductDelete)
			r.With(s.allow(catalogRoles...)).Get("/catalog/versions", s.handleCatalogVersions)
			r.With(s.allow(catalogRoles...)).Post("/catalog/versions", s.handleCatalogPublish)
			r.With(s.allow(syncRoles...)).Get("/commands", s.handleCommandList)
			r.With(s.allow(orderRoles...)).Get("/orders/{id}", s.handleOrderGet)

			r.With(s.allow(driverRoles...)).Get("/driver/orders", s.handleDriverOrders)
			r.With(s.allow(driverRoles...)).Post("/driver/orders/{id}/transitions",
				s.handleDriverTransition)
		})
	})

	// The pages, which answer in HTML and log in with a form.
	// The customer website (shop_routes.go), then staff pages.
	s.shopRoutes(r)
	r.Get("/login", s.handleLoginPage)
	r.Post("/login", s.handleLoginForm)
	r.Post("/logout", s.handleLogout)
	r.With(s.authenticatePage, s.allowPage(syncRoles...)).Get("/console", s.handleConsole)
	// Head office's catalog pages (catalog_page.go), for catalogRoles.
	s.catalogRoutes(r)
	// The report pages check the role and pizzeria themselves
	// (central.ReportScope), as the report calls do.
	r.With(s.authenticatePage).Get("/dashboard", s.handleDashboard)
	r.With(s.authenticatePage).Get("/dashboard/events", s.handleDashboardEvents)
	r.With(s.authenticatePage).Get("/reports", s.handleReportPage)
	r.With(s.authenticatePage).Get("/reports/export", s.handleReportExport)
	// The drivers' phone page checks the role and pizzeria itself
	// (central.DriverScope), as its API does.
	r.With(s.authenticatePage).Get("/driver", s.handleDriverPage)
	r.With(s.authenticatePage).Get("/driver/events", s.handleDriverEvents)
	r.With(s.authenticatePage).Post("/driver/orders/{id}/take", s.handleDriverTake)
	r.With(s.authenticatePage).Post("/driver/orders/{id}/deliver", s.handleDriverDeliver)
	r.Get("/assets/{name}", handleAsset)
	return r
}
