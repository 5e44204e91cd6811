package edge

import "context"

// KnownCustomer is a customer remembered from earlier orders, so that the
// order taker can find them by phone number and reuse an address. One phone
// number may serve several people, each with several addresses.
type KnownCustomer struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Phone     string   `json:"phone"`
	Addresses []string `json:"addresses"`
}

// CustomerService finds customers of earlier orders.
type CustomerService interface {
	// FindCustomersByPhone returns the customers who ordered with this
	// phone number, their most recently used address first. Returns
	// EINVALID for a malformed number.
	FindCustomersByPhone(ctx context.Context, phone string) ([]*KnownCustomer, error)
}
