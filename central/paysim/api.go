package paysim

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/strictjson"
)

// maxAPIBody bounds a request body of the API.
const maxAPIBody = 64 << 10

// ReplayedHeader is set on an answer that repeats the stored answer of an
// earlier request with the same idempotency key.
const ReplayedHeader = "Idempotent-Replayed"

// auth lets through requests that carry the API key as a bearer token,
// compared in constant time.
func (s *Server) auth(next http.HandlerFunc) http.Handler {
	want := []byte("Bearer " + s.cfg.APIKey)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got := []byte(r.Header.Get("Authorization"))
		if subtle.ConstantTimeCompare(got, want) != 1 {
			s.writeError(w, r, central.Errorm(central.EUNAUTHORIZED, central.MsgBadAPIKey))
			return
		}
		next(w, r)
	})
}

// handleCreate creates a payment intent: POST /v1/payments.
func (s *Server) handleCreate(w http.ResponseWriter, r *http.Request) {
	// Parse: the raw body is the idempotency fingerprint, then the request.
	key := r.Header.Get("Idempotency-Key")
	raw, err := readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	req, err := decodeRequest(raw)
	if err == nil {
		req.IdempotencyKey = key
		err = req.Validate()
	}
	if err != nil {
		s.writeError(w, r, err)
		return
	}

	// Create once per key.
	base := s.baseURL(r)
	status, body, replayed, err := s.store.idempotent(key, fingerprint(r, raw),
		func() (int, []byte, error) {
			p := s.store.createLocked(req, base)
			s.log.Info("payment created", "payment_id", p.ID, "amount_cents", p.AmountCents,
				"reference", p.Reference)
			return http.StatusCreated, mustJSON(p), nil
		})
	s.writeIdempotent(w, r, status, body, replayed, err)
}

// handleGet returns an intent: GET /v1/payments/{id}.
func (s *Server) handleGet(w http.ResponseWriter, r *http.Request) {
	p, ok := s.store.find(r.PathValue("id"))
	if !ok {
		s.writeError(w, r, central.Errorm(central.ENOTFOUND, central.MsgPaymentNotFound, r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, mustJSON(p))
}

// handleRefund refunds a succeeded intent in full once per key:
// POST /v1/payments/{id}/refund. The refund's webhook is sent only by the
// call that refunded, never by a replay.
func (s *Server) handleRefund(w http.ResponseWriter, r *http.Request) {
	key := r.Header.Get("Idempotency-Key")
	if err := central.ValidateIdempotencyKey(key); err != nil {
		s.writeError(w, r, err)
		return
	}
	raw, err := readBody(w, r)
	if err != nil {
		s.writeError(w, r, err)
		return
	}

	// Refund once per key; a refund under another key finds it done.
	id := r.PathValue("id")
	var refunded *central.Payment
	status, body, replayed, err := s.store.idempotent(key, fingerprint(r, raw),
		func() (int, []byte, error) {
			p, moved, err := s.store.transitionLocked(id,
				[]central.PaymentStatus{central.PaymentSucceeded}, central.PaymentRefunded, "")
			switch {
			case err != nil:
				return 0, nil, err
			case !moved && p.Status == central.PaymentRefunded:
				return 0, nil, central.ErrPaymentAlreadyRefunded
			case !moved:
				return 0, nil, central.ErrPaymentNotRefundable
			}
			refunded = &p
			return http.StatusOK, mustJSON(p), nil
		})
	if refunded != nil {
		s.log.Info("payment refunded", "payment_id", id, "amount_cents", refunded.AmountCents)
		s.notifier.notify(*refunded)
	}
	s.writeIdempotent(w, r, status, body, replayed, err)
}

// writeIdempotent writes the outcome of an idempotent call.
func (s *Server) writeIdempotent(w http.ResponseWriter, r *http.Request, status int, body []byte,
	replayed bool, err error) {
	if err != nil {
		s.writeError(w, r, err)
		return
	}
	if replayed {
		w.Header().Set(ReplayedHeader, "true")
	}
	writeJSON(w, status, body)
}

// readBody reads a bounded request body, which must be JSON when present.
func readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	if !strictjson.Declared(r) {
		return nil, central.Errorm(central.EBADREQUEST, central.MsgUnsupportedMediaType)
	}
	raw, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxAPIBody))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, central.Errorm(central.EBADREQUEST, central.MsgBodyTooLarge)
	}
	if err != nil {
		return nil, central.Errorm(central.EBADREQUEST, central.MsgBadRequest)
	}
	return raw, nil
}

// decodeRequest decodes a payment request strictly, by the rules of
// strictjson: one JSON object, without unknown fields.
func decodeRequest(raw []byte) (*central.PaymentRequest, error) {
	var req central.PaymentRequest
	err := strictjson.Decode(bytes.NewReader(raw), &req)
	var bad *strictjson.Error
	switch {
	case err == nil:
		return &req, nil
	case errors.As(err, &bad) && bad.Problem == strictjson.UnknownField:
		unknown := central.Errorm(central.EBADREQUEST, central.MsgUnknownField, bad.Field)
		unknown.Field = bad.Field
		return nil, unknown
	default:
		return nil, central.Errorm(central.EBADREQUEST, central.MsgBadRequest)
	}
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err) // the payment types always encode
	}
	return b
}

func writeJSON(w http.ResponseWriter, status int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	// body may be a stored answer shared with other requests: never
	// append to it.
	_, _ = w.Write(body)
	_, _ = w.Write([]byte("\n"))
}
