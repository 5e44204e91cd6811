package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/ocpizza/ocpizza/central"
)

// Ensure the service is implemented.
var _ central.AccountService = (*DB)(nil)

// maxUsernameLen is the longest login name, as on the edge.
const maxUsernameLen = 64

// PostgreSQL error codes the account queries turn into application errors.
const (
	pgUniqueViolation     = "23505"
	pgForeignKeyViolation = "23503"
)

// validateUser checks a new account the way the edge checks its own: a
// login name of 2 to 64 letters, digits, dots, dashes or underscores; a
// known role; a pizzeria for the roles that work at one and none for head
// office and ops; and an argon2id hash, never a password.
func validateUser(u *central.User) error {
	if err := validateUsername(u.Username); err != nil {
		return err
	}
	switch u.Role {
	case central.RoleOrderTaker, central.RolePizzaiolo, central.RoleDriver, central.RoleManager:
		if u.PizzeriaID == "" {
			return central.Invalid("pizzeria", central.MsgPizzeriaRequired)
		}
	case central.RoleHeadOffice, central.RoleOps:
		if u.PizzeriaID != "" {
			return central.Invalid("pizzeria", central.MsgScopeAllPizzerias)
		}
	default:
		return central.Invalid("role", central.MsgUnknownRole, string(u.Role))
	}
	if !strings.HasPrefix(u.PasswordHash, "$argon2id$") {
		return central.Invalid("password", central.MsgBadPasswordHash)
	}
	return nil
}

// validateUsername checks a login name.
func validateUsername(name string) error {
	if len(name) < 2 || len(name) > maxUsernameLen {
		return central.Invalid("username", central.MsgBadUsername)
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			strings.ContainsRune("._-", r)
		if !ok {
			return central.Invalid("username", central.MsgBadUsername)
		}
	}
	return nil
}

// CreateUser implements central.AccountService. It sets the user's id and
// creation time.
func (db *DB) CreateUser(ctx context.Context, u *central.User) error {
	if err := validateUser(u); err != nil {
		return err
	}
	return insertUser(ctx, db.Pool, u, db.Now().UTC())
}

// execer runs a statement: the pool, or a transaction.
type execer interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// insertUser stores a validated account and sets its id and creation
// time. The unique index on lower(username) and the pizzeria's foreign
// key decide conflicts and unknown pizzerias, so that two concurrent
// creations cannot both pass a check made beforehand.
func insertUser(ctx context.Context, q execer, u *central.User, now time.Time) error {
	id, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("insert user: %w", err)
	}
	_, err = q.Exec(ctx, `
		INSERT INTO users (id, username, role, pizzeria_id, password_hash, disabled, created_at, updated_at)
		VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $7)`,
		id, u.Username, u.Role, u.PizzeriaID, u.PasswordHash, u.Disabled, now)
	var pgErr *pgconn.PgError
	switch {
	case errors.As(err, &pgErr) && pgErr.Code == pgUniqueViolation:
		return central.Errorm(central.ECONFLICT, central.MsgUsernameTaken, u.Username)
	case errors.As(err, &pgErr) && pgErr.Code == pgForeignKeyViolation:
		return central.Invalid("pizzeria", central.MsgUnknownPizzeria, u.PizzeriaID)
	case err != nil:
		return fmt.Errorf("insert user: %w", err)
	}
	u.ID, u.CreatedAt = id.String(), now
	return nil
}

// userColumns are the columns scanUser reads, in its order.
const userColumns = `u.id, u.username, u.role, coalesce(u.pizzeria_id, ''), u.password_hash,
	u.disabled, u.created_at`

// scanUser reads the userColumns of a row, after any columns of the
// query's own given in dest.
func scanUser(row pgx.Row, dest ...any) (*central.User, error) {
	var u central.User
	var id uuid.UUID
	dest = append(dest, &id, &u.Username, &u.Role, &u.PizzeriaID, &u.PasswordHash,
		&u.Disabled, &u.CreatedAt)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	u.ID, u.CreatedAt = id.String(), u.CreatedAt.UTC()
	return &u, nil
}

// FindUsers implements central.AccountService.
func (db *DB) FindUsers(ctx context.Context) ([]*central.User, error) {
	rows, err := db.Pool.Query(ctx, `SELECT `+userColumns+` FROM users u ORDER BY lower(u.username)`)
	if err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	defer rows.Close()

	users := []*central.User{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("find users: %w", err)
		}
		users = append(users, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("find users: %w", err)
	}
	return users, nil
}

// FindUserByUsername implements central.AccountService. Names are matched
// without regard to case, as the unique index compares them.
func (db *DB) FindUserByUsername(ctx context.Context, username string) (*central.User, error) {
	u, err := scanUser(db.Pool.QueryRow(ctx,
		`SELECT `+userColumns+` FROM users u WHERE lower(u.username) = lower($1)`, username))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, central.Errorm(central.ENOTFOUND, central.MsgUserNotFound, username)
	} else if err != nil {
		return nil, fmt.Errorf("find user: %w", err)
	}
	return u, nil
}

// SetPasswordHash implements central.AccountService. The new hash and the
// end of every session of the user commit together, so that a stolen
// session does not outlive the password change.
func (db *DB) SetPasswordHash(ctx context.Context, username, hash string) error {
	if !strings.HasPrefix(hash, "$argon2id$") {
		return central.Invalid("password", central.MsgBadPasswordHash)
	}
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		// Replace the hash.
		var id uuid.UUID
		err := tx.QueryRow(ctx, `
			UPDATE users SET password_hash = $2, updated_at = $3
			WHERE lower(username) = lower($1)
			RETURNING id`,
			username, hash, db.Now().UTC()).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			return central.Errorm(central.ENOTFOUND, central.MsgUserNotFound, username)
		} else if err != nil {
			return err
		}

		// End the sessions opened with the old password.
		_, err = tx.Exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, id)
		return err
	})
	if err != nil {
		return fmt.Errorf("set password: %w", err)
	}
	return nil
}
