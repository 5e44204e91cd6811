package edge

import (
	"errors"
	"fmt"
)

// Application error codes. They are few and closed: the http package maps
// each one to a status in a single place.
const (
	EBADREQUEST   = "bad_request"  // the request cannot be read (malformed JSON)
	EINVALID      = "invalid"      // the request is readable but not acceptable
	EUNAUTHORIZED = "unauthorized" // no valid session
	EFORBIDDEN    = "forbidden"    // the caller's role may not do this
	ENOTFOUND     = "not_found"    // the resource does not exist
	ECONFLICT     = "conflict"     // the current state refuses it (status, stock)
	ETOOLARGE     = "too_large"    // the request body is over the limit
	EMETHOD       = "method_not_allowed"
	EMEDIATYPE    = "unsupported_media_type" // the request body is not declared as JSON
	ERATELIMIT    = "rate_limited"           // too many attempts; try again later
	EINTERNAL     = "internal"               // anything else; details are only logged
)

// Error is the one application error type. Its Message is French text for
// the people using the pizzeria, taken from the message catalogue; Field
// names the input at fault when there is one.
type Error struct {
	Code    string
	Message string
	Field   string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s (%s)", e.Code, e.Message, e.Field)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an application error whose message is the catalogue entry
// key formatted with args.
func Errorf(code string, key MessageKey, args ...any) *Error {
	return &Error{Code: code, Message: Message(key, args...)}
}

// Invalid returns an EINVALID error about one input field.
func Invalid(field string, key MessageKey, args ...any) *Error {
	return &Error{Code: EINVALID, Message: Message(key, args...), Field: field}
}

// ErrorCode returns the code of the application error in err's chain, or
// EINTERNAL for any other error and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	switch {
	case err == nil:
		return ""
	case errors.As(err, &e):
		return e.Code
	default:
		return EINTERNAL
	}
}

// ErrorMessage returns the user-safe message of err: the application
// error's own message, or a generic one that reveals nothing internal.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return Message(MsgInternal)
}

// ErrorField returns the input field named by the application error in
// err's chain, if any.
func ErrorField(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Field
	}
	return ""
}
