package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// paymentRank orders the payment statuses of an order: a payment only
// moves to a higher rank, so an event that arrives late changes nothing.
// A success outranks a failure: a provider may let the customer pay after
// a declined card, or succeed after central gave up waiting for it, and
// money taken for an order that ended is owed back (applyPayment); a
// failure after a success changes nothing.
var paymentRank = map[string]int{
	central.WebPaymentPending: 0, central.WebPaymentFailedSt: 1,
	central.WebPaymentPaid: 2, central.WebPaymentRefunded: 3,
}

// ApplyPaymentEvent implements central.WebOrderService.
func (db *DB) ApplyPaymentEvent(ctx context.Context, ev *central.PaymentEvent) (bool, error) {
	now := db.Now().UTC().Truncate(time.Microsecond)
	applied := false
	err := pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		// The event id first: a replay finds it and changes nothing.
		tag, err := tx.Exec(ctx, `
			INSERT INTO payment_events (id, payment_id, type, applied_at) VALUES ($1, $2, $3, $4)
			ON CONFLICT (id) DO NOTHING`, ev.ID, ev.PaymentID, ev.Type, now)
		if err != nil {
			return fmt.Errorf("record payment event: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return nil
		}
		applied = true

		o, err := lockWebOrder(ctx, tx, "payment_id = $1", ev.PaymentID)
		if err != nil || o == nil {
			return err // an intent of no order: recorded, nothing else
		}
		// A payment of another amount or for another order than this one
		// pays nothing: the event is refused, unrecorded, for an operator
		// to look at.
		if ev.Reference != "" && ev.Reference != o.id {
			e := central.Errorm(central.EINVALID, central.MsgPaymentReferenceMismatch, ev.Reference)
			e.Field = "reference"
			return e
		}
		if ev.AmountCents != o.totalCents {
			e := central.Errorm(central.EINVALID, central.MsgPaymentAmountMismatch,
				ev.AmountCents, o.totalCents)
			e.Field = "amount_cents"
			return e
		}
		return applyPayment(ctx, tx, o, ev, now)
	})
	if err != nil {
		return false, err
	}
	return applied, nil
}

// applyPayment moves an order's payment forward: paid, the order is
// placed with its first pizzeria (or refunded, if it was cancelled or
// marked failed meanwhile); failed, it is never placed.
func applyPayment(ctx context.Context, tx pgx.Tx, o *lockedOrder, ev *central.PaymentEvent,
	now time.Time) error {
	to := map[central.PaymentStatus]string{central.PaymentSucceeded: central.WebPaymentPaid,
		central.PaymentFailed: central.WebPaymentFailedSt, central.PaymentRefunded: central.WebPaymentRefunded,
	}[ev.Status]
	if paymentRank[to] <= paymentRank[o.paymentStatus] {
		return nil
	}
	_, err := tx.Exec(ctx, `UPDATE web_orders SET payment_status = $2, updated_at = $3 WHERE id = $1`,
		o.id, to, now)
	if err != nil {
		return fmt.Errorf("apply payment: %w", err)
	}
	o.paymentStatus = to

	switch {
	case to == central.WebPaymentFailedSt && o.state == string(central.WebAwaitingPayment):
		return endWebOrder(ctx, tx, o, central.WebPaymentFailed, now)
	case to == central.WebPaymentPaid && o.state == string(central.WebAwaitingPayment):
		return routeNext(ctx, tx, o.id, now)
	case to == central.WebPaymentPaid && (o.state == string(central.WebCancelled) ||
		o.state == string(central.WebPaymentFailed)):
		return oweRefund(ctx, tx, o, "", 0, now)
	}
	return nil
}

// refundDue is a refund owed.
type refundDue struct {
	orderID, paymentID, pizzeria string
	assignment                   int64
}

// RefundOwed implements central.WebOrderRouter.
func (db *DB) RefundOwed(ctx context.Context, p central.PaymentProvider) (int, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT order_id::text, payment_id, pizzeria_id, assignment FROM web_order_refunds
		WHERE state = 'pending' ORDER BY created_at LIMIT 50`)
	if err != nil {
		return 0, fmt.Errorf("find refunds owed: %w", err)
	}
	var due []refundDue
	var r refundDue
	if _, err := pgx.ForEachRow(rows, []any{&r.orderID, &r.paymentID, &r.pizzeria, &r.assignment},
		func() error {
			due = append(due, r)
			return nil
		}); err != nil {
		return 0, fmt.Errorf("find refunds owed: %w", err)
	}

	done := 0
	for _, r := range due {
		// The key makes a repeated call refund once at the provider.
		_, err := p.RefundPayment(ctx, r.paymentID, "order:"+r.orderID+":refund")
		if err != nil && !errors.Is(err, central.ErrPaymentAlreadyRefunded) {
			db.refundFailed(ctx, r, err)
			continue
		}
		if err := db.refundDone(ctx, r); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}

// refundDone records a refund made and tells the pizzeria that held the
// order, in one transaction.
func (db *DB) refundDone(ctx context.Context, r refundDue) error {
	now := db.Now().UTC().Truncate(time.Microsecond)
	return pgx.BeginFunc(ctx, db.Pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `
			UPDATE web_order_refunds SET state = 'done', done_at = $2
			WHERE order_id = $1 AND state = 'pending'`, r.orderID, now)
		if err != nil || tag.RowsAffected() == 0 {
			return err
		}
		_, err = tx.Exec(ctx, `
			UPDATE web_orders SET payment_status = 'refunded', updated_at = $2 WHERE id = $1`,
			r.orderID, now)
		if err != nil {
			return fmt.Errorf("refund done: %w", err)
		}
		if r.pizzeria == "" {
			return nil
		}
		var edgeID string
		err = tx.QueryRow(ctx, `
			SELECT edge_order_id::text FROM web_order_assignments
			WHERE order_id = $1 AND version = $2`, r.orderID, r.assignment).Scan(&edgeID)
		if err != nil {
			return fmt.Errorf("refund done: %w", err)
		}
		_, err = enqueue(ctx, tx, r.pizzeria, syncproto.CommandOrderPayment, now,
			&syncproto.OrderPaymentNotice{OrderID: edgeID, Assignment: r.assignment,
				Status: "refunded", PaymentID: r.paymentID})
		return err
	})
}

// refundFailed counts a failed try; the next round tries again.
func (db *DB) refundFailed(ctx context.Context, r refundDue, cause error) {
	_, _ = db.Pool.Exec(ctx, `
		UPDATE web_order_refunds SET attempts = attempts + 1, last_error = left($2, 300)
		WHERE order_id = $1`, r.orderID, cause.Error())
}
