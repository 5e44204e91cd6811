package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ocpizza/ocpizza/central"
)

// Ensure the service is implemented.
var _ central.CustomerService = (*DB)(nil)

// CreateCustomer implements central.CustomerService. The unique index on
// the normalized email decides a conflict, so that two sign-ups with one
// address at once cannot both succeed.
func (db *DB) CreateCustomer(ctx context.Context, c *central.Customer) error {
	if err := c.Validate(); err != nil {
		return err
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("create customer: %w", err)
	}
	now := db.Now().UTC()

	_, err = db.Pool.Exec(ctx, `
		INSERT INTO customers (id, email, name, phone, password_hash, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, $6, $6)`,
		id, c.Email, c.Name, c.Phone, c.PasswordHash, now)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == pgUniqueViolation:
		return central.Errorm(central.ECONFLICT, central.MsgEmailTaken)
	case err != nil:
		return fmt.Errorf("create customer: %w", err)
	}
	c.ID, c.CreatedAt = id.String(), now
	return nil
}

// customerColumns are the columns scanCustomer reads, in its order.
const customerColumns = `c.id, c.email, c.name, c.phone, c.password_hash, c.disabled, c.created_at`

// scanCustomer reads the customerColumns of a row, after any columns of
// the query's own given in dest.
func scanCustomer(row pgx.Row, dest ...any) (*central.Customer, error) {
	var c central.Customer
	var id uuid.UUID
	dest = append(dest, &id, &c.Email, &c.Name, &c.Phone, &c.PasswordHash, &c.Disabled, &c.CreatedAt)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	c.ID, c.CreatedAt = id.String(), c.CreatedAt.UTC()
	return &c, nil
}

// FindCustomerByEmail implements central.CustomerService.
func (db *DB) FindCustomerByEmail(ctx context.Context, email string) (*central.Customer, error) {
	c, err := scanCustomer(db.Pool.QueryRow(ctx,
		`SELECT `+customerColumns+` FROM customers c WHERE c.email = $1`, central.NormalizeEmail(email)))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, central.Errorm(central.ENOTFOUND, central.MsgCustomerNotFound)
	} else if err != nil {
		return nil, fmt.Errorf("find customer: %w", err)
	}
	return c, nil
}
