package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// applyCatalogVersion applies a catalog version from central, as a local
// import does (stock on hand and the local availability switch kept), and
// records it with a catalog.applied event. A version not above the one
// applied is refused as outdated: central's versions only move forward.
func (tx *Tx) applyCatalogVersion(ctx context.Context, c *syncproto.Catalog) (*syncproto.Error, error) {
	var current int64
	err := tx.QueryRowContext(ctx, `SELECT catalog_version FROM sync_state`).Scan(&current)
	if err != nil {
		return nil, fmt.Errorf("catalog version: %w", err)
	}
	if c.Version <= current {
		return &syncproto.Error{Code: syncproto.CodeOutdated,
			Message: edge.Message(edge.MsgCatalogOlder, c.Version, current)}, nil
	}

	// A unit that changes under stock is the one refusal importCatalog
	// makes; anything else it returns is the database failing.
	if err := tx.importCatalog(ctx, c); err != nil {
		var e *edge.Error
		if errors.As(err, &e) && e.Code == edge.ECONFLICT {
			return &syncproto.Error{Code: syncproto.CodeConflict, Message: e.Message}, nil
		}
		return nil, fmt.Errorf("catalog version %d: %w", c.Version, err)
	}
	err = tx.emit(ctx, syncproto.EventCatalogApplied, syncproto.CatalogAppliedPayload{Version: c.Version})
	return nil, err
}

// applyStaffAccount creates or updates a staff account from central, with
// its password hash, so that it logs in here even while the link is down.
// Central owns staff accounts: an account of the same name made here is
// taken over. A disabled account, a new password or a new role ends the
// account's sessions. A command older than the last one applied to the
// account is refused as outdated, so that a late delivery never undoes a
// newer change.
func (tx *Tx) applyStaffAccount(ctx context.Context, position int64,
	a *syncproto.StaffAccount) (*syncproto.Error, error) {
	var id, role, hash string
	var disabled bool
	var last int64
	err := tx.QueryRowContext(ctx, `
		SELECT id, role, password_hash, disabled, down_position FROM users WHERE username = ?`,
		a.Username).Scan(&id, &role, &hash, &disabled, &last)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, tx.insertStaffAccount(ctx, position, a)
	case err != nil:
		return nil, fmt.Errorf("staff account %s: %w", a.Username, err)
	case last >= position:
		return &syncproto.Error{Code: syncproto.CodeOutdated,
			Message: edge.Message(edge.MsgStaffAccountOlder, a.Username)}, nil
	}

	// The account as central holds it.
	_, err = tx.ExecContext(ctx, `
		UPDATE users SET username = ?, role = ?, pizzeria = ?, password_hash = ?, disabled = ?,
			down_position = ?, updated_at = ?
		WHERE id = ?`,
		a.Username, a.Role, a.Pizzeria, a.PasswordHash, a.Disabled, position, tx.nowText(), id)
	if err != nil {
		return nil, fmt.Errorf("staff account %s: %w", a.Username, err)
	}

	// Sessions opened under what changed end.
	if a.Disabled || a.PasswordHash != hash || a.Role != role {
		if _, err := tx.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = ?`, id); err != nil {
			return nil, fmt.Errorf("staff account %s: end sessions: %w", a.Username, err)
		}
	}
	return nil, nil
}

// insertStaffAccount adds an account central made.
func (tx *Tx) insertStaffAccount(ctx context.Context, position int64, a *syncproto.StaffAccount) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO users (id, username, role, pizzeria, password_hash, disabled, down_position,
			created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		newID(), a.Username, a.Role, a.Pizzeria, a.PasswordHash, a.Disabled, position,
		tx.nowText(), tx.nowText())
	if err != nil {
		return fmt.Errorf("staff account %s: %w", a.Username, err)
	}
	return nil
}
