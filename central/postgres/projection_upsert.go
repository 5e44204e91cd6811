package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"
)

// updateOrders writes the orders central holds for this pizzeria where
// the version is higher, and returns the ids it wrote.
func (p *projection) updateOrders(ctx context.Context, tx pgx.Tx, ids []string) ([]string, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	var c orderColumns
	for _, id := range ids {
		c.add(p.orders[id])
	}
	rows, err := tx.Query(ctx, `
		UPDATE orders o SET
			ticket = u.ticket, business_date = u.business_date, channel = u.channel,
			fulfilment = u.fulfilment, status = u.status, customer_name = u.customer_name,
			customer_phone = u.customer_phone, customer_address = u.customer_address,
			total_cents = u.total_cents, payment_method = u.payment_method,
			payment_status = u.payment_status, paid_by = u.paid_by, version = u.version,
			created_at = u.created_at, updated_at = u.updated_at, epoch = u.epoch, seq = u.seq,
			projected_at = $2
		FROM unnest($3::text[], $4::bigint[], $5::date[], $6::text[], $7::text[], $8::text[],
			$9::text[], $10::text[], $11::text[], $12::bigint[], $13::text[], $14::text[],
			$15::text[], $16::bigint[], $17::timestamptz[], $18::timestamptz[], $19::text[],
			$20::bigint[])
			AS u (id, ticket, business_date, channel, fulfilment, status, customer_name,
				customer_phone, customer_address, total_cents, payment_method, payment_status,
				paid_by, version, created_at, updated_at, epoch, seq)
		WHERE o.id = u.id::uuid AND o.pizzeria_id = $1 AND o.version < u.version
		RETURNING o.id::text`,
		p.pizzeria, p.now, ids, c.tickets, c.dates, c.channels, c.fulfilments, c.statuses,
		c.names, c.phones, c.addresses, c.totals, c.methods, c.payments, c.paidBy, c.versions,
		c.created, c.updated, c.epochs, c.seqs)
	if err != nil {
		return nil, fmt.Errorf("project orders: %w", err)
	}
	written, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("project orders: %w", err)
	}
	return written, nil
}

// orderColumns holds orders column by column, as unnest takes them.
type orderColumns struct {
	tickets, totals, versions, seqs   []int64
	dates, created, updated           []time.Time
	channels, fulfilments, statuses   []string
	names, phones, addresses          []string
	methods, payments, paidBy, epochs []string
}

func (c *orderColumns) add(o *orderSnapshot) {
	c.tickets, c.totals = append(c.tickets, o.Ticket), append(c.totals, o.TotalCents)
	c.versions, c.seqs = append(c.versions, o.Version), append(c.seqs, o.seq)
	c.dates = append(c.dates, o.businessDate)
	c.created, c.updated = append(c.created, o.CreatedAt), append(c.updated, o.UpdatedAt)
	c.channels, c.fulfilments = append(c.channels, o.Channel), append(c.fulfilments, o.Fulfilment)
	c.statuses, c.names = append(c.statuses, o.Status), append(c.names, o.CustomerName)
	c.phones, c.addresses = append(c.phones, o.CustomerPhone), append(c.addresses, o.Address)
	c.methods, c.payments = append(c.methods, o.PaymentMethod), append(c.payments, o.PaymentStatus)
	c.paidBy, c.epochs = append(c.paidBy, o.PaidBy), append(c.epochs, o.epoch)
}

// queueLines replaces the lines of the orders updated.
func (p *projection) queueLines(b *pgx.Batch, written []string) {
	if len(written) == 0 {
		return
	}
	var (
		orderIDs, products, names, notes []string
		positions                        []int32
		quantities, prices               []int64
	)
	for _, id := range written {
		for i, l := range p.orders[id].Lines {
			orderIDs, positions = append(orderIDs, id), append(positions, int32(i))
			products, names = append(products, l.ProductID), append(names, l.ProductName)
			notes, quantities = append(notes, l.Note), append(quantities, l.Quantity)
			prices = append(prices, l.UnitPriceCents)
		}
	}
	b.Queue(`DELETE FROM order_lines WHERE order_id = ANY($1::text[]::uuid[])`, written)
	if len(orderIDs) == 0 {
		return
	}
	b.Queue(`
		INSERT INTO order_lines (order_id, position, product_id, product_name, quantity,
			unit_price_cents, note)
		SELECT u.order_id::uuid, u.position, u.product_id, u.product_name, u.quantity,
			u.unit_price_cents, u.note
		FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::bigint[], $6::bigint[],
			$7::text[])
			AS u (order_id, position, product_id, product_name, quantity, unit_price_cents, note)`,
		orderIDs, positions, products, names, quantities, prices, notes)
}

