package syncproto

import "fmt"

// Command types about web orders. Central creates a web order and assigns
// it to one pizzeria at a time; each assignment has a version, counted from
// 1 for the order, and every order command names the assignment it belongs
// to, so that a pizzeria the order was taken away from can tell, and so
// that central can refuse a late answer from it.
const (
	// CommandOrderPlace gives a web order to the pizzeria. The pizzeria
	// accepts it by itself when it can make it, or refuses it with
	// CodeOutOfStock, CodeClosed or CodeInvalid.
	CommandOrderPlace = "order.place"
	// CommandOrderWithdraw takes the order away from the pizzeria, which
	// central has given to another one: the pizzeria cancels its copy if it
	// holds one (stock given back) and answers accepted, or refuses with
	// CodeTooLate once preparation has started.
	CommandOrderWithdraw = "order.withdraw"
	// CommandOrderCancel is the customer's request to cancel. The pizzeria
	// decides: accepted while the order is placed or accepted, refused with
	// CodeTooLate once preparation has started.
	CommandOrderCancel = "order.cancel"
	// CommandOrderModify is the customer's request to change the lines or
	// the address, decided as a cancel is; CodeOutOfStock when the new lines
	// cannot be made.
	CommandOrderModify = "order.modify"
	// CommandOrderPayment tells the pizzeria that an online payment
	// succeeded or was refunded.
	CommandOrderPayment = "order.payment"
	// CommandOrderDriver is a driver's update made on central's phone page:
	// take the order (out for delivery), delivered, and the payment
	// collected at the door. The pizzeria applies it as that driver would on
	// its own pages, with the same rules.
	CommandOrderDriver = "order.driver"
)

// Refusal codes of the order commands, besides CodeInvalid and
// CodeConflict.
const (
	// CodeOutOfStock: the pizzeria cannot make the order now.
	CodeOutOfStock = "out_of_stock"
	// CodeClosed: the pizzeria takes no web orders now.
	CodeClosed = "closed"
	// CodeTooLate: the order has gone too far for the request, such as a
	// cancel after preparation started.
	CodeTooLate = "too_late"
	// CodeNotAssigned: the pizzeria does not hold this assignment of the
	// order (withdrawn, or never placed there).
	CodeNotAssigned = "not_assigned"
)

func init() {
	for _, typ := range []string{CommandOrderPlace, CommandOrderWithdraw, CommandOrderCancel,
		CommandOrderModify, CommandOrderPayment, CommandOrderDriver} {
		CommandSchemaVersions[typ] = 1
	}
}

// OrderCustomer is who ordered and where to deliver.
type OrderCustomer struct {
	Name    string `json:"name"`
	Phone   string `json:"phone"`
	Address string `json:"address,omitempty"` // required for a delivery
}

// PlaceLine is one line of a web order: the pizzeria prices it from its
// catalog, which holds every version central published before the order.
type PlaceLine struct {
	ProductID string `json:"product_id"`
	Quantity  int64  `json:"quantity"`
	Note      string `json:"note,omitempty"`
}

// OrderPlace is the payload of order.place.
type OrderPlace struct {
	OrderID    string        `json:"order_id"`
	Assignment int64         `json:"assignment"`
	Fulfilment string        `json:"fulfilment"` // delivery or pickup
	Customer   OrderCustomer `json:"customer"`
	Lines      []PlaceLine   `json:"lines"`
	// PaymentMethod is online (paid before the order is placed) or cash
	// (to pay at the door or the counter, by cash or card, recorded then).
	PaymentMethod string `json:"payment_method"`
	PaymentStatus string `json:"payment_status"` // pending or paid
}

// OrderRef is the payload of order.withdraw and order.cancel: which order,
// in which assignment, and why.
type OrderRef struct {
	OrderID    string `json:"order_id"`
	Assignment int64  `json:"assignment"`
	Reason     string `json:"reason,omitempty"`
}

// OrderModify is the payload of order.modify: the new lines, the new
// address, or both; a field left empty is not changed.
type OrderModify struct {
	OrderID    string      `json:"order_id"`
	Assignment int64       `json:"assignment"`
	Lines      []PlaceLine `json:"lines,omitempty"`
	Address    string      `json:"address,omitempty"`
}

// OrderPaymentNotice is the payload of order.payment.
type OrderPaymentNotice struct {
	OrderID    string `json:"order_id"`
	Assignment int64  `json:"assignment"`
	Status     string `json:"status"` // paid or refunded
	PaymentID  string `json:"payment_id"`
}

// OrderDriverUpdate is the payload of order.driver. To is
// out_for_delivery or delivered; Collected, with delivered only, is the
// payment taken at the door: cash or card. It carries no assignment: it
// applies to any delivery the pizzeria holds, web order or not, and the
// pizzeria's status rules refuse it for an order it no longer delivers.
type OrderDriverUpdate struct {
	OrderID   string `json:"order_id"`
	Driver    string `json:"driver"` // the driver's username
	To        string `json:"to"`
	Collected string `json:"collected,omitempty"`
}

// Bounds of the order payloads, the edge's own limits.
const (
	maxOrderLines = 50
	maxLineQty    = 50
	maxOrderText  = 300
)

