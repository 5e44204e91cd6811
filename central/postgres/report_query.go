package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// DB implements head office's reports.
var _ central.ReportService = (*DB)(nil)

// inPeriod selects the summary rows of a filter: the year rows of the
// whole years it covers, the month rows of the whole months around them
// and the day rows of the days at either end (central.Spans). Each grain
// is read by ranges of its primary key. Its parameters are periodArgs.
const inPeriod = `(
	(grain = 'year' AND period >= $6 AND period < $7)
	OR (grain = 'month' AND (period >= $3 AND period < $6 OR period >= $7 AND period < $4))
	OR (grain = 'day' AND (period >= $1 AND period < $3 OR period >= $4 AND period <= $2)))
	AND ($5 = '' OR pizzeria_id = $5)`

// dayRows selects every day row of a filter, with the parameters of
// inPeriod.
const dayRows = `grain = 'day' AND period BETWEEN $1 AND $2 AND $3::date <= $4::date
	AND $6::date <= $7::date AND ($5 = '' OR pizzeria_id = $5)`

// periodArgs are the parameters of inPeriod: from, to, the whole months,
// the pizzeria and the whole years.
func periodArgs(f central.ReportFilter) []any {
	s := f.Spans()
	return []any{f.From, f.To, s.MonthFrom, s.MonthTo, f.Pizzeria, s.YearFrom, s.YearTo}
}

// queueRows queues a query whose rows scan into dest and are handed to fn.
func queueRows(b *pgx.Batch, sql string, args []any, dest []any, fn func()) {
	b.Queue(sql, args...).Query(func(rows pgx.Rows) error {
		_, err := pgx.ForEachRow(rows, dest, func() error {
			fn()
			return nil
		})
		return err
	})
}

// PeriodReport implements central.ReportService. The dirty days of the
// period and of the one before are refreshed, then every figure is read
// from the summary tables in one round trip.
func (db *DB) PeriodReport(ctx context.Context,
	f central.ReportFilter) (*central.PeriodReport, error) {
	prev := f.Previous()
	r := &central.PeriodReport{
		From: f.From.Format(time.DateOnly), To: f.To.Format(time.DateOnly), Pizzeria: f.Pizzeria,
		Previous: central.PeriodRange{From: prev.From.Format(time.DateOnly),
			To: prev.To.Format(time.DateOnly)},
		GeneratedAt: db.Now().UTC(),
	}
	// Exact for what central has applied: the dirty days first.
	if _, err := db.refreshRange(ctx, f.Pizzeria, prev.From, f.To); err != nil {
		return nil, fmt.Errorf("period report: %w", err)
	}
	b := &pgx.Batch{}
	byPizzeria := queueSales(b, f, &r.Totals)
	channels := queueChannels(b, f)
	queueSales(b, prev, &r.PrevTotals)
	trend := queueTrend(b, f)
	hours, weekdays := queueHours(b, f)
	products := queueProducts(b, f)
	r.Refusals = []central.RefusalFigures{}
	queueRefusals(b, f, &r.Refusals)
	durations := queueDurations(b, f)
	prevDurations := queueDurations(b, prev)
	stock := queueStock(b, f)
	names := queuePizzeriaNames(b)
	if err := db.Pool.SendBatch(ctx, b).Close(); err != nil {
		return nil, fmt.Errorf("period report: %w", err)
	}

	// Put the figures in order.
	r.Pizzerias = pizzeriaFigures(byPizzeria, names)
	r.Channels = sortedValues(channels)
	r.Trend = sortedValues(trend)
	r.Hours, r.Weekdays = hours.figures(), weekdays.figures()
	r.Products = bestSellers(products)
	r.Durations, r.PrevDurs = durationFigures(durations), durationFigures(prevDurations)
	r.Stock = sortedValues(stock)

	coverage, err := db.FindCoverage(ctx, f.Pizzeria)
	if err != nil {
		return nil, err
	}
	r.Coverage = coverage
	return r, nil
}

// queueSales queues the totals of a filter into totals, and returns the
// figures per pizzeria, filled when the batch has run.
func queueSales(b *pgx.Batch, f central.ReportFilter,
	totals *central.Figures) map[string]*central.Figures {
	byPizzeria := map[string]*central.Figures{}
	var pizzeria, outcome string
	var orders, cents int64
	queueRows(b, `
		SELECT pizzeria_id, outcome, sum(orders)::bigint, sum(total_cents)::bigint FROM report_sales
		WHERE `+inPeriod+` GROUP BY 1, 2`, periodArgs(f),
		[]any{&pizzeria, &outcome, &orders, &cents}, func() {
			totals.Add(outcome, orders, cents)
			if byPizzeria[pizzeria] == nil {
				byPizzeria[pizzeria] = &central.Figures{}
			}
			byPizzeria[pizzeria].Add(outcome, orders, cents)
		})
	return byPizzeria
}

// queueChannels queues the sales by channel and fulfilment.
func queueChannels(b *pgx.Batch, f central.ReportFilter) map[string]*central.ChannelFigures {
	m := map[string]*central.ChannelFigures{}
	var c central.ChannelFigures
	queueRows(b, `
		SELECT channel, fulfilment, sum(orders)::bigint, sum(total_cents)::bigint FROM report_sales
		WHERE `+inPeriod+` AND outcome IN ('open', 'completed') GROUP BY 1, 2`, periodArgs(f),
		[]any{&c.Channel, &c.Fulfilment, &c.Sales, &c.RevenueCents}, func() {
			row := c
			m[c.Channel+"/"+c.Fulfilment] = &row
		})
	return m
}

// queueTrend queues the sales of each day of the filter, or of each
// month when it is longer than central.DailyTrendDays.
func queueTrend(b *pgx.Batch, f central.ReportFilter) map[string]*central.TrendPoint {
	m := map[string]*central.TrendPoint{}
	// Day rows only for a daily trend: month rows have no days.
	bucket, layout, rows := "period", time.DateOnly, dayRows
	if f.Days() > central.DailyTrendDays {
		bucket, layout, rows = "date_trunc('month', period)::date", "2006-01", inPeriod
	}
	var period time.Time
	var p central.TrendPoint
	queueRows(b, `
		SELECT `+bucket+`, sum(orders)::bigint, sum(total_cents)::bigint FROM report_sales
		WHERE `+rows+` AND outcome IN ('open', 'completed') GROUP BY 1`, periodArgs(f),
		[]any{&period, &p.Sales, &p.RevenueCents}, func() {
			row := p
			row.Period = period.Format(layout)
			m[row.Period] = &row
		})
	return m
}

// sortedValues returns a map's values in the order of its keys.
func sortedValues[T any](m map[string]*T) []T {
	out := make([]T, 0, len(m))
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, *m[k])
	}
	return out
}

// queuePizzeriaNames queues the names of the pizzerias, by id.
func queuePizzeriaNames(b *pgx.Batch) map[string]string {
	names := map[string]string{}
	var id, name string
	queueRows(b, `SELECT id, name FROM pizzerias`, nil, []any{&id, &name}, func() {
		names[id] = name
	})
	return names
}

// pizzeriaFigures puts the figures of each pizzeria in id order.
func pizzeriaFigures(m map[string]*central.Figures,
	names map[string]string) []central.PizzeriaFigures {
	out := []central.PizzeriaFigures{}
	for _, id := range slices.Sorted(maps.Keys(m)) {
		out = append(out, central.PizzeriaFigures{Pizzeria: id, Name: names[id], Figures: *m[id]})
	}
	return out
}
