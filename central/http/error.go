package http

import (
	"context"
	"errors"
	"net/http"

	"github.com/ocpizza/ocpizza/central"
)

// Error codes of the HTTP layer alone, added to the domain's closed set:
// no service returns them, only the transport around it.
const (
	EMETHOD    = "method_not_allowed"
	ETOOLARGE  = "too_large"
	EMEDIATYPE = "unsupported_media_type"
	ERATELIMIT = "rate_limited"
)

// statuses maps each error code to its HTTP status. It is the only place
// where the two meet.
var statuses = map[string]int{
	central.EBADREQUEST:   http.StatusBadRequest,
	central.EINVALID:      http.StatusUnprocessableEntity,
	central.EUNAUTHORIZED: http.StatusUnauthorized,
	central.EFORBIDDEN:    http.StatusForbidden,
	central.ENOTFOUND:     http.StatusNotFound,
	central.ECONFLICT:     http.StatusConflict,
	central.EINTERNAL:     http.StatusInternalServerError,
	EMETHOD:               http.StatusMethodNotAllowed,
	ETOOLARGE:             http.StatusRequestEntityTooLarge,
	EMEDIATYPE:            http.StatusUnsupportedMediaType,
	ERATELIMIT:            http.StatusTooManyRequests,
}

// statusOf returns the HTTP status of an error code; a code missing from
// the table is a server fault, never status 0.
func statusOf(code string) int {
	if status, ok := statuses[code]; ok {
		return status
	}
	return http.StatusInternalServerError
}

// errorJSON is the body of every error: {"error": {"code", "message"}},
// with the field at fault when there is one.
type errorJSON struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
	} `json:"error"`
}

func errorBody(code, message, field string) errorJSON {
	var body errorJSON
	body.Error.Code, body.Error.Message, body.Error.Field = code, message, field
	return body
}

// userError returns what a user may see of err: its status, code, French
// message and field. Internal errors, and codes missing from the table,
// are logged with their cause and shown as the generic sentence.
func (s *Server) userError(r *http.Request, err error) (int, errorJSON) {
	var appErr *central.Error
	code := central.ErrorCode(err)
	switch {
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away: no one reads the answer, and it is not a
		// fault of the server.
		s.log.Debug("request cancelled", "method", r.Method, "path", r.URL.Path, "error", err)
		return http.StatusServiceUnavailable,
			errorBody(central.EINTERNAL, central.Message(central.MsgInternal), "")
	case statusOf(code) == http.StatusInternalServerError || !errors.As(err, &appErr):
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		return http.StatusInternalServerError,
			errorBody(central.EINTERNAL, central.Message(central.MsgInternal), "")
	}
	return statusOf(code), errorBody(code, appErr.Message, appErr.Field)
}

// Error writes err as a JSON error with its status.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	status, body := s.userError(r, err)
	writeJSON(w, status, body)
}
