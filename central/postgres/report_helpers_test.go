package postgres_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// step is one status change of an order's life.
type step struct {
	to     string
	at     time.Time
	reason string
}

// life is an order from its creation to its last status, as its
// pizzeria's edge reports it: one event per change, each with the whole
// order, its version one higher, and the stock it moved.
type life struct {
	order   syncproto.Order
	steps   []step
	dough   int64 // pâtons taken when the order is accepted
	refund  bool  // a paid order whose cancellation refunds it
	created time.Time
}

// newLife starts an order created at a UTC time, whose business date is
// the Paris date of that time, as on the edge.
func newLife(created time.Time, channel, fulfilment, status string,
	lines ...syncproto.OrderLine) *life {
	o := syncproto.Order{
		ID: newUUID(), Ticket: 1, BusinessDate: central.ParisDate(created).Format(time.DateOnly),
		Channel: channel, Fulfilment: fulfilment, Status: status, CustomerName: "Client",
		PaymentMethod: "cash", PaymentStatus: "pending", Version: 1, Lines: lines,
		CreatedAt: created, UpdatedAt: created,
	}
	for _, l := range lines {
		o.TotalCents += l.Quantity * l.UnitPriceCents
	}
	return &life{order: o, created: created}
}

// line is an order line.
func line(product string, quantity, price int64) syncproto.OrderLine {
	name := strings.ToUpper(product[:1]) + product[1:]
	return syncproto.OrderLine{ProductID: product, ProductName: name,
		Quantity: quantity, UnitPriceCents: price}
}

// then adds a status change minutes after the creation.
func (l *life) then(to string, minutes float64, reason string) *life {
	at := l.created.Add(time.Duration(minutes * float64(time.Minute)))
	l.steps = append(l.steps, step{to: to, at: at, reason: reason})
	return l
}

// events writes the order's events to the outbox.
func (l *life) events(o *outbox) []*syncproto.Event {
	order := l.order
	taken := order.Status == "accepted"
	var moves []syncproto.StockMovement
	if taken && l.dough > 0 {
		moves = append(moves, l.move("consumption", -l.dough, l.created))
	}
	order.Transition = &syncproto.Transition{To: order.Status, At: l.created}
	events := []*syncproto.Event{o.order(syncproto.EventOrderCreated, order, moves...)}
	for _, s := range l.steps {
		moves = nil
		switch {
		case s.to == "accepted" && l.dough > 0:
			moves, taken = append(moves, l.move("consumption", -l.dough, s.at)), true
		case s.to == "cancelled" && taken && l.dough > 0:
			moves = append(moves, l.move("return", l.dough, s.at))
		}
		if s.to == "cancelled" && l.refund {
			order.PaymentStatus = "refunded"
		}
		order.Transition = &syncproto.Transition{From: order.Status, To: s.to, By: "staff",
			Reason: s.reason, At: s.at}
		order.Status, order.Version, order.UpdatedAt = s.to, order.Version+1, s.at
		events = append(events, o.order(syncproto.EventOrderStatusChanged, order, moves...))
	}
	return events
}

func (l *life) move(kind string, delta int64, at time.Time) syncproto.StockMovement {
	m := movement("pate", kind, delta, 100+delta, l.order.ID)
	m.At = at
	return m
}

// paris returns a UTC time from a Paris wall time of December 2026
// (UTC+1).
func paris(day, hour, minute int) time.Time {
	return time.Date(2026, 12, day, hour, minute, 0, 0, central.Paris).UTC()
}

// filter returns a report filter from its text form.
func filter(tb testing.TB, from, to, pizzeria string) central.ReportFilter {
	tb.Helper()
	f, err := central.ParseReportFilter(from, to, pizzeria, central.MaxReportDays)
	if err != nil {
		tb.Fatal(err)
	}
	return f
}

// periodReport runs a period report.
func periodReport(tb testing.TB, db *postgres.DB, from, to, pizzeria string) *central.PeriodReport {
	tb.Helper()
	r, err := db.PeriodReport(context.Background(), filter(tb, from, to, pizzeria))
	if err != nil {
		tb.Fatalf("period report: %v", err)
	}
	return r
}

// summaryTables refreshes the dirty days, then dumps every report table
// in key order.
func summaryTables(tb testing.TB, db *postgres.DB) string {
	tb.Helper()
	if _, err := db.RefreshReports(context.Background()); err != nil {
		tb.Fatalf("refresh reports: %v", err)
	}
	return staleTables(tb, db)
}

// staleTables dumps every report table in key order, as they are.
func staleTables(tb testing.TB, db *postgres.DB) string {
	tb.Helper()
	var b strings.Builder
	for _, table := range []string{"report_sales", "report_hours", "report_products",
		"report_refusals", "report_durations", "report_stock"} {
		var dump string
		err := db.Pool.QueryRow(context.Background(), fmt.Sprintf(
			`SELECT coalesce(string_agg(t::text, E'\n' ORDER BY t::text), '') FROM %s t`, table)).
			Scan(&dump)
		if err != nil {
			tb.Fatalf("dump %s: %v", table, err)
		}
		fmt.Fprintf(&b, "== %s\n%s\n", table, dump)
	}
	return b.String()
}
