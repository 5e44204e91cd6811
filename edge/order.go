package edge

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Channel is how an order reached the pizzeria.
type Channel string

// The order channels.
const (
	ChannelWeb     Channel = "web"
	ChannelPhone   Channel = "phone"
	ChannelCounter Channel = "counter"
)

// Fulfilment is how the customer gets the order.
type Fulfilment string

// The fulfilments.
const (
	FulfilmentDelivery Fulfilment = "delivery"
	FulfilmentPickup   Fulfilment = "pickup"
)

// PaymentMethod is how an order is paid.
type PaymentMethod string

// The payment methods. Online payments are taken by central's website.
const (
	PaymentOnline PaymentMethod = "online"
	PaymentCash   PaymentMethod = "cash"
	PaymentCard   PaymentMethod = "card"
)

// PaymentStatus says whether the money has been received.
type PaymentStatus string

// The payment statuses.
const (
	PaymentPending  PaymentStatus = "pending"
	PaymentPaid     PaymentStatus = "paid"
	PaymentRefunded PaymentStatus = "refunded"
)

// Customer is who an order is for, as written on the ticket.
type Customer struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Address string `json:"address"`
}

// Line is one product of an order, with its price when it was ordered.
type Line struct {
	ProductID      string `json:"product_id"`
	ProductName    string `json:"product_name"`
	Quantity       int64  `json:"quantity"`
	UnitPriceCents int64  `json:"unit_price_cents"`
	Note           string `json:"note,omitempty"`
}

// Transition is one change of an order's status, kept as its history.
type Transition struct {
	From   Status    `json:"from,omitempty"`
	To     Status    `json:"to"`
	By     string    `json:"by,omitempty"`
	Reason string    `json:"reason,omitempty"`
	At     time.Time `json:"at"`
}

// Order is a customer's order at this pizzeria. Ticket is the short number
// called out in the kitchen; it restarts every Paris day.
type Order struct {
	ID            string        `json:"id"`
	Ticket        int64         `json:"ticket"`
	BusinessDate  string        `json:"business_date"`
	Channel       Channel       `json:"channel"`
	Fulfilment    Fulfilment    `json:"fulfilment"`
	Status        Status        `json:"status"`
	Customer      Customer      `json:"customer"`
	Lines         []Line        `json:"lines"`
	TotalCents    int64         `json:"total_cents"`
	PaymentMethod PaymentMethod `json:"payment_method"`
	PaymentStatus PaymentStatus `json:"payment_status"`
	PaidBy        string        `json:"paid_by,omitempty"`
	PaidAt        *time.Time    `json:"paid_at,omitempty"`
	Version       int64         `json:"version"`
	History       []Transition  `json:"history"`
	CreatedAt     time.Time     `json:"created_at"`
	UpdatedAt     time.Time     `json:"updated_at"`
}

// LineCreate is one line as a caller asks for it.
type LineCreate struct {
	ProductID string `json:"product_id"`
	Quantity  int64  `json:"quantity"`
	Note      string `json:"note"`
}

// OrderCreate is an order taken by staff at the counter or on the phone.
type OrderCreate struct {
	// IdempotencyKey, when set, makes a retried request return the order
	// the first one created instead of taking a second order. It comes
	// from the Idempotency-Key header, not the body.
	IdempotencyKey string `json:"-"`

	Channel       Channel       `json:"channel"`
	Fulfilment    Fulfilment    `json:"fulfilment"`
	Customer      Customer      `json:"customer"`
	Lines         []LineCreate  `json:"lines"`
	PaymentMethod PaymentMethod `json:"payment_method"`
}

// Validate checks an order taken by staff and normalises its text fields.
func (o *OrderCreate) Validate() error {
	switch {
	case o.Channel != ChannelPhone && o.Channel != ChannelCounter:
		return Invalid("channel", MsgUnknownChannel, o.Channel)
	case o.Fulfilment != FulfilmentDelivery && o.Fulfilment != FulfilmentPickup:
		return Invalid("fulfilment", MsgUnknownFulfilment, o.Fulfilment)
	case o.PaymentMethod != PaymentCash && o.PaymentMethod != PaymentCard:
		return Invalid("payment_method", MsgUnknownPaymentMethod, o.PaymentMethod)
	}
	if err := o.Customer.validate(o.Channel, o.Fulfilment); err != nil {
		return err
	}
	o.Lines = slices.Clone(o.Lines)
	return validateLines(o.Lines)
}

