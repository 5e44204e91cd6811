package paysim

import (
	"strconv"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// TestCard is a card number the simulator knows, and what paying with it
// does. Any other number that passes the checks is declined: the
// simulator takes no real card.
type TestCard struct {
	Number string                // as printed, in groups of four
	Status central.PaymentStatus // succeeded, failed or requires_action
	Reason string                // the failure reason when Status is failed
	Label  central.MessageKey    // what the hosted page says of it
}

// TestCards are the numbers the hosted page lists and docs/payments.md
// documents. They follow the numbers the big providers use in test mode.
var TestCards = []TestCard{
	{"4242 4242 4242 4242", central.PaymentSucceeded, "", central.LabelTestCardSuccess},
	{"5555 5555 5555 4444", central.PaymentSucceeded, "", central.LabelTestCardSuccess},
	{"4000 0000 0000 0002", central.PaymentFailed, central.PaymentDeclined, central.LabelTestCardDeclined},
	{"4000 0000 0000 9995", central.PaymentFailed, central.PaymentInsufficientFunds,
		central.LabelTestCardFunds},
	{"4000 0027 6000 3184", central.PaymentRequiresAction, "", central.LabelTestCardAuth},
}

// outcome returns what paying with a valid card number does.
func outcome(number string) (central.PaymentStatus, string) {
	for _, c := range TestCards {
		if strings.ReplaceAll(c.Number, " ", "") == number {
			return c.Status, c.Reason
		}
	}
	return central.PaymentFailed, central.PaymentDeclined
}

// card is what the customer typed on the hosted page, checked.
type card struct {
	number string // digits only
}

// fieldErrors maps a form field to the message that says what is wrong.
type fieldErrors map[string]central.MessageKey

// parseCard checks the three fields of the payment form: the number by its
// length and Luhn digit, the expiry as MM/AA not yet past at now, and the
// CVC as 3 digits (4 for American Express).
func parseCard(number, expiry, cvc string, now time.Time) (card, fieldErrors) {
	errs := fieldErrors{}

	// The number, typed with or without spaces and dashes.
	digits := strings.NewReplacer(" ", "", "-", "").Replace(number)
	if !allDigits(digits) || len(digits) < 12 || len(digits) > 19 || !luhn(digits) {
		errs["number"] = central.MsgCardNumber
	}

	// The expiry: the card is good until the end of its month.
	month, year, ok := parseExpiry(expiry)
	switch {
	case !ok:
		errs["expiry"] = central.MsgCardExpiry
	case !now.Before(time.Date(year, time.Month(month)+1, 1, 0, 0, 0, 0, time.UTC)):
		errs["expiry"] = central.MsgCardExpired
	}

	// The CVC: American Express numbers start with 34 or 37.
	want := 3
	if strings.HasPrefix(digits, "34") || strings.HasPrefix(digits, "37") {
		want = 4
	}
	if cvc = strings.TrimSpace(cvc); len(cvc) != want || !allDigits(cvc) {
		errs["cvc"] = central.MsgCardCVC
	}
	return card{number: digits}, errs
}

// parseExpiry reads MM/AA or MM/AAAA, with optional spaces around the
// slash, and returns the month and the four-digit year.
func parseExpiry(s string) (month, year int, ok bool) {
	mm, yy, found := strings.Cut(strings.ReplaceAll(s, " ", ""), "/")
	if !found || len(mm) < 1 || len(mm) > 2 || (len(yy) != 2 && len(yy) != 4) ||
		!allDigits(mm) || !allDigits(yy) {
		return 0, 0, false
	}
	month, _ = strconv.Atoi(mm)
	year, _ = strconv.Atoi(yy)
	if len(yy) == 2 {
		year += 2000
	}
	return month, year, month >= 1 && month <= 12
}

// luhn reports whether a string of digits ends with a valid Luhn check
// digit: from the right, every second digit is doubled, and the sum of
// the digits is a multiple of 10.
func luhn(digits string) bool {
	sum := 0
	for i := range len(digits) {
		d := int(digits[len(digits)-1-i] - '0')
		if i%2 == 1 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return sum%10 == 0
}

func allDigits(s string) bool {
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return s != ""
}
