package central

import (
	"context"
	"strings"
	"time"
	"unicode/utf8"
)

// WebOrderState is where central's routing of a web order stands. Once a
// pizzeria holds the order, the status it reports (WebOrder.Status) says
// the rest.
type WebOrderState string

// The states of a web order.
const (
	WebAwaitingPayment WebOrderState = "awaiting_payment" // online, not paid yet
	WebPaymentFailed   WebOrderState = "payment_failed"   // never placed
	WebWaiting         WebOrderState = "waiting"          // placed with a pizzeria, no answer yet
	WebAccepted        WebOrderState = "accepted"         // a pizzeria holds it
	WebRefused         WebOrderState = "refused"          // no pizzeria could
	WebCancelRequested WebOrderState = "cancel_requested" // the customer asked, the pizzeria decides
	WebCancelled       WebOrderState = "cancelled"
)

// Payment methods a customer chooses, and the payment statuses of a web
// order.
const (
	PayOnline     = "online"
	PayOnDelivery = "on_delivery" // cash or card at the door or counter

	WebPaymentPending  = "pending"
	WebPaymentPaid     = "paid"
	WebPaymentFailedSt = "failed"
	WebPaymentRefunded = "refunded"
)

// Reasons central itself gives in WebOrder.RequestReason, beside the
// pizzerias' refusal codes.
const (
	// WebReasonRerouted closes, as refused, a change the customer asked of
	// a pizzeria the order then left: the next pizzeria got the order as
	// it was, and the customer may ask again.
	WebReasonRerouted = "rerouted"
	// WebReasonUnpaid marks an online order cancelled because its payment
	// did not come in time; a payment made after that is refunded.
	WebReasonUnpaid = "payment_timeout"
)

// Bounds on web order input.
const (
	MaxWebOrderLines = 50
	MaxWebLineQty    = 50
	MaxWebNoteLen    = 300
	// MaxOpenWebOrders is how many of a customer's orders may wait at once
	// for their payment or for a pizzeria's answer: a new one past it is
	// refused, so that a script or a stuck button cannot flood the
	// pizzerias with orders nobody will collect.
	MaxOpenWebOrders = 5
)

// WebOrderLine is one line of a web order, priced from the catalog.
type WebOrderLine struct {
	ProductID      string `json:"product_id"`
	ProductName    string `json:"product_name"`
	Quantity       int64  `json:"quantity"`
	UnitPriceCents int64  `json:"unit_price_cents"`
	Note           string `json:"note,omitempty"`
}

