package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// summary is one report table (migrations/central/00003_reports.sql): its
// key columns besides (grain, period, pizzeria_id), its summed columns,
// and the query that computes its day rows from the projections for the
// pizzeria $1 and the business dates $2.
type summary struct {
	table string
	keys  []string
	sums  []string
	label string // a non-summed column kept with max(), or ""
	days  string
}

// summaries are the report tables. Each day query returns period,
// pizzeria_id, the keys, the label if any, then the sums.
var summaries = []summary{
	{table: "report_sales", keys: []string{"channel", "fulfilment", "outcome"},
		sums: []string{"orders", "total_cents"}, days: `
		SELECT business_date, pizzeria_id, channel, fulfilment, report_outcome(status),
			count(*), sum(total_cents)
		FROM orders WHERE pizzeria_id = $1 AND business_date = ANY($2)
		GROUP BY 1, 2, 3, 4, 5`},
	{table: "report_hours", keys: []string{"slot_kind", "slot"},
		sums: []string{"orders", "total_cents"}, days: `
		SELECT o.business_date, o.pizzeria_id, s.kind, s.slot, count(*), sum(o.total_cents)
		FROM orders o CROSS JOIN LATERAL (VALUES
			('hour', extract(hour FROM o.created_at AT TIME ZONE 'Europe/Paris')::smallint),
			('weekday', extract(isodow FROM o.business_date)::smallint)) AS s (kind, slot)
		WHERE o.pizzeria_id = $1 AND o.business_date = ANY($2)
			AND report_outcome(o.status) IN ('open', 'completed')
		GROUP BY 1, 2, 3, 4`},
	{table: "report_products", keys: []string{"product_id"}, label: "product_name",
		sums: []string{"quantity", "total_cents"}, days: `
		SELECT o.business_date, o.pizzeria_id, l.product_id, max(l.product_name),
			sum(l.quantity), sum(l.quantity * l.unit_price_cents)
		FROM orders o JOIN order_lines l ON l.order_id = o.id
		WHERE o.pizzeria_id = $1 AND o.business_date = ANY($2)
			AND report_outcome(o.status) IN ('open', 'completed')
		GROUP BY 1, 2, 3`},
	{table: "report_refusals", keys: []string{"status", "reason"},
		sums: []string{"orders", "total_cents", "refunded"}, days: `
		SELECT o.business_date, o.pizzeria_id, o.status, coalesce(h.reason, ''),
			count(*), sum(o.total_cents), count(*) FILTER (WHERE o.payment_status = 'refunded')
		FROM orders o LEFT JOIN LATERAL (
			SELECT reason FROM order_history
			WHERE order_id = o.id AND to_status = o.status ORDER BY at DESC LIMIT 1) h ON true
		WHERE o.pizzeria_id = $1 AND o.business_date = ANY($2)
			AND o.status IN ('cancelled', 'rejected')
		GROUP BY 1, 2, 3, 4`},
	{table: "report_durations", keys: []string{"phase", "minute"},
		sums: []string{"orders", "seconds"}, days: `
		SELECT d.business_date, d.pizzeria_id, d.phase,
			least(d.seconds / 60, 240)::smallint, count(*), sum(d.seconds)
		FROM (
			SELECT o.business_date, o.pizzeria_id, p.phase,
				round(extract(epoch FROM p.done - p.start))::bigint AS seconds
			FROM orders o
			JOIN LATERAL (
				SELECT min(at) FILTER (WHERE to_status = 'preparing') AS preparing,
					max(at) FILTER (WHERE to_status = 'ready') AS ready,
					min(at) FILTER (WHERE to_status = 'out_for_delivery') AS out,
					max(at) FILTER (WHERE to_status = 'delivered') AS delivered
				FROM order_history WHERE order_id = o.id) h ON true
			CROSS JOIN LATERAL (VALUES ('preparation', h.preparing, h.ready),
				('delivery', h.out, h.delivered)) AS p (phase, start, done)
			WHERE o.pizzeria_id = $1 AND o.business_date = ANY($2)
				AND p.done >= p.start) d
		GROUP BY 1, 2, 3, 4`},
	{table: "report_stock", keys: []string{"ingredient_id", "kind"},
		sums: []string{"movements", "quantity"}, days: `
		SELECT d.day, m.pizzeria_id, m.ingredient_id, m.kind, count(*), sum(m.delta)
		FROM unnest($2::date[]) AS d (day)
		JOIN stock_movements m ON m.pizzeria_id = $1
			AND m.at >= d.day::timestamp AT TIME ZONE 'Europe/Paris'
			AND m.at < (d.day + 1)::timestamp AT TIME ZONE 'Europe/Paris'
		GROUP BY 1, 2, 3, 4`},
}

