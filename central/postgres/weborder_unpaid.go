package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// ExpireUnpaid implements central.WebOrderRouter. The orders are
// cancelled (the customer did not pay in time, nothing failed), with the
// reason kept for the customer's sentence; a success arriving after is
// owed its refund (applyPayment). One statement: an order a payment
// locked and placed meanwhile no longer matches once the lock is
// released.
func (db *DB) ExpireUnpaid(ctx context.Context, after time.Duration) (int, error) {
	now := db.Now().UTC().Truncate(time.Microsecond)
	tag, err := db.Pool.Exec(ctx, `
		UPDATE web_orders SET state = $1, request = '', request_payload = NULL,
			request_answer = '', request_reason = $2, updated_at = $3
		WHERE state = 'awaiting_payment' AND created_at <= $4`,
		central.WebCancelled, central.WebReasonUnpaid, now, now.Add(-after))
	if err != nil {
		return 0, fmt.Errorf("expire unpaid web orders: %w", err)
	}
	return int(tag.RowsAffected()), nil
}
