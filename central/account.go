package central

import (
	"context"
	"time"
)

// Role is a staff role; the ids are those of the edge (SPEC §5).
type Role string

// The staff roles.
const (
	RoleOrderTaker Role = "order_taker"
	RolePizzaiolo  Role = "pizzaiolo"
	RoleDriver     Role = "driver"
	RoleManager    Role = "manager"
	RoleHeadOffice Role = "head_office"
	RoleOps        Role = "ops"
)

// AllPizzerias reports whether the role's scope is every pizzeria.
func (r Role) AllPizzerias() bool { return r == RoleHeadOffice || r == RoleOps }

// User is a staff account, created at head office.
type User struct {
	ID           string    `json:"id"`
	Username     string    `json:"username"`
	Role         Role      `json:"role"`
	PizzeriaID   string    `json:"pizzeria,omitempty"`
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// Session is a logged-in user; only the hash of its token is stored.
type Session struct {
	User      *User
	ExpiresAt time.Time
}

// Session lifetimes, as on the edge.
const (
	SessionIdleTimeout = 12 * time.Hour
	SessionMaxAge      = 16 * time.Hour
)

// AccountService manages pizzerias, staff accounts and sessions.
type AccountService interface {
	// CreatePizzeria registers a pizzeria. Returns EINVALID for a bad id,
	// name or postcode and ECONFLICT for an id taken.
	CreatePizzeria(ctx context.Context, p *Pizzeria) error
	// FindPizzerias returns every pizzeria by id.
	FindPizzerias(ctx context.Context) ([]*Pizzeria, error)

	// CreateUser adds a staff account from its password hash. Returns
	// EINVALID for bad input (unknown role, pizzeria missing or given to
	// head office/ops, unknown pizzeria) and ECONFLICT for a name taken.
	CreateUser(ctx context.Context, u *User) error
	// FindUsers returns every account by username.
	FindUsers(ctx context.Context) ([]*User, error)
	// FindUserByUsername returns one account, or ENOTFOUND.
	FindUserByUsername(ctx context.Context, username string) (*User, error)
	// SetPasswordHash replaces a password hash and ends the user's
	// sessions. Returns ENOTFOUND for an unknown user.
	SetPasswordHash(ctx context.Context, username, hash string) error

	// CreateSession stores a session under the hash of its token.
	CreateSession(ctx context.Context, userID string, tokenHash []byte) (*Session, error)
	// FindSession returns the live session of a token hash, sliding its
	// idle deadline, or EUNAUTHORIZED.
	FindSession(ctx context.Context, tokenHash []byte) (*Session, error)
	// DeleteSession ends a session.
	DeleteSession(ctx context.Context, tokenHash []byte) error
}