// columns returns the table's columns after grain, in the order of its
// day query.
func (s summary) columns() []string {
	cols := append([]string{"period", "pizzeria_id"}, s.keys...)
	if s.label != "" {
		cols = append(cols, s.label)
	}
	return append(cols, s.sums...)
}

// queueDays queues the recomputation of the day rows of one pizzeria's
// dates.
func (s summary) queueDays(b *pgx.Batch, pizzeria string, days []time.Time) {
	b.Queue(`DELETE FROM `+s.table+` WHERE grain = 'day' AND pizzeria_id = $1
		AND period = ANY($2)`, pizzeria, days)
	b.Queue(`INSERT INTO `+s.table+` (grain, `+strings.Join(s.columns(), ", ")+`)
		SELECT 'day', q.* FROM (`+s.days+`) q`, pizzeria, days)
}

// queueRollup queues the recomputation of one pizzeria's rows of a
// coarser grain ("month" or "year") from its rows of the grain below, for
// the periods given (firsts of months or of years).
func (s summary) queueRollup(b *pgx.Batch, grain, below, pizzeria string,
	periods []time.Time) {
	sel := []string{"p.start", "t.pizzeria_id"}
	for _, k := range s.keys {
		sel = append(sel, "t."+k)
	}
	if s.label != "" {
		sel = append(sel, "max(t."+s.label+")")
	}
	for _, c := range s.sums {
		sel = append(sel, "sum(t."+c+")")
	}
	b.Queue(`DELETE FROM `+s.table+` WHERE grain = $3 AND pizzeria_id = $1
		AND period = ANY($2)`, pizzeria, periods, grain)

	// Each period's rows below are read by a range of the primary key.
	b.Queue(`INSERT INTO `+s.table+` (grain, `+strings.Join(s.columns(), ", ")+`)
		SELECT $3, `+strings.Join(sel, ", ")+`
		FROM unnest($2::date[]) AS p (start)
		JOIN `+s.table+` t ON t.grain = $4 AND t.period >= p.start
			AND t.period < (p.start + ('1 '||$3)::interval)::date AND t.pizzeria_id = $1
		GROUP BY `+strings.Join(sel[:2+len(s.keys)], ", "),
		pizzeria, periods, grain, below)
}

// recomputeDays recomputes the report rows of one pizzeria's business
// dates and of their months and years, in tx. The rows are a function of
// the projections, so recomputing them after a late or replayed event
// leaves them exactly as a recomputation from scratch would. A lock per
// pizzeria, held to the commit, keeps two transactions from recomputing
// the same days from different snapshots.
func recomputeDays(ctx context.Context, tx pgx.Tx, pizzeria string, days []time.Time) error {
	if len(days) == 0 {
		return nil
	}
	months, years := periodsOf(days)

	b := &pgx.Batch{}
	b.Queue(`SELECT pg_advisory_xact_lock(hashtextextended('ocpizza-report:' || $1, 0))`, pizzeria)
	for _, s := range summaries {
		s.queueDays(b, pizzeria, days)
	}
	for _, s := range summaries {
		s.queueRollup(b, "month", "day", pizzeria, months)
	}
	for _, s := range summaries {
		s.queueRollup(b, "year", "month", pizzeria, years)
	}
	if err := tx.SendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("recompute reports: %w", err)
	}
	return nil
}

// periodsOf returns the months and the years that days fall in, as their
// first days, in order.
func periodsOf(days []time.Time) (months, years []time.Time) {
	monthSet, yearSet := map[time.Time]bool{}, map[time.Time]bool{}
	for _, d := range days {
		monthSet[time.Date(d.Year(), d.Month(), 1, 0, 0, 0, 0, time.UTC)] = true
		yearSet[time.Date(d.Year(), 1, 1, 0, 0, 0, 0, time.UTC)] = true
	}
	return slices.SortedFunc(maps.Keys(monthSet), time.Time.Compare),
		slices.SortedFunc(maps.Keys(yearSet), time.Time.Compare)
}

// reportDays returns the Paris dates the run's rows fall on: those of
// its orders and of its new stock movements, as UTC midnights.
func (p *projection) reportDays(moved []movementRow) []time.Time {
	set := map[time.Time]bool{}
	for _, o := range p.orders {
		set[o.businessDate] = true
	}
	for _, m := range moved {
		set[central.ParisDate(m.At)] = true
	}
	return slices.SortedFunc(maps.Keys(set), time.Time.Compare)
}
