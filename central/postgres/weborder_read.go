package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// webOrderQuery reads web orders with what the pizzeria of the current
// assignment reports of them, under that assignment's own order id: a
// copy an earlier pizzeria made (and cancelled) never shows.
const webOrderQuery = `
	SELECT w.id::text, w.customer_id::text, w.state, w.fulfilment,
	       coalesce(a.pizzeria_id, ''), w.assignment, coalesce(a.edge_order_id::text, ''),
	       coalesce(w.candidates[1], ''), w.postcode, w.address,
	       w.customer_name, w.customer_phone, w.total_cents, w.payment_method, w.payment_status,
	       w.payment_id, w.payment_url, w.request, w.request_answer, w.request_reason,
	       w.created_at, w.updated_at, o.status, o.ticket, o.total_cents,
	       greatest(
	           (SELECT max(e.last_seen_at) FROM epochs e WHERE e.pizzeria_id = a.pizzeria_id),
	           (SELECT h.received_at FROM heartbeats h WHERE h.pizzeria_id = a.pizzeria_id))
	FROM web_orders w
	LEFT JOIN web_order_assignments a ON a.order_id = w.id AND a.version = w.assignment
	LEFT JOIN orders o ON o.id = a.edge_order_id AND o.pizzeria_id = a.pizzeria_id`

// FindWebOrder implements central.WebOrderService.
func (db *DB) FindWebOrder(ctx context.Context, customerID, id string) (*central.WebOrder, error) {
	notFound := central.Errorm(central.ENOTFOUND, central.MsgWebOrderNotFound)
	if uuid.Validate(id) != nil || uuid.Validate(customerID) != nil {
		return nil, notFound
	}
	orders, err := db.queryWebOrders(ctx, webOrderQuery+`
		WHERE w.id = $1::text::uuid AND w.customer_id = $2::text::uuid`, id, customerID)
	if err != nil {
		return nil, err
	}
	if len(orders) == 0 {
		return nil, notFound
	}
	return orders[0], nil
}

// FindWebOrders implements central.WebOrderService.
func (db *DB) FindWebOrders(ctx context.Context, customerID string) ([]*central.WebOrder, error) {
	if uuid.Validate(customerID) != nil {
		return []*central.WebOrder{}, nil
	}
	return db.queryWebOrders(ctx, webOrderQuery+`
		WHERE w.customer_id = $1::text::uuid ORDER BY w.created_at DESC LIMIT 100`, customerID)
}

// queryWebOrders runs a webOrderQuery, then reads the lines and history
// of the orders found.
func (db *DB) queryWebOrders(ctx context.Context, query string, args ...any) ([]*central.WebOrder, error) {
	rows, err := db.Pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("find web orders: %w", err)
	}
	orders, err := pgx.CollectRows(rows, scanWebOrder)
	if err != nil {
		return nil, fmt.Errorf("find web orders: %w", err)
	}
	now := db.Now().UTC()
	for _, o := range orders {
		if err := db.readWebDetails(ctx, o.WebOrder); err != nil {
			return nil, err
		}
		o.PizzeriaOnline = o.Pizzeria != "" && o.pizzeriaSeen != nil &&
			now.Sub(*o.pizzeriaSeen) <= central.OnlineWindow
		o.Message = central.Message(webOrderMessage(o.WebOrder))
	}
	return webOrdersOf(orders), nil
}

// readWebOrder is a web order as read, with when central last heard from
// the pizzeria of its current assignment.
type readWebOrder struct {
	*central.WebOrder
	pizzeriaSeen *time.Time
}

func webOrdersOf(read []readWebOrder) []*central.WebOrder {
	orders := make([]*central.WebOrder, len(read))
	for i, o := range read {
		orders[i] = o.WebOrder
	}
	return orders
}

