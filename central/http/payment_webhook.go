package http

import (
	"errors"
	"io"
	"net/http"

	"github.com/ocpizza/ocpizza/central"
)

// WebhookVerifier checks a payment provider's webhook: its signature
// headers over the raw body, then its time, and returns the event it
// carries. It returns an error of code EUNAUTHORIZED for a missing, wrong
// or stale signature, EBADREQUEST or EINVALID for a signed body that is
// not a valid event. The command wires the provider's own (paysim).
type WebhookVerifier func(header http.Header, body []byte) (*central.PaymentEvent, error)

// handlePaymentWebhook applies an event of the payment provider:
// POST /api/v1/payments/webhook. The raw body (bounded like every body) is
// verified before anything reads it; then the event is applied once, its
// id stored in the same transaction as its effect. An event applied
// before is acknowledged again (200) and changes nothing, so that the
// provider stops retrying. A bad or stale signature is 400 and writes
// nothing.
func (s *Server) handlePaymentWebhook(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			s.Error(w, r, central.Errorm(ETOOLARGE, central.MsgBodyTooLarge))
			return
		}
		s.Error(w, r, central.Errorm(central.EBADREQUEST, central.MsgBadRequest))
		return
	}
	if s.verifyWebhook == nil || s.WebOrders == nil {
		s.Error(w, r, central.Errorm(central.EBADREQUEST, central.MsgWebhookSignature))
		return
	}
	ev, err := s.verifyWebhook(r.Header, body)
	if err != nil {
		s.refuseWebhook(w, r, err)
		return
	}

	applied, err := s.WebOrders.ApplyPaymentEvent(r.Context(), ev)
	if err != nil {
		s.log.Warn("payment webhook not applied", "event_id", ev.ID, "type", ev.Type,
			"payment_id", ev.PaymentID, "error", err)
		s.Error(w, r, err)
		return
	}
	s.log.Info("payment webhook", "event_id", ev.ID, "type", ev.Type,
		"payment_id", ev.PaymentID, "applied", applied)
	if applied {
		s.webOrdersMoved()
	}
	writeJSON(w, http.StatusOK, webhookAnswer{Received: true, Applied: applied})
}

// webhookAnswer acknowledges a webhook; Applied is false for a replay.
type webhookAnswer struct {
	Received bool `json:"received"`
	Applied  bool `json:"applied"`
}

// refuseWebhook answers a webhook that did not verify: 400 with the
// reason, logged for the operator (a wrong secret shows here first).
func (s *Server) refuseWebhook(w http.ResponseWriter, r *http.Request, err error) {
	s.log.Warn("payment webhook refused", "error", err)
	code := central.ErrorCode(err)
	if code == central.EUNAUTHORIZED {
		// A signature is not a session: 401 would ask for a log-in.
		var appErr *central.Error
		msg := central.Message(central.MsgWebhookSignature)
		if errors.As(err, &appErr) {
			msg = appErr.Message
		}
		writeJSON(w, http.StatusBadRequest, errorBody(central.EBADREQUEST, msg, ""))
		return
	}
	s.Error(w, r, err)
}