// WebOrderEvent is one step of the order's history as the pizzeria
// reported it.
type WebOrderEvent struct {
	From   string    `json:"from"`
	To     string    `json:"to"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// WebOrder is the customer's view of a web order: central's state and,
// once a pizzeria holds it, what that pizzeria reports.
type WebOrder struct {
	ID         string        `json:"id"`
	CustomerID string        `json:"-"`
	State      WebOrderState `json:"state"`
	Status     string        `json:"status"` // the pizzeria's status, or one derived from State
	Fulfilment string        `json:"fulfilment"`
	Pizzeria   string        `json:"pizzeria"` // the current assignment's, "" before any
	// PizzeriaOnline says whether central hears from that pizzeria now: an
	// order waits for an answer while it is not.
	PizzeriaOnline bool `json:"pizzeria_online"`
	// OrderedFrom is the pizzeria the order was first offered to: the one
	// chosen for a pick-up, or whose menu the customer ordered from.
	OrderedFrom   string          `json:"ordered_from"`
	Assignment    int64           `json:"assignment"`
	EdgeOrderID   string          `json:"pizzeria_order_id,omitempty"` // the id the pizzeria knows it by
	Postcode      string          `json:"postcode,omitempty"`
	Address       string          `json:"address,omitempty"`
	CustomerName  string          `json:"customer_name"`
	CustomerPhone string          `json:"customer_phone"`
	Lines         []WebOrderLine  `json:"lines"`
	TotalCents    int64           `json:"total_cents"`
	PaymentMethod string          `json:"payment_method"`
	PaymentStatus string          `json:"payment_status"`
	PaymentURL    string          `json:"payment_url,omitempty"`
	PaymentID     string          `json:"-"`
	Request       string          `json:"request,omitempty"` // "cancel" or "modify" while the pizzeria decides
	RequestAnswer string          `json:"request_answer,omitempty"`
	RequestReason string          `json:"request_reason,omitempty"`
	Ticket        *int64          `json:"ticket"`
	History       []WebOrderEvent `json:"history"`
	Message       string          `json:"message"` // a French sentence about where it stands
	CreatedAt     time.Time       `json:"created_at"`
	UpdatedAt     time.Time       `json:"updated_at"`
}

// Settled reports whether nothing more will happen to the order: its
// pizzeria handed it over or it ended, no request is pending, and no
// refund is owed.
func (o *WebOrder) Settled() bool {
	switch {
	case o.Request != "":
		return false
	case o.State == WebPaymentFailed:
		return o.PaymentStatus != WebPaymentPaid // paid late: its refund is on its way
	case o.State == WebCancelled || o.State == WebRefused:
		// Paid online, or maybe paid late: a refund may be on its way.
		return o.PaymentMethod != PayOnline ||
			(o.PaymentStatus != WebPaymentPaid && o.PaymentStatus != WebPaymentPending)
	}
	return o.Status == "delivered" || o.Status == "picked_up"
}

// WebAddress is a delivery address as an order gives it.
type WebAddress struct {
	Street   string `json:"street"`
	Postcode string `json:"postcode"`
	City     string `json:"city"`
	Details  string `json:"details"`
}

// OneLine returns the address as the pizzeria and the driver read it.
func (a *WebAddress) OneLine() string {
	s := a.Street + ", " + a.Postcode + " " + a.City
	if a.Details != "" {
		s += " (" + a.Details + ")"
	}
	return s
}

// Validate tidies and checks an address, as a kept address is checked.
func (a *WebAddress) Validate() error {
	kept := Address{Street: a.Street, Postcode: a.Postcode, City: a.City, Details: a.Details}
	if err := kept.Validate(); err != nil {
		return err
	}
	a.Street, a.Postcode, a.City, a.Details = kept.Street, kept.Postcode, kept.City, kept.Details
	return nil
}

// WebLineRequest is a line as the customer asks for it.
type WebLineRequest struct {
	ProductID string `json:"product_id"`
	Quantity  int64  `json:"quantity"`
	Note      string `json:"note"`
}

// WebOrderRequest is a new web order (SPEC §6): a pizzeria for pick-up,
// an address for delivery. A delivery may name a pizzeria too, the one
// whose menu the customer ordered from: it must serve the address, and
// is offered the order first.
type WebOrderRequest struct {
	Pizzeria      string           `json:"pizzeria"`
	Address       *WebAddress      `json:"address"`
	Fulfilment    string           `json:"fulfilment"`
	Lines         []WebLineRequest `json:"lines"`
	PaymentMethod string           `json:"payment_method"`

	// ClientKey makes the request idempotent: a second request of the
	// same customer with the same key gets the order the first one made.
	// The API reads it from the Idempotency-Key header; the checkout page
	// gives its form's one-time token. Empty: no key.
	ClientKey string `json:"-"`
}

// Validate tidies and checks a new order.
func (r *WebOrderRequest) Validate() error {
	switch r.Fulfilment {
	case "delivery":
		if r.Address == nil {
			return Invalid("address", MsgRequired)
		}
		if err := r.Address.Validate(); err != nil {
			return err
		}
	case "pickup":
		if r.Pizzeria == "" {
			return Invalid("pizzeria", MsgRequired)
		}
	default:
		return Invalid("fulfilment", MsgBadFulfilment)
	}
	if r.PaymentMethod != PayOnline && r.PaymentMethod != PayOnDelivery {
		return Invalid("payment_method", MsgBadWebPaymentMethod)
	}
	if r.ClientKey != "" {
		if err := ValidateIdempotencyKey(r.ClientKey); err != nil {
			return err
		}
	}
	return ValidateWebLines(r.Lines, true)
}

// ValidateWebLines tidies and checks the lines of an order or a change.
func ValidateWebLines(lines []WebLineRequest, required bool) error {
	if required && len(lines) == 0 {
		return Invalid("lines", MsgWebOrderEmpty)
	}
	if len(lines) > MaxWebOrderLines {
		return Invalid("lines", MsgTooManyLines, MaxWebOrderLines)
	}
	for i := range lines {
		l := &lines[i]
		l.ProductID, l.Note = strings.TrimSpace(l.ProductID), strings.TrimSpace(l.Note)
		switch {
		case l.ProductID == "":
			return Invalid("lines.product_id", MsgRequired)
		case l.Quantity < 1 || l.Quantity > MaxWebLineQty:
			return Invalid("lines.quantity", MsgBadQuantity, MaxWebLineQty)
		case utf8.RuneCountInString(l.Note) > MaxWebNoteLen:
			return Invalid("lines.note", MsgTooLong, MaxWebNoteLen)
		case !oneLine(l.Note):
			return Invalid("lines.note", MsgOneLine)
		}
	}
	return nil
}

// WebOrderChange is a customer's request to change an order: new lines,
// a new address, or both.
type WebOrderChange struct {
	Lines   []WebLineRequest `json:"lines"`
	Address *WebAddress      `json:"address"`
}

// Validate tidies and checks a change.
func (c *WebOrderChange) Validate() error {
	if len(c.Lines) == 0 && c.Address == nil {
		return Invalid("lines", MsgNothingToChange)
	}
	if c.Address != nil {
		if err := c.Address.Validate(); err != nil {
			return err
		}
	}
	return ValidateWebLines(c.Lines, false)
}

// WebOrderService keeps web orders and routes them to the pizzerias.
// Every customer call is made for one customer, who reaches only their own
// orders: another's is ENOTFOUND.
type WebOrderService interface {
	// CreateWebOrder prices and stores a new order of customer from the
	// latest published catalog. An order paid on delivery is placed with
	// its first pizzeria at once; an online one waits for its payment.
	// A request whose ClientKey made an order already returns that order.
	// A customer with MaxOpenWebOrders unanswered orders is refused
	// (ECONFLICT).
	CreateWebOrder(ctx context.Context, customer *Customer, req *WebOrderRequest) (*WebOrder, error)

	// FindKeyedWebOrder returns the order a customer's request with key
	// made, or nil when none did.
	FindKeyedWebOrder(ctx context.Context, customerID, key string) (*WebOrder, error)

	// SetWebOrderPayment records the payment intent of an online order
	// still awaiting its payment: ENOTFOUND for no such online order,
	// ECONFLICT for one marked failed or cancelled meanwhile, which keeps
	// no intent. FailWebOrderPayment marks an order whose intent could not
	// be made.
	SetWebOrderPayment(ctx context.Context, id string, p *Payment) error
	FailWebOrderPayment(ctx context.Context, id string) error

	// FindWebOrder and FindWebOrders return a customer's orders, with what
	// the pizzeria reports of them, the newest first.
	FindWebOrder(ctx context.Context, customerID, id string) (*WebOrder, error)
	FindWebOrders(ctx context.Context, customerID string) ([]*WebOrder, error)

	// RequestWebOrderCancel and RequestWebOrderChange send the customer's
	// request to the pizzeria holding the order, which decides. ECONFLICT
	// when the order is past changing or a request is pending.
	RequestWebOrderCancel(ctx context.Context, customerID, id string) (*WebOrder, error)
	RequestWebOrderChange(ctx context.Context, customerID, id string, c *WebOrderChange) (*WebOrder, error)

	// ApplyPaymentEvent applies a verified webhook event once: its id is
	// stored with its effect. It reports false for an event already
	// applied. A payment only moves forward.
	ApplyPaymentEvent(ctx context.Context, ev *PaymentEvent) (bool, error)
}

// WebOrderRouter is the background side of web orders: offers that
// expired, payments late or never made, and refunds owed.
type WebOrderRouter interface {
	// ExpireAssignments moves every order whose pizzeria has not answered
	// for timeout to the next candidate, withdrawing it from the silent
	// one. It returns how many moved.
	ExpireAssignments(ctx context.Context, timeout time.Duration) (int, error)

	// RefundOwed refunds through p every paid order that ended cancelled
	// or refused, once, and tells the pizzeria that held it. It returns
	// how many were refunded.
	RefundOwed(ctx context.Context, p PaymentProvider) (int, error)

	// CheckPayments asks p for the intent of every order that has waited
	// for its payment longer than after, and applies what the provider
	// says as its webhook would have: a webhook lost for good leaves no
	// order stuck. It returns how many moved; a provider out of reach is
	// an error, and the next call tries again.
	CheckPayments(ctx context.Context, p PaymentProvider, after time.Duration) (int, error)

	// ExpireUnpaid cancels every online order that has waited for its
	// payment longer than after since it was made, so that a payment made
	// later places nothing: it is refunded. It returns how many it
	// cancelled.
	ExpireUnpaid(ctx context.Context, after time.Duration) (int, error)
}
