package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// handleCustomerFind finds the customers of a ?phone= number, with the
// addresses they used.
func (s *Server) handleCustomerFind(w http.ResponseWriter, r *http.Request) {
	phone := r.URL.Query().Get("phone")
	if phone == "" {
		s.Error(w, r, edge.Invalid("phone", edge.MsgRequired))
		return
	}
	// The domain names the phone of an order's customer; here it is the
	// query parameter that is at fault.
	if _, err := edge.NormalizePhone(phone); err != nil {
		s.Error(w, r, edge.Invalid("phone", edge.MsgBadPhone))
		return
	}
	customers, err := s.Customers.FindCustomersByPhone(r.Context(), phone)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, customers)
}

// handleUserList lists the staff accounts of the pizzeria.
func (s *Server) handleUserList(w http.ResponseWriter, r *http.Request) {
	users, err := s.Users.FindUsers(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	if users == nil {
		users = []*edge.User{}
	}
	writeJSON(w, http.StatusOK, users)
}

// handleSync reports the outbox: what central has confirmed and what
// waits to be sent.
func (s *Server) handleSync(w http.ResponseWriter, r *http.Request) {
	status, err := s.Sync.SyncStatus(r.Context())
	if err != nil {
		s.Error(w, r, err)
		return
	}
	status.Online = s.online()
	writeJSON(w, http.StatusOK, status)
}
