package http

import (
	"testing"

	"github.com/ocpizza/ocpizza/central"
)

// TestLocalPath keeps the log-in's return path on this site: browsers
// drop tabs and line breaks from a Location and read a backslash as a
// slash, so each of these would leave it.
func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/commandes/42":               "/commandes/42",
		"/commander/paris-11?ajout=1": "/commander/paris-11?ajout=1",
		"":                            "/compte",
		"commandes":                   "/compte",
		"//evil.example":              "/compte",
		"/\t/evil.example":            "/compte",
		"/\n/evil.example":            "/compte",
		"/\\evil.example":             "/compte",
		"https://evil.example/":       "/compte",
		"/%09/evil.example":           "/%09/evil.example", // still escaped: a path here
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestAnswerWordsAfterReroute: a change closed because the order went to
// another pizzeria is not shown as the pizzeria's refusal; the order's
// own message says what happened.
func TestAnswerWordsAfterReroute(t *testing.T) {
	rerouted := &central.WebOrder{RequestAnswer: central.AnswerRefused,
		RequestReason: central.WebReasonRerouted}
	if got := answerWords(rerouted); got != "" {
		t.Errorf("rerouted change shown as %q", got)
	}
	refused := &central.WebOrder{RequestAnswer: central.AnswerRefused, RequestReason: "too_late"}
	if got := answerWords(refused); got == "" {
		t.Error("a refusal of the pizzeria is not shown")
	}
}
