package http

import "github.com/go-chi/chi/v5"

// shopRoutes lists the pages of the customer website, in French paths that
// staff pages (/login, /console, /dashboard, /reports) do not use. They
// answer in HTML, post forms to themselves (guarded by the cross-origin
// protection of every route) and know customers by the customer cookie
// only: a staff session opens none of them.
func (s *Server) shopRoutes(r chi.Router) {
	r.Get("/", s.handleShopHome)
	r.Get("/commander/{pizzeria}", s.handleShopMenu)
	r.Post("/commander/{pizzeria}/panier", s.handleCartAdd)
	r.Post("/commander/{pizzeria}/panier/vider", s.handleCartClear)
	r.Post("/commander/{pizzeria}/panier/{line}", s.handleCartUpdate)

	r.Get("/inscription", s.handleSignUpPage)
	r.Post("/inscription", s.handleSignUpForm)
	r.Get("/connexion", s.handleShopLoginPage)
	r.Post("/connexion", s.handleShopLoginForm)
	r.Post("/deconnexion", s.handleShopLogout)

	r.Group(func(r chi.Router) {
		r.Use(s.authenticateCustomerPage)
		r.Get("/compte", s.handleAccount)
		r.Post("/compte/adresses", s.handleAddressForm)
		r.Post("/compte/adresses/{id}/supprimer", s.handleAddressDeleteForm)

		// Ordering: the checkout of the cart, then the orders, followed live.
		r.Get("/commander/{pizzeria}/commande", s.handleCheckoutPage)
		r.Post("/commander/{pizzeria}/commande", s.handleCheckoutForm)
		r.Get("/commandes", s.handleOrders)
		r.Get("/commandes/{id}", s.handleOrderPage)
		r.Get("/commandes/{id}/etat", s.handleOrderState)
		r.Post("/commandes/{id}/annuler", s.handleOrderCancel)
		r.Post("/commandes/{id}/recommander", s.handleOrderReorder)
		r.Get("/commandes/{id}/modifier", s.handleModifyPage)
		r.Post("/commandes/{id}/modifier", s.handleModifyForm)
	})
}
