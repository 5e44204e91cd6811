package main

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestGenHistoryMatchesIngest feeds the same generated history to two
// databases: once through gen-history's bulk path, once event by event
// through the ingest (ApplyBatch, in batches, some sent twice). The raw
// log, the cursors, the projections, the summary tables and the reports'
// answers must be the same, and a report's totals must equal those
// counted from the orders themselves. The history spans the whole year
// 2025, so that reports read year, month and day rows.
func TestGenHistoryMatchesIngest(t *testing.T) {
	ctx := context.Background()
	opts := genOptions{pizzerias: 2, days: 430, perDay: 3, seed: 7,
		last: time.Date(2026, 1, 31, 0, 0, 0, 0, time.UTC)}

	// The bulk path: the command itself.
	bulkURL := pgtest.New(t)
	out, err := runCmd(t, "", "gen-history", "--db", bulkURL, "--log-level", "warn",
		"--pizzerias", "2", "--days", "430", "--orders-per-day", "3", "--seed", "7",
		"--last", "2026-01-31", "--jobs", "2")
	if err != nil {
		t.Fatalf("gen-history: %v\n%s", err, out)
	}
	bulk := openDB(t, bulkURL)

	// The ingest path: the same events in batches of 200.
	ingest := pgtest.Open(t)
	for i := 1; i <= opts.pizzerias; i++ {
		p := &central.Pizzeria{ID: genPizzeria(i), Name: fmt.Sprintf("Pizzeria générée %d", i)}
		if err := ingest.CreatePizzeria(ctx, p); err != nil {
			t.Fatal(err)
		}
		var events []*syncproto.Event
		err := generate(ctx, opts, i, func(c genChunk) error {
			events = append(events, c.events...)
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		ingestAll(t, ingest, events)
	}

	// Same rows everywhere, times of processing aside, report tables
	// refreshed on both sides first.
	for _, db := range []*postgres.DB{bulk, ingest} {
		if _, err := db.RefreshReports(ctx); err != nil {
			t.Fatal(err)
		}
		var days int
		if err := db.Pool.QueryRow(ctx, `SELECT count(*) FROM report_sales`).Scan(&days); err != nil || days == 0 {
			t.Fatalf("report_sales after the refresh: %d rows, %v", days, err)
		}
	}
	for _, table := range equivalentTables {
		if a, b := dumpTable(t, bulk, table), dumpTable(t, ingest, table); a != b {
			t.Errorf("%s differs:\n%s", table, firstDiff(a, b))
		}
	}

	// Same answers, and totals that the orders confirm.
	for _, r := range []struct{ from, to, pizzeria string }{
		{"2024-11-28", "2026-01-31", ""}, {"2025-01-01", "2025-12-31", "gen-01"},
		{"2024-12-15", "2026-01-20", ""}, {"2025-03-10", "2025-06-02", "gen-02"},
		{"2025-12-29", "2026-01-04", ""}, {"2026-01-31", "2026-01-31", ""},
	} {
		f, err := central.ParseReportFilter(r.from, r.to, r.pizzeria, central.MaxReportDays)
		if err != nil {
			t.Fatal(err)
		}
		a, b := periodReport(t, bulk, f), periodReport(t, ingest, f)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("%v: the reports differ:\nbulk   %+v\ningest %+v", r, a, b)
		}
		if want := totalsFromOrders(t, ingest, f); a.Totals != want {
			t.Errorf("%v: totals %+v, from the orders %+v", r, a.Totals, want)
		}
		if a.Totals.Orders == 0 || len(a.Products) == 0 || a.Durations[0].Orders == 0 {
			t.Errorf("%v: an empty report %+v", r, a)
		}
	}
}

// ingestAll applies events in batches of 200, every fifth batch twice.
func ingestAll(t *testing.T, db *postgres.DB, events []*syncproto.Event) {
	t.Helper()
	for start, n := 0, 0; start < len(events); start, n = start+200, n+1 {
		var batch []central.Received
		for _, e := range events[start:min(start+200, len(events))] {
			batch = append(batch, central.Received{Subject: syncproto.UpSubject(e.Pizzeria),
				Pizzeria: e.Pizzeria, Event: e})
		}
		times := 1
		if n%5 == 4 {
			times = 2 // a replay changes nothing
		}
		for range times {
			if _, err := db.ApplyBatch(context.Background(), batch); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// equivalentTables are the tables both paths write.
var equivalentTables = []string{"events", "epochs", "orders", "order_lines", "order_history",
	"stock_movements", "stock_levels", "report_sales", "report_hours", "report_products",
	"report_refusals", "report_durations", "report_stock", "dead_letters", "divergences"}

// dumpTable returns a table's rows as JSON lines in order, without the
// times at which central received, projected or saw them.
func dumpTable(t *testing.T, db *postgres.DB, table string) string {
	t.Helper()
	var dump string
	err := db.Pool.QueryRow(context.Background(), `
		SELECT coalesce(string_agg(j, E'\n' ORDER BY j), '') FROM (
			SELECT (to_jsonb(t) - $1::text[])::text AS j FROM `+table+` t) s`,
		[]string{"received_at", "projected_at", "first_seen_at", "last_seen_at",
			"last_applied_at"}).
		Scan(&dump)
	if err != nil {
		t.Fatalf("dump %s: %v", table, err)
	}
	return dump
}

// firstDiff shows the first line where two dumps differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range max(len(la), len(lb)) {
		if i >= len(la) || i >= len(lb) || la[i] != lb[i] {
			at := func(lines []string) string {
				return strings.Join(lines[i:min(i+1, len(lines))], "")
			}
			return fmt.Sprintf("line %d of %d/%d:\nbulk   %.300s\ningest %.300s",
				i, len(la), len(lb), at(la), at(lb))
		}
	}
	return ""
}

// periodReport returns a report without what depends on when it ran.
func periodReport(t *testing.T, db *postgres.DB, f central.ReportFilter) *central.PeriodReport {
	t.Helper()
	r, err := db.PeriodReport(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	r.GeneratedAt = time.Time{}
	for i := range r.Coverage {
		r.Coverage[i].LastAppliedAt = nil
	}
	return r
}

// totalsFromOrders counts a filter's orders straight from the orders.
func totalsFromOrders(t *testing.T, db *postgres.DB, f central.ReportFilter) central.Figures {
	t.Helper()
	rows, err := db.Pool.Query(context.Background(), `
		SELECT report_outcome(status), count(*), sum(total_cents)::bigint FROM orders
		WHERE business_date BETWEEN $1 AND $2 AND ($3 = '' OR pizzeria_id = $3) GROUP BY 1`,
		f.From, f.To, f.Pizzeria)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var figures central.Figures
	for rows.Next() {
		var outcome string
		var n, cents int64
		if err := rows.Scan(&outcome, &n, &cents); err != nil {
			t.Fatal(err)
		}
		figures.Add(outcome, n, cents)
	}
	return figures
}

// openDB opens a database for the test.
func openDB(t *testing.T, url string) *postgres.DB {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	return db
}
