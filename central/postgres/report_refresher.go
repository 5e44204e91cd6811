package postgres

import (
	"context"
	"log/slog"
	"time"
)

// ReportRefresher recomputes the report rows of the days the ingest
// marked dirty, in the background: when woken (after the ingest commits)
// and every Interval besides.
type ReportRefresher struct {
	DB       *DB
	Interval time.Duration
	Log      *slog.Logger
	wake     chan struct{}
}

// NewReportRefresher returns a refresher of db's reports.
func NewReportRefresher(db *DB, interval time.Duration, log *slog.Logger) *ReportRefresher {
	return &ReportRefresher{DB: db, Interval: interval, Log: log, wake: make(chan struct{}, 1)}
}

// Wake asks for a refresh soon; it never blocks.
func (r *ReportRefresher) Wake() {
	select {
	case r.wake <- struct{}{}:
	default:
	}
}

// Run refreshes until ctx ends. A failure is logged and tried again at
// the next round. A round starts at least a fifth of Interval, and four
// times its own length, after the one before: a catch-up, which wakes it
// at each batch and dirties the same busy day again and again, keeps most
// of the machine, and reports stay exact since they refresh on read.
func (r *ReportRefresher) Run(ctx context.Context) error {
	tick := time.NewTicker(r.Interval)
	defer tick.Stop()
	for {
		start := time.Now()
		n, err := r.DB.RefreshReports(ctx)
		took := time.Since(start)
		switch {
		case err != nil && ctx.Err() == nil:
			r.Log.Warn("refresh reports", "error", err)
		case n > 0:
			r.Log.Debug("reports refreshed", "days", n, "took", took)
		}
		if !r.pause(ctx, start.Add(max(r.Interval/5, 5*took))) {
			return nil
		}
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		case <-r.wake:
		}
	}
}

// pause waits until next, and says false if ctx ended first.
func (r *ReportRefresher) pause(ctx context.Context, next time.Time) bool {
	wait := time.NewTimer(time.Until(next))
	defer wait.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-wait.C:
		return true
	}
}
