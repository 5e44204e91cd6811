package syncproto

import (
	"encoding/json"
	"fmt"
	"time"
)

// Hello is what a pizzeria sends when its link comes up, and then every
// few seconds: who it is and how far its outbox goes. Central answers with
// a Cursor read from PostgreSQL.
type Hello struct {
	Pizzeria        string `json:"pizzeria"`
	Epoch           string `json:"epoch"`
	LastSeq         int64  `json:"last_seq"`
	ProtocolVersion int    `json:"protocol_version"`
}

// Validate checks a hello.
func (h *Hello) Validate() error {
	switch {
	case !ValidPizzeriaID(h.Pizzeria):
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("bad pizzeria id %q", h.Pizzeria)}
	case h.Epoch == "" || len(h.Epoch) > 64:
		return &Error{Code: CodeInvalid, Message: "missing or long epoch"}
	case h.LastSeq < 0:
		return &Error{Code: CodeInvalid, Message: "negative sequence"}
	case h.ProtocolVersion < 1:
		return &Error{Code: CodeUnsupportedVersion, Message: "no protocol version"}
	}
	return nil
}

// Cursor is central's answer to a hello: the last sequence of the
// pizzeria's epoch that central has applied. The pizzeria deletes what is
// confirmed and sends again everything after AppliedSeq. Behind is set
// when central has applied more of the epoch than the pizzeria holds: the
// pizzeria was restored from an older copy and must start a new epoch.
//
// AppliedEventID is the id of the event central holds at AppliedSeq: a
// pizzeria whose own event at that sequence has another id has diverged
// (it was restored and wrote new events under old numbers) and must also
// start a new epoch.
type Cursor struct {
	Pizzeria       string `json:"pizzeria"`
	Epoch          string `json:"epoch"`
	AppliedSeq     int64  `json:"applied_seq"`
	AppliedEventID string `json:"applied_event_id,omitempty"`
	Behind         bool   `json:"behind,omitempty"`
	Error          *Error `json:"error,omitempty"`
}

// Heartbeat is what a pizzeria reports every few seconds on core NATS: its
// backlog, so that the sync console shows it even when nothing flows.
type Heartbeat struct {
	Pizzeria        string     `json:"pizzeria"`
	Epoch           string     `json:"epoch"`
	LastSeq         int64      `json:"last_seq"`
	Backlog         int64      `json:"backlog"`
	OldestPendingAt *time.Time `json:"oldest_pending_at,omitempty"`
	SentAt          time.Time  `json:"sent_at"`
}

// Validate checks a heartbeat.
func (b *Heartbeat) Validate() error {
	switch {
	case !ValidPizzeriaID(b.Pizzeria):
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("bad pizzeria id %q", b.Pizzeria)}
	case b.Epoch == "" || b.LastSeq < 0 || b.Backlog < 0 || b.Backlog > b.LastSeq:
		return &Error{Code: CodeInvalid, Message: "inconsistent heartbeat"}
	case b.SentAt.IsZero():
		return &Error{Code: CodeInvalid, Message: "missing time"}
	}
	return nil
}

// DecodeHello reads a hello and checks that it comes from the pizzeria of
// its subject.
func DecodeHello(data []byte, subjectPizzeria string) (*Hello, error) {
	var h Hello
	if err := decodeStrict(data, &h); err != nil {
		return nil, err
	}
	if err := h.Validate(); err != nil {
		return nil, err
	}
	if h.Pizzeria != subjectPizzeria {
		return nil, &Error{Code: CodePizzeriaMismatch,
			Message: fmt.Sprintf("hello from %q on the subject of %q", h.Pizzeria, subjectPizzeria)}
	}
	return &h, nil
}

// DecodeHeartbeat reads a heartbeat and checks its pizzeria.
func DecodeHeartbeat(data []byte, subjectPizzeria string) (*Heartbeat, error) {
	var b Heartbeat
	if err := decodeStrict(data, &b); err != nil {
		return nil, err
	}
	if err := b.Validate(); err != nil {
		return nil, err
	}
	if b.Pizzeria != subjectPizzeria {
		return nil, &Error{Code: CodePizzeriaMismatch,
			Message: fmt.Sprintf("heartbeat from %q on the subject of %q", b.Pizzeria, subjectPizzeria)}
	}
	return &b, nil
}

// Encode returns the JSON of a protocol message.
func Encode(v any) ([]byte, error) {
	return json.Marshal(v)
}
