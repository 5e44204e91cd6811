package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// reportUpkeep is switched off only by BenchmarkApplyBatchReportUpkeep,
// to measure what keeping the report tables costs the ingest.
var reportUpkeep = true

// afterRecompute, when set by a test, runs between a refresh's
// recomputation and the clearing of its marks.
var afterRecompute func(pizzeria string)

// refreshChunk is how many dirty days of a pizzeria one refresh
// transaction recomputes at most.
const refreshChunk = 62

// Bounds of the dates a refresh of every dirty day covers.
var (
	anyDayFrom = time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	anyDayTo   = time.Date(9999, 12, 31, 0, 0, 0, 0, time.UTC)
)

// markDirty marks one pizzeria's business dates dirty, in the ingest's
// transaction: their report rows are recomputed by a refresher, out of
// it. A day marked again takes a new mark, so that a refresher that read
// the old one leaves it (refreshPizzeria).
func markDirty(ctx context.Context, tx pgx.Tx, pizzeria string, days []time.Time) error {
	if len(days) == 0 || !reportUpkeep {
		return nil
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO report_dirty (pizzeria_id, day) SELECT $1, unnest($2::date[])
		ON CONFLICT (pizzeria_id, day) DO UPDATE SET dirtied = nextval('report_dirty_seq')`,
		pizzeria, days)
	if err != nil {
		return fmt.Errorf("mark report days: %w", err)
	}
	return nil
}

// RefreshReports recomputes the report rows of every dirty day, of every
// pizzeria, and returns how many days it recomputed.
func (db *DB) RefreshReports(ctx context.Context) (int, error) {
	return db.refreshRange(ctx, "", anyDayFrom, anyDayTo)
}

// refreshRange recomputes the dirty days between from and to (included)
// of a pizzeria, or of all if it is "", as they are when it starts:
// it stops at a chunk that is not full, so that a busy ingest that keeps
// marking days cannot keep it going.
func (db *DB) refreshRange(ctx context.Context, pizzeria string, from, to time.Time) (int, error) {
	rows, err := db.Pool.Query(ctx, `
		SELECT DISTINCT pizzeria_id FROM report_dirty
		WHERE ($1 = '' OR pizzeria_id = $1) AND day BETWEEN $2 AND $3 ORDER BY 1`,
		pizzeria, from, to)
	if err != nil {
		return 0, fmt.Errorf("refresh reports: %w", err)
	}
	dirty, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return 0, fmt.Errorf("refresh reports: %w", err)
	}

	total := 0
	for _, p := range dirty {
		for {
			n, err := db.refreshPizzeria(ctx, p, from, to)
			total += n
			if err != nil {
				return total, err
			}
			if n < refreshChunk {
				break
			}
		}
	}
	return total, nil
}

// refreshPizzeria recomputes up to refreshChunk dirty days of one
// pizzeria between from and to in one transaction, under the pizzeria's
// report lock, and deletes their marks unless they were marked again
// since it read them. It returns how many days it recomputed.
func (db *DB) refreshPizzeria(ctx context.Context, pizzeria string, from, to time.Time) (int, error) {
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		return 0, fmt.Errorf("refresh reports: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()

	// The lock first, so that the marks read are those left by the
	// refresher before.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(
		hashtextextended('ocpizza-report:' || $1, 0))`, pizzeria); err != nil {
		return 0, fmt.Errorf("refresh reports: lock: %w", err)
	}
	days, marks, err := readDirty(ctx, tx, pizzeria, from, to)
	if err != nil || len(days) == 0 {
		return 0, err
	}

	// Recompute, then clear the marks read: a day marked again keeps its
	// new mark, since its change may have come after the recomputation.
	if err := recomputeDays(ctx, tx, pizzeria, days); err != nil {
		return 0, err
	}
	if afterRecompute != nil {
		afterRecompute(pizzeria)
	}
	if _, err := tx.Exec(ctx, `
		DELETE FROM report_dirty d USING unnest($2::date[], $3::bigint[]) AS r (day, dirtied)
		WHERE d.pizzeria_id = $1 AND d.day = r.day AND d.dirtied <= r.dirtied`,
		pizzeria, days, marks); err != nil {
		return 0, fmt.Errorf("refresh reports: clear marks: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return 0, fmt.Errorf("refresh reports: commit: %w", err)
	}
	return len(days), nil
}

// readDirty returns the first dirty days of a pizzeria between from and
// to, with their marks.
func readDirty(ctx context.Context, tx pgx.Tx, pizzeria string,
	from, to time.Time) ([]time.Time, []int64, error) {
	rows, err := tx.Query(ctx, `
		SELECT day, dirtied FROM report_dirty
		WHERE pizzeria_id = $1 AND day BETWEEN $2 AND $3 ORDER BY day LIMIT $4`,
		pizzeria, from, to, refreshChunk)
	if err != nil {
		return nil, nil, fmt.Errorf("refresh reports: %w", err)
	}
	var days []time.Time
	var marks []int64
	var day time.Time
	var mark int64
	_, err = pgx.ForEachRow(rows, []any{&day, &mark}, func() error {
		days, marks = append(days, day), append(marks, mark)
		return nil
	})
	if err != nil {
		return nil, nil, fmt.Errorf("refresh reports: %w", err)
	}
	return days, marks, nil
}
