package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/ocpizza/ocpizza/edge"
)

// FindOrderByID implements edge.OrderService.
func (db *DB) FindOrderByID(ctx context.Context, id string) (*edge.Order, error) {
	return findOrderByID(ctx, db.read, id)
}

// FindOrders implements edge.OrderService.
func (db *DB) FindOrders(ctx context.Context, filter edge.OrderFilter) ([]*edge.Order, error) {
	return findOrders(ctx, db.read, filter, "")
}

func findOrderByID(ctx context.Context, q queryer, id string) (*edge.Order, error) {
	orders, err := findOrders(ctx, q, edge.OrderFilter{}, id)
	if err != nil {
		return nil, err
	}
	if len(orders) == 0 {
		return nil, edge.Errorf(edge.ENOTFOUND, edge.MsgOrderNotFound)
	}
	return orders[0], nil
}

// findOrders returns the orders matching filter (or the one order id),
// oldest first, with their lines and history.
func findOrders(ctx context.Context, q queryer, filter edge.OrderFilter, id string) ([]*edge.Order, error) {
	// The conditions of the filter.
	where, args := []string{"1 = 1"}, []any{}
	if id != "" {
		where, args = append(where, "id = ?"), append(args, id)
	}
	if filter.Status != nil {
		where, args = append(where, "status = ?"), append(args, *filter.Status)
	}
	if filter.Open {
		// Named one by one so that the status index serves the board.
		var open []string
		for _, status := range edge.Statuses {
			if status.Open() {
				open = append(open, string(status))
			}
		}
		where, args = append(where, "status IN ("+placeholders(len(open))+")"), append(args, anys(open)...)
	}
	if filter.Date != nil {
		where, args = append(where, "business_date = ?"), append(args, *filter.Date)
	}
	limit := filter.Limit
	if limit <= 0 || limit > 1000 {
		limit = 500
	}
	args = append(args, limit)

	// The orders, then their lines and history in one query each.
	rows, err := q.QueryContext(ctx, `
		SELECT id, business_date, ticket, channel, fulfilment, status, customer_name,
		       customer_phone, customer_address, total_cents, payment_method, payment_status,
		       paid_by, paid_at, version, created_at, updated_at
		FROM orders WHERE `+strings.Join(where, " AND ")+`
		ORDER BY rowid LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("find orders: %w", err)
	}
	orders, byID, err := scanOrders(rows)
	if err != nil || len(orders) == 0 {
		return orders, err
	}
	if err := findLines(ctx, q, byID); err != nil {
		return nil, err
	}
	if err := findHistory(ctx, q, byID); err != nil {
		return nil, err
	}
	return orders, nil
}

func scanOrders(rows *sql.Rows) ([]*edge.Order, map[string]*edge.Order, error) {
	defer rows.Close()
	var orders []*edge.Order
	byID := map[string]*edge.Order{}
	for rows.Next() {
		var o edge.Order
		var paidAt *string
		var created, updated string
		err := rows.Scan(&o.ID, &o.BusinessDate, &o.Ticket, &o.Channel, &o.Fulfilment, &o.Status,
			&o.Customer.Name, &o.Customer.Phone, &o.Customer.Address, &o.TotalCents,
			&o.PaymentMethod, &o.PaymentStatus, &o.PaidBy, &paidAt, &o.Version, &created, &updated)
		if err != nil {
			return nil, nil, fmt.Errorf("find orders: %w", err)
		}
		if paidAt != nil {
			t := parseTime(*paidAt)
			o.PaidAt = &t
		}
		o.CreatedAt, o.UpdatedAt = parseTime(created), parseTime(updated)
		o.Lines, o.History = []edge.Line{}, []edge.Transition{}
		orders = append(orders, &o)
		byID[o.ID] = &o
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("find orders: %w", err)
	}
	return orders, byID, nil
}

// idList returns the placeholders and arguments of an IN list of order ids.
func idList(byID map[string]*edge.Order) (string, []any) {
	ids := make([]string, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	return placeholders(len(ids)), anys(ids)
}

func findLines(ctx context.Context, q queryer, byID map[string]*edge.Order) error {
	in, args := idList(byID)
	rows, err := q.QueryContext(ctx, `
		SELECT order_id, product_id, product_name, quantity, unit_price_cents, note
		FROM order_lines WHERE order_id IN (`+in+`) ORDER BY order_id, position`, args...)
	if err != nil {
		return fmt.Errorf("find lines: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var orderID string
		var l edge.Line
		err := rows.Scan(&orderID, &l.ProductID, &l.ProductName, &l.Quantity, &l.UnitPriceCents, &l.Note)
		if err != nil {
			return fmt.Errorf("find lines: %w", err)
		}
		byID[orderID].Lines = append(byID[orderID].Lines, l)
	}
	return rows.Err()
}

func findHistory(ctx context.Context, q queryer, byID map[string]*edge.Order) error {
	in, args := idList(byID)
	rows, err := q.QueryContext(ctx, `
		SELECT order_id, from_status, to_status, by_user, reason, at
		FROM order_history WHERE order_id IN (`+in+`) ORDER BY id`, args...)
	if err != nil {
		return fmt.Errorf("find history: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var orderID, at string
		var t edge.Transition
		if err := rows.Scan(&orderID, &t.From, &t.To, &t.By, &t.Reason, &at); err != nil {
			return fmt.Errorf("find history: %w", err)
		}
		t.At = parseTime(at)
		byID[orderID].History = append(byID[orderID].History, t)
	}
	return rows.Err()
}
