package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// applyOrderCommand applies one of central's web order commands by its
// type. It returns a refusal for a command that cannot apply, and an error
// when the database fails.
func (tx *Tx) applyOrderCommand(ctx context.Context, c *syncproto.Command) (*syncproto.Error, error) {
	switch c.Type {
	case syncproto.CommandOrderPlace:
		var p syncproto.OrderPlace
		if err := c.OrderPayloadOf(&p); err != nil {
			return refusal(err, edge.MsgBadCommand, err), nil
		}
		return tx.applyOrderPlace(ctx, &p)
	case syncproto.CommandOrderWithdraw, syncproto.CommandOrderCancel:
		var r syncproto.OrderRef
		if err := c.OrderPayloadOf(&r); err != nil {
			return refusal(err, edge.MsgBadCommand, err), nil
		}
		if c.Type == syncproto.CommandOrderWithdraw {
			return tx.applyOrderWithdraw(ctx, &r)
		}
		return tx.applyOrderCancel(ctx, &r)
	case syncproto.CommandOrderModify:
		var m syncproto.OrderModify
		if err := c.OrderPayloadOf(&m); err != nil {
			return refusal(err, edge.MsgBadCommand, err), nil
		}
		return tx.applyOrderModify(ctx, &m)
	case syncproto.CommandOrderPayment:
		var n syncproto.OrderPaymentNotice
		if err := c.OrderPayloadOf(&n); err != nil {
			return refusal(err, edge.MsgBadCommand, err), nil
		}
		return tx.applyOrderPayment(ctx, &n)
	case syncproto.CommandOrderDriver:
		var d syncproto.OrderDriverUpdate
		if err := c.OrderPayloadOf(&d); err != nil {
			return refusal(err, edge.MsgBadCommand, err), nil
		}
		return tx.applyOrderDriver(ctx, &d)
	}
	return nil, fmt.Errorf("no handler for order command %s", c.Type)
}

// applyOrderPlace receives a web order and accepts it by itself, taking
// its stock as staff would, when the pizzeria takes web orders and can
// make every line; otherwise it refuses it as closed or out of stock, and
// the savepoint undoes the order. An assignment older than the one held or
// withdrawn is refused as not assigned; the same assignment placed again
// is accepted with nothing changed; a newer one after a withdraw takes the
// order up again.
func (tx *Tx) applyOrderPlace(ctx context.Context, p *syncproto.OrderPlace) (*syncproto.Error, error) {
	// An assignment central took back, or older than the one held, never
	// applies.
	withdrawn, err := tx.withdrawnAssignment(ctx, p.OrderID)
	if err != nil {
		return nil, err
	}
	held, assignment, err := tx.findWebOrder(ctx, p.OrderID)
	switch {
	case err != nil:
		return nil, err
	case p.Assignment <= withdrawn || held != nil && p.Assignment < assignment:
		return notAssigned(p.OrderID, p.Assignment), nil
	case held != nil && held.Channel != edge.ChannelWeb:
		return &syncproto.Error{Code: syncproto.CodeConflict,
			Message: edge.Message(edge.MsgBadCommand, "order id of a staff order")}, nil
	case held != nil && held.Status.Open():
		// Held and going on here: the newer assignment is taken on it.
		return nil, tx.setAssignment(ctx, held.ID, p.Assignment)
	case held != nil && p.Assignment == assignment:
		// Its assignment here is over (cancelled by the customer).
		return notAssigned(p.OrderID, p.Assignment), nil
	}

	// Refused as closed while the manager's switch says so.
	settings, err := tx.webOrderSettings(ctx)
	if err != nil {
		return nil, err
	}
	if !settings.Open {
		return &syncproto.Error{Code: syncproto.CodeClosed, Message: edge.Message(edge.MsgWebOrdersClosed)}, nil
	}

	// Received as placed, then accepted with its stock.
	o, err := tx.receiveWebOrder(ctx, p, held)
	if err != nil {
		return orderRefusal(err, syncproto.CodeOutOfStock)
	}
	err = tx.transitionOrder(ctx, edge.WebUser, o, edge.TransitionRequest{To: edge.StatusAccepted})
	if err != nil {
		return orderRefusal(err, syncproto.CodeOutOfStock)
	}
	return nil, nil
}

