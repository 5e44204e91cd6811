package syncproto

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/ocpizza/ocpizza/syncproto/strictjson"
)

// Stable error codes of the protocol. They are stored with dead letters
// and shown on the sync console, so they never change meaning.
const (
	CodeMalformed          = "malformed"           // not one JSON document of the right shape
	CodeInvalid            = "invalid"             // readable, but a field is missing or out of range
	CodeUnknownType        = "unknown_type"        // an event type this side does not know
	CodeUnsupportedVersion = "unsupported_version" // a schema or protocol version above what this side reads
	CodePizzeriaMismatch   = "pizzeria_mismatch"   // the payload names another pizzeria than its subject
	CodeUnknownPizzeria    = "unknown_pizzeria"    // the pizzeria is not registered at head office
	CodeTooLarge           = "too_large"           // over MaxMessageBytes
	CodeInternal           = "internal"            // the receiver failed; try again
)

// Error is a protocol error with a stable code.
type Error struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

// ErrorCode returns the protocol code of err, or CodeInternal.
func ErrorCode(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// decodeStrict reads exactly one JSON document of at most MaxMessageBytes
// into v, by the rules of strictjson.
func decodeStrict(data []byte, v any) error {
	if len(data) > MaxMessageBytes {
		return &Error{Code: CodeTooLarge, Message: fmt.Sprintf("%d bytes", len(data))}
	}
	if err := strictjson.Decode(bytes.NewReader(data), v); err != nil {
		return &Error{Code: CodeMalformed, Message: err.Error()}
	}
	return nil
}

// DecodeEvent reads an event envelope received on the up subject of
// subjectPizzeria and checks it: well formed, a known type at a schema
// version this side reads, and from the pizzeria of its subject. The
// payload itself is decoded by the receiver for its type.
func DecodeEvent(data []byte, subjectPizzeria string) (*Event, error) {
	var e Event
	if err := decodeStrict(data, &e); err != nil {
		return nil, err
	}
	if err := e.validateFields(); err != nil {
		code := CodeInvalid
		if known, ok := SchemaVersions[e.Type]; !ok && e.Type != "" {
			code = CodeUnknownType
		} else if ok && e.SchemaVersion > known {
			code = CodeUnsupportedVersion
		}
		return nil, &Error{Code: code, Message: err.Error()}
	}
	if e.Pizzeria != subjectPizzeria {
		return nil, &Error{Code: CodePizzeriaMismatch,
			Message: fmt.Sprintf("event of %q on the subject of %q", e.Pizzeria, subjectPizzeria)}
	}
	return &e, nil
}
