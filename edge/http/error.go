package http

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// statusOf maps each application error code to its HTTP status. It is the
// only place where the two meet.
var statusOf = map[string]int{
	edge.EBADREQUEST:   http.StatusBadRequest,
	edge.EINVALID:      http.StatusUnprocessableEntity,
	edge.EUNAUTHORIZED: http.StatusUnauthorized,
	edge.EFORBIDDEN:    http.StatusForbidden,
	edge.ENOTFOUND:     http.StatusNotFound,
	edge.ECONFLICT:     http.StatusConflict,
	edge.ETOOLARGE:     http.StatusRequestEntityTooLarge,
	edge.EMETHOD:       http.StatusMethodNotAllowed,
	edge.ERATELIMIT:    http.StatusTooManyRequests,
	edge.EINTERNAL:     http.StatusInternalServerError,
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

// Error writes err as a JSON error with its status. Internal errors are
// logged with their cause and shown to the caller as a generic sentence.
func (s *Server) Error(w http.ResponseWriter, r *http.Request, err error) {
	code := edge.ErrorCode(err)
	if code == edge.EINTERNAL {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
	}
	writeJSON(w, statusOf[code], errorBody(code, edge.ErrorMessage(err), edge.ErrorField(err)))
}
