package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// CreateCustomerSession implements central.CustomerService. A disabled or
// unknown customer gets EUNAUTHORIZED. The customer's sessions that are
// over are swept on the way.
func (db *DB) CreateCustomerSession(ctx context.Context, customerID string,
	tokenHash []byte) (*central.CustomerSession, error) {
	id, err := uuid.Parse(customerID)
	if err != nil {
		return nil, central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
	}
	now := db.Now().UTC()
	session := &central.CustomerSession{ExpiresAt: now.Add(central.CustomerSessionIdleTimeout)}
	err = pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		// The customer, who must still be allowed in.
		c, err := scanCustomer(tx.QueryRow(ctx,
			`SELECT `+customerColumns+` FROM customers c WHERE c.id = $1`, id))
		if errors.Is(err, pgx.ErrNoRows) || (err == nil && c.Disabled) {
			return central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
		} else if err != nil {
			return err
		}
		session.Customer = c

		// Sweep the customer's sessions that are over.
		_, err = tx.Exec(ctx, `
			DELETE FROM customer_sessions
			WHERE customer_id = $1 AND (expires_at < $2 OR created_at < $3)`,
			id, now, now.Add(-central.CustomerSessionMaxAge))
		if err != nil {
			return err
		}

		// The new session.
		_, err = tx.Exec(ctx, `
			INSERT INTO customer_sessions (token_hash, customer_id, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $3, $4)`,
			tokenHash, id, now, session.ExpiresAt)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create customer session: %w", err)
	}
	return session, nil
}

// FindCustomerSession implements central.CustomerService. A session is
// over after CustomerSessionIdleTimeout without use, CustomerSessionMaxAge
// after log-in whatever its use, or as soon as its customer is disabled.
// It writes only when the idle deadline has moved by slideStep or more.
func (db *DB) FindCustomerSession(ctx context.Context,
	tokenHash []byte) (*central.CustomerSession, error) {
	// The session and its customer.
	var created, deadline time.Time
	c, err := scanCustomer(db.Pool.QueryRow(ctx, `
		SELECT s.created_at, s.expires_at, `+customerColumns+`
		FROM customer_sessions s JOIN customers c ON c.id = s.customer_id
		WHERE s.token_hash = $1`, tokenHash), &created, &deadline)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
	} else if err != nil {
		return nil, fmt.Errorf("find customer session: %w", err)
	}

	// Idle too long, past the absolute limit, or disabled: it is over.
	// Otherwise its idle deadline slides, never past the absolute limit.
	deadline, err = db.keepSession(ctx, customerSessions, tokenHash, created, deadline, c.Disabled)
	if err != nil {
		return nil, err
	}
	return &central.CustomerSession{Customer: c, ExpiresAt: deadline.UTC()}, nil
}

// DeleteCustomerSession implements central.CustomerService.
func (db *DB) DeleteCustomerSession(ctx context.Context, tokenHash []byte) error {
	_, err := db.Pool.Exec(ctx, `DELETE FROM customer_sessions WHERE token_hash = $1`, tokenHash)
	if err != nil {
		return fmt.Errorf("delete customer session: %w", err)
	}
	return nil
}
