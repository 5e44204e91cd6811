package http

import "testing"

// TestCheckoutToken checks that a new token is valid and that what is
// not one is refused before it reaches the database.
func TestCheckoutToken(t *testing.T) {
	token := newCheckoutToken()
	if !validCheckoutToken(token) {
		t.Fatalf("new token %q refused", token)
	}
	if newCheckoutToken() == token {
		t.Fatal("two forms got the same token")
	}
	for _, bad := range []string{"", "x", token[:25], token[:25] + "1", token[:25] + "a", token + "A"} {
		if validCheckoutToken(bad) {
			t.Errorf("token %q accepted", bad)
		}
	}
}