// receiveWebOrder records a web order in status placed, with its
// assignment: a new order, or the order held here before, cancelled or
// refused, taken up again.
func (tx *Tx) receiveWebOrder(ctx context.Context, p *syncproto.OrderPlace,
	held *edge.Order) (*edge.Order, error) {
	r := edge.OrderReceive{
		ID: p.OrderID, Fulfilment: edge.Fulfilment(p.Fulfilment),
		Customer:      edge.Customer{Name: p.Customer.Name, Phone: p.Customer.Phone, Address: p.Customer.Address},
		PaymentMethod: edge.PaymentMethod(p.PaymentMethod), PaymentStatus: edge.PaymentStatus(p.PaymentStatus),
	}
	for _, l := range p.Lines {
		r.Lines = append(r.Lines, edge.LineCreate{ProductID: l.ProductID, Quantity: l.Quantity, Note: l.Note})
	}
	if err := r.Validate(); err != nil {
		return nil, err
	}
	lines, err := tx.resolveLines(ctx, r.Lines)
	if err != nil {
		return nil, err
	}

	// A new order.
	if held == nil {
		o := &edge.Order{
			ID: r.ID, Channel: edge.ChannelWeb, Fulfilment: r.Fulfilment, Status: edge.StatusPlaced,
			Customer: r.Customer, PaymentMethod: r.PaymentMethod, PaymentStatus: r.PaymentStatus,
		}
		if err := tx.insertNewOrder(ctx, o, lines, edge.WebUser, ""); err != nil {
			return nil, err
		}
		return o, tx.setAssignment(ctx, o.ID, p.Assignment)
	}
	return held, tx.placeAgain(ctx, held, r, lines, p.Assignment)
}

// placeAgain takes up an order that was cancelled or refused here, under
// a newer assignment: its row, ticket and history are kept, and it is
// placed again with the lines and payment central sends now.
func (tx *Tx) placeAgain(ctx context.Context, o *edge.Order, r edge.OrderReceive, lines *resolvedLines,
	assignment int64) error {
	t := edge.Transition{From: o.Status, To: edge.StatusPlaced, By: edge.WebUser.Username,
		Reason: edge.Message(edge.MsgOrderPlacedAgain, assignment), At: tx.now}
	o.Status, o.Fulfilment, o.Customer = edge.StatusPlaced, r.Fulfilment, r.Customer
	o.Lines, o.TotalCents = lines.lines, lines.total()
	o.PaymentMethod, o.PaymentStatus, o.PaidBy, o.PaidAt = r.PaymentMethod, r.PaymentStatus, "", nil

	if err := tx.replaceLines(ctx, o); err != nil {
		return err
	}
	if err := tx.saveOrder(ctx, o); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, `
		UPDATE orders SET assignment = ?, fulfilment = ?, customer_name = ?, customer_phone = ?
		WHERE id = ?`, assignment, o.Fulfilment, o.Customer.Name, o.Customer.Phone, o.ID)
	if err != nil {
		return fmt.Errorf("place order again: %w", err)
	}
	if err := tx.insertTransition(ctx, o, t); err != nil {
		return err
	}
	return tx.emitOrder(ctx, syncproto.EventOrderStatusChanged, o, &t, nil)
}

