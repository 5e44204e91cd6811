package syncproto

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"
)

// TestErrorCodesStable pins the codes: they are stored with dead letters
// and read by peers of other releases.
func TestErrorCodesStable(t *testing.T) {
	codes := map[string]string{
		CodeMalformed:          "malformed",
		CodeInvalid:            "invalid",
		CodeUnknownType:        "unknown_type",
		CodeUnsupportedVersion: "unsupported_version",
		CodePizzeriaMismatch:   "pizzeria_mismatch",
		CodeTooLarge:           "too_large",
		CodeInternal:           "internal",
	}
	for got, want := range codes {
		if got != want {
			t.Errorf("code %q, want %q", got, want)
		}
	}
}

func TestErrorCode(t *testing.T) {
	e := &Error{Code: CodePizzeriaMismatch, Message: "event of lyon-2"}
	if got := e.Error(); got != "pizzeria_mismatch: event of lyon-2" {
		t.Errorf("Error() = %q", got)
	}
	tests := []struct {
		err  error
		want string
	}{
		{e, CodePizzeriaMismatch},
		{fmt.Errorf("ingest: %w", e), CodePizzeriaMismatch},
		{errors.New("connection reset"), CodeInternal},
		{nil, CodeInternal},
	}
	for _, tt := range tests {
		if got := ErrorCode(tt.err); got != tt.want {
			t.Errorf("ErrorCode(%v) = %q, want %q", tt.err, got, tt.want)
		}
	}
}

func TestDecodeEvent(t *testing.T) {
	want := validEvent(t)
	got, err := DecodeEvent(encode(t, want), "paris-11")
	if err != nil {
		t.Fatalf("DecodeEvent: %v", err)
	}
	if !sameEvent(got, want) {
		t.Errorf("DecodeEvent = %+v, want %+v", got, want)
	}
}

// sameEvent reports whether a and b are the same event, payloads compared
// as JSON.
func sameEvent(a, b *Event) bool {
	var pa, pb bytes.Buffer
	if json.Compact(&pa, a.Payload) != nil || json.Compact(&pb, b.Payload) != nil {
		return false
	}
	return a.ID == b.ID && a.Pizzeria == b.Pizzeria && a.Epoch == b.Epoch && a.Seq == b.Seq &&
		a.Type == b.Type && a.SchemaVersion == b.SchemaVersion && a.OccurredAt.Equal(b.OccurredAt) &&
		bytes.Equal(pa.Bytes(), pb.Bytes())
}

func TestDecodeEventRefuses(t *testing.T) {
	valid := func(tb testing.TB) []byte { return encode(tb, validEvent(tb)) }
	with := func(mutate func(e *Event)) func(tb testing.TB) []byte {
		return func(tb testing.TB) []byte {
			e := validEvent(tb)
			mutate(e)
			return encode(tb, e)
		}
	}
	raw := func(s string) func(testing.TB) []byte { return func(testing.TB) []byte { return []byte(s) } }

	tests := []struct {
		name     string
		data     func(tb testing.TB) []byte
		wantCode string
	}{
		{"empty", raw(``), CodeMalformed},
		{"not JSON", raw(`order created`), CodeMalformed},
		{"cut short", func(tb testing.TB) []byte { d := valid(tb); return d[:len(d)/2] }, CodeMalformed},
		{"array", raw(`[]`), CodeMalformed},
		{"wrong field type", raw(`{"seq":"42"}`), CodeMalformed},
		{"unknown field", func(tb testing.TB) []byte {
			d := valid(tb)
			return append(d[:len(d)-1], []byte(`,"signature":"x"}`)...)
		}, CodeMalformed},
		{"trailing data", func(tb testing.TB) []byte { return append(valid(tb), []byte(` x`)...) }, CodeMalformed},
		{"two documents", func(tb testing.TB) []byte { return append(valid(tb), valid(tb)...) }, CodeMalformed},
		{"too large", func(tb testing.TB) []byte { return tooLarge(valid(tb)) }, CodeTooLarge},
		{"unknown type", with(func(e *Event) { e.Type = "order.deleted" }), CodeUnknownType},
		{"schema version too high", with(func(e *Event) { e.SchemaVersion = SchemaVersions[e.Type] + 1 }),
			CodeUnsupportedVersion},
		{"schema version 0", with(func(e *Event) { e.SchemaVersion = 0 }), CodeInvalid},
		{"no type", with(func(e *Event) { e.Type = "" }), CodeInvalid},
		{"no id", with(func(e *Event) { e.ID = "" }), CodeInvalid},
		{"seq 0", with(func(e *Event) { e.Seq = 0 }), CodeInvalid},
		{"no time", with(func(e *Event) { e.OccurredAt = time.Time{} }), CodeInvalid},
		{"no payload", func(tb testing.TB) []byte {
			var m map[string]any
			if err := json.Unmarshal(valid(tb), &m); err != nil {
				tb.Fatal(err)
			}
			delete(m, "payload")
			return encode(tb, m)
		}, CodeInvalid},
		{"another pizzeria", with(func(e *Event) { e.Pizzeria = "lyon-2" }), CodePizzeriaMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, err := DecodeEvent(tt.data(t), "paris-11")
			if err == nil {
				t.Fatalf("DecodeEvent accepted %+v", e)
			}
			if code := ErrorCode(err); code != tt.wantCode {
				t.Errorf("code %q (%v), want %q", code, err, tt.wantCode)
			}
		})
	}
}