// validate normalises the customer and checks what the order needs of it:
// a name always, a phone number for phone orders and deliveries, an
// address for deliveries.
func (c *Customer) validate(ch Channel, f Fulfilment) error {
	c.Name = strings.TrimSpace(c.Name)
	c.Address = strings.TrimSpace(c.Address)
	if c.Name == "" {
		return Invalid("customer.name", MsgRequired)
	}
	if err := checkText("customer.name", c.Name, MaxNameLen); err != nil {
		return err
	}

	// A phone number when the order needs one, well formed whenever given.
	needsPhone := ch == ChannelPhone || f == FulfilmentDelivery
	if strings.TrimSpace(c.Phone) == "" && needsPhone {
		return Invalid("customer.phone", MsgPhoneRequired)
	}
	phone, err := NormalizePhone(c.Phone)
	if err != nil && strings.TrimSpace(c.Phone) != "" {
		return err
	}
	c.Phone = phone

	if f == FulfilmentDelivery && c.Address == "" {
		return Invalid("customer.address", MsgAddressRequired)
	}
	return checkText("customer.address", c.Address, MaxAddressLen)
}

// validateLines checks the lines of an order and trims their notes in
// place; callers hand it a copy, so that a caller's slice is never written.
func validateLines(lines []LineCreate) error {
	if len(lines) == 0 {
		return Invalid("lines", MsgNoLines)
	}
	if len(lines) > MaxOrderLines {
		return Invalid("lines", MsgTooManyLines, MaxOrderLines)
	}
	for i := range lines {
		l := &lines[i]
		field := fmt.Sprintf("lines[%d]", i)
		l.ProductID = strings.TrimSpace(l.ProductID)
		l.Note = strings.TrimSpace(l.Note)
		switch {
		case l.ProductID == "":
			return Invalid(field+".product_id", MsgRequired)
		case len(l.ProductID) > MaxIDLen:
			return Invalid(field+".product_id", MsgUnknownProduct, l.ProductID[:MaxIDLen])
		case l.Quantity <= 0:
			return Invalid(field+".quantity", MsgQuantityPositive)
		case l.Quantity > MaxLineQty:
			return Invalid(field+".quantity", MsgQuantityTooLarge, int64(MaxLineQty))
		}
		if err := checkText(field+".note", l.Note, MaxNoteLen); err != nil {
			return err
		}
	}
	return nil
}

// NormalizePhone returns a phone number with its spaces, dots and dashes
// removed, or EINVALID when it is not 6 to 15 digits with an optional
// leading +.
func NormalizePhone(phone string) (string, error) {
	var b strings.Builder
	for i, r := range strings.TrimSpace(phone) {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r == '+' && i == 0:
			b.WriteRune(r)
		case r == ' ' || r == '.' || r == '-':
		default:
			return "", Invalid("customer.phone", MsgBadPhone)
		}
	}
	digits := strings.TrimPrefix(b.String(), "+")
	if len(digits) < 6 || len(digits) > 15 {
		return "", Invalid("customer.phone", MsgBadPhone)
	}
	return b.String(), nil
}

// OrderReceive is a web order that central routes to this pizzeria. It
// arrives placed; the pizzeria accepts it (taking its stock) or refuses it.
// Its id is central's, so receiving it twice changes nothing.
type OrderReceive struct {
	ID            string        `json:"id"`
	Fulfilment    Fulfilment    `json:"fulfilment"`
	Customer      Customer      `json:"customer"`
	Lines         []LineCreate  `json:"lines"`
	PaymentMethod PaymentMethod `json:"payment_method"`
	PaymentStatus PaymentStatus `json:"payment_status"`
}

