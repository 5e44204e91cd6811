package postgres_test

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestWebOrderUnpaidIsCancelledThenRefunded: an online order still unpaid
// after 30 minutes is cancelled, and says why; a payment succeeding after
// that places nothing and is refunded once. Orders paid in time, or paid
// on delivery, are left alone.
func TestWebOrderUnpaidIsCancelledThenRefunded(t *testing.T) {
	db, clock, anna := webSetup(t)
	ctx := context.Background()
	late := onlineOrder(t, db, anna, "pay_late")
	onTime := onlineOrder(t, db, anna, "pay_on_time")
	cash, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
	if err != nil {
		t.Fatal(err)
	}

	// Paid after 10 minutes: placed. At 29 minutes nothing is due.
	clock.now = clock.now.Add(10 * time.Minute)
	pay(t, db, "evt_on_time", "pay_on_time", onTime.TotalCents)
	clock.now = clock.now.Add(19 * time.Minute)
	if n, err := db.ExpireUnpaid(ctx, 30*time.Minute); err != nil || n != 0 {
		t.Fatalf("expire at 29 minutes: %d, %v", n, err)
	}

	// Past 30 minutes: the unpaid one is cancelled, once, with its reason.
	clock.now = clock.now.Add(2 * time.Minute)
	for i, want := range []int{1, 0} {
		if n, err := db.ExpireUnpaid(ctx, 30*time.Minute); err != nil || n != want {
			t.Fatalf("expire %d: %d, want %d: %v", i, n, want, err)
		}
	}
	o := mustFind(t, db, anna, late.ID)
	if o.State != central.WebCancelled || o.Status != "cancelled" ||
		o.PaymentStatus != central.WebPaymentPending ||
		o.Message != central.Message(central.MsgWebUnpaidCancelled) {
		t.Fatalf("unpaid order: %+v", o)
	}
	for _, other := range []*central.WebOrder{onTime, cash} {
		if got := mustFind(t, db, anna, other.ID); got.State != central.WebWaiting {
			t.Fatalf("order %s moved to %s", other.ID, got.State)
		}
	}

	// The customer pays at last: nothing placed, a refund owed, made once.
	places := countCommands(t, db, syncproto.CommandOrderPlace)
	pay(t, db, "evt_late", "pay_late", late.TotalCents)
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != places {
		t.Fatalf("%d order.place after the late payment, want %d", n, places)
	}
	provider := &countingRefunds{}
	for range 2 {
		if _, err := db.RefundOwed(ctx, provider); err != nil {
			t.Fatal(err)
		}
	}
	o = mustFind(t, db, anna, late.ID)
	if provider.calls != 1 || o.State != central.WebCancelled ||
		o.PaymentStatus != central.WebPaymentRefunded ||
		o.Message != central.Message(central.MsgWebUnpaidCancelled) {
		t.Fatalf("refunds %d, order %+v", provider.calls, o)
	}
}

// pay applies a payment.succeeded webhook event for an intent.
func pay(t *testing.T, db *postgres.DB, event, payment string, cents int64) {
	t.Helper()
	ev := &central.PaymentEvent{ID: event, Type: central.EventPaymentSucceeded,
		PaymentID: payment, Status: central.PaymentSucceeded, AmountCents: cents,
		Created: time.Now()}
	if applied, err := db.ApplyPaymentEvent(context.Background(), ev); err != nil || !applied {
		t.Fatalf("pay %s: %v, %v", payment, applied, err)
	}
}

// TestWebOrderUnpaidLostWebhookIsRefunded: an order cancelled unpaid
// whose payment succeeded and whose webhook never comes is still found
// by the provider check and refunded; it is never placed.
func TestWebOrderUnpaidLostWebhookIsRefunded(t *testing.T) {
	db, clock, anna := webSetup(t)
	ctx := context.Background()
	o := onlineOrder(t, db, anna, "pay_lost")
	clock.now = clock.now.Add(31 * time.Minute)
	if n, err := db.ExpireUnpaid(ctx, 30*time.Minute); err != nil || n != 1 {
		t.Fatalf("expire: %d, %v", n, err)
	}

	// The provider says it was paid: a refund is owed, nothing placed.
	clock.now = clock.now.Add(2 * time.Minute)
	provider := &statusProvider{amount: o.TotalCents,
		status: map[string]central.PaymentStatus{"pay_lost": central.PaymentSucceeded}}
	if n, err := db.CheckPayments(ctx, provider, time.Minute); err != nil || n != 1 {
		t.Fatalf("check: %d, %v", n, err)
	}
	refunds := &countingRefunds{}
	if n, err := db.RefundOwed(ctx, refunds); err != nil || n != 1 {
		t.Fatalf("refund: %d, %v", n, err)
	}
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != 0 {
		t.Fatalf("%d order.place for an order cancelled unpaid", n)
	}

	// Refunded: no longer asked about.
	calls := provider.calls
	clock.now = clock.now.Add(2 * time.Minute)
	if n, err := db.CheckPayments(ctx, provider, time.Minute); err != nil || n != 0 ||
		provider.calls != calls {
		t.Fatalf("check after the refund: %d moved, %d calls, %v", n, provider.calls-calls, err)
	}
}

// TestWebOrderWorkerCancelsUnpaid: the worker's round cancels an order
// unpaid past UnpaidAfter (the default when zero), says so in its log and
// tells the customers' feeds.
func TestWebOrderWorkerCancelsUnpaid(t *testing.T) {
	db, clock, anna := webSetup(t)
	o := onlineOrder(t, db, anna, "pay_never")
	clock.now = clock.now.Add(postgres.DefaultUnpaidAfter + time.Minute)

	var changed atomic.Int32
	logs := &lockedBuffer{}
	w := &postgres.WebOrderWorker{DB: db, Timeout: 3 * time.Minute,
		Interval: 20 * time.Millisecond, Log: slog.New(slog.NewTextHandler(logs, nil)),
		Changed: func() { changed.Add(1) }}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Run(ctx) }()
	defer func() {
		cancel()
		<-done
	}()

	waitFor(t, "the unpaid order cancelled and logged", func() bool {
		got := mustFind(t, db, anna, o.ID)
		return got.State == central.WebCancelled && changed.Load() > 0 &&
			strings.Contains(logs.String(), "unpaid_cancelled=1")
	})
}

// waitFor polls cond until it holds, for 10 seconds at most.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		<-tick.C
	}
}

// lockedBuffer is a log sink the worker and the test share.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
