package postgres_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central/postgres"
)

// raceBehindLock runs changes at the same moment: on a connection of its
// own it holds the row lock that lockSQL takes while it starts them, waits
// until each is blocked on a lock, then lets them go, and returns their
// errors. The changes must all take that lock, and be fewer than the
// pool's connections, one being left for what else runs.
func raceBehindLock(t *testing.T, db *postgres.DB, lockSQL string, args []any,
	changes ...func(context.Context) error) []error {
	t.Helper()
	if len(changes) < 2 || len(changes) >= int(db.Pool.Config().MaxConns) {
		t.Fatalf("%d changes for a pool of %d connections", len(changes), db.Pool.Config().MaxConns)
	}
	ctx := context.WithoutCancel(t.Context())
	conn, err := pgx.ConnectConfig(ctx, db.Pool.Config().ConnConfig)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	hold, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := hold.Exec(ctx, lockSQL, args...); err != nil {
		t.Fatal(err)
	}

	// The changes, until they wait on the lock held.
	errs := make([]error, len(changes))
	var wg sync.WaitGroup
	for i, change := range changes {
		wg.Go(func() { errs[i] = change(ctx) })
	}
	waiting := waitForLockWaiters(t, db, len(changes))

	// Let them go, whatever happened, so that none is left waiting.
	if err := hold.Rollback(ctx); err != nil {
		t.Error(err)
	}
	wg.Wait()
	if waiting < len(changes) {
		t.Fatalf("%d changes of %d waited for the lock (errors %v)", waiting, len(changes), errs)
	}
	return errs
}

// waitForLockWaiters polls until n sessions of the test's database wait
// on a lock, or 30 s pass, and returns the last count. It polls from the
// pool, outside any transaction: within one, PostgreSQL shows the same
// snapshot of pg_stat_activity at every read.
func waitForLockWaiters(t *testing.T, db *postgres.DB, n int) int {
	t.Helper()
	// The deadline bounds the queries too: one waiting for a connection
	// fails rather than hangs.
	ctx, cancel := context.WithTimeout(context.WithoutCancel(t.Context()), 30*time.Second)
	defer cancel()
	waiting := 0
	for waiting < n && ctx.Err() == nil {
		time.Sleep(5 * time.Millisecond)
		err := db.Pool.QueryRow(ctx, `
			SELECT count(*) FROM pg_stat_activity
			WHERE datname = current_database() AND wait_event_type = 'Lock'`).Scan(&waiting)
		if err != nil {
			t.Errorf("count the sessions waiting on a lock: %v", err)
			return waiting
		}
	}
	return waiting
}
