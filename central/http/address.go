package http

import (
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/ocpizza/ocpizza/central"
)

// addressRequest is a new delivery address.
type addressRequest struct {
	Label    string `json:"label"`
	Street   string `json:"street"`
	Postcode string `json:"postcode"`
	City     string `json:"city"`
	Details  string `json:"details"`
}

// handleAddressList returns the customer's own addresses:
// GET /api/v1/customer/addresses.
func (s *Server) handleAddressList(w http.ResponseWriter, r *http.Request) {
	addresses, err := s.Addresses.FindAddresses(r.Context(), customerFrom(r.Context()).ID)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, addresses)
}

// handleAddressCreate adds an address to the customer's account:
// POST /api/v1/customer/addresses, 201 with the address.
func (s *Server) handleAddressCreate(w http.ResponseWriter, r *http.Request) {
	var req addressRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	a := &central.Address{CustomerID: customerFrom(r.Context()).ID, Label: req.Label,
		Street: req.Street, Postcode: req.Postcode, City: req.City, Details: req.Details}
	if err := s.Addresses.CreateAddress(r.Context(), a); err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

// handleAddressDelete deletes one of the customer's addresses:
// DELETE /api/v1/customer/addresses/{id}; another customer's is 404.
func (s *Server) handleAddressDelete(w http.ResponseWriter, r *http.Request) {
	err := s.Addresses.DeleteAddress(r.Context(), customerFrom(r.Context()).ID, chi.URLParam(r, "id"))
	if err != nil {
		s.Error(w, r, err)
		return
	}
	w.WriteHeader(http.StatusNoContent)
}