func scanWebOrder(row pgx.CollectableRow) (readWebOrder, error) {
	o := &central.WebOrder{Lines: []central.WebOrderLine{}, History: []central.WebOrderEvent{}}
	var status *string
	var reportedTotal *int64
	var seen *time.Time
	err := row.Scan(&o.ID, &o.CustomerID, &o.State, &o.Fulfilment, &o.Pizzeria, &o.Assignment,
		&o.EdgeOrderID, &o.OrderedFrom, &o.Postcode, &o.Address, &o.CustomerName, &o.CustomerPhone, &o.TotalCents, &o.PaymentMethod,
		&o.PaymentStatus, &o.PaymentID, &o.PaymentURL, &o.Request, &o.RequestAnswer,
		&o.RequestReason, &o.CreatedAt, &o.UpdatedAt, &status, &o.Ticket, &reportedTotal, &seen)
	if err != nil {
		return readWebOrder{}, err
	}
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()
	o.Status = derivedStatus(o.State)
	if status != nil {
		o.Status = *status
	}
	if reportedTotal != nil {
		o.TotalCents = *reportedTotal
	}
	return readWebOrder{WebOrder: o, pizzeriaSeen: seen}, nil
}

// derivedStatus is the status shown before the pizzeria reports one.
func derivedStatus(s central.WebOrderState) string {
	switch s {
	case central.WebAwaitingPayment, central.WebPaymentFailed, central.WebRefused, central.WebCancelled:
		return string(s)
	}
	return "placed"
}

// webOrderMessage says where an order stands for the customer.
func webOrderMessage(o *central.WebOrder) central.MessageKey {
	rerouted := o.RequestReason == central.WebReasonRerouted
	switch {
	case o.Request == "modify":
		return central.MsgWebModifyRequested
	case rerouted && (o.State == central.WebWaiting || o.State == central.WebAccepted) &&
		(o.Status == "placed" || o.Status == "accepted"):
		return central.MsgWebChangeRerouted // while the change may be asked again
	case o.State == central.WebCancelled && o.RequestReason == central.WebReasonUnpaid:
		return central.MsgWebUnpaidCancelled
	case o.RequestAnswer == central.AnswerRefused && o.State == central.WebAccepted && !rerouted:
		return central.MsgWebRequestRefused
	case o.State == central.WebAccepted && o.Ticket != nil:
		return progressMessage(o)
	case o.State == central.WebWaiting && !o.PizzeriaOnline:
		return central.MsgWebWaitingOffline
	}
	return map[central.WebOrderState]central.MessageKey{
		central.WebAwaitingPayment: central.MsgWebAwaitingPayment,
		central.WebPaymentFailed:   central.MsgWebPaymentFailed,
		central.WebWaiting:         central.MsgWebWaiting,
		central.WebAccepted:        central.MsgWebAccepted,
		central.WebRefused:         central.MsgWebRefused,
		central.WebCancelRequested: central.MsgWebCancelRequested,
		central.WebCancelled:       central.MsgWebCancelled,
	}[o.State]
}

// progressMessage says where an order its pizzeria holds stands, from
// the status the pizzeria reports.
func progressMessage(o *central.WebOrder) central.MessageKey {
	switch o.Status {
	case "preparing":
		return central.MsgWebPreparing
	case "ready":
		if o.Fulfilment == "pickup" {
			return central.MsgWebReadyPickup
		}
		return central.MsgWebReadyDelivery
	case "out_for_delivery":
		return central.MsgWebOnTheWay
	case "delivered", "picked_up":
		return central.MsgWebDone
	case "cancelled", "rejected":
		return central.MsgWebCancelledByPizzeria
	}
	return central.MsgWebInProgress
}

