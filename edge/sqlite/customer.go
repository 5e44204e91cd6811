package sqlite

import (
	"context"
	"fmt"

	"github.com/ocpizza/ocpizza/edge"
)

// Ensure the service is implemented.
var _ edge.CustomerService = (*DB)(nil)

// rememberCustomer records who ordered under a phone number, and the
// address they used, for the next call. Orders without a phone number are
// not remembered; it returns the customer id, or nil.
func (tx *Tx) rememberCustomer(ctx context.Context, c edge.Customer) (*string, error) {
	if c.Phone == "" {
		return nil, nil
	}
	var id string
	err := tx.QueryRowContext(ctx, `
		INSERT INTO customers (id, phone, name, created_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (phone, name) DO UPDATE SET phone = excluded.phone
		RETURNING id`, newID(), c.Phone, c.Name, tx.nowText()).Scan(&id)
	if err != nil {
		return nil, fmt.Errorf("remember customer: %w", err)
	}
	if c.Address != "" {
		_, err = tx.ExecContext(ctx, `
			INSERT INTO customer_addresses (customer_id, address, last_used_at) VALUES (?, ?, ?)
			ON CONFLICT (customer_id, address) DO UPDATE SET last_used_at = excluded.last_used_at`,
			id, c.Address, tx.nowText())
		if err != nil {
			return nil, fmt.Errorf("remember address: %w", err)
		}
	}
	return &id, nil
}

// FindCustomersByPhone implements edge.CustomerService.
func (db *DB) FindCustomersByPhone(ctx context.Context, phone string) ([]*edge.KnownCustomer, error) {
	phone, err := edge.NormalizePhone(phone)
	if err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `
		SELECT c.id, c.name, c.phone, coalesce(a.address, '')
		FROM customers c LEFT JOIN customer_addresses a ON a.customer_id = c.id
		WHERE c.phone = ?
		ORDER BY c.name, a.last_used_at DESC`, phone)
	if err != nil {
		return nil, fmt.Errorf("find customers: %w", err)
	}
	defer rows.Close()

	customers := []*edge.KnownCustomer{}
	for rows.Next() {
		var c edge.KnownCustomer
		var address string
		if err := rows.Scan(&c.ID, &c.Name, &c.Phone, &address); err != nil {
			return nil, fmt.Errorf("find customers: %w", err)
		}
		if n := len(customers); n == 0 || customers[n-1].ID != c.ID {
			c.Addresses = []string{}
			customers = append(customers, &c)
		}
		if address != "" {
			last := customers[len(customers)-1]
			last.Addresses = append(last.Addresses, address)
		}
	}
	return customers, rows.Err()
}
