package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ensure the service is implemented.
var _ edge.OrderService = (*DB)(nil)

// CreateOrder implements edge.OrderService. The order, its lines, its
// stock consumption, the customer's memory and its event are one
// transaction: either all are written or none. A retried request with the
// same idempotency key returns the first order.
func (db *DB) CreateOrder(ctx context.Context, actor *edge.User, create edge.OrderCreate) (*edge.Order, error) {
	if err := create.Validate(); err != nil {
		return nil, err
	}
	var o *edge.Order
	err := db.update(ctx, func(tx *Tx) error {
		// A retry: the order the first request took.
		if create.IdempotencyKey != "" {
			var id string
			err := tx.QueryRowContext(ctx, `SELECT id FROM orders WHERE idempotency_key = ?`,
				create.IdempotencyKey).Scan(&id)
			if err == nil {
				o, err = findOrderByID(ctx, tx, id)
				return err
			} else if !errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("create order: %w", err)
			}
		}

		lines, err := tx.resolveLines(ctx, create.Lines)
		if err != nil {
			return err
		}
		o = &edge.Order{
			ID: newID(), Channel: create.Channel, Fulfilment: create.Fulfilment,
			Status: edge.StatusAccepted, Customer: create.Customer,
			PaymentMethod: create.PaymentMethod, PaymentStatus: edge.PaymentPending,
		}
		return tx.insertNewOrder(ctx, o, lines, actor, create.IdempotencyKey)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// ReceiveOrder implements edge.OrderService. A web order whose products
// are unknown here or switched off is refused with an error and nothing is
// recorded; answering central with a refusal is the down path's work.
func (db *DB) ReceiveOrder(ctx context.Context, r edge.OrderReceive) (*edge.Order, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	var o *edge.Order
	err := db.update(ctx, func(tx *Tx) error {
		// Already received: the order as it stands now.
		existing, err := findOrderByID(ctx, tx, r.ID)
		if edge.ErrorCode(err) != edge.ENOTFOUND {
			o = existing
			return err
		}

		lines, err := tx.resolveLines(ctx, r.Lines)
		if err != nil {
			return err
		}
		o = &edge.Order{
			ID: r.ID, Channel: edge.ChannelWeb, Fulfilment: r.Fulfilment, Status: edge.StatusPlaced,
			Customer: r.Customer, PaymentMethod: r.PaymentMethod, PaymentStatus: r.PaymentStatus,
		}
		return tx.insertNewOrder(ctx, o, lines, &edge.User{}, "")
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// insertNewOrder writes a new order in its first status, with its ticket
// number, lines, the customer's memory, its stock when it starts accepted,
// its first transition and its event.
func (tx *Tx) insertNewOrder(ctx context.Context, o *edge.Order, lines *resolvedLines, actor *edge.User,
	idempotencyKey string) error {
	o.BusinessDate = edge.BusinessDate(tx.now)
	o.Lines, o.TotalCents = lines.lines, lines.total()
	o.Version, o.CreatedAt, o.UpdatedAt = 1, tx.now, tx.now

	// The ticket number and the customer come first: the order row
	// refers to the customer, and the stock movements to the order.
	var err error
	if o.Ticket, err = tx.nextTicket(ctx, o.BusinessDate); err != nil {
		return err
	}
	customerID, err := tx.rememberCustomer(ctx, o.Customer)
	if err != nil {
		return err
	}
	if err := tx.insertOrder(ctx, o, customerID, idempotencyKey); err != nil {
		return err
	}

	// An order that starts accepted takes its stock now.
	var movements []*edge.Movement
	if o.Status.HoldsStock() {
		if movements, err = tx.setOrderStock(ctx, o.ID, actor.Username, nil, lines); err != nil {
			return err
		}
	}
	t := edge.Transition{To: o.Status, By: actor.Username, At: tx.now}
	if err := tx.insertTransition(ctx, o, t); err != nil {
		return err
	}
	return tx.emitOrder(ctx, syncproto.EventOrderCreated, o, &t, movements)
}

// TransitionOrder implements edge.OrderService.
func (db *DB) TransitionOrder(ctx context.Context, actor *edge.User, id string, req edge.TransitionRequest) (*edge.Order, error) {
	if err := req.Validate(); err != nil {
		return nil, err
	}
	var o *edge.Order
	err := db.update(ctx, func(tx *Tx) (err error) {
		if o, err = findOrderByID(ctx, tx, id); err != nil {
			return err
		}
		return tx.transitionOrder(ctx, actor, o, req)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// transitionOrder moves the order o, as read in this transaction, to
// another status: the work of TransitionOrder.
func (tx *Tx) transitionOrder(ctx context.Context, actor *edge.User, o *edge.Order,
	req edge.TransitionRequest) error {
	return tx.moveOrder(ctx, actor, o, req, true)
}

// moveOrder moves the order o to another status; refund says whether a
// paid order that is cancelled or refused is marked refunded, which it is
// unless the order goes on at another pizzeria with its payment.
func (tx *Tx) moveOrder(ctx context.Context, actor *edge.User, o *edge.Order,
	req edge.TransitionRequest, refund bool) error {
	if err := edge.CheckTransition(actor.Role, o.Fulfilment, o.Status, req.To); err != nil {
		return err
	}

	// Stock is taken on acceptance and given back on a cancellation
	// before preparation.
	var movements []*edge.Movement
	switch {
	case req.To == edge.StatusAccepted:
		lines, err := tx.storedLines(ctx, o)
		if err != nil {
			return err
		}
		movements, err = tx.setOrderStock(ctx, o.ID, actor.Username, nil, lines)
		if err != nil {
			return err
		}
	case req.To == edge.StatusCancelled && o.Status.HoldsStock():
		held, err := tx.heldStock(ctx, o.ID)
		if err != nil {
			return err
		}
		if movements, err = tx.setOrderStock(ctx, o.ID, actor.Username, held, nil); err != nil {
			return err
		}
	}

	// A paid order that is cancelled, or refused, is refunded.
	if refund && req.To.Refunds() && o.PaymentStatus == edge.PaymentPaid {
		o.PaymentStatus = edge.PaymentRefunded
	}
	t := edge.Transition{From: o.Status, To: req.To, By: actor.Username, Reason: req.Reason, At: tx.now}
	o.Status = req.To
	if err := tx.saveOrder(ctx, o); err != nil {
		return err
	}
	if err := tx.insertTransition(ctx, o, t); err != nil {
		return err
	}
	return tx.emitOrder(ctx, syncproto.EventOrderStatusChanged, o, &t, movements)
}

// UpdateOrder implements edge.OrderService.
func (db *DB) UpdateOrder(ctx context.Context, actor *edge.User, id string, upd edge.OrderUpdate) (*edge.Order, error) {
	if err := upd.Validate(); err != nil {
		return nil, err
	}
	var o *edge.Order
	err := db.update(ctx, func(tx *Tx) (err error) {
		if o, err = findOrderByID(ctx, tx, id); err != nil {
			return err
		}
		return tx.updateOrder(ctx, actor, o, upd)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// updateOrder changes the order o, as read in this transaction: the work
// of UpdateOrder.
func (tx *Tx) updateOrder(ctx context.Context, actor *edge.User, o *edge.Order, upd edge.OrderUpdate) error {
	if !o.Status.Modifiable() {
		return edge.Errorf(edge.ECONFLICT, edge.MsgNotModifiable)
	}

	// A new address, remembered for the customer's next call.
	if upd.Address != nil {
		if *upd.Address == "" && o.Fulfilment == edge.FulfilmentDelivery {
			return edge.Invalid("address", edge.MsgAddressRequired)
		}
		o.Customer.Address = *upd.Address
		if _, err := tx.rememberCustomer(ctx, o.Customer); err != nil {
			return err
		}
	}

	// New lines, with the stock difference when the order holds stock.
	var movements []*edge.Movement
	if upd.Lines != nil {
		lines, err := tx.resolveLines(ctx, *upd.Lines)
		if err != nil {
			return err
		}
		lines.keepPrices(o.Lines)
		if o.Status.HoldsStock() {
			held, err := tx.heldStock(ctx, o.ID)
			if err != nil {
				return err
			}
			if movements, err = tx.setOrderStock(ctx, o.ID, actor.Username, held, lines); err != nil {
				return err
			}
		}
		o.Lines, o.TotalCents = lines.lines, lines.total()
		if err := tx.replaceLines(ctx, o); err != nil {
			return err
		}
	}

	if err := tx.saveOrder(ctx, o); err != nil {
		return err
	}
	return tx.emitOrder(ctx, syncproto.EventOrderModified, o, nil, movements)
}

// RecordPayment implements edge.OrderService.
func (db *DB) RecordPayment(ctx context.Context, actor *edge.User, id string, rec edge.PaymentRecord) (*edge.Order, error) {
	if err := rec.Validate(); err != nil {
		return nil, err
	}
	var o *edge.Order
	err := db.update(ctx, func(tx *Tx) (err error) {
		if o, err = findOrderByID(ctx, tx, id); err != nil {
			return err
		}
		return tx.recordPayment(ctx, actor, o, rec)
	})
	if err != nil {
		return nil, err
	}
	return o, nil
}

// recordPayment marks the order o, as read in this transaction, paid: the
// work of RecordPayment.
func (tx *Tx) recordPayment(ctx context.Context, actor *edge.User, o *edge.Order, rec edge.PaymentRecord) error {
	switch {
	case o.PaymentStatus != edge.PaymentPending:
		return edge.Errorf(edge.ECONFLICT, edge.MsgAlreadyPaid)
	case o.Status == edge.StatusRejected || o.Status == edge.StatusCancelled:
		return edge.Errorf(edge.ECONFLICT, edge.MsgNotPayable, edge.StatusLabel(o.Status))
	}
	now := tx.now
	o.PaymentMethod, o.PaymentStatus = rec.Method, edge.PaymentPaid
	o.PaidBy, o.PaidAt = actor.Username, &now
	if err := tx.saveOrder(ctx, o); err != nil {
		return err
	}
	return tx.emitOrder(ctx, syncproto.EventOrderPaymentRecorded, o, nil, nil)
}

// nextTicket returns the next ticket number of a Paris business day.
func (tx *Tx) nextTicket(ctx context.Context, date string) (int64, error) {
	var ticket int64
	err := tx.QueryRowContext(ctx, `
		INSERT INTO daily_tickets (business_date, last_ticket) VALUES (?, 1)
		ON CONFLICT (business_date) DO UPDATE SET last_ticket = last_ticket + 1
		RETURNING last_ticket`, date).Scan(&ticket)
	if err != nil {
		return 0, fmt.Errorf("next ticket: %w", err)
	}
	return ticket, nil
}

// insertOrder writes a new order and its lines.
func (tx *Tx) insertOrder(ctx context.Context, o *edge.Order, customerID *string, idempotencyKey string) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO orders (id, business_date, ticket, channel, fulfilment, status, customer_id,
			customer_name, customer_phone, customer_address, total_cents, payment_method,
			payment_status, idempotency_key, version, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, nullif(?, ''), ?, ?, ?)`,
		o.ID, o.BusinessDate, o.Ticket, o.Channel, o.Fulfilment, o.Status, customerID,
		o.Customer.Name, o.Customer.Phone, o.Customer.Address, o.TotalCents, o.PaymentMethod,
		o.PaymentStatus, idempotencyKey, o.Version, tx.nowText(), tx.nowText())
	if err != nil {
		return fmt.Errorf("insert order: %w", err)
	}
	return tx.insertLines(ctx, o)
}

// saveOrder writes the changeable fields of an order and counts a new
// version of it.
func (tx *Tx) saveOrder(ctx context.Context, o *edge.Order) error {
	var paidAt *string
	if o.PaidAt != nil {
		s := formatTime(*o.PaidAt)
		paidAt = &s
	}
	o.Version++
	o.UpdatedAt = tx.now
	_, err := tx.ExecContext(ctx, `
		UPDATE orders SET status = ?, customer_address = ?, total_cents = ?, payment_method = ?,
			payment_status = ?, paid_by = ?, paid_at = ?, version = ?, updated_at = ?
		WHERE id = ?`,
		o.Status, o.Customer.Address, o.TotalCents, o.PaymentMethod, o.PaymentStatus, o.PaidBy,
		paidAt, o.Version, tx.nowText(), o.ID)
	if err != nil {
		return fmt.Errorf("save order: %w", err)
	}
	return nil
}

func (tx *Tx) insertLines(ctx context.Context, o *edge.Order) error {
	for i, l := range o.Lines {
		_, err := tx.ExecContext(ctx, `
			INSERT INTO order_lines (order_id, position, product_id, product_name, quantity,
				unit_price_cents, note)
			VALUES (?, ?, ?, ?, ?, ?, ?)`,
			o.ID, i, l.ProductID, l.ProductName, l.Quantity, l.UnitPriceCents, l.Note)
		if err != nil {
			return fmt.Errorf("insert line: %w", err)
		}
	}
	return nil
}

func (tx *Tx) replaceLines(ctx context.Context, o *edge.Order) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM order_lines WHERE order_id = ?`, o.ID); err != nil {
		return fmt.Errorf("replace lines: %w", err)
	}
	return tx.insertLines(ctx, o)
}

// insertTransition appends a status change to the order's history.
func (tx *Tx) insertTransition(ctx context.Context, o *edge.Order, t edge.Transition) error {
	_, err := tx.ExecContext(ctx, `
		INSERT INTO order_history (order_id, from_status, to_status, by_user, reason, at)
		VALUES (?, ?, ?, ?, ?, ?)`,
		o.ID, t.From, t.To, t.By, t.Reason, formatTime(t.At))
	if err != nil {
		return fmt.Errorf("insert transition: %w", err)
	}
	o.History = append(o.History, t)
	return nil
}

// emitOrder writes the event of an order change: the whole order, the
// transition if there was one, and the stock it moved.
func (tx *Tx) emitOrder(ctx context.Context, eventType string, o *edge.Order, t *edge.Transition,
	movements []*edge.Movement) error {
	payload := syncproto.OrderPayload{Order: wireOrder(o)}
	if t != nil {
		payload.Order.Transition = &syncproto.Transition{
			From: string(t.From), To: string(t.To), By: t.By, Reason: t.Reason, At: t.At,
		}
	}
	for _, m := range movements {
		payload.Movements = append(payload.Movements, wireMovement(m))
	}
	return tx.emit(ctx, eventType, payload)
}

// wireOrder is the form of an order in events.
func wireOrder(o *edge.Order) syncproto.Order {
	w := syncproto.Order{
		ID: o.ID, Ticket: o.Ticket, BusinessDate: o.BusinessDate, Channel: string(o.Channel),
		Fulfilment: string(o.Fulfilment), Status: string(o.Status),
		CustomerName: o.Customer.Name, CustomerPhone: o.Customer.Phone, Address: o.Customer.Address,
		TotalCents: o.TotalCents, PaymentMethod: string(o.PaymentMethod),
		PaymentStatus: string(o.PaymentStatus), PaidBy: o.PaidBy, Version: o.Version,
		CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt,
	}
	for _, l := range o.Lines {
		w.Lines = append(w.Lines, syncproto.OrderLine{
			ProductID: l.ProductID, ProductName: l.ProductName, Quantity: l.Quantity,
			UnitPriceCents: l.UnitPriceCents, Note: l.Note,
		})
	}
	return w
}