// TestDecodeEventOnAnotherSubject checks that a valid event is refused on
// any subject but its pizzeria's, however the subject's pizzeria is
// spelled.
func TestDecodeEventOnAnotherSubject(t *testing.T) {
	data := encode(t, validEvent(t))
	for _, subject := range []string{"lyon-2", "", "paris-1", "paris-11 ", "PARIS-11"} {
		if _, err := DecodeEvent(data, subject); ErrorCode(err) != CodePizzeriaMismatch {
			t.Errorf("on the subject of %q: %v, want %q", subject, err, CodePizzeriaMismatch)
		}
	}
}

// decodeCodes are the codes DecodeEvent may return.
var decodeCodes = map[string]bool{
	CodeMalformed: true, CodeInvalid: true, CodeUnknownType: true,
	CodeUnsupportedVersion: true, CodePizzeriaMismatch: true, CodeTooLarge: true,
}

// FuzzDecodeEvent checks that DecodeEvent never panics, that it refuses
// with one of the protocol's codes, and that what it accepts is a valid
// event of the subject's pizzeria which encodes and decodes again to
// itself.
func FuzzDecodeEvent(f *testing.F) {
	valid := encode(f, validEvent(f))
	f.Add(valid, "paris-11")
	f.Add(valid, "lyon-2")
	f.Add([]byte(`{"id":"x","pizzeria":"p2","epoch":"e","seq":1,"type":"stock.moved",`+
		`"schema_version":1,"occurred_at":"2026-12-03T19:30:00+01:00","payload":[1, 2]}`), "p2")
	f.Add([]byte(`{"id":"x","pizzeria":"p2","seq":9223372036854775807,"type":"order.created",`+
		`"schema_version":2,"payload":null}`), "p2")
	f.Add([]byte(`{"Pizzeria":"p2","ID":"x"} {}`), "p2")
	f.Add([]byte(`null`), "")
	f.Add([]byte(`{"payload":{"a":"\u0000\ud800"}}`), "paris-11")

	f.Fuzz(func(t *testing.T, data []byte, subjectPizzeria string) {
		e, err := DecodeEvent(data, subjectPizzeria)
		if err != nil {
			if e != nil {
				t.Fatalf("an event and an error: %+v, %v", e, err)
			}
			if code := ErrorCode(err); !decodeCodes[code] {
				t.Fatalf("refused with code %q: %v", code, err)
			}
			return
		}

		// Accepted: a valid event of the subject's pizzeria.
		if err := e.Validate(); err != nil {
			t.Fatalf("accepted an invalid event: %v", err)
		}
		if e.Pizzeria != subjectPizzeria {
			t.Fatalf("accepted an event of %q on the subject of %q", e.Pizzeria, subjectPizzeria)
		}

		// Encoding it and decoding it again gives it back.
		again, err := Encode(e)
		if err != nil {
			t.Fatalf("encode an accepted event: %v", err)
		}
		back, err := DecodeEvent(again, subjectPizzeria)
		if err != nil {
			t.Fatalf("decode %s again: %v", again, err)
		}
		if !sameEvent(back, e) {
			t.Fatalf("round trip changed the event:\n%+v\n%+v", e, back)
		}
	})
}
