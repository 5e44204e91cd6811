package syncproto

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// validEvent returns a valid order.created event that each test case may
// modify freely.
func validEvent(tb testing.TB) *Event {
	tb.Helper()
	e := &Event{
		ID:            "0193a5c2-7d4e-7b1a-9f3e-2c1d0e4f5a6b",
		Pizzeria:      "paris-11",
		Epoch:         "0193a5c0-0000-7000-8000-000000000001",
		Seq:           42,
		Type:          EventOrderCreated,
		SchemaVersion: 1,
		OccurredAt:    time.Date(2026, 12, 3, 19, 30, 0, 0, time.UTC),
		Payload:       json.RawMessage(`{"order":{"id":"o-1","ticket":7}}`),
	}
	if err := e.Validate(); err != nil {
		tb.Fatalf("valid event does not validate: %v", err)
	}
	return e
}

func TestEventValidateAccepts(t *testing.T) {
	for typ, version := range SchemaVersions {
		t.Run(typ, func(t *testing.T) {
			e := validEvent(t)
			e.Type = typ
			e.SchemaVersion = version
			if err := e.Validate(); err != nil {
				t.Fatalf("Validate: %v", err)
			}
		})
	}
}

func TestEventValidateRefuses(t *testing.T) {
	tests := []struct {
		name   string
		mutate func(e *Event)
	}{
		{"missing id", func(e *Event) { e.ID = "" }},
		{"missing pizzeria", func(e *Event) { e.Pizzeria = "" }},
		{"uppercase pizzeria", func(e *Event) { e.Pizzeria = "Paris-11" }},
		{"pizzeria with underscore", func(e *Event) { e.Pizzeria = "paris_11" }},
		{"missing epoch", func(e *Event) { e.Epoch = "" }},
		{"seq 0", func(e *Event) { e.Seq = 0 }},
		{"negative seq", func(e *Event) { e.Seq = -1 }},
		{"missing type", func(e *Event) { e.Type = "" }},
		{"unknown type", func(e *Event) { e.Type = "order.deleted" }},
		{"schema version 0", func(e *Event) { e.SchemaVersion = 0 }},
		{"schema version too high", func(e *Event) { e.SchemaVersion = SchemaVersions[e.Type] + 1 }},
		{"zero time", func(e *Event) { e.OccurredAt = time.Time{} }},
		{"missing payload", func(e *Event) { e.Payload = nil }},
		{"non-JSON payload", func(e *Event) { e.Payload = json.RawMessage(`{"order":`) }},
		{"plain text payload", func(e *Event) { e.Payload = json.RawMessage(`order created`) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := validEvent(t)
			tt.mutate(e)
			if err := e.Validate(); err == nil {
				t.Fatal("Validate accepted a broken event")
			}
		})
	}
}

func TestEventMsgID(t *testing.T) {
	e := validEvent(t)
	want := "paris-11:0193a5c0-0000-7000-8000-000000000001:42"
	if got := e.MsgID(); got != want {
		t.Errorf("MsgID() = %q, want %q", got, want)
	}
	e.Seq = 43
	if got := e.MsgID(); got == want {
		t.Errorf("MsgID() = %q for two sequence numbers", got)
	}
}

func TestValidPizzeriaID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"paris-11", true},
		{"lyon", true},
		{"p2", true},
		{"a-b-c", true},
		{strings.Repeat("a", 32), true},
		{"", false},
		{"a", false},
		{"Paris", false},
		{"-a", false},
		{"a-", false},
		{"paris 11", false},
		{"paris_11", false},
		{"nîmes", false},
		{strings.Repeat("a", 33), false},
	}
	for _, tt := range tests {
		if got := ValidPizzeriaID(tt.id); got != tt.want {
			t.Errorf("ValidPizzeriaID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}
