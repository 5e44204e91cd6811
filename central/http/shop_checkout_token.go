package http

import "crypto/rand"

// Each checkout form carries a one-time token, stored with the order it
// makes as the order's client key. The first post of a token makes the
// order; a second post of the same form (a double click, a reload of the
// answer, a retry after a lost connection) lands on what the first one
// made instead of making another order.
const checkoutTokenLen = 26 // rand.Text: base32, 128 bits

// newCheckoutToken returns the token of a new checkout form.
func newCheckoutToken() string { return rand.Text() }

// validCheckoutToken reports whether s looks like a token newCheckoutToken
// made, so that nothing else is stored as a key.
func validCheckoutToken(s string) bool {
	if len(s) != checkoutTokenLen {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'A' || c > 'Z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}
