package central

import "testing"

func TestNormalizePhone(t *testing.T) {
	cases := map[string]string{
		"06 12 34 56 78":    "0612345678",
		"06.12.34.56.78":    "0612345678",
		"+33 6 12 34 56 78": "0612345678",
		"0033612345678":     "0612345678",
		"01-43-55-00-00":    "0143550000",
		"0012345678":        "", // no French number starts 00
		"061234567":         "",
		"06123456789":       "",
		"06 12 34 56 7a":    "",
		"+44 20 7946 0958":  "",
	}
	for in, want := range cases {
		if got := NormalizePhone(in); got != want {
			t.Errorf("NormalizePhone(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateEmail(t *testing.T) {
	for email, ok := range map[string]bool{
		"anna@example.fr":        true,
		"anna.rossi+pizza@ex.fr": true,
		"anna@localhost":         false,
		"anna@":                  false,
		"@example.fr":            false,
		"Anna <anna@example.fr>": false,
		"anna@example.fr, b@c.d": false,
		"anna @example.fr":       false,
		"":                       false,
	} {
		if err := ValidateEmail(email); (err == nil) != ok {
			t.Errorf("ValidateEmail(%q) = %v, want ok=%v", email, err, ok)
		}
	}
}

func TestValidateCustomerPassword(t *testing.T) {
	if err := ValidateCustomerPassword("margherita", "anna@example.fr"); err != nil {
		t.Error(err)
	}
	for _, bad := range []string{"court", "ANNA@example.fr", string(make([]byte, 129))} {
		if err := ValidateCustomerPassword(bad, "anna@example.fr"); ErrorCode(err) != EINVALID {
			t.Errorf("password %q accepted", bad)
		}
	}
}
