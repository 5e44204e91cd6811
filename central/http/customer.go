package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// customerRequest is a sign-up on the customer website.
type customerRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
	Phone    string `json:"phone"`
}

// handleCustomerCreate signs a customer up: POST /api/v1/customers. It
// answers 201 with the account. The customer then logs in like staff, by
// email.
func (s *Server) handleCustomerCreate(w http.ResponseWriter, r *http.Request) {
	var req customerRequest
	if err := decodeJSON(r.Body, &req); err != nil {
		s.Error(w, r, err)
		return
	}
	c, err := s.signUp(r, req)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, c)
}

// signUp creates a customer account, for the API and the sign-up form
// alike. It checks every field before spending a hash on the password.
func (s *Server) signUp(r *http.Request, req customerRequest) (*central.Customer, error) {
	// Check, password last.
	c := &central.Customer{Email: req.Email, Name: req.Name, Phone: req.Phone}
	if err := c.ValidateProfile(); err != nil {
		return nil, err
	}
	if err := central.ValidateCustomerPassword(req.Password, c.Email); err != nil {
		return nil, err
	}

	// Hash under the bound shared with log-ins: each hash costs 19 MiB.
	if err := s.logins.Acquire(r.Context()); err != nil {
		return nil, err
	}
	hash, err := passhash.Hash(req.Password, passhash.Default)
	s.logins.Release()
	if err != nil {
		return nil, err
	}

	// Store; a taken email is a conflict.
	c.PasswordHash = hash
	if err := s.Customers.CreateCustomer(r.Context(), c); err != nil {
		return nil, err
	}
	s.log.Info("customer signed up", "customer_id", c.ID)
	return c, nil
}

// handleCustomerMe returns the logged-in customer's account:
// GET /api/v1/customer.
func (s *Server) handleCustomerMe(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, customerFrom(r.Context()))
}
