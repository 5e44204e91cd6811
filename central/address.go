package central

import (
	"context"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Address is a delivery address a customer keeps on their account. An
// order copies it, so deleting one changes no order.
type Address struct {
	ID         string    `json:"id"`
	CustomerID string    `json:"-"`
	Label      string    `json:"label"`  // the customer's name for it, such as "Maison"
	Street     string    `json:"street"` // number and street
	Postcode   string    `json:"postcode"`
	City       string    `json:"city"`
	Details    string    `json:"details"` // floor, door code, what the driver needs
	CreatedAt  time.Time `json:"created_at"`
}

// Bounds on addresses, in characters, and on how many one customer keeps.
const (
	MaxAddressLabelLen   = 40
	MaxAddressStreetLen  = 200
	MaxAddressCityLen    = 100
	MaxAddressDetailsLen = 200
	MaxAddresses         = 10
)

// Validate tidies an address (surrounding spaces trimmed) and checks it:
// street, postcode and city required, each field within its bound and on
// one line.
func (a *Address) Validate() error {
	a.Label, a.Street = strings.TrimSpace(a.Label), strings.TrimSpace(a.Street)
	a.Postcode, a.City = strings.TrimSpace(a.Postcode), strings.TrimSpace(a.City)
	a.Details = strings.TrimSpace(a.Details)

	fields := []struct {
		name     string
		value    string
		max      int
		required bool
	}{
		{"label", a.Label, MaxAddressLabelLen, false},
		{"street", a.Street, MaxAddressStreetLen, true},
		{"city", a.City, MaxAddressCityLen, true},
		{"details", a.Details, MaxAddressDetailsLen, false},
	}
	for _, f := range fields {
		switch {
		case f.required && f.value == "":
			return Invalid(f.name, MsgRequired)
		case utf8.RuneCountInString(f.value) > f.max:
			return Invalid(f.name, MsgTooLong, f.max)
		case !oneLine(f.value):
			return Invalid(f.name, MsgOneLine)
		}
	}
	return ValidatePostcode("postcode", a.Postcode)
}

// oneLine reports whether s is valid UTF-8 without control characters.
func oneLine(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	return strings.IndexFunc(s, unicode.IsControl) < 0
}

// AddressService keeps customers' delivery addresses. Every call is made
// for one customer, and a customer reaches only their own addresses.
type AddressService interface {
	// FindAddresses returns a customer's addresses, oldest first.
	FindAddresses(ctx context.Context, customerID string) ([]*Address, error)

	// CreateAddress validates and stores an address of a.CustomerID, and
	// sets its id and creation time. Returns EINVALID for bad input and
	// ECONFLICT when the customer already keeps MaxAddresses.
	CreateAddress(ctx context.Context, a *Address) error

	// DeleteAddress deletes one of a customer's addresses. Returns
	// ENOTFOUND when the customer has no address of that id, whoever
	// else may have one.
	DeleteAddress(ctx context.Context, customerID, id string) error
}
