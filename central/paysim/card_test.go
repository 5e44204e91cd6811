package paysim

import (
	"strings"
	"testing"
	"time"
)

func TestTestCardsPassTheChecks(t *testing.T) {
	now := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range TestCards {
		if _, errs := parseCard(c.Number, "12/30", "123", now); len(errs) != 0 {
			t.Errorf("test card %s refused: %v", c.Number, errs)
		}
		status, reason := outcome(strings.ReplaceAll(c.Number, " ", ""))
		if status != c.Status || reason != c.Reason {
			t.Errorf("card %s: %s %s, want %s %s", c.Number, status, reason, c.Status, c.Reason)
		}
	}
}

func TestParseExpiry(t *testing.T) {
	now := time.Date(2026, 3, 15, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		in    string
		valid bool
	}{
		{"03/26", true}, // good until the end of its month
		{"3/2026", true},
		{"04 / 27", true},
		{"02/26", false}, // past
		{"00/30", false},
		{"13/30", false},
		{"1230", false},
		{"12/3", false},
		{"ab/cd", false},
		{"", false},
	}
	for _, c := range cases {
		_, errs := parseCard("4242424242424242", c.in, "123", now)
		if valid := errs["expiry"] == ""; valid != c.valid {
			t.Errorf("expiry %q: valid %v, want %v (%s)", c.in, valid, c.valid, errs["expiry"])
		}
	}
}

func TestEuros(t *testing.T) {
	cases := map[int64]string{0: "0,00", 5: "0,05", 1250: "12,50", 123450: "1\u00a0234,50",
		100000000: "1\u00a0000\u00a0000,00", -990: "-9,90"}
	for cents, want := range cases {
		if got := euros(cents); got != want+"\u00a0€" {
			t.Errorf("euros(%d) = %q, want %q", cents, got, want+"\u00a0€")
		}
	}
}
