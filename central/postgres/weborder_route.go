package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// routeNext offers the order of id to its next candidate: a new
// assignment, and its order.place command enqueued in the same
// transaction. With no candidate left, the order is refused to the
// customer, and refunded when paid.
func routeNext(ctx context.Context, tx pgx.Tx, id string, now time.Time) error {
	o, err := lockWebOrder(ctx, tx, "id = $1", id)
	if err != nil || o == nil {
		return err
	}
	version := o.assignment + 1
	if version > int64(len(o.candidates)) {
		return refuseToCustomer(ctx, tx, o, now)
	}
	pizzeria := o.candidates[version-1]

	// Each offer names the order with an id of its own: an order id
	// belongs to one pizzeria in what the pizzerias report.
	edgeID, err := uuid.NewV7()
	if err != nil {
		return fmt.Errorf("route web order: %w", err)
	}
	place, err := placePayload(ctx, tx, o, version, edgeID.String())
	if err != nil {
		return err
	}
	c, err := enqueue(ctx, tx, pizzeria, syncproto.CommandOrderPlace, now, place)
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO web_order_assignments (order_id, version, pizzeria_id, edge_order_id,
			command_id, state, created_at, updated_at)
		VALUES ($1, $2, $3, $4, $5, 'pending', $6, $6)`,
		o.id, version, pizzeria, edgeID, c.ID, now)
	if err != nil {
		return fmt.Errorf("route web order: %w", err)
	}
	// A cancel asked while no pizzeria held the order stays asked.
	_, err = tx.Exec(ctx, `
		UPDATE web_orders SET assignment = $2, updated_at = $3,
			state = CASE WHEN state = 'cancel_requested' THEN state ELSE 'waiting' END
		WHERE id = $1`, o.id, version, now)
	if err != nil {
		return fmt.Errorf("route web order: %w", err)
	}

	// A change asked of the pizzeria the order leaves is not carried over:
	// the new one is offered the lines as they are.
	return dropChange(ctx, tx, o, now)
}

// placePayload is the order.place of an order's assignment version,
// which names the order edgeID.
func placePayload(ctx context.Context, tx pgx.Tx, o *lockedOrder, version int64,
	edgeID string) (*syncproto.OrderPlace, error) {
	p := &syncproto.OrderPlace{OrderID: edgeID, Assignment: version, Fulfilment: o.fulfilment,
		Customer:      syncproto.OrderCustomer{Name: o.name, Phone: o.phone, Address: o.address},
		PaymentMethod: "cash", PaymentStatus: "pending"}
	if o.paymentMethod == central.PayOnline {
		p.PaymentMethod, p.PaymentStatus = "online", "paid"
	}
	rows, err := tx.Query(ctx, `
		SELECT product_id, quantity, note FROM web_order_lines
		WHERE order_id = $1 ORDER BY position`, o.id)
	if err != nil {
		return nil, fmt.Errorf("read web order lines: %w", err)
	}
	var l syncproto.PlaceLine
	_, err = pgx.ForEachRow(rows, []any{&l.ProductID, &l.Quantity, &l.Note}, func() error {
		p.Lines = append(p.Lines, l)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read web order lines: %w", err)
	}
	return p, nil
}

// refuseToCustomer ends an order no pizzeria could take; a cancel asked
// meanwhile ends it cancelled. A paid order is owed its refund.
func refuseToCustomer(ctx context.Context, tx pgx.Tx, o *lockedOrder, now time.Time) error {
	state := central.WebRefused
	if o.state == string(central.WebCancelRequested) {
		state = central.WebCancelled
	}
	if err := endWebOrder(ctx, tx, o, state, now); err != nil {
		return err
	}
	return oweRefund(ctx, tx, o, "", 0, now)
}

// endWebOrder sets a final state and clears any pending request.
func endWebOrder(ctx context.Context, tx pgx.Tx, o *lockedOrder, state central.WebOrderState,
	now time.Time) error {
	_, err := tx.Exec(ctx, `
		UPDATE web_orders SET state = $2, request = '', request_payload = NULL, updated_at = $3
		WHERE id = $1`, o.id, state, now)
	if err != nil {
		return fmt.Errorf("end web order: %w", err)
	}
	o.state = string(state)
	return nil
}

// oweRefund records the refund a paid order is owed, once: pizzeria, when
// set, held the order at assignment and is told when it is done.
func oweRefund(ctx context.Context, tx pgx.Tx, o *lockedOrder, pizzeria string, assignment int64,
	now time.Time) error {
	if o.paymentStatus != central.WebPaymentPaid {
		return nil
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO web_order_refunds (order_id, payment_id, pizzeria_id, assignment, state, created_at)
		VALUES ($1, $2, $3, $4, 'pending', $5) ON CONFLICT (order_id) DO NOTHING`,
		o.id, o.paymentID, pizzeria, assignment, now)
	if err != nil {
		return fmt.Errorf("owe refund: %w", err)
	}
	return nil
}

