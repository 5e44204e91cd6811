package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

func countWebOrders(t *testing.T, db interface {
	FindWebOrders(context.Context, string) ([]*central.WebOrder, error)
}, c *central.Customer) int {
	t.Helper()
	orders, err := db.FindWebOrders(context.Background(), c.ID)
	if err != nil {
		t.Fatal(err)
	}
	return len(orders)
}

// TestWebOrderClientKeyReplays posts the same keyed request twice, the
// second with another cart: both get the first order, once written and
// placed once. Another customer's same key is another order.
func TestWebOrderClientKeyReplays(t *testing.T) {
	db, _, anna := webSetup(t)
	ctx := context.Background()
	req := deliveryRequest(central.PayOnDelivery)
	req.ClientKey = "checkout-1"
	first, err := db.CreateWebOrder(ctx, anna, req)
	if err != nil {
		t.Fatal(err)
	}

	again := deliveryRequest(central.PayOnDelivery)
	again.ClientKey, again.Lines[0].Quantity = "checkout-1", 5
	second, err := db.CreateWebOrder(ctx, anna, again)
	if err != nil {
		t.Fatal(err)
	}
	if second.ID != first.ID || second.TotalCents != first.TotalCents {
		t.Fatalf("replay gave %s (%d cents), first was %s (%d cents)",
			second.ID, second.TotalCents, first.ID, first.TotalCents)
	}
	if n := countWebOrders(t, db, anna); n != 1 {
		t.Fatalf("%d orders from one key", n)
	}
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != 1 {
		t.Fatalf("%d order.place from one key", n)
	}
	found, err := db.FindKeyedWebOrder(ctx, anna.ID, "checkout-1")
	if err != nil || found == nil || found.ID != first.ID {
		t.Fatalf("FindKeyedWebOrder = %+v, %v", found, err)
	}
	if none, err := db.FindKeyedWebOrder(ctx, anna.ID, "checkout-2"); none != nil || err != nil {
		t.Fatalf("unknown key found %+v, %v", none, err)
	}

	luca := newCustomer("luca@example.fr")
	if err := db.CreateCustomer(ctx, luca); err != nil {
		t.Fatal(err)
	}
	if none, _ := db.FindKeyedWebOrder(ctx, luca.ID, "checkout-1"); none != nil {
		t.Fatalf("luca finds anna's order %s by her key", none.ID)
	}
	other, err := db.CreateWebOrder(ctx, luca, req)
	if err != nil {
		t.Fatal(err)
	}
	if other.ID == first.ID || other.CustomerID != luca.ID {
		t.Fatalf("luca's order is anna's: %+v", other)
	}
}

// lockCustomer is the lock CreateWebOrder takes on the customer's row.
const lockCustomer = `SELECT 1 FROM customers WHERE id = $1 FOR UPDATE`

// TestWebOrderClientKeyRace sends one keyed request three times at the
// same moment, as a browser retrying over a flaky link might: one order.
func TestWebOrderClientKeyRace(t *testing.T) {
	db, _, anna := webSetup(t)
	const posts = 3
	ids := make([]string, posts)
	var creates []func(context.Context) error
	for i := range posts {
		creates = append(creates, func(ctx context.Context) error {
			req := deliveryRequest(central.PayOnDelivery)
			req.ClientKey = "double-click"
			o, err := db.CreateWebOrder(ctx, anna, req)
			if err == nil {
				ids[i] = o.ID
			}
			return err
		})
	}
	errs := raceBehindLock(t, db, lockCustomer, []any{anna.ID}, creates...)
	for i := range posts {
		if errs[i] != nil {
			t.Fatalf("post %d: %v", i, errs[i])
		}
		if ids[i] != ids[0] {
			t.Fatalf("post %d got order %s, post 0 got %s", i, ids[i], ids[0])
		}
	}
	if n := countWebOrders(t, db, anna); n != 1 {
		t.Fatalf("%d orders from %d racing posts of one key", n, posts)
	}
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != 1 {
		t.Fatalf("%d order.place from one key", n)
	}
}

// TestWebOrderOpenCapRace has a customer one order short of the cap send
// three orders at the same moment: one is taken, the others refused.
func TestWebOrderOpenCapRace(t *testing.T) {
	db, _, anna := webSetup(t)
	for range central.MaxOpenWebOrders - 1 {
		if _, err := db.CreateWebOrder(t.Context(), anna, deliveryRequest(central.PayOnline)); err != nil {
			t.Fatal(err)
		}
	}
	var creates []func(context.Context) error
	for range 3 {
		creates = append(creates, func(ctx context.Context) error {
			_, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
			return err
		})
	}
	oneWinner(t, raceBehindLock(t, db, lockCustomer, []any{anna.ID}, creates...))
	if n := countWebOrders(t, db, anna); n != central.MaxOpenWebOrders {
		t.Fatalf("%d orders, want the cap of %d", n, central.MaxOpenWebOrders)
	}
}

// TestWebOrderPaymentOnlyWhileAwaited sets a payment intent on an order
// marked failed meanwhile: refused, and the order keeps no payment page.
func TestWebOrderPaymentOnlyWhileAwaited(t *testing.T) {
	db, _, anna := webSetup(t)
	o, err := db.CreateWebOrder(t.Context(), anna, deliveryRequest(central.PayOnline))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.FailWebOrderPayment(t.Context(), o.ID); err != nil {
		t.Fatal(err)
	}
	err = db.SetWebOrderPayment(t.Context(), o.ID, &central.Payment{ID: "pay_late",
		PaymentURL: "http://pay.example/pay/pay_late"})
	wantCode(t, err, central.ECONFLICT)
	if got := mustFind(t, db, anna, o.ID); got.PaymentURL != "" || got.State != central.WebPaymentFailed {
		t.Fatalf("failed order after a late intent: %+v", got)
	}
	err = db.SetWebOrderPayment(t.Context(), "0193a4a0-0000-7000-8000-000000000099",
		&central.Payment{ID: "pay_x"})
	wantCode(t, err, central.ENOTFOUND)
}

