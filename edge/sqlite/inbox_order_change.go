package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// heldAssignment returns the order held here under the assignment, or the
// refusal of a command for it: not assigned when the pizzeria does not
// hold that assignment.
func (tx *Tx) heldAssignment(ctx context.Context, orderID string,
	assignment int64) (*edge.Order, *syncproto.Error, error) {
	o, held, err := tx.findWebOrder(ctx, orderID)
	switch {
	case err != nil:
		return nil, nil, err
	case o == nil || held != assignment:
		return nil, notAssigned(orderID, assignment), nil
	}
	return o, nil, nil
}

// applyOrderCancel is the customer's cancel: decided here, accepted while
// the order is placed or accepted (stock given back, a paid order marked
// refunded), too late once preparation started.
func (tx *Tx) applyOrderCancel(ctx context.Context, r *syncproto.OrderRef) (*syncproto.Error, error) {
	o, refused, err := tx.heldAssignment(ctx, r.OrderID, r.Assignment)
	switch {
	case err != nil || refused != nil:
		return refused, err
	case o.Status == edge.StatusCancelled:
		return nil, nil // cancelled already: what the customer asks
	case !o.Status.Modifiable():
		return tooLate(o), nil
	}
	req := edge.TransitionRequest{To: edge.StatusCancelled, Reason: edge.Message(edge.MsgCustomerCancelled)}
	if err := tx.transitionOrder(ctx, edge.WebUser, o, req); err != nil {
		return orderRefusal(err, syncproto.CodeConflict)
	}
	return nil, nil
}

// applyOrderModify is the customer's change of lines or address, decided
// as a cancel is; new lines are checked against the stock again (out of
// stock when it cannot make them), and products already on the order keep
// the price agreed.
func (tx *Tx) applyOrderModify(ctx context.Context, m *syncproto.OrderModify) (*syncproto.Error, error) {
	o, refused, err := tx.heldAssignment(ctx, m.OrderID, m.Assignment)
	switch {
	case err != nil || refused != nil:
		return refused, err
	case !o.Status.Modifiable():
		return tooLate(o), nil
	}

	// The change as staff would make it.
	var upd edge.OrderUpdate
	if m.Address != "" {
		upd.Address = &m.Address
	}
	if len(m.Lines) > 0 {
		lines := make([]edge.LineCreate, len(m.Lines))
		for i, l := range m.Lines {
			lines[i] = edge.LineCreate{ProductID: l.ProductID, Quantity: l.Quantity, Note: l.Note}
		}
		upd.Lines = &lines
	}
	if err := upd.Validate(); err != nil {
		return orderRefusal(err, syncproto.CodeInvalid)
	}
	if err := tx.updateOrder(ctx, edge.WebUser, o, upd); err != nil {
		return orderRefusal(err, syncproto.CodeOutOfStock)
	}
	return nil, nil
}

// applyOrderPayment records that the online payment of the order
// succeeded or was refunded. A notice of what the order already says
// changes nothing; a refund of an unpaid order, or a payment of a refunded
// one, is a conflict.
func (tx *Tx) applyOrderPayment(ctx context.Context,
	n *syncproto.OrderPaymentNotice) (*syncproto.Error, error) {
	o, refused, err := tx.heldAssignment(ctx, n.OrderID, n.Assignment)
	if err != nil || refused != nil {
		return refused, err
	}
	want := edge.PaymentStatus(n.Status)
	switch {
	case o.PaymentStatus == want:
		return nil, nil
	case want == edge.PaymentPaid && o.PaymentStatus == edge.PaymentRefunded:
		return &syncproto.Error{Code: syncproto.CodeConflict,
			Message: edge.Message(edge.MsgNotPayable, edge.StatusLabel(o.Status))}, nil
	case want == edge.PaymentRefunded && o.PaymentStatus != edge.PaymentPaid:
		return &syncproto.Error{Code: syncproto.CodeConflict, Message: edge.Message(edge.MsgNotRefundable)}, nil
	}

	// Paid online, or refunded.
	if want == edge.PaymentPaid {
		now := tx.now
		o.PaymentMethod, o.PaidBy, o.PaidAt = edge.PaymentOnline, edge.WebUser.Username, &now
	}
	o.PaymentStatus = want
	if err := tx.saveOrder(ctx, o); err != nil {
		return nil, err
	}
	return nil, tx.emitOrder(ctx, syncproto.EventOrderPaymentRecorded, o, nil, nil)
}

// applyOrderDriver applies a driver's update from central's phone page as
// that driver would on the pizzeria's own pages: the transition by the
// status machine, then the payment collected at the door. The driver must
// be an active driver of this pizzeria (invalid otherwise); a transition
// or payment the rules refuse is a conflict, and nothing of it is kept.
func (tx *Tx) applyOrderDriver(ctx context.Context,
	d *syncproto.OrderDriverUpdate) (*syncproto.Error, error) {
	driver, err := tx.findDriver(ctx, d.Driver)
	if err != nil {
		return nil, err
	}
	if driver == nil {
		return &syncproto.Error{Code: syncproto.CodeInvalid,
			Message: edge.Message(edge.MsgUnknownDriver, d.Driver)}, nil
	}
	o, err := findOrderByID(ctx, tx, d.OrderID)
	if err != nil {
		return orderRefusal(err, syncproto.CodeConflict)
	}

	// The transition, then the payment.
	if err := tx.transitionOrder(ctx, driver, o, edge.TransitionRequest{To: edge.Status(d.To)}); err != nil {
		return orderRefusal(err, syncproto.CodeConflict)
	}
	if d.Collected != "" {
		rec := edge.PaymentRecord{Method: edge.PaymentMethod(d.Collected)}
		if err := tx.recordPayment(ctx, driver, o, rec); err != nil {
			return orderRefusal(err, syncproto.CodeConflict)
		}
	}
	return nil, nil
}

// findDriver returns the active driver or manager of this pizzeria with
// the username, or nil when there is none: both deliver from central's
// phone page, and the status rules then say what each may do.
func (tx *Tx) findDriver(ctx context.Context, username string) (*edge.User, error) {
	var u edge.User
	var pizzeria string
	var disabled bool
	err := tx.QueryRowContext(ctx, `SELECT username, role, pizzeria, disabled FROM users WHERE username = ?`,
		username).Scan(&u.Username, &u.Role, &pizzeria, &disabled)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("find driver: %w", err)
	case u.Role != edge.RoleDriver && u.Role != edge.RoleManager,
		disabled, pizzeria != tx.db.Pizzeria:
		return nil, nil
	}
	return &u, nil
}
