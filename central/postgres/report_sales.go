package postgres

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// SalesReport implements central.ReportService, from the summary
// tables once the dirty days of its range are refreshed.
func (db *DB) SalesReport(ctx context.Context,
	f central.ReportFilter) (*central.SalesReport, error) {
	r := &central.SalesReport{From: f.From.Format(time.DateOnly), To: f.To.Format(time.DateOnly),
		Pizzeria: f.Pizzeria, Days: []central.DaySales{}}
	if _, err := db.refreshRange(ctx, f.Pizzeria, f.From, f.To); err != nil {
		return nil, fmt.Errorf("sales report: %w", err)
	}
	b := &pgx.Batch{}
	byPizzeria := queueSales(b, f, &r.Totals)
	days := queueDaySales(b, f)
	products := queueProducts(b, f)
	names := queuePizzeriaNames(b)
	if err := db.Pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("sales report: %w", err)
	}
	r.Pizzerias = pizzeriaFigures(byPizzeria, names)
	r.Products = bestSellers(products)

	// Days by pizzeria, then date.
	for _, d := range days {
		r.Days = append(r.Days, *d)
	}
	slices.SortFunc(r.Days, func(a, b central.DaySales) int {
		return cmp.Or(strings.Compare(a.Pizzeria, b.Pizzeria), strings.Compare(a.Date, b.Date))
	})

	coverage, err := db.FindCoverage(ctx, f.Pizzeria)
	if err != nil {
		return nil, err
	}
	r.Coverage = coverage
	return r, nil
}

// queueDaySales queues the figures of each pizzeria on each day.
func queueDaySales(b *pgx.Batch, f central.ReportFilter) map[[2]string]*central.DaySales {
	m := map[[2]string]*central.DaySales{}
	var pizzeria, outcome string
	var day time.Time
	var orders, cents int64
	queueRows(b, `
		SELECT pizzeria_id, period, outcome, sum(orders)::bigint, sum(total_cents)::bigint
		FROM report_sales
		WHERE grain = 'day' AND period BETWEEN $1 AND $2 AND ($3 = '' OR pizzeria_id = $3)
		GROUP BY 1, 2, 3`, []any{f.From, f.To, f.Pizzeria},
		[]any{&pizzeria, &day, &outcome, &orders, &cents}, func() {
			k := [2]string{pizzeria, day.Format(time.DateOnly)}
			if m[k] == nil {
				m[k] = &central.DaySales{Pizzeria: k[0], Date: k[1]}
			}
			m[k].Add(outcome, orders, cents)
		})
	return m
}

// heldBound closes the range of held events that FindCoverage counts.
// It is far beyond any epoch's length and changes no count: it is there
// for the planner, which takes an open range of a parameter for a third
// of the log (a million rows on two years of eight pizzerias) and then
// spends 20 to 100 ms compiling the query (JIT) to read none.
const heldBound = "1000000000000"

// FindCoverage implements central.ReportService: for each pizzeria, the
// cursor of its latest epoch, what its last heartbeat had not sent, and
// what central holds beyond a gap.
func (db *DB) FindCoverage(ctx context.Context, pizzeria string) ([]central.Coverage, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT p.id, p.name, e.applied_occurred_at, e.last_applied_at,
			coalesce(h.backlog, 0),
			coalesce((SELECT count(*) FROM events v WHERE v.pizzeria_id = e.pizzeria_id
				AND v.epoch = e.epoch AND v.seq > e.applied_seq
				AND v.seq <= e.applied_seq + `+heldBound+`), 0)
		FROM pizzerias p
		LEFT JOIN LATERAL (
			SELECT * FROM epochs WHERE pizzeria_id = p.id
			ORDER BY first_seen_at DESC, epoch DESC LIMIT 1) e ON true
		LEFT JOIN heartbeats h ON h.pizzeria_id = p.id
		WHERE $1 = '' OR p.id = $1
		ORDER BY p.id`, pizzeria)
	if err != nil {
		return nil, fmt.Errorf("find coverage: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (central.Coverage, error) {
		var c central.Coverage
		err := row.Scan(&c.Pizzeria, &c.Name, &c.CompleteUntil, &c.LastAppliedAt, &c.Backlog,
			&c.Held)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("find coverage: %w", err)
	}
	return out, nil
}
