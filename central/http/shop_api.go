package http

import (
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
)

// handlePizzeriaList lists the pizzerias for the website:
// GET /api/v1/pizzerias, or with ?postcode= those that deliver there, in
// the order an order is offered to them. Public: no session needed.
func (s *Server) handlePizzeriaList(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("postcode") {
		postcode := strings.TrimSpace(r.URL.Query().Get("postcode"))
		pizzerias, err := s.Shop.FindPizzeriasServing(r.Context(), postcode)
		if err != nil {
			s.Error(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, pizzerias)
		return
	}
	pizzerias, err := s.Shop.FindShopPizzerias(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, pizzerias)
}

// handlePizzeriaMenu returns one pizzeria's menu with its live figures:
// GET /api/v1/pizzerias/{id}/menu. Public.
func (s *Server) handlePizzeriaMenu(w http.ResponseWriter, r *http.Request) {
	menu, err := s.Shop.FindMenu(r.Context(), chi.URLParam(r, "id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, menu)
}
