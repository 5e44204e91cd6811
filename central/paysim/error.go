package paysim

import (
	"errors"
	"net/http"

	"github.com/ocpizza/ocpizza/central"
)

// statuses maps the error codes the simulator answers with to their HTTP
// status.
var statuses = map[string]int{
	central.EBADREQUEST:   http.StatusBadRequest,
	central.EINVALID:      http.StatusUnprocessableEntity,
	central.EUNAUTHORIZED: http.StatusUnauthorized,
	central.ENOTFOUND:     http.StatusNotFound,
	central.ECONFLICT:     http.StatusConflict,
}

// Reasons tell apart the conflicts a client acts on differently. They are
// part of the protocol: the client maps them back to the domain's errors.
const (
	ReasonIdempotencyKeyReused = "idempotency_key_reused"
	ReasonNotRefundable        = "not_refundable"
	ReasonAlreadyRefunded      = "already_refunded"
)

var reasonErrors = map[string]*central.Error{
	ReasonIdempotencyKeyReused: central.ErrIdempotencyKeyReused,
	ReasonNotRefundable:        central.ErrPaymentNotRefundable,
	ReasonAlreadyRefunded:      central.ErrPaymentAlreadyRefunded,
}

// errorJSON is the body of every API error:
// {"error": {"code", "message", "field", "reason"}}.
type errorJSON struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
		Field   string `json:"field,omitempty"`
		Reason  string `json:"reason,omitempty"`
	} `json:"error"`
}

// writeError answers an API request with an error. Application errors are
// shown as they are; any other error is logged and shown as the generic
// sentence.
func (s *Server) writeError(w http.ResponseWriter, r *http.Request, err error) {
	var body errorJSON
	var appErr *central.Error
	status, known := statuses[central.ErrorCode(err)]
	if !known || !errors.As(err, &appErr) {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "error", err)
		body.Error.Code, body.Error.Message = central.EINTERNAL, central.Message(central.MsgInternal)
		writeJSON(w, http.StatusInternalServerError, mustJSON(body))
		return
	}

	body.Error.Code, body.Error.Message, body.Error.Field = appErr.Code, appErr.Message, appErr.Field
	for reason, e := range reasonErrors {
		if appErr == e {
			body.Error.Reason = reason
		}
	}
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="paysim"`)
	}
	writeJSON(w, status, mustJSON(body))
}
