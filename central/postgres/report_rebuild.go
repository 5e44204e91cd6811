package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// rebuildChunk is how many days one recomputation statement covers when
// every report row is rebuilt.
const rebuildChunk = 62

// RebuildReports recomputes every report table from the projections, in
// one transaction: the tables the refresher keeps day by day, made again
// from scratch. It leaves the dirty marks, which only cost a useless
// recomputation. The history generator fills the projections in bulk and
// then calls it; tests compare its result with what the ingest kept.
func (db *DB) RebuildReports(ctx context.Context) error {
	tx, err := db.Pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("rebuild reports: %w", err)
	}
	defer func() { _ = tx.Rollback(ctx) }()

	// Empty the tables, then recompute every day that has rows.
	if _, err := tx.Exec(ctx, `TRUNCATE report_sales, report_hours, report_products,
		report_refusals, report_durations, report_stock`); err != nil {
		return fmt.Errorf("rebuild reports: %w", err)
	}
	days, err := reportDaysHeld(ctx, tx)
	if err != nil {
		return err
	}
	for pizzeria, list := range days {
		for start := 0; start < len(list); start += rebuildChunk {
			chunk := list[start:min(start+rebuildChunk, len(list))]
			if err := recomputeDays(ctx, tx, pizzeria, chunk); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("rebuild reports: commit: %w", err)
	}
	return nil
}

// reportDaysHeld returns, per pizzeria, the dates that have orders or
// stock movements, in order.
func reportDaysHeld(ctx context.Context, tx pgx.Tx) (map[string][]time.Time, error) {
	rows, err := tx.Query(ctx, `
		SELECT pizzeria_id, business_date FROM orders
		UNION
		SELECT DISTINCT pizzeria_id, (at AT TIME ZONE 'Europe/Paris')::date FROM stock_movements
		ORDER BY 1, 2`)
	if err != nil {
		return nil, fmt.Errorf("rebuild reports: %w", err)
	}
	days := map[string][]time.Time{}
	var pizzeria string
	var day time.Time
	_, err = pgx.ForEachRow(rows, []any{&pizzeria, &day}, func() error {
		days[pizzeria] = append(days[pizzeria], day)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("rebuild reports: %w", err)
	}
	return days, nil
}
