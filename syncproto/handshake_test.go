package syncproto

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func validHello() Hello {
	return Hello{Pizzeria: "paris-11", Epoch: "e1", LastSeq: 42, ProtocolVersion: ProtocolVersion}
}

func validHeartbeat() Heartbeat {
	oldest := time.Date(2026, 12, 3, 19, 0, 0, 0, time.UTC)
	return Heartbeat{
		Pizzeria: "paris-11", Epoch: "e1", LastSeq: 42, Backlog: 3,
		OldestPendingAt: &oldest, SentAt: oldest.Add(time.Minute),
	}
}

// encode returns the JSON of v, or fails the test.
func encode(tb testing.TB, v any) []byte {
	tb.Helper()
	data, err := Encode(v)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

func TestDecodeHello(t *testing.T) {
	want := validHello()
	got, err := DecodeHello(encode(t, want), "paris-11")
	if err != nil {
		t.Fatalf("DecodeHello: %v", err)
	}
	if *got != want {
		t.Errorf("DecodeHello = %+v, want %+v", *got, want)
	}
}

func TestDecodeHelloRefuses(t *testing.T) {
	tests := []struct {
		name     string
		data     func() []byte
		subject  string
		wantCode string
	}{
		{"another pizzeria", helloWith(func(h *Hello) { h.Pizzeria = "lyon-2" }), "paris-11", CodePizzeriaMismatch},
		{"bad pizzeria", helloWith(func(h *Hello) { h.Pizzeria = "Paris" }), "paris-11", CodeInvalid},
		{"no epoch", helloWith(func(h *Hello) { h.Epoch = "" }), "paris-11", CodeInvalid},
		{"long epoch", helloWith(func(h *Hello) { h.Epoch = strings.Repeat("e", 65) }), "paris-11", CodeInvalid},
		{"negative sequence", helloWith(func(h *Hello) { h.LastSeq = -1 }), "paris-11", CodeInvalid},
		{"no protocol version", helloWith(func(h *Hello) { h.ProtocolVersion = 0 }), "paris-11",
			CodeUnsupportedVersion},
		{"not JSON", func() []byte { return []byte(`hello`) }, "paris-11", CodeMalformed},
		{"unknown field", func() []byte {
			return []byte(`{"pizzeria":"paris-11","epoch":"e1","last_seq":1,"protocol_version":1,"x":1}`)
		}, "paris-11", CodeMalformed},
		{"two documents", func() []byte {
			return append(encode(t, validHello()), encode(t, validHello())...)
		}, "paris-11", CodeMalformed},
		{"too large", func() []byte { return tooLarge(encode(t, validHello())) }, "paris-11", CodeTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h, err := DecodeHello(tt.data(), tt.subject)
			if err == nil {
				t.Fatalf("DecodeHello accepted %+v", h)
			}
			if code := ErrorCode(err); code != tt.wantCode {
				t.Errorf("code %q (%v), want %q", code, err, tt.wantCode)
			}
		})
	}
}

// helloWith returns the JSON of a valid hello changed by mutate.
func helloWith(mutate func(h *Hello)) func() []byte {
	return func() []byte {
		h := validHello()
		mutate(&h)
		data, _ := Encode(h)
		return data
	}
}

// tooLarge returns doc followed by spaces up to one byte over
// MaxMessageBytes: valid JSON, refused for its size alone.
func tooLarge(doc []byte) []byte {
	return append(doc, []byte(strings.Repeat(" ", MaxMessageBytes+1-len(doc)))...)
}

func TestDecodeHelloAcceptsMaxSize(t *testing.T) {
	doc := encode(t, validHello())
	doc = append(doc, []byte(strings.Repeat(" ", MaxMessageBytes-len(doc)))...)
	if _, err := DecodeHello(doc, "paris-11"); err != nil {
		t.Fatalf("DecodeHello of %d bytes: %v", len(doc), err)
	}
}

