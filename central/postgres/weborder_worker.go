package postgres

import (
	"context"
	"log/slog"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// WebOrderWorker moves web orders along in the background: offers whose
// pizzeria stayed silent past Timeout go to the next candidate, online
// orders unpaid after UnpaidAfter are cancelled, refunds owed are made
// through Payments (none without it), and payments whose webhook is late
// are asked of the provider.
type WebOrderWorker struct {
	DB       *DB
	Payments central.PaymentProvider // nil: refunds and checks wait
	Timeout  time.Duration           // how long a silent pizzeria keeps an offer
	Interval time.Duration           // how often to look
	Log      *slog.Logger
	Changed  func() // told after orders moved; may be nil

	// PaymentCheck is how long an order waits for its payment's webhook
	// before the provider is asked, and how often it is asked again;
	// DefaultPaymentCheck when zero.
	PaymentCheck time.Duration
	lastCheck    time.Time

	// UnpaidAfter is how long an online order waits for its payment
	// before it is cancelled; DefaultUnpaidAfter when zero.
	UnpaidAfter time.Duration
}

// DefaultPaymentCheck leaves webhooks, which the provider retries, a
// minute to arrive before central asks for itself.
const DefaultPaymentCheck = time.Minute

// DefaultUnpaidAfter gives a customer half an hour on the payment page;
// an order paid later would reach its pizzeria long after it was made.
const DefaultUnpaidAfter = 30 * time.Minute

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

// round expires the offers due and the orders left unpaid, makes the
// refunds owed, then checks the late payments when their time has come.
// A failure is logged and tried again next round.
func (w *WebOrderWorker) round(ctx context.Context) {
	moved, err := w.DB.ExpireAssignments(ctx, w.Timeout)
	if err != nil && ctx.Err() == nil {
		w.Log.Warn("expire web order assignments", "error", err)
	}
	unpaid := w.expireUnpaid(ctx)
	refunded, checked := 0, 0
	if w.Payments != nil {
		refunded, err = w.DB.RefundOwed(ctx, w.Payments)
		if err != nil && ctx.Err() == nil {
			w.Log.Warn("refund web orders", "error", err)
		}
		checked = w.checkPayments(ctx)
	}
	if moved+unpaid+refunded+checked > 0 {
		w.Log.Info("web orders moved", "expired", moved, "unpaid_cancelled", unpaid,
			"refunded", refunded, "payments_checked", checked)
		if w.Changed != nil {
			w.Changed()
		}
	}
}

// checkPayments asks the provider about the payments waiting longer than
// PaymentCheck, at most once every PaymentCheck, and returns how many
// moved.
func (w *WebOrderWorker) checkPayments(ctx context.Context) int {
	every := w.PaymentCheck
	if every <= 0 {
		every = DefaultPaymentCheck
	}
	now := time.Now()
	if now.Sub(w.lastCheck) < every {
		return 0
	}
	w.lastCheck = now
	moved, err := w.DB.CheckPayments(ctx, w.Payments, every)
	if err != nil && ctx.Err() == nil {
		w.Log.Warn("check late payments", "error", err)
	}
	return moved
}

// expireUnpaid cancels the online orders unpaid after UnpaidAfter and
// returns how many.
func (w *WebOrderWorker) expireUnpaid(ctx context.Context) int {
	after := w.UnpaidAfter
	if after <= 0 {
		after = DefaultUnpaidAfter
	}
	n, err := w.DB.ExpireUnpaid(ctx, after)
	if err != nil && ctx.Err() == nil {
		w.Log.Warn("expire unpaid web orders", "error", err)
	}
	return n
}