// readWebDetails reads an order's lines and the history its pizzeria
// reported.
func (db *DB) readWebDetails(ctx context.Context, o *central.WebOrder) error {
	rows, err := db.Pool.Query(ctx, `
		SELECT product_id, product_name, quantity, unit_price_cents, note FROM web_order_lines
		WHERE order_id = $1 ORDER BY position`, o.ID)
	if err != nil {
		return fmt.Errorf("read web order lines: %w", err)
	}
	var l central.WebOrderLine
	if _, err := pgx.ForEachRow(rows, []any{&l.ProductID, &l.ProductName, &l.Quantity,
		&l.UnitPriceCents, &l.Note}, func() error {
		o.Lines = append(o.Lines, l)
		return nil
	}); err != nil {
		return fmt.Errorf("read web order lines: %w", err)
	}
	if o.EdgeOrderID == "" {
		return nil
	}
	o.History, err = db.readHistory(ctx, o.EdgeOrderID, o.Pizzeria)
	return err
}

// readHistory reads the status changes a pizzeria reported of an order.
func (db *DB) readHistory(ctx context.Context, id, pizzeria string) ([]central.WebOrderEvent, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT h.from_status, h.to_status, h.reason, h.at FROM order_history h
		JOIN orders o ON o.id = h.order_id AND o.pizzeria_id = $2
		WHERE h.order_id = $1 ORDER BY h.at`, id, pizzeria)
	if err != nil {
		return nil, fmt.Errorf("read order history: %w", err)
	}
	history := []central.WebOrderEvent{}
	var e central.WebOrderEvent
	if _, err := pgx.ForEachRow(rows, []any{&e.From, &e.To, &e.Reason, &e.At}, func() error {
		e.At = e.At.UTC()
		history = append(history, e)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("read order history: %w", err)
	}
	return history, nil
}

// FindOrder implements central.OrderService. id is the order's id at its
// pizzeria, or a web order's id: then its current assignment's order.
func (db *DB) FindOrder(ctx context.Context, id string) (*central.Order, error) {
	notFound := central.Errorm(central.ENOTFOUND, central.MsgOrderNotFound)
	if uuid.Validate(id) != nil {
		return nil, notFound
	}
	o := &central.Order{Lines: []central.WebOrderLine{}}
	err := db.Pool.QueryRow(ctx, `
		SELECT o.id::text, o.pizzeria_id, o.ticket, o.channel, o.fulfilment, o.status,
		       o.customer_name, o.customer_phone, o.customer_address, o.total_cents,
		       o.payment_method, o.payment_status, o.created_at, o.updated_at,
		       EXISTS (SELECT 1 FROM web_order_assignments a WHERE a.edge_order_id = o.id)
		FROM orders o
		WHERE o.id = coalesce((
			SELECT a.edge_order_id FROM web_orders w
			JOIN web_order_assignments a ON a.order_id = w.id AND a.version = w.assignment
			WHERE w.id = $1::text::uuid), $1::text::uuid)`, id).Scan(&o.ID, &o.Pizzeria, &o.Ticket,
		&o.Channel, &o.Fulfilment, &o.Status, &o.CustomerName, &o.CustomerPhone, &o.Address,
		&o.TotalCents, &o.PaymentMethod, &o.PaymentStatus, &o.CreatedAt, &o.UpdatedAt, &o.Web)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, notFound
	} else if err != nil {
		return nil, fmt.Errorf("find order: %w", err)
	}
	o.CreatedAt, o.UpdatedAt = o.CreatedAt.UTC(), o.UpdatedAt.UTC()

	rows, err := db.Pool.Query(ctx, `
		SELECT product_id, product_name, quantity, unit_price_cents, note FROM order_lines
		WHERE order_id = $1 ORDER BY position`, o.ID)
	if err != nil {
		return nil, fmt.Errorf("find order lines: %w", err)
	}
	var l central.WebOrderLine
	if _, err := pgx.ForEachRow(rows, []any{&l.ProductID, &l.ProductName, &l.Quantity,
		&l.UnitPriceCents, &l.Note}, func() error {
		o.Lines = append(o.Lines, l)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("find order lines: %w", err)
	}
	o.History, err = db.readHistory(ctx, o.ID, o.Pizzeria)
	return o, err
}
