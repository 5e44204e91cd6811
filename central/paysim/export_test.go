package paysim

import "github.com/ocpizza/ocpizza/central"

// Payments returns a copy of every intent a simulator holds, for tests
// that check that retries created or refunded nothing twice.
func Payments(s *Server) []central.Payment {
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	var all []central.Payment
	for _, p := range s.store.payments {
		all = append(all, *p)
	}
	return all
}
