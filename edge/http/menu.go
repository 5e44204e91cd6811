package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// menuItem is a product as the menu shows it (SPEC §6), with its recipe
// for the kitchen's aide-memoire.
type menuItem struct {
	ID         string            `json:"id"`
	Name       string            `json:"name"`
	Category   string            `json:"category"`
	PriceCents int64             `json:"price_cents"`
	Available  bool              `json:"available"`
	Makeable   int64             `json:"makeable"`
	Recipe     []edge.RecipeItem `json:"recipe"`
}

func toMenuItem(p *edge.Product) menuItem {
	return menuItem{ID: p.ID, Name: p.Name, Category: p.Category, PriceCents: p.PriceCents,
		Available: p.Available, Makeable: p.Makeable, Recipe: p.Recipe}
}

// handleMenu lists the products with what can be made now.
func (s *Server) handleMenu(w http.ResponseWriter, r *http.Request) {
	products, err := s.Catalog.FindProducts(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	items := make([]menuItem, 0, len(products))
	for _, p := range products {
		items = append(items, toMenuItem(p))
	}
	writeJSON(w, http.StatusOK, items)
}

type availabilityRequest struct {
	Available *bool `json:"available"`
}

// handleProductAvailability switches a product on or off at this pizzeria.
func (s *Server) handleProductAvailability(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, edge.MsgProductNotFound)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	var req availabilityRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Available == nil {
		s.Error(w, r, edge.Invalid("available", edge.MsgRequired))
		return
	}
	p, err := s.Catalog.SetProductAvailability(r.Context(), userFrom(r.Context()), id, *req.Available)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, toMenuItem(p))
}
