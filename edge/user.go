package edge

import (
	"context"
	"strings"
	"time"
)

// User is a staff member who can log in at this pizzeria.
type User struct {
	ID           string    `json:"id"`
	Username     string    `json:"username"`
	Role         Role      `json:"role"`
	Pizzeria     string    `json:"pizzeria,omitempty"`
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"disabled"`
	CreatedAt    time.Time `json:"created_at"`
}

// Password length bounds: long enough to resist guessing, short enough that
// hashing it is cheap to refuse.
const (
	MinPasswordLen = 8
	MaxPasswordLen = 128
	MaxUsernameLen = 64
)

// ValidateUsername checks a login name: 2 to 64 letters, digits, dots,
// dashes or underscores.
func ValidateUsername(name string) error {
	if len(name) < 2 || len(name) > MaxUsernameLen {
		return Invalid("username", MsgBadUsername)
	}
	for _, r := range name {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' ||
			strings.ContainsRune("._-", r)
		if !ok {
			return Invalid("username", MsgBadUsername)
		}
	}
	return nil
}

// ValidatePassword checks a new password's length.
func ValidatePassword(password string) error {
	if len(password) < MinPasswordLen || len(password) > MaxPasswordLen {
		return Invalid("password", MsgBadPassword, MinPasswordLen, MaxPasswordLen)
	}
	return nil
}

// UserCreate is a new staff account. The password is hashed before it is
// stored.
type UserCreate struct {
	Username     string
	Role         Role
	Pizzeria     string // empty for head office and ops, who see every pizzeria
	PasswordHash string
}

// Validate checks a new account.
func (u *UserCreate) Validate() error {
	if err := ValidateUsername(u.Username); err != nil {
		return err
	}
	if !u.Role.Valid() {
		return Invalid("role", MsgUnknownRole, u.Role)
	}
	if u.Role.AllPizzerias() && u.Pizzeria != "" {
		return Invalid("pizzeria", MsgScopeAllPizzerias)
	}
	if u.PasswordHash == "" {
		return Invalid("password", MsgRequired)
	}
	return nil
}

// WorksAt reports whether the user may act on the given pizzeria: staff at
// their own, head office and ops at every one.
func (u *User) WorksAt(pizzeria string) bool {
	return u.Role.AllPizzerias() || u.Pizzeria == pizzeria
}

// Session is a logged-in user. Only the hash of its token is stored.
type Session struct {
	User      *User
	ExpiresAt time.Time
}

// Session lifetimes: a session ends after this long idle, and in any case
// after the absolute limit (a long Friday shift).
const (
	SessionIdleTimeout = 12 * time.Hour
	SessionMaxAge      = 16 * time.Hour
)

// UserService manages staff accounts and their sessions.
type UserService interface {
	// CreateUser adds a staff account. Returns EINVALID for bad input and
	// ECONFLICT when the username is taken.
	CreateUser(ctx context.Context, create UserCreate) (*User, error)

	// FindUsers returns every staff account, by username.
	FindUsers(ctx context.Context) ([]*User, error)

	// FindUserByUsername returns one account, or ENOTFOUND.
	FindUserByUsername(ctx context.Context, username string) (*User, error)

	// SetPasswordHash replaces a user's password hash and ends their
	// sessions. Returns ENOTFOUND for an unknown user.
	SetPasswordHash(ctx context.Context, username, hash string) error

	// CreateSession stores a new session under the hash of token.
	CreateSession(ctx context.Context, userID string, tokenHash []byte) (*Session, error)

	// FindSession returns the live session of a token hash and extends its
	// idle deadline, or EUNAUTHORIZED when it is unknown, expired, or its
	// user is disabled.
	FindSession(ctx context.Context, tokenHash []byte) (*Session, error)

	// DeleteSession ends a session; ending an unknown one is not an error.
	DeleteSession(ctx context.Context, tokenHash []byte) error
}
