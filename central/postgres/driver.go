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

// Ensure the service is implemented.
var _ central.DriverService = (*DB)(nil)

// maxDriverRequests bounds the recent requests the page lists.
const maxDriverRequests = 50

// FindDeliveries implements central.DriverService. An order's time ready
// is that of its last transition to ready, or of its last change when the
// pizzeria reported none; who took it is the author of its last
// transition to out_for_delivery.
func (db *DB) FindDeliveries(ctx context.Context, f central.DeliveryFilter) ([]*central.DeliveryOrder, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT o.id::text, o.pizzeria_id, o.ticket, o.status, o.customer_name, o.customer_phone,
		       o.customer_address, o.total_cents, o.payment_method, o.payment_status,
		       coalesce(ready.at, o.updated_at), coalesce(taken.by_user, ''),
		       r.command_id::text, r.to_status, r.collected, r.driver, r.requested_at,
		       r.answer, r.answer_code, r.answer_reason, r.answered_at
		FROM orders o
		LEFT JOIN LATERAL (
			SELECT max(h.at) AS at FROM order_history h
			WHERE h.order_id = o.id AND h.to_status = 'ready') ready ON true
		LEFT JOIN LATERAL (
			SELECT h.by_user FROM order_history h
			WHERE h.order_id = o.id AND h.to_status = 'out_for_delivery'
			ORDER BY h.at DESC LIMIT 1) taken ON true
		LEFT JOIN LATERAL (
			SELECT r.*, c.answer, c.answer_code, c.answer_reason, c.answered_at
			FROM driver_requests r JOIN commands c ON c.id = r.command_id
			WHERE r.order_id = o.id AND r.pizzeria_id = o.pizzeria_id
			ORDER BY c.position DESC LIMIT 1) r ON true
		WHERE o.pizzeria_id = $1 AND o.fulfilment = 'delivery'
		  AND o.status IN ('ready', 'out_for_delivery')
		  AND (o.status = 'ready' OR $2 = '' OR taken.by_user = $2 OR r.driver = $2)
		ORDER BY 11, o.ticket`, f.Pizzeria, f.Driver)
	if err != nil {
		return nil, fmt.Errorf("find deliveries: %w", err)
	}
	orders, err := pgx.CollectRows(rows, scanDelivery)
	if err != nil {
		return nil, fmt.Errorf("find deliveries: %w", err)
	}
	return orders, nil
}

// scanDelivery reads a row of FindDeliveries: the order, then its latest
// request, all null when it has none.
func scanDelivery(row pgx.CollectableRow) (*central.DeliveryOrder, error) {
	var o central.DeliveryOrder
	var reqID, to, collected, driver, answer, code, reason *string
	var requestedAt, answeredAt *time.Time
	err := row.Scan(&o.ID, &o.Pizzeria, &o.Ticket, &o.Status, &o.CustomerName, &o.CustomerPhone,
		&o.Address, &o.TotalCents, &o.PaymentMethod, &o.PaymentStatus, &o.ReadyAt, &o.TakenBy,
		&reqID, &to, &collected, &driver, &requestedAt, &answer, &code, &reason, &answeredAt)
	if err != nil {
		return nil, err
	}
	o.ReadyAt = o.ReadyAt.UTC()
	if reqID != nil {
		o.Request = &central.DriverRequest{ID: *reqID, Pizzeria: o.Pizzeria, OrderID: o.ID,
			Ticket: o.Ticket, To: *to, Collected: *collected, Driver: *driver,
			RequestedAt: requestedAt.UTC(), AnswerCode: *code, AnswerReason: *reason}
		if answer != nil {
			o.Request.Answer, o.Request.AnsweredAt = *answer, answeredAt
		}
	}
	return &o, nil
}

// requestSelect reads driver requests with their command's answer and
// their order's ticket (0 when central has not seen the order). The
// requests of one pizzeria are ordered by their command's position,
// which is their commit order, whatever the clock says.
const requestSelect = `
	SELECT r.command_id::text, r.pizzeria_id, r.order_id::text, coalesce(o.ticket, 0),
	       r.to_status, r.collected, r.driver, r.requested_at,
	       coalesce(c.answer, ''), c.answer_code, c.answer_reason, c.answered_at
	FROM driver_requests r
	JOIN commands c ON c.id = r.command_id
	LEFT JOIN orders o ON o.id = r.order_id`

// scanRequest reads a row of requestSelect.
func scanRequest(row pgx.CollectableRow) (*central.DriverRequest, error) {
	var r central.DriverRequest
	err := row.Scan(&r.ID, &r.Pizzeria, &r.OrderID, &r.Ticket, &r.To, &r.Collected, &r.Driver,
		&r.RequestedAt, &r.Answer, &r.AnswerCode, &r.AnswerReason, &r.AnsweredAt)
	r.RequestedAt = r.RequestedAt.UTC()
	return &r, err
}

// FindDriverRequests implements central.DriverService.
func (db *DB) FindDriverRequests(ctx context.Context, pizzeria, driver string,
	since time.Time) ([]*central.DriverRequest, error) {
	rows, err := db.Pool.Query(ctx, requestSelect+`
		WHERE r.pizzeria_id = $1 AND ($2 = '' OR r.driver = $2) AND r.requested_at >= $3
		ORDER BY c.position DESC LIMIT $4`, pizzeria, driver, since, maxDriverRequests)
	if err != nil {
		return nil, fmt.Errorf("find driver requests: %w", err)
	}
	requests, err := pgx.CollectRows(rows, scanRequest)
	if err != nil {
		return nil, fmt.Errorf("find driver requests: %w", err)
	}
	return requests, nil
}

// RequestDriverUpdate implements central.DriverService. Requests for one
// order are taken one at a time, under a transaction-scoped advisory lock
// on the order: the projected orders row belongs to the ingest and is not
// locked, so that a driver's tap never holds up a batch.
func (db *DB) RequestDriverUpdate(ctx context.Context, actor *central.User,
	update *central.DriverUpdate) (*central.DriverRequest, bool, error) {
	// Who asks, and what, before the database.
	pizzeria, err := central.DriverScope(actor)
	if err != nil {
		return nil, false, err
	}
	if err := update.Validate(); err != nil {
		return nil, false, err
	}

	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		return nil, false, fmt.Errorf("driver update: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	req, created, err := db.requestDriverUpdate(ctx, tx, actor, pizzeria, update)
	if err != nil || !created {
		return req, false, err
	}
	if err := tx.Commit(ctx); err != nil {
		return nil, false, fmt.Errorf("driver update: %w", err)
	}
	return req, true, nil
}

// requestDriverUpdate does the work of RequestDriverUpdate in tx.
func (db *DB) requestDriverUpdate(ctx context.Context, tx pgx.Tx, actor *central.User,
	pizzeria string, update *central.DriverUpdate) (*central.DriverRequest, bool, error) {
	// The order, alone until the transaction ends.
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`,
		"driver-request:"+update.OrderID)
	if err != nil {
		return nil, false, fmt.Errorf("driver update: lock order: %w", err)
	}
	order, err := findDeliveryOrder(ctx, tx, pizzeria, update.OrderID)
	if err != nil {
		return nil, false, err
	}

	// The same request already made and not refused: a double tap.
	prev, err := latestRequest(ctx, tx, update.OrderID, update.To)
	if err != nil {
		return nil, false, err
	}
	if prev != nil && prev.Answer != central.AnswerRefused {
		if prev.Driver == actor.Username {
			return prev, false, nil
		}
		if prev.Answer == "" {
			return nil, false, central.Errorm(central.ECONFLICT, central.MsgDriverColleagueFirst, prev.Driver)
		}
	}
	if err := update.CheckOrder(order); err != nil {
		return nil, false, err
	}

	// The command for the pizzeria, and its record.
	req, err := db.enqueueDriverUpdate(ctx, tx, actor, order, update)
	if err != nil {
		return nil, false, err
	}
	return req, true, nil
}

