package central

import (
	"context"
	"net/url"
	"time"
)

// PaymentStatus is where a payment intent stands at the provider.
type PaymentStatus string

// The statuses of a payment intent. An intent is created, may need the
// customer to authenticate (requires_action), then succeeds or fails; a
// succeeded intent may be refunded. Failed and refunded are final.
const (
	PaymentCreated        PaymentStatus = "created"
	PaymentRequiresAction PaymentStatus = "requires_action"
	PaymentSucceeded      PaymentStatus = "succeeded"
	PaymentFailed         PaymentStatus = "failed"
	PaymentRefunded       PaymentStatus = "refunded"
)

// Valid reports whether s is one of the statuses above.
func (s PaymentStatus) Valid() bool {
	switch s {
	case PaymentCreated, PaymentRequiresAction, PaymentSucceeded, PaymentFailed, PaymentRefunded:
		return true
	}
	return false
}

// Payable reports whether the customer may still pay an intent in status s.
func (s PaymentStatus) Payable() bool {
	return s == PaymentCreated || s == PaymentRequiresAction
}

// Why a payment failed, as the provider reports it.
const (
	PaymentDeclined             = "card_declined"
	PaymentInsufficientFunds    = "insufficient_funds"
	PaymentAuthenticationFailed = "authentication_failed"
	PaymentCanceled             = "canceled"
)