// ExpireAssignments implements central.WebOrderRouter. Each expired
// offer is handled in a transaction of its own.
func (db *DB) ExpireAssignments(ctx context.Context, timeout time.Duration) (int, error) {
	now := db.Now().UTC().Truncate(time.Microsecond)
	rows, err := db.Pool.Query(ctx, `
		SELECT order_id::text, version FROM web_order_assignments
		WHERE state = 'pending' AND created_at <= $1 ORDER BY created_at LIMIT 100`,
		now.Add(-timeout))
	if err != nil {
		return 0, fmt.Errorf("find expired assignments: %w", err)
	}
	type key struct {
		id      string
		version int64
	}
	var due []key
	var k key
	if _, err := pgx.ForEachRow(rows, []any{&k.id, &k.version}, func() error {
		due = append(due, k)
		return nil
	}); err != nil {
		return 0, fmt.Errorf("find expired assignments: %w", err)
	}

	moved := 0
	for _, k := range due {
		err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
			ok, err := expireAssignment(ctx, tx, k.id, k.version, now)
			if ok {
				moved++
			}
			return err
		})
		if err != nil {
			return moved, err
		}
	}
	return moved, nil
}

// expireAssignment withdraws an offer still pending and moves the order
// on; it reports false when the pizzeria answered meanwhile.
func expireAssignment(ctx context.Context, tx pgx.Tx, id string, version int64,
	now time.Time) (bool, error) {
	o, err := lockWebOrder(ctx, tx, "id = $1", id)
	if err != nil || o == nil {
		return false, err
	}
	var pizzeria string
	err = tx.QueryRow(ctx, `
		UPDATE web_order_assignments SET state = 'expired', updated_at = $3
		WHERE order_id = $1 AND version = $2 AND state = 'pending'
		RETURNING pizzeria_id`, id, version, now).Scan(&pizzeria)
	if err == pgx.ErrNoRows {
		return false, nil
	} else if err != nil {
		return false, fmt.Errorf("expire assignment: %w", err)
	}
	if err := withdraw(ctx, tx, id, version, pizzeria, "timeout", now); err != nil {
		return false, err
	}

	// A cancel asked while the pizzeria was silent ends here.
	if o.state == string(central.WebCancelRequested) {
		if err := endWebOrder(ctx, tx, o, central.WebCancelled, now); err != nil {
			return false, err
		}
		return true, oweRefund(ctx, tx, o, "", 0, now)
	}
	return true, routeNext(ctx, tx, id, now)
}

// withdraw enqueues order.withdraw of an assignment, once.
func withdraw(ctx context.Context, tx pgx.Tx, id string, version int64, pizzeria, reason string,
	now time.Time) error {
	var sent bool
	var edgeID string
	err := tx.QueryRow(ctx, `
		SELECT withdraw_command_id IS NOT NULL, edge_order_id::text FROM web_order_assignments
		WHERE order_id = $1 AND version = $2`, id, version).Scan(&sent, &edgeID)
	if err != nil || sent {
		return err
	}
	c, err := enqueue(ctx, tx, pizzeria, syncproto.CommandOrderWithdraw, now,
		&syncproto.OrderRef{OrderID: edgeID, Assignment: version, Reason: reason})
	if err != nil {
		return err
	}
	_, err = tx.Exec(ctx, `
		UPDATE web_order_assignments SET withdraw_command_id = $3
		WHERE order_id = $1 AND version = $2`, id, version, c.ID)
	if err != nil {
		return fmt.Errorf("withdraw: %w", err)
	}
	return nil
}