// queueTransitions adds status changes of orders central holds to their
// history, where they are not there yet.
func queueTransitions(b *pgx.Batch, transitions []transitionRow) {
	if len(transitions) == 0 {
		return
	}
	var orderIDs, froms, tos, bys, reasons []string
	var ats []time.Time
	for _, t := range transitions {
		orderIDs, froms, tos = append(orderIDs, t.orderID), append(froms, t.From), append(tos, t.To)
		bys, reasons, ats = append(bys, t.By), append(reasons, t.Reason), append(ats, t.At)
	}
	b.Queue(`
		INSERT INTO order_history (order_id, from_status, to_status, by_user, reason, at)
		SELECT u.order_id::uuid, u.from_status, u.to_status, u.by_user, u.reason, u.at
		FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[])
			AS u (order_id, from_status, to_status, by_user, reason, at)
		ORDER BY 1, 3, 6
		ON CONFLICT DO NOTHING`,
		orderIDs, froms, tos, bys, reasons, ats)
}

// queueStockLevels sets each ingredient's stock to the on-hand after its
// last new movement.
func (p *projection) queueStockLevels(b *pgx.Batch, moved []movementRow) {
	last := map[string]movementRow{}
	for _, m := range moved {
		last[m.IngredientID] = m
	}
	if len(last) == 0 {
		return
	}
	var ingredients, movementIDs []string
	var onHands []int64
	var ats []time.Time
	for _, id := range slices.Sorted(maps.Keys(last)) {
		m := last[id]
		ingredients, movementIDs = append(ingredients, id), append(movementIDs, m.ID)
		onHands, ats = append(onHands, m.OnHandAfter), append(ats, m.At)
	}
	b.Queue(`
		INSERT INTO stock_levels (pizzeria_id, ingredient_id, on_hand, movement_id, updated_at)
		SELECT $1, u.ingredient_id, u.on_hand, u.movement_id::uuid, u.at
		FROM unnest($2::text[], $3::bigint[], $4::text[], $5::timestamptz[])
			AS u (ingredient_id, on_hand, movement_id, at)
		ON CONFLICT (pizzeria_id, ingredient_id) DO UPDATE SET
			on_hand = excluded.on_hand, movement_id = excluded.movement_id,
			updated_at = excluded.updated_at`,
		p.pizzeria, ingredients, onHands, movementIDs, ats)
}

// queueAvailability records the last availability change of each product.
func (p *projection) queueAvailability(b *pgx.Batch) {
	if len(p.availability) == 0 {
		return
	}
	var products, bys []string
	var available []bool
	var ats []time.Time
	for _, id := range slices.Sorted(maps.Keys(p.availability)) {
		a := p.availability[id]
		products, available = append(products, id), append(available, a.Available)
		bys, ats = append(bys, a.By), append(ats, a.at)
	}
	b.Queue(`
		INSERT INTO product_availability (pizzeria_id, product_id, available, by_user, updated_at)
		SELECT $1, u.* FROM unnest($2::text[], $3::boolean[], $4::text[], $5::timestamptz[]) AS u
		ON CONFLICT (pizzeria_id, product_id) DO UPDATE SET
			available = excluded.available, by_user = excluded.by_user,
			updated_at = excluded.updated_at`,
		p.pizzeria, products, available, bys, ats)
}

// queueCatalogs records the catalog versions the pizzeria applied.
func (p *projection) queueCatalogs(b *pgx.Batch) {
	if len(p.catalogs) == 0 {
		return
	}
	var versions []int64
	var ats []time.Time
	for _, c := range p.catalogs {
		versions, ats = append(versions, c.version), append(ats, c.at)
	}
	b.Queue(`
		INSERT INTO catalog_versions_applied (pizzeria_id, version, applied_at)
		SELECT $1, u.* FROM unnest($2::bigint[], $3::timestamptz[]) AS u
		ON CONFLICT DO NOTHING`,
		p.pizzeria, versions, ats)
}
