package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ensure the service is implemented.
var _ central.StaffService = (*DB)(nil)

// AddStaff implements central.StaffService. It sets the user's id and
// creation time.
func (db *DB) AddStaff(ctx context.Context, u *central.User) error {
	if err := validateUser(u); err != nil {
		return err
	}
	now := db.Now().UTC()

	// The account, then its command for a role that works at one
	// pizzeria, in one transaction.
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		if err := insertUser(ctx, tx, u, now); err != nil {
			return err
		}
		return enqueueStaff(ctx, tx, u, now)
	})
	if err != nil {
		return fmt.Errorf("add staff: %w", err)
	}
	return nil
}

// SetStaffDisabled implements central.StaffService. Disabling an account
// also ends its sessions at central.
func (db *DB) SetStaffDisabled(ctx context.Context, username string, disabled bool) error {
	return db.updateStaff(ctx, username, `disabled = $2`, disabled)
}

// SetStaffPassword implements central.StaffService.
func (db *DB) SetStaffPassword(ctx context.Context, username, hash string) error {
	if !strings.HasPrefix(hash, "$argon2id$") {
		return central.Invalid("password", central.MsgBadPasswordHash)
	}
	return db.updateStaff(ctx, username, `password_hash = $2`, hash)
}

// updateStaff sets one column of an account, ends its sessions at central,
// and enqueues the account as it now is for its pizzeria, in one
// transaction.
func (db *DB) updateStaff(ctx context.Context, username, set string, value any) error {
	now := db.Now().UTC()
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		u, err := scanUser(tx.QueryRow(ctx, `
			UPDATE users u SET `+set+`, updated_at = $3
			WHERE lower(u.username) = lower($1)
			RETURNING `+userColumns, username, value, now))
		if errors.Is(err, pgx.ErrNoRows) {
			return central.Errorm(central.ENOTFOUND, central.MsgUserNotFound, username)
		} else if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, u.ID); err != nil {
			return err
		}
		return enqueueStaff(ctx, tx, u, now)
	})
	if err != nil {
		return fmt.Errorf("update staff %s: %w", username, err)
	}
	return nil
}

// enqueueStaff enqueues the staff.account command of u for its pizzeria.
// Head office and ops accounts log in at central only: nothing goes down.
func enqueueStaff(ctx context.Context, tx pgx.Tx, u *central.User, now time.Time) error {
	if u.Role.AllPizzerias() {
		return nil
	}
	_, err := enqueue(ctx, tx, u.PizzeriaID, syncproto.CommandStaffAccount, now, syncproto.StaffAccount{
		Username: u.Username, Role: string(u.Role), Pizzeria: u.PizzeriaID,
		PasswordHash: u.PasswordHash, Disabled: u.Disabled,
	})
	return err
}
