package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// openList is the statuses of orders still in progress, written as in
// the orders_open index so that the planner uses it.
const openList = `('placed', 'accepted', 'preparing', 'ready', 'out_for_delivery')`

// LiveReport implements central.ReportService: the sync state of each
// pizzeria with its open orders, today's figures, stock and products
// marked unavailable, in two round trips.
func (db *DB) LiveReport(ctx context.Context, pizzeria string) (*central.LiveReport, error) {
	now := db.Now().UTC()
	today := central.ParisDate(now)
	r := &central.LiveReport{Date: today.Format(time.DateOnly), GeneratedAt: now}
	if _, err := db.refreshRange(ctx, pizzeria, today, today); err != nil {
		return nil, fmt.Errorf("live report: %w", err)
	}

	// One branch per pizzeria, with its sync state.
	branches, err := db.FindBranches(ctx)
	if err != nil {
		return nil, fmt.Errorf("live report: %w", err)
	}
	coverage, err := db.FindCoverage(ctx, pizzeria)
	if err != nil {
		return nil, fmt.Errorf("live report: %w", err)
	}
	live := map[string]*central.LiveBranch{}
	for _, c := range coverage {
		b := &central.LiveBranch{Pizzeria: c.Pizzeria, Name: c.Name, CompleteUntil: c.CompleteUntil,
			Backlog: c.Backlog, OpenByStatus: map[string]int64{}, Waiting: []central.LiveOrder{},
			Stock:       []central.StockLevel{},
			Preparation: central.DurationFigures{Phase: central.PhasePreparation},
			Delivery:    central.DurationFigures{Phase: central.PhaseDelivery}}
		live[c.Pizzeria] = b
		r.Pizzerias = append(r.Pizzerias, b)
	}
	for _, br := range branches {
		if b := live[br.ID]; b != nil {
			b.Online, b.LastSeenAt = br.Online, br.LastSeenAt
		}
	}

	// Everything else in one batch.
	b := &pgx.Batch{}
	queueOpenOrders(b, pizzeria, live)
	queueWaiting(b, pizzeria, live)
	queueToday(b, today, pizzeria, live)
	queueLiveStock(b, pizzeria, live)
	if err := db.Pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("live report: %w", err)
	}
	return r, nil
}

// queueOpenOrders queues the count of open orders by status.
func queueOpenOrders(b *pgx.Batch, pizzeria string, live map[string]*central.LiveBranch) {
	var id, status string
	var n int64
	queueRows(b, `
		SELECT pizzeria_id, status, count(*) FROM orders
		WHERE status IN `+openList+` AND ($1 = '' OR pizzeria_id = $1) GROUP BY 1, 2`,
		[]any{pizzeria}, []any{&id, &status, &n}, func() {
			if l := live[id]; l != nil {
				l.OpenByStatus[status] = n
			}
		})
}

// queueWaiting queues the open orders waiting longest at each pizzeria.
func queueWaiting(b *pgx.Batch, pizzeria string, live map[string]*central.LiveBranch) {
	var id string
	var o central.LiveOrder
	queueRows(b, `
		SELECT p.id, o.id::text, o.ticket, o.status, o.channel, o.created_at
		FROM pizzerias p CROSS JOIN LATERAL (
			SELECT * FROM orders WHERE pizzeria_id = p.id AND status IN `+openList+`
			ORDER BY created_at LIMIT $2) o
		WHERE $1 = '' OR p.id = $1
		ORDER BY 1, o.created_at`,
		[]any{pizzeria, central.LiveWaiting},
		[]any{&id, &o.ID, &o.Ticket, &o.Status, &o.Channel, &o.CreatedAt}, func() {
			if l := live[id]; l != nil {
				l.Waiting = append(l.Waiting, o)
			}
		})
}

// queueToday queues today's sales and times.
func queueToday(b *pgx.Batch, today time.Time, pizzeria string,
	live map[string]*central.LiveBranch) {
	var id, outcome string
	var orders, cents int64
	queueRows(b, `
		SELECT pizzeria_id, outcome, sum(orders)::bigint, sum(total_cents)::bigint
		FROM report_sales
		WHERE grain = 'day' AND period = $1 AND ($2 = '' OR pizzeria_id = $2) GROUP BY 1, 2`,
		[]any{today, pizzeria}, []any{&id, &outcome, &orders, &cents}, func() {
			if l := live[id]; l != nil {
				l.Today.Add(outcome, orders, cents)
			}
		})

	hists := map[[2]string]*central.Histogram{}
	var phase string
	var minute int16
	var seconds int64
	queueRows(b, `
		SELECT pizzeria_id, phase, minute, orders, seconds FROM report_durations
		WHERE grain = 'day' AND period = $1 AND ($2 = '' OR pizzeria_id = $2)`,
		[]any{today, pizzeria}, []any{&id, &phase, &minute, &orders, &seconds}, func() {
			k := [2]string{id, phase}
			if hists[k] == nil {
				hists[k] = &central.Histogram{}
			}
			hists[k].Add(int(minute), orders, seconds)
			if l := live[id]; l != nil {
				l.Preparation = hist(hists, id, central.PhasePreparation)
				l.Delivery = hist(hists, id, central.PhaseDelivery)
			}
		})
}

func hist(m map[[2]string]*central.Histogram, pizzeria, phase string) central.DurationFigures {
	h := m[[2]string{pizzeria, phase}]
	if h == nil {
		return central.DurationFigures{Phase: phase}
	}
	return h.Figures(phase)
}

// queueLiveStock queues the stock on hand and the products marked
// unavailable at each pizzeria.
func queueLiveStock(b *pgx.Batch, pizzeria string, live map[string]*central.LiveBranch) {
	var id string
	var s central.StockLevel
	queueRows(b, `
		SELECT pizzeria_id, ingredient_id, on_hand FROM stock_levels
		WHERE $1 = '' OR pizzeria_id = $1 ORDER BY 1, 2`, []any{pizzeria},
		[]any{&id, &s.IngredientID, &s.OnHand}, func() {
			if l := live[id]; l != nil {
				l.Stock = append(l.Stock, s)
			}
		})
	var product string
	queueRows(b, `
		SELECT pizzeria_id, product_id FROM product_availability
		WHERE NOT available AND ($1 = '' OR pizzeria_id = $1) ORDER BY 1, 2`, []any{pizzeria},
		[]any{&id, &product}, func() {
			if l := live[id]; l != nil {
				l.Unavailable = append(l.Unavailable, product)
			}
		})
}
