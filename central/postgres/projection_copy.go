package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
)

// copyRows copies n rows into table.
func copyRows(ctx context.Context, tx pgx.Tx, table string, columns []string, n int,
	row func(i int) []any) error {
	if n == 0 {
		return nil
	}
	_, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns,
		pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil }))
	if err != nil {
		return fmt.Errorf("project %s: %w", table, err)
	}
	return nil
}

// uuidValue returns a UUID value for COPY, NULL for "". The id was checked.
func uuidValue(id string) pgtype.UUID {
	var u pgtype.UUID
	if id != "" {
		_ = u.Scan(id)
	}
	return u
}

// copyOrders copies in the orders central never saw.
func (p *projection) copyOrders(ctx context.Context, tx pgx.Tx, ids []string) error {
	columns := []string{"id", "pizzeria_id", "ticket", "business_date", "channel", "fulfilment",
		"status", "customer_name", "customer_phone", "customer_address", "total_cents",
		"payment_method", "payment_status", "paid_by", "version", "created_at", "updated_at",
		"epoch", "seq", "projected_at"}
	return copyRows(ctx, tx, "orders", columns, len(ids), func(i int) []any {
		o := p.orders[ids[i]]
		return []any{uuidValue(o.ID), p.pizzeria, o.Ticket, o.businessDate, o.Channel, o.Fulfilment,
			o.Status, o.CustomerName, o.CustomerPhone, o.Address, o.TotalCents,
			o.PaymentMethod, o.PaymentStatus, o.PaidBy, o.Version, o.CreatedAt, o.UpdatedAt,
			o.epoch, o.seq, p.now}
	})
}

// copyLines copies in the lines of orders central never saw.
func (p *projection) copyLines(ctx context.Context, tx pgx.Tx, ids []string) error {
	var rows [][]any
	for _, id := range ids {
		u := uuidValue(id)
		for i, l := range p.orders[id].Lines {
			rows = append(rows, []any{u, int32(i), l.ProductID, l.ProductName, l.Quantity,
				l.UnitPriceCents, l.Note})
		}
	}
	columns := []string{"order_id", "position", "product_id", "product_name", "quantity",
		"unit_price_cents", "note"}
	return copyRows(ctx, tx, "order_lines", columns, len(rows), func(i int) []any { return rows[i] })
}

// copyTransitions copies in the history of orders central never saw.
func copyTransitions(ctx context.Context, tx pgx.Tx, transitions []transitionRow) error {
	columns := []string{"order_id", "from_status", "to_status", "by_user", "reason", "at"}
	return copyRows(ctx, tx, "order_history", columns, len(transitions), func(i int) []any {
		t := transitions[i]
		return []any{uuidValue(t.orderID), t.From, t.To, t.By, t.Reason, t.At}
	})
}

// copyMovements copies in the movements central does not hold.
func (p *projection) copyMovements(ctx context.Context, tx pgx.Tx, moved []movementRow) error {
	columns := []string{"id", "pizzeria_id", "ingredient_id", "kind", "delta", "on_hand_after",
		"order_id", "by_user", "note", "at", "epoch", "seq", "position"}
	return copyRows(ctx, tx, "stock_movements", columns, len(moved), func(i int) []any {
		m := moved[i]
		return []any{uuidValue(m.ID), p.pizzeria, m.IngredientID, m.Kind, m.Delta, m.OnHandAfter,
			uuidValue(m.OrderID), m.By, m.Note, m.At, m.epoch, m.seq, int32(m.position)}
	})
}
