package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// FindCustomers returns every customer account, oldest first, for
// `ocpizza-central customer list`.
func (db *DB) FindCustomers(ctx context.Context) ([]*central.Customer, error) {
	rows, err := db.Pool.Query(ctx,
		`SELECT `+customerColumns+` FROM customers c ORDER BY c.created_at, c.id`)
	if err != nil {
		return nil, fmt.Errorf("find customers: %w", err)
	}
	customers, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*central.Customer, error) {
		return scanCustomer(row)
	})
	if err != nil {
		return nil, fmt.Errorf("find customers: %w", err)
	}
	return customers, nil
}
