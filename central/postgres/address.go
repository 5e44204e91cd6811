package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// Ensure the service is implemented.
var _ central.AddressService = (*DB)(nil)

// FindAddresses implements central.AddressService.
func (db *DB) FindAddresses(ctx context.Context, customerID string) ([]*central.Address, error) {
	id, err := uuid.Parse(customerID)
	if err != nil {
		return []*central.Address{}, nil
	}
	rows, _ := db.Pool.Query(ctx, `
		SELECT id, customer_id, label, street, postcode, city, details, created_at
		FROM customer_addresses WHERE customer_id = $1
		ORDER BY created_at, id`, id)
	addresses, err := pgx.CollectRows(rows, scanAddress)
	if err != nil {
		return nil, fmt.Errorf("find addresses: %w", err)
	}
	return addresses, nil
}

// scanAddress reads one row of customer_addresses.
func scanAddress(row pgx.CollectableRow) (*central.Address, error) {
	var a central.Address
	var id, customerID uuid.UUID
	err := row.Scan(&id, &customerID, &a.Label, &a.Street, &a.Postcode, &a.City, &a.Details,
		&a.CreatedAt)
	if err != nil {
		return nil, err
	}
	a.ID, a.CustomerID, a.CreatedAt = id.String(), customerID.String(), a.CreatedAt.UTC()
	return &a, nil
}

// CreateAddress implements central.AddressService. The customer's row is
// locked while the addresses are counted, so that two additions at once
// cannot pass the bound together.
func (db *DB) CreateAddress(ctx context.Context, a *central.Address) error {
	if err := a.Validate(); err != nil {
		return err
	}
	customerID, err := uuid.Parse(a.CustomerID)
	if err != nil {
		return central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
	}
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("create address: %w", err)
	}
	now := db.Now().UTC()

	err = pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		// The customer, locked, then how many addresses they keep: counted
		// by a statement of its own, so that it sees the additions
		// committed while it waited for the lock.
		_, err := tx.Exec(ctx, `SELECT 1 FROM customers WHERE id = $1 FOR UPDATE`, customerID)
		if err != nil {
			return err
		}
		var exists bool
		var kept int
		err = tx.QueryRow(ctx, `
			SELECT EXISTS (SELECT 1 FROM customers WHERE id = $1),
				(SELECT count(*) FROM customer_addresses WHERE customer_id = $1)`,
			customerID).Scan(&exists, &kept)
		switch {
		case err != nil:
			return err
		case !exists:
			return central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
		case kept >= central.MaxAddresses:
			return central.Errorm(central.ECONFLICT, central.MsgTooManyAddresses, central.MaxAddresses)
		}

		// The address.
		_, err = tx.Exec(ctx, `
			INSERT INTO customer_addresses
				(id, customer_id, label, street, postcode, city, details, created_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
			id, customerID, a.Label, a.Street, a.Postcode, a.City, a.Details, now)
		return err
	})
	var appErr *central.Error
	switch {
	case errors.As(err, &appErr):
		return err
	case err != nil:
		return fmt.Errorf("create address: %w", err)
	}
	a.ID, a.CreatedAt = id.String(), now
	return nil
}

// DeleteAddress implements central.AddressService. The customer is part
// of the key: another customer's address is not found.
func (db *DB) DeleteAddress(ctx context.Context, customerID, id string) error {
	notFound := central.Errorm(central.ENOTFOUND, central.MsgAddressNotFound)
	cid, err := uuid.Parse(customerID)
	if err != nil {
		return notFound
	}
	aid, err := uuid.Parse(id)
	if err != nil {
		return notFound
	}
	tag, err := db.Pool.Exec(ctx, `
		DELETE FROM customer_addresses WHERE id = $1 AND customer_id = $2`, aid, cid)
	if err != nil {
		return fmt.Errorf("delete address: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return notFound
	}
	return nil
}
