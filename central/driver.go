package central

import (
	"context"
	"time"

	"github.com/google/uuid"
)

// The statuses a driver moves an order to from central's phone page: take
// it (out for delivery), then delivered. The pizzeria decides, as it does
// for its own staff: central only sends the request down (order.driver).
const (
	DriverTake    = "out_for_delivery"
	DriverDeliver = "delivered"
)

// The payments a driver collects at the door of an order not paid online.
const (
	CollectedCash = "cash"
	CollectedCard = "card"
)

// The states of a driver's request as the phone page shows it.
const (
	RequestPending = "pending" // sent, the pizzeria's new status not seen yet
	RequestRefused = "refused" // the pizzeria refused it; the order did not move
	RequestSettled = "settled" // the order has moved on: nothing to show
)

// The order status and payment status, as the pizzerias report them,
// that the drivers' page reads.
const (
	statusReady    = "ready"
	paymentPending = "pending"
)

// DeliveryOrder is an order of a pizzeria ready for delivery or out for
// delivery, as the pizzeria last reported it, with the latest request
// made for it on the drivers' page.
type DeliveryOrder struct {
	ID            string         `json:"id"`
	Pizzeria      string         `json:"pizzeria"`
	Ticket        int64          `json:"ticket"`
	Status        string         `json:"status"`
	CustomerName  string         `json:"customer_name"`
	CustomerPhone string         `json:"customer_phone"`
	Address       string         `json:"address"`
	TotalCents    int64          `json:"total_cents"`
	PaymentMethod string         `json:"payment_method"`
	PaymentStatus string         `json:"payment_status"`
	ReadyAt       time.Time      `json:"ready_at"`           // when it became ready
	TakenBy       string         `json:"taken_by,omitempty"` // who took it out for delivery
	Request       *DriverRequest `json:"request,omitempty"`
}

// ToCollect reports whether the driver must collect the payment at the
// door: the order is not paid yet.
func (o *DeliveryOrder) ToCollect() bool { return o.PaymentStatus == paymentPending }

// RequestState says where the latest request on the order stands against
// the order's status: pending until the pizzeria's events show the status
// asked for, refused when the pizzeria said no and the order has not moved
// since, settled otherwise (or without a request).
func (o *DeliveryOrder) RequestState() string {
	r := o.Request
	switch {
	case r == nil || r.To != nextDriverStatus(o.Status):
		return RequestSettled
	case r.Answer == AnswerRefused:
		return RequestRefused
	}
	return RequestPending
}

// nextDriverStatus is the status a driver moves an order to from status.
func nextDriverStatus(status string) string {
	switch status {
	case statusReady:
		return DriverTake
	case DriverTake:
		return DriverDeliver
	}
	return ""
}

// DriverRequest is an update made on the drivers' page and where it
// stands: ID is the id of the order.driver command that carries it, and
// the answer is the pizzeria's answer to that command.
type DriverRequest struct {
	ID           string     `json:"id"`
	Pizzeria     string     `json:"pizzeria"`
	OrderID      string     `json:"order_id"`
	Ticket       int64      `json:"ticket"`
	To           string     `json:"to"`
	Collected    string     `json:"collected,omitempty"`
	Driver       string     `json:"driver"`
	RequestedAt  time.Time  `json:"requested_at"`
	Answer       string     `json:"answer,omitempty"` // "", AnswerAccepted or AnswerRefused
	AnswerCode   string     `json:"answer_code,omitempty"`
	AnswerReason string     `json:"answer_reason,omitempty"`
	AnsweredAt   *time.Time `json:"answered_at,omitempty"`
}

// DriverUpdate is what a driver asks for an order: the status to reach
// and, when delivering an order not paid online, the payment collected.
type DriverUpdate struct {
	OrderID   string `json:"-"`
	To        string `json:"to"`
	Collected string `json:"collected,omitempty"`
}

// DeliveryFilter selects the deliveries of one pizzeria: every order
// ready to leave, and those out for delivery, only those of Driver when
// it is set.
type DeliveryFilter struct {
	Pizzeria string
	Driver   string
}

// DriverScope returns the pizzeria whose deliveries u may see and update:
// a driver's or a manager's own. Every other role is EFORBIDDEN, head
// office included: the page acts for one pizzeria's staff.
func DriverScope(u *User) (string, error) {
	if u == nil || (u.Role != RoleDriver && u.Role != RoleManager) || u.PizzeriaID == "" {
		return "", Errorm(EFORBIDDEN, MsgDriverRoles)
	}
	return u.PizzeriaID, nil
}

// Validate checks an update on its own: an order id, a known status, and
// a payment collected only at delivery, by cash or card. An order id that
// is not a UUID names no order: ENOTFOUND.
func (u *DriverUpdate) Validate() error {
	if _, err := uuid.Parse(u.OrderID); err != nil {
		return Errorm(ENOTFOUND, MsgDriverOrderNotFound)
	}
	switch {
	case u.To == "":
		return Invalid("to", MsgRequired)
	case u.To != DriverTake && u.To != DriverDeliver:
		return Invalid("to", MsgDriverBadTarget, u.To)
	case u.Collected != "" && u.Collected != CollectedCash && u.Collected != CollectedCard:
		return Invalid("collected", MsgDriverBadCollected, u.Collected)
	case u.Collected != "" && u.To != DriverDeliver:
		return Invalid("collected", MsgDriverCollectedTooEarly)
	}
	return nil
}

// CheckOrder checks an update against the order as its pizzeria last
// reported it: ECONFLICT when the order is not at the status the update
// starts from, EINVALID when the payment collected is missing (the order
// is not paid) or given for an order already paid.
func (u *DriverUpdate) CheckOrder(o *DeliveryOrder) error {
	switch {
	case u.To == DriverTake && o.Status != statusReady:
		return Errorm(ECONFLICT, MsgDriverNotReady, o.Ticket)
	case u.To == DriverDeliver && o.Status != DriverTake:
		return Errorm(ECONFLICT, MsgDriverNotOut, o.Ticket)
	case u.To == DriverDeliver && o.ToCollect() && u.Collected == "":
		return Invalid("collected", MsgDriverCollectRequired)
	case u.Collected != "" && !o.ToCollect():
		return Invalid("collected", MsgDriverAlreadyPaid)
	}
	return nil
}

// DriverService serves the drivers' phone page. Each update is sent to
// the order's pizzeria as an order.driver command, enqueued in the same
// transaction as its record; the pizzeria applies it with its own rules
// and answers, and its events bring the order's new status back.
type DriverService interface {
	// FindDeliveries returns the delivery orders of a pizzeria that are
	// ready or out for delivery, the longest waiting first, each with the
	// latest request made for it.
	FindDeliveries(ctx context.Context, filter DeliveryFilter) ([]*DeliveryOrder, error)

	// FindDriverRequests returns the requests made for a pizzeria since a
	// time, by one driver when driver is set, the newest first.
	FindDriverRequests(ctx context.Context, pizzeria, driver string,
		since time.Time) ([]*DriverRequest, error)

	// RequestDriverUpdate records an update of actor (a driver or manager,
	// see DriverScope) and enqueues its command. The same update asked
	// again by the same person while the first is not refused returns the
	// first, with created false: a double tap sends nothing twice. Returns
	// EFORBIDDEN for another role, ENOTFOUND for an order that is not a
	// delivery of actor's pizzeria, ECONFLICT when the order is not at the
	// status the update starts from or a colleague's same request waits
	// for its answer, and EINVALID for a bad update.
	RequestDriverUpdate(ctx context.Context, actor *User,
		update *DriverUpdate) (req *DriverRequest, created bool, err error)
}