// applyOrderWithdraw takes the order away from this pizzeria: it is
// cancelled, its stock given back and its payment kept for the pizzeria
// that takes it over, while it is placed or accepted; refused as too late
// once preparation started. An order not held here, or held under a newer
// assignment, has nothing to undo. The withdrawn assignment is remembered
// in every case but a refusal, so that its order.place, arriving late, is
// refused.
func (tx *Tx) applyOrderWithdraw(ctx context.Context, r *syncproto.OrderRef) (*syncproto.Error, error) {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO web_withdrawals (order_id, assignment, at) VALUES (?, ?, ?)
		ON CONFLICT (order_id) DO UPDATE SET assignment = max(assignment, excluded.assignment),
			at = excluded.at`, r.OrderID, r.Assignment, tx.nowText())
	if err != nil {
		return nil, fmt.Errorf("remember withdrawal: %w", err)
	}

	o, assignment, err := tx.findWebOrder(ctx, r.OrderID)
	switch {
	case err != nil:
		return nil, err
	case o == nil || assignment > r.Assignment || !o.Status.Open():
		return nil, nil
	case !o.Status.Modifiable():
		return tooLate(o), nil
	}
	req := edge.TransitionRequest{To: edge.StatusCancelled, Reason: edge.Message(edge.MsgOrderWithdrawn)}
	if err := tx.moveOrder(ctx, edge.WebUser, o, req, false); err != nil {
		return orderRefusal(err, syncproto.CodeConflict)
	}
	return nil, nil
}

// findWebOrder returns the order held here under id and its assignment,
// or nil when the pizzeria does not hold it.
func (tx *Tx) findWebOrder(ctx context.Context, id string) (*edge.Order, int64, error) {
	var assignment int64
	err := tx.QueryRowContext(ctx, `SELECT assignment FROM orders WHERE id = ?`, id).Scan(&assignment)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, nil
	} else if err != nil {
		return nil, 0, fmt.Errorf("find web order: %w", err)
	}
	o, err := findOrderByID(ctx, tx, id)
	if err != nil {
		return nil, 0, err
	}
	return o, assignment, nil
}

// withdrawnAssignment returns the highest assignment of the order central
// withdrew from this pizzeria, 0 when none.
func (tx *Tx) withdrawnAssignment(ctx context.Context, id string) (int64, error) {
	var assignment int64
	err := tx.QueryRowContext(ctx, `SELECT assignment FROM web_withdrawals WHERE order_id = ?`, id).
		Scan(&assignment)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("withdrawn assignment: %w", err)
	}
	return assignment, nil
}

// setAssignment records the assignment a web order is held under.
func (tx *Tx) setAssignment(ctx context.Context, id string, assignment int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE orders SET assignment = ? WHERE id = ?`, assignment, id)
	if err != nil {
		return fmt.Errorf("set assignment: %w", err)
	}
	return nil
}

// notAssigned is the refusal of a command for an assignment of the order
// that this pizzeria does not hold.
func notAssigned(orderID string, assignment int64) *syncproto.Error {
	return &syncproto.Error{Code: syncproto.CodeNotAssigned,
		Message: edge.Message(edge.MsgNotAssigned, assignment, orderID)}
}

// tooLate is the refusal of a request that comes after the order's
// preparation started.
func tooLate(o *edge.Order) *syncproto.Error {
	return &syncproto.Error{Code: syncproto.CodeTooLate,
		Message: edge.Message(edge.MsgTooLate, edge.StatusLabel(o.Status))}
}

// orderRefusal turns the application error of an order change into the
// refusal of its command: EINVALID is invalid, and a state the change
// cannot apply to (ECONFLICT, EFORBIDDEN, ENOTFOUND) is conflictCode, with
// the error's French message as the reason. Any other error is the
// database failing and is returned as such.
func orderRefusal(err error, conflictCode string) (*syncproto.Error, error) {
	var e *edge.Error
	if !errors.As(err, &e) {
		return nil, err
	}
	switch e.Code {
	case edge.EINVALID:
		return &syncproto.Error{Code: syncproto.CodeInvalid, Message: e.Message}, nil
	case edge.ECONFLICT, edge.EFORBIDDEN, edge.ENOTFOUND:
		return &syncproto.Error{Code: conflictCode, Message: e.Message}, nil
	}
	return nil, err
}
