package http

import (
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

func TestFormatLag(t *testing.T) {
	for seconds, want := range map[float64]string{
		0:     "0 s",
		-1:    "0 s",
		0.04:  "0,0 s",
		0.44:  "0,4 s",
		9.5:   "9,5 s",
		42.9:  "42 s",
		185:   "3 min 05 s",
		7620:  "2 h 07 min",
		90000: "25 h 00 min",
	} {
		if got := formatLag(seconds); got != want {
			t.Errorf("formatLag(%v) = %q, want %q", seconds, got, want)
		}
	}
}

func TestShortEpoch(t *testing.T) {
	for epoch, want := range map[string]string{
		"":                                     central.Message(central.LabelNoEpoch),
		"abc":                                  "abc",
		"0193a5c0-0000-7000-8000-00000000bbbb": "…0000bbbb",
	} {
		if got := shortEpoch(epoch); got != want {
			t.Errorf("shortEpoch(%q) = %q, want %q", epoch, got, want)
		}
	}
}

func TestParisTime(t *testing.T) {
	winter := time.Date(2026, 1, 15, 12, 0, 0, 0, time.UTC)
	summer := time.Date(2026, 7, 15, 12, 0, 0, 0, time.UTC)
	if got := parisTime(winter); got != "15/01/2026 13:00:00" {
		t.Errorf("winter: %s", got)
	}
	if got := parisTime(summer); got != "15/07/2026 14:00:00" {
		t.Errorf("summer: %s", got)
	}
}

func TestMessagesComplete(t *testing.T) {
	for _, key := range scriptLabels {
		if central.Message(key) == string(key) {
			t.Errorf("no French for %s", key)
		}
	}
}