// Validate checks a received web order.
func (o *OrderReceive) Validate() error {
	switch {
	case o.ID == "" || len(o.ID) > MaxIDLen:
		return Invalid("id", MsgRequired)
	case o.Fulfilment != FulfilmentDelivery && o.Fulfilment != FulfilmentPickup:
		return Invalid("fulfilment", MsgUnknownFulfilment, o.Fulfilment)
	case o.PaymentMethod != PaymentOnline && o.PaymentMethod != PaymentCash && o.PaymentMethod != PaymentCard:
		return Invalid("payment_method", MsgUnknownPaymentMethod, o.PaymentMethod)
	case o.PaymentStatus != PaymentPending && o.PaymentStatus != PaymentPaid:
		return Invalid("payment_status", MsgRequired)
	}
	if err := o.Customer.validate(ChannelWeb, o.Fulfilment); err != nil {
		return err
	}
	o.Lines = slices.Clone(o.Lines)
	return validateLines(o.Lines)
}

// OrderUpdate changes an order before its preparation starts. Nil fields
// are left as they are.
type OrderUpdate struct {
	Lines   *[]LineCreate `json:"lines"`
	Address *string       `json:"address"`
}

// Validate checks an order change.
func (u *OrderUpdate) Validate() error {
	if u.Lines == nil && u.Address == nil {
		return Invalid("", MsgNothingToChange)
	}
	if u.Address != nil {
		*u.Address = strings.TrimSpace(*u.Address)
		if err := checkText("address", *u.Address, MaxAddressLen); err != nil {
			return err
		}
	}
	if u.Lines != nil {
		lines := slices.Clone(*u.Lines)
		u.Lines = &lines
		return validateLines(lines)
	}
	return nil
}

// TransitionRequest asks to move an order to another status.
type TransitionRequest struct {
	To     Status `json:"to"`
	Reason string `json:"reason"`
}

// Validate checks a transition request: a known target, and a reason when
// the order is refused.
func (t *TransitionRequest) Validate() error {
	t.Reason = strings.TrimSpace(t.Reason)
	switch {
	case t.To == "":
		return Invalid("to", MsgRequired)
	case !t.To.Valid():
		return Invalid("to", MsgUnknownStatus, t.To)
	case t.To == StatusRejected && t.Reason == "":
		return Invalid("reason", MsgReasonRequired)
	}
	return checkText("reason", t.Reason, MaxReasonLen)
}

// PaymentRecord says that the money of an order was received, at the
// counter or at the door.
type PaymentRecord struct {
	Method PaymentMethod `json:"method"`
}

// Validate checks a payment record.
func (p *PaymentRecord) Validate() error {
	if p.Method != PaymentCash && p.Method != PaymentCard {
		return Invalid("method", MsgUnknownPaymentMethod, p.Method)
	}
	return nil
}

// OrderFilter selects orders, oldest first.
type OrderFilter struct {
	Status *Status
	Open   bool // only orders that still need work
	Date   *string
	Limit  int
}

// OrderService takes and follows the pizzeria's orders.
type OrderService interface {
	// CreateOrder takes an order from staff. It starts accepted, so its
	// ingredients are taken from stock at once. Returns EINVALID for bad
	// input or unknown products and ECONFLICT when a product is unavailable
	// or the stock cannot make it.
	CreateOrder(ctx context.Context, actor *User, create OrderCreate) (*Order, error)

	// ReceiveOrder records a web order routed here by central, in status
	// placed; no stock is taken until it is accepted. Receiving the same id
	// again returns the order as it stands. Returns EINVALID for bad input.
	ReceiveOrder(ctx context.Context, r OrderReceive) (*Order, error)

	// FindOrderByID returns one order with its lines and history, or
	// ENOTFOUND.
	FindOrderByID(ctx context.Context, id string) (*Order, error)

	// FindOrders returns the orders matching filter, oldest first.
	FindOrders(ctx context.Context, filter OrderFilter) ([]*Order, error)

	// UpdateOrder changes the lines or address of an order. Returns
	// ECONFLICT once preparation started or when the new lines cannot be
	// made; then nothing changes.
	UpdateOrder(ctx context.Context, actor *User, id string, upd OrderUpdate) (*Order, error)

	// TransitionOrder moves an order to another status, taking or giving
	// back stock as the status machine says. Returns ECONFLICT for a
	// transition the machine refuses and EFORBIDDEN for one the actor's
	// role does not own.
	TransitionOrder(ctx context.Context, actor *User, id string, req TransitionRequest) (*Order, error)

	// RecordPayment marks an order paid. Returns ECONFLICT when it is
	// already paid, refunded, or was refused or cancelled.
	RecordPayment(ctx context.Context, actor *User, id string, rec PaymentRecord) (*Order, error)
}
