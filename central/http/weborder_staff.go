package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// orderRoles may read an order as its pizzeria reports it: head office
// every pizzeria's, the pizzeria staff their own pizzeria's only.
var orderRoles = []central.Role{central.RoleHeadOffice, central.RoleManager,
	central.RoleOrderTaker, central.RolePizzaiolo, central.RoleDriver}

// handleOrderGet returns the consolidated order of SPEC §6:
// GET /api/v1/orders/{id}, by the pizzeria's order id or a web order's
// id. Another pizzeria's order is 404 to pizzeria staff, as an unknown
// one is.
func (s *Server) handleOrderGet(w http.ResponseWriter, r *http.Request) {
	o, err := s.Orders.FindOrder(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	u := userFrom(r.Context())
	if !u.Role.AllPizzerias() && o.Pizzeria != u.PizzeriaID {
		s.Error(w, r, central.Errorm(central.ENOTFOUND, central.MsgOrderNotFound))
		return
	}
	writeJSON(w, http.StatusOK, o)
}