// Payment is a payment intent: an amount the customer is asked to pay on
// the provider's hosted page, which sends them back to ReturnURL.
type Payment struct {
	ID            string        `json:"id"`
	AmountCents   int64         `json:"amount_cents"`
	Currency      string        `json:"currency"`
	Reference     string        `json:"reference"` // the order it pays, for people reading both sides
	Status        PaymentStatus `json:"status"`
	FailureReason string        `json:"failure_reason,omitempty"`
	PaymentURL    string        `json:"payment_url"`
	ReturnURL     string        `json:"return_url"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// PaymentRequest asks the provider for a new payment intent.
type PaymentRequest struct {
	AmountCents int64  `json:"amount_cents"`
	Currency    string `json:"currency"`
	Reference   string `json:"reference"`
	ReturnURL   string `json:"return_url"`

	// IdempotencyKey makes the call safe to repeat: the provider answers
	// the same key with the same intent. Not part of the body.
	IdempotencyKey string `json:"-"`
}

// Payment limits: one order never costs more than MaxPaymentCents.
const (
	PaymentCurrency      = "eur"
	MaxPaymentCents      = 1_000_000
	MaxReferenceLen      = 64
	MaxIdempotencyKeyLen = 255
	maxReturnURLLen      = 2048
)

// Validate checks a payment request before it is sent or applied.
func (r *PaymentRequest) Validate() error {
	if r.AmountCents <= 0 || r.AmountCents > MaxPaymentCents {
		return Invalid("amount_cents", MsgBadAmount, MaxPaymentCents/100)
	}
	if r.Currency != PaymentCurrency {
		return Invalid("currency", MsgBadCurrency, r.Currency)
	}
	if r.Reference == "" {
		return Invalid("reference", MsgRequired)
	}
	if len(r.Reference) > MaxReferenceLen {
		return Invalid("reference", MsgTooLong, MaxReferenceLen)
	}
	if !validReturnURL(r.ReturnURL) {
		return Invalid("return_url", MsgBadReturnURL)
	}
	return ValidateIdempotencyKey(r.IdempotencyKey)
}

// validReturnURL accepts an absolute http or https URL without user
// information, so that the hosted page can only send the customer home.
func validReturnURL(raw string) bool {
	if raw == "" || len(raw) > maxReturnURLLen {
		return false
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" || u.User != nil {
		return false
	}
	return u.Scheme == "http" || u.Scheme == "https"
}

// ValidateIdempotencyKey checks a key: 1 to 255 printable ASCII characters.
func ValidateIdempotencyKey(key string) error {
	if key == "" {
		return Invalid("Idempotency-Key", MsgIdempotencyKeyRequired)
	}
	if len(key) > MaxIdempotencyKeyLen {
		return Invalid("Idempotency-Key", MsgTooLong, MaxIdempotencyKeyLen)
	}
	for _, c := range []byte(key) {
		if c < 0x21 || c > 0x7e {
			return Invalid("Idempotency-Key", MsgBadIdempotencyKey)
		}
	}
	return nil
}

// PaymentProvider is the payment service central takes online payments
// through. Every call that creates or moves money carries an idempotency
// key, so that a call repeated after a timeout does it once.
type PaymentProvider interface {
	// CreatePayment creates a payment intent and returns it with the URL of
	// its hosted payment page. The same key with the same request returns
	// the same intent; the same key with another request is ECONFLICT.
	// An invalid request is EINVALID; a provider out of reach is an error
	// of code EINTERNAL.
	CreatePayment(ctx context.Context, req *PaymentRequest) (*Payment, error)

	// FindPaymentByID returns an intent as the provider holds it now, or
	// ENOTFOUND.
	FindPaymentByID(ctx context.Context, id string) (*Payment, error)

	// RefundPayment refunds a succeeded intent in full and returns it in
	// status refunded. Repeating the call with the same key returns the
	// same answer and refunds once. ENOTFOUND for an unknown intent,
	// ECONFLICT when the intent was not paid or was already refunded under
	// another key.
	RefundPayment(ctx context.Context, id, idempotencyKey string) (*Payment, error)
}

// The types of the events a provider sends to central's webhook.
const (
	EventPaymentSucceeded = "payment.succeeded"
	EventPaymentFailed    = "payment.failed"
	EventPaymentRefunded  = "payment.refunded"
)

// PaymentEvent is one webhook event: something that happened to an intent.
// Each event has its own ID; the same event may arrive more than once and
// events may arrive out of order, so a receiver stores the IDs it applied
// (in the same transaction as the effect) and trusts Status over arrival
// order: an intent refunded never goes back to succeeded.
type PaymentEvent struct {
	ID            string        `json:"id"`
	Type          string        `json:"type"`
	PaymentID     string        `json:"payment_id"`
	Status        PaymentStatus `json:"status"`
	AmountCents   int64         `json:"amount_cents"`
	Reference     string        `json:"reference"`
	FailureReason string        `json:"failure_reason,omitempty"`
	Created       time.Time     `json:"created"`
}

// Validate checks an event decoded from a webhook body.
func (e *PaymentEvent) Validate() error {
	switch {
	case e.ID == "":
		return Invalid("id", MsgRequired)
	case e.PaymentID == "":
		return Invalid("payment_id", MsgRequired)
	case e.Created.IsZero():
		return Invalid("created", MsgRequired)
	}
	want := map[string]PaymentStatus{
		EventPaymentSucceeded: PaymentSucceeded,
		EventPaymentFailed:    PaymentFailed,
		EventPaymentRefunded:  PaymentRefunded,
	}[e.Type]
	if want == "" {
		return Invalid("type", MsgUnknownPaymentEvent, e.Type)
	}
	if e.Status != want {
		return Invalid("status", MsgUnknownPaymentEvent, e.Type+"/"+string(e.Status))
	}
	return nil
}

// WebhookTolerance is how far a webhook's timestamp may be from the
// receiver's clock: an older signed body is refused as a replay.
const WebhookTolerance = 5 * time.Minute

// Payment errors that callers act on, returned as they are (or wrapped)
// so that errors.Is tells them apart. A refund answered with
// ErrPaymentAlreadyRefunded has nothing left to do.
var (
	ErrIdempotencyKeyReused   = Errorm(ECONFLICT, MsgIdempotencyKeyReused)
	ErrPaymentNotRefundable   = Errorm(ECONFLICT, MsgPaymentNotRefundable)
	ErrPaymentAlreadyRefunded = Errorm(ECONFLICT, MsgPaymentAlreadyRefunded)
	ErrWebhookSignature       = Errorm(EUNAUTHORIZED, MsgWebhookSignature)
	ErrWebhookStale           = Errorm(EUNAUTHORIZED, MsgWebhookStale)
)
