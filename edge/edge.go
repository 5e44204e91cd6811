// Package edge is the domain of ocpizza-edge, the program each pizzeria
// runs: its catalog, stock, orders, customers, staff and the outbox of
// events it syncs to central. It holds types, validation and the service
// interfaces; the sqlite and http packages implement and expose them, and
// only cmd/ocpizza-edge wires them together.
package edge

import (
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris must resolve on a till without zoneinfo.
	"unicode"
)

// Paris is the time zone in which the pizzerias work: business dates,
// ticket numbering and every time shown to people use it.
var Paris = mustLoadLocation("Europe/Paris")

func mustLoadLocation(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

// BusinessDate returns the Paris calendar date of t, as 2006-01-02.
func BusinessDate(t time.Time) string {
	return t.In(Paris).Format(time.DateOnly)
}

// Bounds on what the outside may send, so that no request can make a
// ticket unprintable or a row unbounded.
const (
	MaxNameLen    = 100
	MaxPhoneLen   = 20
	MaxAddressLen = 300
	MaxNoteLen    = 200
	MaxReasonLen  = 200
	MaxOrderLines = 50
	MaxLineQty    = 50
	MaxIDLen      = 64
	MaxKeyLen     = 100 // idempotency keys
)

// checkText refuses a text field over max bytes or holding control
// characters (line breaks, escapes, NUL), which would garble a printed
// ticket or a kitchen screen.
func checkText(field, value string, max int) error {
	if len(value) > max {
		return Invalid(field, MsgTooLong, max)
	}
	if strings.IndexFunc(value, unicode.IsControl) >= 0 {
		return Invalid(field, MsgControlChars)
	}
	return nil
}
