package postgres

import (
	"context"
	"log/slog"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// WebOrderWorker moves web orders along in the background: offers whose
// pizzeria stayed silent past Timeout go to the next candidate, and
// refunds owed are made through Payments (none without it).
type WebOrderWorker struct {
	DB       *DB
	Payments central.PaymentProvider // nil: refunds wait
	Timeout  time.Duration           // how long a silent pizzeria keeps an offer
	Interval time.Duration           // how often to look
	Log      *slog.Logger
	Changed  func() // told after orders moved; may be nil
}

// Run works until ctx ends.
func (w *WebOrderWorker) Run(ctx context.Context) error {
	tick := time.NewTicker(w.Interval)
	defer tick.Stop()
	for {
		w.round(ctx)
		select {
		case <-ctx.Done():
			return nil
		case <-tick.C:
		}
	}
}

// round expires the offers due, then makes the refunds owed. A failure
// is logged and tried again next round.
func (w *WebOrderWorker) round(ctx context.Context) {
	moved, err := w.DB.ExpireAssignments(ctx, w.Timeout)
	if err != nil && ctx.Err() == nil {
		w.Log.Warn("expire web order assignments", "error", err)
	}
	refunded := 0
	if w.Payments != nil {
		refunded, err = w.DB.RefundOwed(ctx, w.Payments)
		if err != nil && ctx.Err() == nil {
			w.Log.Warn("refund web orders", "error", err)
		}
	}
	if moved+refunded > 0 {
		w.Log.Info("web orders moved", "expired", moved, "refunded", refunded)
		if w.Changed != nil {
			w.Changed()
		}
	}
}
