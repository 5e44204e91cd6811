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

// slideStep is how far the idle deadline of a session must have moved
// before FindSession writes it, so that every request does not write.
const slideStep = time.Minute

// CreateSession implements central.AccountService. A disabled or unknown
// user gets EUNAUTHORIZED. The user's expired sessions are swept on the way.
func (db *DB) CreateSession(ctx context.Context, userID string, tokenHash []byte) (*central.Session, error) {
	id, err := uuid.Parse(userID)
	if err != nil {
		return nil, central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
	}
	now := db.Now().UTC()
	session := &central.Session{ExpiresAt: now.Add(central.SessionIdleTimeout)}
	err = pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		// The user, who must still be allowed in.
		u, err := scanUser(tx.QueryRow(ctx, `SELECT `+userColumns+` FROM users u WHERE u.id = $1`, id))
		if errors.Is(err, pgx.ErrNoRows) {
			return central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
		} else if err != nil {
			return err
		}
		if u.Disabled {
			return central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
		}
		session.User = u

		// Sweep the user's sessions that are over.
		_, err = tx.Exec(ctx, `
			DELETE FROM sessions
			WHERE user_id = $1 AND (expires_at < $2 OR created_at < $3)`,
			id, now, now.Add(-central.SessionMaxAge))
		if err != nil {
			return err
		}

		// The new session.
		_, err = tx.Exec(ctx, `
			INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
			VALUES ($1, $2, $3, $3, $4)`,
			tokenHash, id, now, session.ExpiresAt)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	return session, nil
}

// FindSession implements central.AccountService. A session is over after
// SessionIdleTimeout without use, SessionMaxAge after log-in whatever its
// use, or as soon as its user is disabled; each gets EUNAUTHORIZED. It
// reads first and writes only when the idle deadline has moved by
// slideStep or more.
func (db *DB) FindSession(ctx context.Context, tokenHash []byte) (*central.Session, error) {
	// The session and its user.
	var created, deadline time.Time
	u, err := scanUser(db.Pool.QueryRow(ctx, `
		SELECT s.created_at, s.expires_at, `+userColumns+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = $1`, tokenHash), &created, &deadline)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, central.Errorm(central.EUNAUTHORIZED, central.MsgLoginRequired)
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}

	// Idle too long, past the absolute limit, or disabled: it is over.
	// Otherwise its idle deadline slides, never past the absolute limit.
	deadline, err = db.keepSession(ctx, staffSessions, tokenHash, created, deadline, u.Disabled)
	if err != nil {
		return nil, err
	}
	return &central.Session{User: u, ExpiresAt: deadline.UTC()}, nil
}

// DeleteSession implements central.AccountService. Ending a session that
// does not exist is not an error: the caller is logged out either way.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	if _, err := db.Pool.Exec(ctx, `DELETE FROM sessions WHERE token_hash = $1`, tokenHash); err != nil {
		return fmt.Errorf("delete session: %w", err)
	}
	return nil
}