// TestWebOrderClientKeyValidated refuses a key that is not printable
// ASCII, or too long, and writes nothing.
func TestWebOrderClientKeyValidated(t *testing.T) {
	db, _, anna := webSetup(t)
	long := make([]byte, 256)
	for i := range long {
		long[i] = 'k'
	}
	for _, key := range []string{"clé", "a b\n", string(long)} {
		req := deliveryRequest(central.PayOnDelivery)
		req.ClientKey = key
		if _, err := db.CreateWebOrder(context.Background(), anna, req); central.ErrorCode(err) != central.EINVALID {
			t.Errorf("key %q: %v", key, err)
		}
	}
	if n := countWebOrders(t, db, anna); n != 0 {
		t.Fatalf("%d orders written with bad keys", n)
	}
}

// TestWebOrderOpenCap makes a customer's orders wait for their payment up
// to the cap: the next is refused and writes nothing, a replay of a
// keyed one still answers, and once the unpaid ones expire the customer
// orders again.
func TestWebOrderOpenCap(t *testing.T) {
	db, clock, anna := webSetup(t)
	ctx := context.Background()
	for i := range central.MaxOpenWebOrders {
		req := deliveryRequest(central.PayOnline)
		req.ClientKey = "open-" + string(rune('a'+i))
		if _, err := db.CreateWebOrder(ctx, anna, req); err != nil {
			t.Fatalf("order %d: %v", i+1, err)
		}
	}

	over := deliveryRequest(central.PayOnDelivery)
	_, err := db.CreateWebOrder(ctx, anna, over)
	if central.ErrorCode(err) != central.ECONFLICT {
		t.Fatalf("order past the cap: %v", err)
	}
	if n := countWebOrders(t, db, anna); n != central.MaxOpenWebOrders {
		t.Fatalf("%d orders after a refusal past the cap", n)
	}
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != 0 {
		t.Fatalf("%d order.place written by a refusal", n)
	}

	// A replay is no new order: it is answered past the cap.
	replay := deliveryRequest(central.PayOnline)
	replay.ClientKey = "open-a"
	if o, err := db.CreateWebOrder(ctx, anna, replay); err != nil || o.State != central.WebAwaitingPayment {
		t.Fatalf("replay past the cap: %+v, %v", o, err)
	}

	// Another customer is not held by anna's orders.
	luca := newCustomer("luca@example.fr")
	if err := db.CreateCustomer(ctx, luca); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateWebOrder(ctx, luca, deliveryRequest(central.PayOnDelivery)); err != nil {
		t.Fatalf("luca held by anna's cap: %v", err)
	}

	clock.now = clock.now.Add(31 * time.Minute)
	if n, err := db.ExpireUnpaid(ctx, 30*time.Minute); err != nil || n != central.MaxOpenWebOrders {
		t.Fatalf("expired %d, %v", n, err)
	}
	if _, err := db.CreateWebOrder(ctx, anna, over); err != nil {
		t.Fatalf("order after the unpaid ones expired: %v", err)
	}
}

// TestWebOrderPaidAfterFailureIsRefunded: the provider reports a success
// after the order was marked failed (a second card on the same intent, or
// an intent central gave up waiting for). The order is never placed, and
// the money is given back, once; a failure arriving after changes nothing.
func TestWebOrderPaidAfterFailureIsRefunded(t *testing.T) {
	db, _, anna := webSetup(t)
	ctx := t.Context()
	o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnline))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetWebOrderPayment(ctx, o.ID, &central.Payment{ID: "pay_late"}); err != nil {
		t.Fatal(err)
	}
	event := func(id string, status central.PaymentStatus) {
		t.Helper()
		typ := central.EventPaymentSucceeded
		if status == central.PaymentFailed {
			typ = central.EventPaymentFailed
		}
		_, err := db.ApplyPaymentEvent(ctx, &central.PaymentEvent{ID: id, Type: typ,
			PaymentID: "pay_late", Status: status, AmountCents: o.TotalCents, Created: time.Now()})
		if err != nil {
			t.Fatal(err)
		}
	}
	event("evt_declined", central.PaymentFailed)
	event("evt_paid", central.PaymentSucceeded)
	event("evt_declined_again", central.PaymentFailed)

	got := mustFind(t, db, anna, o.ID)
	if got.State != central.WebPaymentFailed || got.PaymentStatus != central.WebPaymentPaid || got.Settled() {
		t.Fatalf("paid after failing: state %s, payment %s, settled %v",
			got.State, got.PaymentStatus, got.Settled())
	}
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != 0 {
		t.Fatalf("%d order.place for an order that failed", n)
	}
	provider := &countingRefunds{}
	for range 2 {
		if _, err := db.RefundOwed(ctx, provider); err != nil {
			t.Fatal(err)
		}
	}
	got = mustFind(t, db, anna, o.ID)
	if provider.calls != 1 || got.PaymentStatus != central.WebPaymentRefunded || !got.Settled() {
		t.Fatalf("refunds %d, payment %s, settled %v", provider.calls, got.PaymentStatus, got.Settled())
	}
}
