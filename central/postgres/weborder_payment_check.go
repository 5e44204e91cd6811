package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// paymentCheckHorizon is how long after its creation an order still
// waiting for its payment is checked at the provider: a customer who
// left the payment page a day ago is not coming back.
const paymentCheckHorizon = 24 * time.Hour

// eventOfStatus is the webhook event type that reports each final status.
var eventOfStatus = map[central.PaymentStatus]string{
	central.PaymentSucceeded: central.EventPaymentSucceeded,
	central.PaymentFailed:    central.EventPaymentFailed,
	central.PaymentRefunded:  central.EventPaymentRefunded,
}

// CheckPayments implements central.WebOrderRouter. Each answer that
// moved is applied as the webhook event would have been, under an event
// id of its own: the webhook arriving after changes nothing more, since a
// payment only moves forward. An order cancelled before its payment came
// (by the customer, or by ExpireUnpaid) is checked too, so that a payment
// whose webhook is lost is still refunded.
func (db *DB) CheckPayments(ctx context.Context, p central.PaymentProvider,
	after time.Duration) (int, error) {
	now := db.Now().UTC()
	rows, err := db.Pool.Query(ctx, `
		SELECT payment_id FROM web_orders
		WHERE state IN ('awaiting_payment', 'cancelled') AND payment_status = 'pending'
		  AND payment_id <> '' AND updated_at <= $1 AND created_at >= $2
		ORDER BY updated_at LIMIT 50`, now.Add(-after), now.Add(-paymentCheckHorizon))
	if err != nil {
		return 0, fmt.Errorf("find payments to check: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, fmt.Errorf("find payments to check: %w", err)
	}

	applied := 0
	for _, id := range ids {
		// The provider's word, then the event it stands for.
		payment, err := p.FindPaymentByID(ctx, id)
		if err != nil {
			return applied, fmt.Errorf("check payment %s: %w", id, err)
		}
		typ := eventOfStatus[payment.Status]
		if typ == "" {
			continue // the customer has not paid yet
		}
		ok, err := db.ApplyPaymentEvent(ctx, &central.PaymentEvent{
			ID: "check:" + id + ":" + string(payment.Status), Type: typ, PaymentID: id,
			Status: payment.Status, AmountCents: payment.AmountCents,
			Reference: payment.Reference, FailureReason: payment.FailureReason, Created: now,
		})
		if err != nil {
			return applied, err
		}
		if ok {
			applied++
		}
	}
	return applied, nil
}
