package central

import (
	"context"
	"net/mail"
	"strings"
	"time"
	"unicode/utf8"
)

// Customer is an account on the customer website. Central owns customer
// accounts; pizzerias only see the name and phone on each order.
type Customer struct {
	ID           string    `json:"id"`
	Email        string    `json:"email"`
	Name         string    `json:"name"`
	Phone        string    `json:"phone"`
	PasswordHash string    `json:"-"`
	Disabled     bool      `json:"-"`
	CreatedAt    time.Time `json:"created_at"`
}

// CustomerSession is a logged-in customer; only the hash of its token is
// stored, as for staff.
type CustomerSession struct {
	Customer  *Customer
	ExpiresAt time.Time
}

// Customer session lifetimes: longer than staff's, since a phone stays
// logged in between orders, and still bounded so that a lost phone's
// session ends.
const (
	CustomerSessionIdleTimeout = 30 * 24 * time.Hour
	CustomerSessionMaxAge      = 90 * 24 * time.Hour
)

// Bounds on customer input.
const (
	MaxEmailLen            = 254
	MaxCustomerNameLen     = 100
	MinCustomerPasswordLen = 8
	MaxCustomerPasswordLen = 128
)

// NormalizeEmail returns an email as it is stored and compared: without
// surrounding space, in lower case.
func NormalizeEmail(email string) string {
	return strings.ToLower(strings.TrimSpace(email))
}

// ValidateEmail checks an address: a single plain address such as
// anna@example.fr, with a dot in its domain.
func ValidateEmail(email string) error {
	if email == "" {
		return Invalid("email", MsgRequired)
	}
	if len(email) > MaxEmailLen {
		return Invalid("email", MsgTooLong, MaxEmailLen)
	}
	addr, err := mail.ParseAddress(email)
	if err != nil || addr.Address != email || addr.Name != "" {
		return Invalid("email", MsgBadEmail)
	}
	_, domain, _ := strings.Cut(email, "@")
	if !strings.Contains(strings.Trim(domain, "."), ".") {
		return Invalid("email", MsgBadEmail)
	}
	return nil
}

// NormalizePhone returns a French phone number in its ten-digit national
// form (0612345678), reading spaces, dots, dashes and a +33 or 0033
// prefix, or "" when it is not one.
func NormalizePhone(phone string) string {
	digits := strings.NewReplacer(" ", "", ".", "", "-", "").Replace(strings.TrimSpace(phone))
	switch {
	case strings.HasPrefix(digits, "+33"):
		digits = "0" + digits[3:]
	case strings.HasPrefix(digits, "0033"):
		digits = "0" + digits[4:]
	}
	if len(digits) != 10 || digits[0] != '0' || digits[1] == '0' {
		return ""
	}
	for _, c := range digits {
		if c < '0' || c > '9' {
			return ""
		}
	}
	return digits
}

// ValidateProfile checks and normalizes a customer's email, name and
// phone, before any password is hashed.
func (c *Customer) ValidateProfile() error {
	c.Email, c.Name = NormalizeEmail(c.Email), strings.TrimSpace(c.Name)
	if err := ValidateEmail(c.Email); err != nil {
		return err
	}
	switch {
	case c.Name == "":
		return Invalid("name", MsgRequired)
	case utf8.RuneCountInString(c.Name) > MaxCustomerNameLen:
		return Invalid("name", MsgTooLong, MaxCustomerNameLen)
	case strings.TrimSpace(c.Phone) == "":
		return Invalid("phone", MsgRequired)
	}
	phone := NormalizePhone(c.Phone)
	if phone == "" {
		return Invalid("phone", MsgBadPhone)
	}
	c.Phone = phone
	return nil
}

// Validate checks a customer about to be stored: its profile, and a
// password hash that is an argon2id hash, never a password.
func (c *Customer) Validate() error {
	if err := c.ValidateProfile(); err != nil {
		return err
	}
	if !strings.HasPrefix(c.PasswordHash, "$argon2id$") {
		return Invalid("password", MsgBadPasswordHash)
	}
	return nil
}

// ValidateCustomerPassword checks a new password: 8 to 128 characters,
// and not the email address itself.
func ValidateCustomerPassword(password, email string) error {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinCustomerPasswordLen || len(password) > MaxCustomerPasswordLen:
		return Invalid("password", MsgBadCustomerPassword, MinCustomerPasswordLen, MaxCustomerPasswordLen)
	case strings.EqualFold(strings.TrimSpace(password), NormalizeEmail(email)):
		return Invalid("password", MsgPasswordIsEmail)
	}
	return nil
}

// CustomerService manages customer accounts and their sessions.
type CustomerService interface {
	// CreateCustomer adds an account from its password hash, after
	// Validate, and sets its id and creation time. Returns EINVALID for
	// bad input and ECONFLICT for an email taken.
	CreateCustomer(ctx context.Context, c *Customer) error
	// FindCustomerByEmail returns one account by its email, compared
	// without regard to case, or ENOTFOUND.
	FindCustomerByEmail(ctx context.Context, email string) (*Customer, error)
	// FindCustomers returns every account, oldest first.
	FindCustomers(ctx context.Context) ([]*Customer, error)

	// CreateCustomerSession stores a session under the hash of its token;
	// EUNAUTHORIZED for an unknown or disabled customer.
	CreateCustomerSession(ctx context.Context, customerID string,
		tokenHash []byte) (*CustomerSession, error)
	// FindCustomerSession returns the live session of a token hash,
	// sliding its idle deadline, or EUNAUTHORIZED.
	FindCustomerSession(ctx context.Context, tokenHash []byte) (*CustomerSession, error)
	// DeleteCustomerSession ends a session; ending one that does not exist
	// is not an error.
	DeleteCustomerSession(ctx context.Context, tokenHash []byte) error
}
