package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

// Ensure the service is implemented.
var _ edge.UserService = (*DB)(nil)

// CreateUser implements edge.UserService.
func (db *DB) CreateUser(ctx context.Context, create edge.UserCreate) (*edge.User, error) {
	if err := create.Validate(); err != nil {
		return nil, err
	}
	// Staff created at a pizzeria belong to it.
	if !create.Role.AllPizzerias() && create.Pizzeria == "" {
		create.Pizzeria = db.Pizzeria
	}
	if !create.Role.AllPizzerias() && create.Pizzeria != db.Pizzeria {
		return nil, edge.Invalid("pizzeria", edge.MsgWrongPizzeria)
	}
	u := &edge.User{ID: newID(), Username: create.Username, Role: create.Role,
		Pizzeria: create.Pizzeria, PasswordHash: create.PasswordHash}
	err := db.update(ctx, func(tx *Tx) error {
		u.CreatedAt = tx.now
		_, err := tx.ExecContext(ctx, `
			INSERT INTO users (id, username, role, pizzeria, password_hash, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			u.ID, u.Username, u.Role, u.Pizzeria, u.PasswordHash, tx.nowText(), tx.nowText())
		if err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed: users.username") {
			return edge.Errorf(edge.ECONFLICT, edge.MsgUsernameTaken, u.Username)
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create user: %w", err)
	}
	return u, nil
}

const userColumns = `id, username, role, pizzeria, password_hash, disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (*edge.User, error) {
	var u edge.User
	var created string
	if err := row.Scan(&u.ID, &u.Username, &u.Role, &u.Pizzeria, &u.PasswordHash, &u.Disabled, &created); err != nil {
		return nil, err
	}
	u.CreatedAt = parseTime(created)
	return &u, nil
}

// FindUsers implements edge.UserService.
func (db *DB) FindUsers(ctx context.Context) ([]*edge.User, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY username`)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()
	var users []*edge.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("find users: %w", err)
		}
		users = append(users, u)
	}
	return users, rows.Err()
}

// FindUserByUsername implements edge.UserService.
func (db *DB) FindUserByUsername(ctx context.Context, username string) (*edge.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx,
		`SELECT `+userColumns+` FROM users WHERE username = ?`, username))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, edge.Errorf(edge.ENOTFOUND, edge.MsgUserNotFound, username)
	} else if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// SetPasswordHash implements edge.UserService.
func (db *DB) SetPasswordHash(ctx context.Context, username, hash string) error {
	return db.update(ctx, func(tx *Tx) error {
		var id string
		err := tx.QueryRowContext(ctx, `
			UPDATE users SET password_hash = ?, updated_at = ? WHERE username = ? RETURNING id`,
			hash, tx.nowText(), username).Scan(&id)
		if errors.Is(err, sql.ErrNoRows) {
			return edge.Errorf(edge.ENOTFOUND, edge.MsgUserNotFound, username)
		} else if err != nil {
			return fmt.Errorf("set password: %w", err)
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id)
		return err
	})
}

// CreateSession implements edge.UserService.
func (db *DB) CreateSession(ctx context.Context, userID string, tokenHash []byte) (*edge.Session, error) {
	var s edge.Session
	err := db.update(ctx, func(tx *Tx) error {
		// Sweep the expired sessions while the writer is ours anyway.
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE expires_at < ?`, tx.nowText()); err != nil {
			return err
		}
		u, err := scanUser(tx.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, userID))
		if err != nil {
			return notFound(err, edge.MsgLoginRequired)
		}
		s = edge.Session{User: u, ExpiresAt: tx.now.Add(edge.SessionIdleTimeout)}
		_, err = tx.ExecContext(ctx, `
			INSERT INTO sessions (token_hash, user_id, created_at, last_seen_at, expires_at)
			VALUES (?, ?, ?, ?, ?)`,
			tokenHash, userID, tx.nowText(), tx.nowText(), formatTime(s.ExpiresAt))
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("create session: %w", err)
	}
	return &s, nil
}

// FindSession implements edge.UserService. It reads first and only writes
// when the idle deadline has moved by a minute or more, so that every
// request does not queue for the writer.
func (db *DB) FindSession(ctx context.Context, tokenHash []byte) (*edge.Session, error) {
	var created, expires string
	row := db.read.QueryRowContext(ctx, `
		SELECT s.created_at, s.expires_at, `+prefixed("u.", userColumns)+`
		FROM sessions s JOIN users u ON u.id = s.user_id
		WHERE s.token_hash = ?`, tokenHash)
	var u edge.User
	var userCreated string
	err := row.Scan(&created, &expires, &u.ID, &u.Username, &u.Role, &u.Pizzeria, &u.PasswordHash,
		&u.Disabled, &userCreated)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, edge.Errorf(edge.EUNAUTHORIZED, edge.MsgLoginRequired)
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	u.CreatedAt = parseTime(userCreated)

	// Expired, past the absolute limit, or disabled: the session is over.
	now := db.Now().UTC()
	deadline := parseTime(expires)
	if u.Disabled || now.After(deadline) || now.After(parseTime(created).Add(edge.SessionMaxAge)) {
		return nil, edge.Errorf(edge.EUNAUTHORIZED, edge.MsgLoginRequired)
	}

	// Slide the idle deadline.
	next := now.Add(edge.SessionIdleTimeout)
	if next.Sub(deadline) >= time.Minute {
		err := db.update(ctx, func(tx *Tx) error {
			_, err := tx.ExecContext(ctx, `
				UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`,
				tx.nowText(), formatTime(next), tokenHash)
			return err
		})
		if err != nil {
			return nil, fmt.Errorf("find session: %w", err)
		}
		deadline = next
	}
	return &edge.Session{User: &u, ExpiresAt: deadline}, nil
}

// DeleteSession implements edge.UserService.
func (db *DB) DeleteSession(ctx context.Context, tokenHash []byte) error {
	return db.update(ctx, func(tx *Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash)
		return err
	})
}

// prefixed qualifies each column of a list with a table alias.
func prefixed(alias, columns string) string {
	parts := strings.Split(columns, ", ")
	for i := range parts {
		parts[i] = alias + parts[i]
	}
	return strings.Join(parts, ", ")
}
