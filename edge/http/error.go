package http

import (
	"context"
	"errors"
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// statuses maps each application error code to its HTTP status. It is the
// only place where the two meet.
var statuses = map[string]int{
	edge.EBADREQUEST:   http.StatusBadRequest,
	edge.EINVALID:      http.StatusUnprocessableEntity,
	edge.EUNAUTHORIZED: http.StatusUnauthorized,
	edge.EFORBIDDEN:    http.StatusForbidden,
	edge.ENOTFOUND:     http.StatusNotFound,
	edge.ECONFLICT:     http.StatusConflict,
	edge.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	edge.EMETHOD:       http.StatusMethodNotAllowed,
	edge.EMEDIATYPE:    http.StatusUnsupportedMediaType,
	edge.ERATELIMIT:    http.StatusTooManyRequests,
	edge.EINTERNAL:     http.StatusInternalServerError,
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

// internalBody is the body of every internal error: it says nothing of
// the cause.
func internalBody() errorJSON {
	return errorBody(edge.EINTERNAL, edge.Message(edge.MsgInternal), "")
}

// Error writes err as a JSON error with its status. Internal errors are
// logged with their cause and shown to the caller as a generic sentence.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := edge.ErrorCode(err)
	switch {
	case errors.Is(err, context.Canceled) && r.Context().Err() != nil:
		// The client went away: no one reads the answer, and it is not a
		// fault of the server.
		s.log.Debug("request cancelled", "method", r.Method, "path", r.URL.Path, "error", err)
		writeJSON(w, http.StatusServiceUnavailable, internalBody())
		return
	case statusOf(code) == http.StatusInternalServerError:
		// Internal errors, and codes missing from the table, which are a
		// bug: both are logged and shown as the generic sentence.
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		writeJSON(w, http.StatusInternalServerError, internalBody())
		return
	}
	writeJSON(w, statusOf(code), errorBody(code, edge.ErrorMessage(err), edge.ErrorField(err)))
}
