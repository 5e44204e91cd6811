package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// handleStockList lists ingredients with stock on hand and low-stock flags.
func (s *Server) handleStockList(w http.ResponseWriter, r *http.Request) {
	ingredients, err := s.Stock.FindIngredients(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if ingredients == nil {
		ingredients = []*edge.Ingredient{}
	}
	writeJSON(w, http.StatusOK, ingredients)
}

// handleMovementCreate records a receipt, waste or adjustment.
func (s *Server) handleMovementCreate(w http.ResponseWriter, r *http.Request) {
	var create edge.MovementCreate
	if err := decodeJSON(r.Body, &create); err != nil {
		s.Error(w, r, err)
		return
	}
	m, err := s.Stock.RecordMovement(r.Context(), userFrom(r.Context()), create)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, m)
}

// handleMovementList lists the stock ledger, newest first, optionally for
// one ?ingredient_id=, up to ?limit= (200 when not given, 1000 at most).
func (s *Server) handleMovementList(w http.ResponseWriter, r *http.Request) {
	var filter edge.MovementFilter
	q := r.URL.Query()
	if v := q.Get("ingredient_id"); v != "" {
		filter.IngredientID = &v
	}
	limit, err := queryLimit(r, 200, 1000)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	filter.Limit = limit
	movements, err := s.Stock.FindMovements(r.Context(), filter)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if movements == nil {
		movements = []*edge.Movement{}
	}
	writeJSON(w, http.StatusOK, movements)
}