// findDeliveryOrder reads the order a request is about: a delivery of the
// pizzeria, or ENOTFOUND, so that another pizzeria's orders cannot be
// told from missing ones.
func findDeliveryOrder(ctx context.Context, tx pgx.Tx, pizzeria, id string) (*central.DeliveryOrder, error) {
	o := central.DeliveryOrder{ID: id, Pizzeria: pizzeria}
	err := tx.QueryRow(ctx, `
		SELECT ticket, status, payment_method, payment_status FROM orders
		WHERE id = $1::text::uuid AND pizzeria_id = $2 AND fulfilment = 'delivery'`,
		id, pizzeria).Scan(&o.Ticket, &o.Status, &o.PaymentMethod, &o.PaymentStatus)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, central.Errorm(central.ENOTFOUND, central.MsgDriverOrderNotFound)
	}
	if err != nil {
		return nil, fmt.Errorf("driver update: find order: %w", err)
	}
	return &o, nil
}

// latestRequest returns the latest request for an order to a status, or
// nil.
func latestRequest(ctx context.Context, tx pgx.Tx, orderID, to string) (*central.DriverRequest, error) {
	rows, err := tx.Query(ctx, requestSelect+`
		WHERE r.order_id = $1::text::uuid AND r.to_status = $2
		ORDER BY c.position DESC LIMIT 1`, orderID, to)
	if err != nil {
		return nil, fmt.Errorf("driver update: latest request: %w", err)
	}
	requests, err := pgx.CollectRows(rows, scanRequest)
	if err != nil {
		return nil, fmt.Errorf("driver update: latest request: %w", err)
	}
	if len(requests) == 0 {
		return nil, nil
	}
	return requests[0], nil
}

// enqueueDriverUpdate enqueues the order.driver command of an update and
// records the request with it, in tx.
func (db *DB) enqueueDriverUpdate(ctx context.Context, tx pgx.Tx, actor *central.User,
	order *central.DeliveryOrder, update *central.DriverUpdate) (*central.DriverRequest, error) {
	payload := &syncproto.OrderDriverUpdate{OrderID: order.ID, Driver: actor.Username,
		To: update.To, Collected: update.Collected}
	if err := payload.Validate(); err != nil {
		return nil, fmt.Errorf("driver update: %w", err)
	}
	now := db.Now().UTC().Truncate(time.Microsecond)
	cmd, err := enqueue(ctx, tx, order.Pizzeria, syncproto.CommandOrderDriver, now, payload)
	if err != nil {
		return nil, err
	}
	_, err = tx.Exec(ctx, `
		INSERT INTO driver_requests
			(command_id, pizzeria_id, order_id, to_status, collected, driver, requested_at)
		VALUES ($1::text::uuid, $2, $3::text::uuid, $4, $5, $6, $7)`,
		cmd.ID, order.Pizzeria, order.ID, update.To, update.Collected, actor.Username, now)
	if err != nil {
		return nil, fmt.Errorf("driver update: record request: %w", err)
	}
	return &central.DriverRequest{ID: cmd.ID, Pizzeria: order.Pizzeria, OrderID: order.ID,
		Ticket: order.Ticket, To: update.To, Collected: update.Collected, Driver: actor.Username,
		RequestedAt: now}, nil
}
