package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// webOrdersRequest is the manager's switch for web orders.
type webOrdersRequest struct {
	Open *bool `json:"open"`
}

// handleWebOrdersGet says whether the pizzeria takes web orders now.
func (s *Server) handleWebOrdersGet(w http.ResponseWriter, r *http.Request) {
	settings, err := s.WebOrders.FindWebOrderSettings(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, settings)
}

// handleWebOrdersSet opens or closes the pizzeria to web orders.
func (s *Server) handleWebOrdersSet(w http.ResponseWriter, r *http.Request) {
	var req webOrdersRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	if req.Open == nil {
		s.Error(w, r, edge.Invalid("open", edge.MsgRequired))
		return
	}
	settings, err := s.WebOrders.SetWebOrdersOpen(r.Context(), userFrom(r.Context()), *req.Open)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, settings)
}