// Validate checks an order.place payload.
func (p *OrderPlace) Validate() error {
	if err := checkOrderRef(p.OrderID, p.Assignment); err != nil {
		return err
	}
	switch {
	case p.Fulfilment != "delivery" && p.Fulfilment != "pickup":
		return fmt.Errorf("order place: fulfilment %q", p.Fulfilment)
	case p.Fulfilment == "delivery" && p.Customer.Address == "":
		return fmt.Errorf("order place: delivery without an address")
	case p.Customer.Name == "" || p.Customer.Phone == "":
		return fmt.Errorf("order place: customer without name or phone")
	case len(p.Customer.Name) > maxOrderText || len(p.Customer.Phone) > maxOrderText ||
		len(p.Customer.Address) > maxOrderText:
		return fmt.Errorf("order place: customer field too long")
	case p.PaymentMethod != "online" && p.PaymentMethod != "cash":
		return fmt.Errorf("order place: payment method %q", p.PaymentMethod)
	case p.PaymentStatus != "pending" && p.PaymentStatus != "paid":
		return fmt.Errorf("order place: payment status %q", p.PaymentStatus)
	case p.PaymentMethod == "online" && p.PaymentStatus != "paid":
		return fmt.Errorf("order place: online payment not paid")
	}
	return checkPlaceLines(p.Lines, true)
}

// Validate checks an order.withdraw or order.cancel payload.
func (p *OrderRef) Validate() error {
	if len(p.Reason) > maxOrderText {
		return fmt.Errorf("order ref: reason too long")
	}
	return checkOrderRef(p.OrderID, p.Assignment)
}

// Validate checks an order.modify payload.
func (p *OrderModify) Validate() error {
	if err := checkOrderRef(p.OrderID, p.Assignment); err != nil {
		return err
	}
	switch {
	case len(p.Lines) == 0 && p.Address == "":
		return fmt.Errorf("order modify: nothing to change")
	case len(p.Address) > maxOrderText:
		return fmt.Errorf("order modify: address too long")
	}
	return checkPlaceLines(p.Lines, false)
}

// Validate checks an order.payment payload.
func (p *OrderPaymentNotice) Validate() error {
	if err := checkOrderRef(p.OrderID, p.Assignment); err != nil {
		return err
	}
	switch {
	case p.Status != "paid" && p.Status != "refunded":
		return fmt.Errorf("order payment: status %q", p.Status)
	case p.PaymentID == "" || len(p.PaymentID) > 100:
		return fmt.Errorf("order payment: bad payment id")
	}
	return nil
}

// Validate checks an order.driver payload.
func (p *OrderDriverUpdate) Validate() error {
	switch {
	case !validUUID(p.OrderID):
		return fmt.Errorf("order driver: order id %q is not a UUID", p.OrderID)
	case !validUsername(p.Driver):
		return fmt.Errorf("order driver: bad driver %q", p.Driver)
	case p.To != "out_for_delivery" && p.To != "delivered":
		return fmt.Errorf("order driver: status %q", p.To)
	case p.Collected != "" && (p.To != "delivered" || p.Collected != "cash" && p.Collected != "card"):
		return fmt.Errorf("order driver: collected %q with %q", p.Collected, p.To)
	}
	return nil
}

// checkOrderRef checks the order id and assignment every order command
// carries.
func checkOrderRef(orderID string, assignment int64) error {
	switch {
	case !validUUID(orderID):
		return fmt.Errorf("order command: order id %q is not a UUID", orderID)
	case assignment < 1:
		return fmt.Errorf("order command: assignment %d below 1", assignment)
	}
	return nil
}

// checkPlaceLines checks the lines of a web order; required says whether
// there must be at least one.
func checkPlaceLines(lines []PlaceLine, required bool) error {
	switch {
	case required && len(lines) == 0:
		return fmt.Errorf("order lines: none")
	case len(lines) > maxOrderLines:
		return fmt.Errorf("order lines: %d, over %d", len(lines), maxOrderLines)
	}
	for i, l := range lines {
		switch {
		case l.ProductID == "" || len(l.ProductID) > 64:
			return fmt.Errorf("order line %d: bad product id", i)
		case l.Quantity < 1 || l.Quantity > maxLineQty:
			return fmt.Errorf("order line %d: quantity %d", i, l.Quantity)
		case len(l.Note) > maxOrderText:
			return fmt.Errorf("order line %d: note too long", i)
		}
	}
	return nil
}

// OrderPayloadOf reads the payload of an order command into v, which must
// be the payload type of c's type (*OrderPlace for order.place, *OrderRef
// for order.withdraw and order.cancel, *OrderModify, *OrderPaymentNotice,
// *OrderDriverUpdate), strictly, and validates it. Errors are *Error with
// CodeInvalid.
func (c *Command) OrderPayloadOf(v interface{ Validate() error }) error {
	if !orderPayloadMatches(c.Type, v) {
		return &Error{Code: CodeInvalid, Message: fmt.Sprintf("%T is not the payload of %s", v, c.Type)}
	}
	if err := decodeStrict(c.Payload, v); err != nil {
		return err
	}
	if err := v.Validate(); err != nil {
		return &Error{Code: CodeInvalid, Message: err.Error()}
	}
	return nil
}

// orderPayloadMatches reports whether v is the payload type of typ.
func orderPayloadMatches(typ string, v any) bool {
	switch v.(type) {
	case *OrderPlace:
		return typ == CommandOrderPlace
	case *OrderRef:
		return typ == CommandOrderWithdraw || typ == CommandOrderCancel
	case *OrderModify:
		return typ == CommandOrderModify
	case *OrderPaymentNotice:
		return typ == CommandOrderPayment
	case *OrderDriverUpdate:
		return typ == CommandOrderDriver
	}
	return false
}