func TestDecodeHeartbeat(t *testing.T) {
	want := validHeartbeat()
	got, err := DecodeHeartbeat(encode(t, want), "paris-11")
	if err != nil {
		t.Fatalf("DecodeHeartbeat: %v", err)
	}
	if got.Pizzeria != want.Pizzeria || got.Epoch != want.Epoch || got.LastSeq != want.LastSeq ||
		got.Backlog != want.Backlog || !got.SentAt.Equal(want.SentAt) ||
		got.OldestPendingAt == nil || !got.OldestPendingAt.Equal(*want.OldestPendingAt) {
		t.Errorf("DecodeHeartbeat = %+v, want %+v", got, want)
	}

	// A heartbeat with an empty outbox has no oldest pending event.
	empty := validHeartbeat()
	empty.Backlog, empty.OldestPendingAt = 0, nil
	if _, err := DecodeHeartbeat(encode(t, empty), "paris-11"); err != nil {
		t.Fatalf("DecodeHeartbeat of an empty backlog: %v", err)
	}
}

func TestDecodeHeartbeatRefuses(t *testing.T) {
	tests := []struct {
		name     string
		mutate   func(b *Heartbeat)
		wantCode string
	}{
		{"another pizzeria", func(b *Heartbeat) { b.Pizzeria = "lyon-2" }, CodePizzeriaMismatch},
		{"bad pizzeria", func(b *Heartbeat) { b.Pizzeria = "" }, CodeInvalid},
		{"no epoch", func(b *Heartbeat) { b.Epoch = "" }, CodeInvalid},
		{"negative sequence", func(b *Heartbeat) { b.LastSeq = -1 }, CodeInvalid},
		{"negative backlog", func(b *Heartbeat) { b.Backlog = -1 }, CodeInvalid},
		{"backlog beyond the sequence", func(b *Heartbeat) { b.Backlog = b.LastSeq + 1 }, CodeInvalid},
		{"no time", func(b *Heartbeat) { b.SentAt = time.Time{} }, CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := validHeartbeat()
			tt.mutate(&b)
			_, err := DecodeHeartbeat(encode(t, b), "paris-11")
			if code := ErrorCode(err); err == nil || code != tt.wantCode {
				t.Errorf("DecodeHeartbeat: %v, want code %q", err, tt.wantCode)
			}
		})
	}

	for name, data := range map[string][]byte{
		"not JSON":      []byte(`{"pizzeria":`),
		"unknown field": []byte(`{"pizzeria":"paris-11","epoch":"e1","sent_at":"2026-12-03T19:00:00Z","cpu":1}`),
		"trailing data": append(encode(t, validHeartbeat()), 'x'),
	} {
		if _, err := DecodeHeartbeat(data, "paris-11"); ErrorCode(err) != CodeMalformed {
			t.Errorf("%s: %v, want code %q", name, err, CodeMalformed)
		}
	}
	if _, err := DecodeHeartbeat(tooLarge(encode(t, validHeartbeat())), "paris-11"); ErrorCode(err) != CodeTooLarge {
		t.Errorf("too large: %v, want code %q", err, CodeTooLarge)
	}
}

// TestCursorJSON pins the field names of central's answer, which edges of
// another release read.
func TestCursorJSON(t *testing.T) {
	c := Cursor{
		Pizzeria: "paris-11", Epoch: "e1", AppliedSeq: 40, AppliedEventID: "ev-40", Behind: true,
		Error: &Error{Code: CodeInternal, Message: "database down"},
	}
	want := `{"pizzeria":"paris-11","epoch":"e1","applied_seq":40,"applied_event_id":"ev-40",` +
		`"behind":true,"error":{"code":"internal","message":"database down"}}`
	if got := string(encode(t, c)); got != want {
		t.Errorf("Cursor JSON\n got %s\nwant %s", got, want)
	}
	var back Cursor
	if err := json.Unmarshal([]byte(want), &back); err != nil || back.Error == nil || *back.Error != *c.Error {
		t.Fatalf("decode %s: %+v, %v", want, back, err)
	}

	// Optional fields are left out.
	if got := string(encode(t, Cursor{Pizzeria: "p2", Epoch: "e1"})); got != `{"pizzeria":"p2","epoch":"e1","applied_seq":0}` {
		t.Errorf("empty Cursor JSON %s", got)
	}
}
