// Package strictjson reads JSON by the rules every OC Pizza interface
// keeps, HTTP bodies and NATS messages alike: exactly one JSON value, with
// no field the receiving type does not have and nothing after it, so that
// a typo or a second document is refused rather than ignored. An HTTP body
// must also be declared as application/json. The size limit is the
// caller's (http.MaxBytesReader for a body). Each service turns the Error
// into its own error and message.
package strictjson

import (
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
)

// Problem says what is wrong with a document.
type Problem int

const (
	Malformed    Problem = iota // not exactly one JSON value of the expected shape
	WrongType                   // a field of the wrong type, named by Field when known
	UnknownField                // a field the receiving type does not have, named by Field
	TooLarge                    // over the limit of an http.MaxBytesReader
)

// Error is a document refused, and why.
type Error struct {
	Problem Problem
	Field   string
	err     error
}

func (e *Error) Error() string { return e.err.Error() }

func (e *Error) Unwrap() error { return e.err }

// Declared reports whether a request's body, when it has one, is declared
// as application/json; parameters such as charset are allowed. A body of
// unknown length (ContentLength -1) must be declared too.
func Declared(r *http.Request) bool {
	if r.ContentLength == 0 {
		return true
	}
	mediaType, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	return err == nil && mediaType == "application/json"
}

// Decode reads exactly one JSON value from r into v. Any failure is an
// *Error.
func Decode(r io.Reader, v any) error {
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return refusal(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		if err != nil {
			return refusal(err)
		}
		return &Error{Problem: Malformed, err: errors.New("data after the document")}
	}
	return nil
}

// refusal names the problem of a decoding failure, and the field at
// fault when it can.
func refusal(err error) *Error {
	var tooLarge *http.MaxBytesError
	var typeErr *json.UnmarshalTypeError
	switch {
	case errors.As(err, &tooLarge):
		return &Error{Problem: TooLarge, err: err}
	case errors.As(err, &typeErr):
		return &Error{Problem: WrongType, Field: typeErr.Field, err: err}
	}
	// encoding/json has no type for an unknown field: its message is all
	// there is, and it quotes the name.
	if field, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		return &Error{Problem: UnknownField, Field: strings.Trim(field, `"`), err: err}
	}
	return &Error{Problem: Malformed, err: err}
}
