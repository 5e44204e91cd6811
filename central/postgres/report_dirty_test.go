package postgres_test

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central/postgres"
)

// dirtyDays counts a pizzeria's days marked dirty.
func dirtyDays(tb testing.TB, db *postgres.DB, pizzeria string) int64 {
	tb.Helper()
	return count(tb, db, `SELECT count(*) FROM report_dirty WHERE pizzeria_id = $1`, pizzeria)
}

// rebuilt returns the report tables recomputed from scratch.
func rebuilt(tb testing.TB, db *postgres.DB) string {
	tb.Helper()
	if err := db.RebuildReports(context.Background()); err != nil {
		tb.Fatal(err)
	}
	return staleTables(tb, db)
}

func TestReportRefreshIsDeferred(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	h := newHandHistory(t)

	// The ingest only marks the days: the tables are stale until a refresh.
	apply(t, db, batchOf(t, h.paris[:4]...)...) // order A, on the 3rd
	if n := count(t, db, `SELECT count(*) FROM report_sales`); n != 0 {
		t.Fatalf("%d sales rows before any refresh, want none", n)
	}
	if n := dirtyDays(t, db, "paris-11"); n != 1 {
		t.Fatalf("%d days dirty, want 1", n)
	}
	if n, err := db.RefreshReports(t.Context()); err != nil || n != 1 {
		t.Fatalf("refresh: %d days, %v; want 1 day", n, err)
	}
	if n := dirtyDays(t, db, "paris-11"); n != 0 {
		t.Fatalf("%d days dirty after the refresh, want none", n)
	}
	kept := staleTables(t, db)
	if n := count(t, db, `SELECT count(*) FROM report_sales`); n == 0 {
		t.Fatal("no sales rows after the refresh")
	}
	if want := rebuilt(t, db); kept != want {
		t.Fatalf("refreshed:\n%s\nrebuilt:\n%s", kept, want)
	}

	// The rest of Paris's events arrive while the 3rd is being refreshed:
	// the 3rd stays dirty, and the 4th is marked.
	apply(t, db, batchOf(t, h.lyon...)...)
	once := false
	defer postgres.SetAfterRecompute(func(pizzeria string) {
		if pizzeria == "paris-11" && !once {
			once = true
			apply(t, db, batchOf(t, h.paris[4:]...)...)
		}
	})()
	if _, err := db.Pool.Exec(t.Context(), `INSERT INTO report_dirty (pizzeria_id, day)
		VALUES ('paris-11', '2026-12-03')`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.RefreshReports(t.Context()); err != nil {
		t.Fatal(err)
	}
	if !once {
		t.Fatal("the refresh never recomputed Paris's days")
	}
	if n := count(t, db, `SELECT count(*) FROM report_dirty
		WHERE pizzeria_id = 'paris-11' AND day = '2026-12-03'`); n != 1 {
		t.Fatal("the 3rd, dirtied during its refresh, was cleared")
	}
	if n := dirtyDays(t, db, "paris-11"); n != 2 {
		t.Fatalf("%d days of Paris dirty, want the 3rd and the 4th", n)
	}

	// A report refreshes the days it reads, and is exact.
	checkHandReport(t, periodReport(t, db, "2026-12-03", "2026-12-04", ""))
	if n := dirtyDays(t, db, "paris-11") + dirtyDays(t, db, "lyon-2"); n != 0 {
		t.Fatalf("%d days dirty after a report over them, want none", n)
	}
	kept = staleTables(t, db)
	if want := rebuilt(t, db); kept != want {
		t.Fatalf("refreshed:\n%s\nrebuilt:\n%s", kept, want)
	}
}

func TestReportRefresherRunsInTheBackground(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	h := newHandHistory(t)
	r := postgres.NewReportRefresher(db, 50*time.Millisecond, slog.New(slog.DiscardHandler))
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	defer func() { cancel(); <-done }()

	apply(t, db, batchOf(t, h.paris...)...)
	r.Wake()
	deadline := time.Now().Add(10 * time.Second)
	for dirtyDays(t, db, "paris-11") > 0 {
		if time.Now().After(deadline) {
			t.Fatal("the refresher left days dirty")
		}
		time.Sleep(10 * time.Millisecond) // polling
	}
	if n := count(t, db, `SELECT count(*) FROM report_sales
		WHERE grain = 'year' AND pizzeria_id = 'paris-11'`); n == 0 {
		t.Fatal("no year rows after the background refresh")
	}
}
