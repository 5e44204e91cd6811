package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// webSetup is a database with two pizzerias serving 75011, a published
// catalog and a customer.
func webSetup(t *testing.T) (*postgres.DB, *syncClock, *central.Customer) {
	t.Helper()
	db, clock := openSyncDB(t, "paris-11", "paris-12")
	publishMenuCatalog(t, db, menuCatalog())
	c := newCustomer("anna@example.fr")
	if err := db.CreateCustomer(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return db, clock, c
}

func deliveryRequest(method string) *central.WebOrderRequest {
	return &central.WebOrderRequest{Fulfilment: "delivery", PaymentMethod: method,
		Address: &central.WebAddress{Street: "12 rue de la Roquette", Postcode: "75011", City: "Paris"},
		Lines:   []central.WebLineRequest{{ProductID: "margherita", Quantity: 2}}}
}

// lastCommand returns the newest command of a type for a pizzeria, or nil.
func lastCommand(t *testing.T, db *postgres.DB, pizzeria, typ string) *central.Command {
	t.Helper()
	cmds, err := db.FindCommands(context.Background(),
		central.CommandFilter{Pizzeria: pizzeria, Type: typ})
	if err != nil {
		t.Fatal(err)
	}
	if len(cmds) == 0 {
		return nil
	}
	return cmds[0]
}

func countCommands(t *testing.T, db *postgres.DB, typ string) int {
	t.Helper()
	cmds, err := db.FindCommands(context.Background(), central.CommandFilter{Type: typ})
	if err != nil {
		t.Fatal(err)
	}
	return len(cmds)
}

func mustFind(t *testing.T, db *postgres.DB, c *central.Customer, id string) *central.WebOrder {
	t.Helper()
	o, err := db.FindWebOrder(context.Background(), c.ID, id)
	if err != nil {
		t.Fatal(err)
	}
	return o
}

func TestWebOrderRoutingRefusalThenAccept(t *testing.T) {
	db, _, anna := webSetup(t)
	ctx := context.Background()

	// Paid on delivery: priced, placed with the first candidate at once.
	o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
	if err != nil {
		t.Fatal(err)
	}
	if o.State != central.WebWaiting || o.Pizzeria != "paris-11" || o.Assignment != 1 ||
		o.TotalCents != 1900 || o.Status != "placed" {
		t.Fatalf("new order = %+v", o)
	}
	first := lastCommand(t, db, "paris-11", syncproto.CommandOrderPlace)
	if first == nil {
		t.Fatal("no order.place for paris-11")
	}

	// Refused for stock: the next pizzeria gets assignment 2.
	if err := db.AnswerCommand(ctx, "paris-11", first.ID, syncproto.CommandOrderPlace, false,
		syncproto.CodeOutOfStock); err != nil {
		t.Fatal(err)
	}
	o = mustFind(t, db, anna, o.ID)
	second := lastCommand(t, db, "paris-12", syncproto.CommandOrderPlace)
	if o.Pizzeria != "paris-12" || o.Assignment != 2 || o.State != central.WebWaiting || second == nil {
		t.Fatalf("after refusal: %+v", o)
	}

	// The same refusal again changes nothing.
	if err := db.AnswerCommand(ctx, "paris-11", first.ID, syncproto.CommandOrderPlace, false,
		syncproto.CodeOutOfStock); err != nil {
		t.Fatal(err)
	}
	if o2 := mustFind(t, db, anna, o.ID); o2.Assignment != 2 {
		t.Fatalf("a replayed refusal moved the order to %d", o2.Assignment)
	}

	// Accepted by the second: accepted. Refused by both would be refused.
	if err := db.AnswerCommand(ctx, "paris-12", second.ID, syncproto.CommandOrderPlace, true, ""); err != nil {
		t.Fatal(err)
	}
	if o = mustFind(t, db, anna, o.ID); o.State != central.WebAccepted {
		t.Fatalf("after accept: %s", o.State)
	}
}

func TestWebOrderNoCandidateLeftIsRefused(t *testing.T) {
	db, _, anna := webSetup(t)
	ctx := context.Background()
	req := deliveryRequest(central.PayOnDelivery)
	req.Fulfilment, req.Address, req.Pizzeria = "pickup", nil, "paris-12"
	o, err := db.CreateWebOrder(ctx, anna, req)
	if err != nil {
		t.Fatal(err)
	}
	place := lastCommand(t, db, "paris-12", syncproto.CommandOrderPlace)
	if err := db.AnswerCommand(ctx, "paris-12", place.ID, syncproto.CommandOrderPlace, false,
		syncproto.CodeClosed); err != nil {
		t.Fatal(err)
	}
	if o = mustFind(t, db, anna, o.ID); o.State != central.WebRefused || o.Status != "refused" {
		t.Fatalf("pick-up refused: %+v", o)
	}
	if lastCommand(t, db, "paris-11", syncproto.CommandOrderPlace) != nil {
		t.Fatal("a pick-up order went to another pizzeria")
	}
}

func TestWebOrderDeadlineThenLateAccept(t *testing.T) {
	db, clock, anna := webSetup(t)
	ctx := context.Background()
	o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
	if err != nil {
		t.Fatal(err)
	}
	first := lastCommand(t, db, "paris-11", syncproto.CommandOrderPlace)

	// Not yet due: nothing moves.
	if n, err := db.ExpireAssignments(ctx, 3*time.Minute); err != nil || n != 0 {
		t.Fatalf("expire before the limit: %d, %v", n, err)
	}

	// paris-11 stays silent past the limit: withdrawn, offered to paris-12.
	clock.now = clock.now.Add(4 * time.Minute)
	if n, err := db.ExpireAssignments(ctx, 3*time.Minute); err != nil || n != 1 {
		t.Fatalf("expire: %d, %v", n, err)
	}
	o = mustFind(t, db, anna, o.ID)
	second := lastCommand(t, db, "paris-12", syncproto.CommandOrderPlace)
	if o.Pizzeria != "paris-12" || o.Assignment != 2 || second == nil {
		t.Fatalf("after expiry: %+v", o)
	}
	if lastCommand(t, db, "paris-11", syncproto.CommandOrderWithdraw) == nil {
		t.Fatal("no order.withdraw for the silent pizzeria")
	}

	// Both accept: paris-11's answer is late and changes nothing; one
	// withdraw only; the order is paris-12's.
	if err := db.AnswerCommand(ctx, "paris-12", second.ID, syncproto.CommandOrderPlace, true, ""); err != nil {
		t.Fatal(err)
	}
	if err := db.AnswerCommand(ctx, "paris-11", first.ID, syncproto.CommandOrderPlace, true, ""); err != nil {
		t.Fatal(err)
	}
	o = mustFind(t, db, anna, o.ID)
	if o.Pizzeria != "paris-12" || o.State != central.WebAccepted {
		t.Fatalf("after the late accept: %+v", o)
	}
	if n := countCommands(t, db, syncproto.CommandOrderWithdraw); n != 1 {
		t.Fatalf("%d withdraws, want 1", n)
	}
}

func TestWebOrderOnlinePaymentAndCancelRefund(t *testing.T) {
	db, _, anna := webSetup(t)
	ctx := context.Background()
	o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnline))
	if err != nil {
		t.Fatal(err)
	}
	if o.State != central.WebAwaitingPayment || countCommands(t, db, syncproto.CommandOrderPlace) != 0 {
		t.Fatalf("online order placed before payment: %+v", o)
	}
	if err := db.SetWebOrderPayment(ctx, o.ID, &central.Payment{ID: "pay_1", PaymentURL: "http://x/pay/pay_1"}); err != nil {
		t.Fatal(err)
	}

	// Succeeded, replayed: routed once.
	// Another amount than the order's pays nothing.
	wrong := &central.PaymentEvent{ID: "evt_9", Type: central.EventPaymentSucceeded, PaymentID: "pay_1",
		Status: central.PaymentSucceeded, AmountCents: o.TotalCents - 1, Created: time.Now()}
	if _, err := db.ApplyPaymentEvent(ctx, wrong); central.ErrorCode(err) != central.EINVALID {
		t.Fatalf("a payment of another amount: %v", err)
	}
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != 0 {
		t.Fatalf("%d order.place after a payment of another amount", n)
	}

	ev := &central.PaymentEvent{ID: "evt_1", Type: central.EventPaymentSucceeded, PaymentID: "pay_1",
		Status: central.PaymentSucceeded, AmountCents: o.TotalCents, Created: time.Now()}
	for i, want := range []bool{true, false} {
		applied, err := db.ApplyPaymentEvent(ctx, ev)
		if err != nil || applied != want {
			t.Fatalf("apply %d: %v, %v", i, applied, err)
		}
	}
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != 1 {
		t.Fatalf("%d order.place, want 1", n)
	}
	place := lastCommand(t, db, "paris-11", syncproto.CommandOrderPlace)
	if err := db.AnswerCommand(ctx, "paris-11", place.ID, syncproto.CommandOrderPlace, true, ""); err != nil {
		t.Fatal(err)
	}

	// A late failed event changes nothing: a payment only moves forward.
	late := &central.PaymentEvent{ID: "evt_0", Type: central.EventPaymentFailed, PaymentID: "pay_1",
		Status: central.PaymentFailed, AmountCents: o.TotalCents, Created: time.Now()}
	if _, err := db.ApplyPaymentEvent(ctx, late); err != nil {
		t.Fatal(err)
	}
	if o = mustFind(t, db, anna, o.ID); o.PaymentStatus != "paid" || o.State != central.WebAccepted {
		t.Fatalf("after a late failure: %+v", o)
	}

	// Cancel: sent to paris-11, accepted there, refunded once.
	if o, err = db.RequestWebOrderCancel(ctx, anna.ID, o.ID); err != nil || o.State != central.WebCancelRequested {
		t.Fatalf("cancel: %+v, %v", o, err)
	}
	if _, err := db.RequestWebOrderCancel(ctx, anna.ID, o.ID); central.ErrorCode(err) != central.ECONFLICT {
		t.Fatalf("second cancel: %v", err)
	}
	cancel := lastCommand(t, db, "paris-11", syncproto.CommandOrderCancel)
	if err := db.AnswerCommand(ctx, "paris-11", cancel.ID, syncproto.CommandOrderCancel, true, ""); err != nil {
		t.Fatal(err)
	}
	provider := &countingRefunds{}
	for range 2 {
		if _, err := db.RefundOwed(ctx, provider); err != nil {
			t.Fatal(err)
		}
	}
	o = mustFind(t, db, anna, o.ID)
	if provider.calls != 1 || o.State != central.WebCancelled || o.PaymentStatus != "refunded" {
		t.Fatalf("refunds %d, order %+v", provider.calls, o)
	}
	if lastCommand(t, db, "paris-11", syncproto.CommandOrderPayment) == nil {
		t.Fatal("no order.payment refunded notice")
	}
}

func TestWebOrderDeclinedIsNeverPlaced(t *testing.T) {
	db, _, anna := webSetup(t)
	ctx := context.Background()
	o, _ := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnline))
	if err := db.SetWebOrderPayment(ctx, o.ID, &central.Payment{ID: "pay_2"}); err != nil {
		t.Fatal(err)
	}
	ev := &central.PaymentEvent{ID: "evt_2", Type: central.EventPaymentFailed, PaymentID: "pay_2",
		Status: central.PaymentFailed, AmountCents: o.TotalCents, Created: time.Now()}
	if _, err := db.ApplyPaymentEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if o = mustFind(t, db, anna, o.ID); o.State != central.WebPaymentFailed {
		t.Fatalf("declined: %+v", o)
	}
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != 0 {
		t.Fatalf("%d order.place for a declined payment", n)
	}

	// Another customer never sees it.
	luca := newCustomer("luca@example.fr")
	if err := db.CreateCustomer(ctx, luca); err != nil {
		t.Fatal(err)
	}
	if _, err := db.FindWebOrder(ctx, luca.ID, o.ID); central.ErrorCode(err) != central.ENOTFOUND {
		t.Fatalf("another customer's order: %v", err)
	}
}

// countingRefunds is a provider that counts refunds; the HTTP tests use
// the real simulator.
type countingRefunds struct {
	central.PaymentProvider
	calls int
}

func (c *countingRefunds) RefundPayment(_ context.Context, id, _ string) (*central.Payment, error) {
	c.calls++
	return &central.Payment{ID: id, Status: central.PaymentRefunded}, nil
}

// TestWebOrderLostWebhookIsCaughtUp: the webhook of a paid order never
// arrives. Checked too early nothing is asked; once the order has waited
// long enough the provider's answer places it, once, and the webhook
// arriving after changes nothing. An unpaid intent stays waiting.
func TestWebOrderLostWebhookIsCaughtUp(t *testing.T) {
	db, clock, anna := webSetup(t)
	ctx := context.Background()
	paid := onlineOrder(t, db, anna, "pay_paid")
	provider := &statusProvider{status: map[string]central.PaymentStatus{}, amount: paid.TotalCents}
	unpaid := onlineOrder(t, db, anna, "pay_unpaid")
	provider.status["pay_paid"] = central.PaymentSucceeded
	provider.status["pay_unpaid"] = central.PaymentCreated

	// Too early: the webhook may still come.
	if n, err := db.CheckPayments(ctx, provider, time.Minute); err != nil || n != 0 || provider.calls != 0 {
		t.Fatalf("early check: %d moved, %d calls, %v", n, provider.calls, err)
	}

	// Later: the paid one is placed once, the other waits.
	clock.now = clock.now.Add(2 * time.Minute)
	for i, want := range []int{1, 0} {
		if n, err := db.CheckPayments(ctx, provider, time.Minute); err != nil || n != want {
			t.Fatalf("check %d: %d moved, want %d: %v", i, n, want, err)
		}
	}
	if o := mustFind(t, db, anna, paid.ID); o.State != central.WebWaiting || o.PaymentStatus != "paid" {
		t.Fatalf("paid order after the check: %+v", o)
	}
	if o := mustFind(t, db, anna, unpaid.ID); o.State != central.WebAwaitingPayment {
		t.Fatalf("unpaid order after the check: %+v", o)
	}

	// The webhook at last: recorded, nothing more.
	ev := &central.PaymentEvent{ID: "evt_late", Type: central.EventPaymentSucceeded,
		PaymentID: "pay_paid", Status: central.PaymentSucceeded, AmountCents: paid.TotalCents,
		Created: clock.now}
	if _, err := db.ApplyPaymentEvent(ctx, ev); err != nil {
		t.Fatal(err)
	}
	if n := countCommands(t, db, syncproto.CommandOrderPlace); n != 1 {
		t.Fatalf("%d order.place, want 1", n)
	}
}

// onlineOrder is a new order of c paid online through the intent id.
func onlineOrder(t *testing.T, db *postgres.DB, c *central.Customer, payment string) *central.WebOrder {
	t.Helper()
	o, err := db.CreateWebOrder(context.Background(), c, deliveryRequest(central.PayOnline))
	if err != nil {
		t.Fatal(err)
	}
	if err := db.SetWebOrderPayment(context.Background(), o.ID, &central.Payment{ID: payment}); err != nil {
		t.Fatal(err)
	}
	return o
}

// statusProvider answers the status of intents from a map; the HTTP tests
// use the real simulator.
type statusProvider struct {
	central.PaymentProvider
	status map[string]central.PaymentStatus
	amount int64
	calls  int
}

func (p *statusProvider) FindPaymentByID(_ context.Context, id string) (*central.Payment, error) {
	p.calls++
	st, ok := p.status[id]
	if !ok {
		return nil, central.Errorm(central.ENOTFOUND, central.MsgPaymentNotFound, id)
	}
	return &central.Payment{ID: id, Status: st, AmountCents: p.amount}, nil
}

// TestWebOrderWaitingSaysWhenPizzeriaIsAway: a waiting order tells the
// customer whether its pizzeria is reachable, from its heartbeats.
func TestWebOrderWaitingSaysWhenPizzeriaIsAway(t *testing.T) {
	db, clock, anna := webSetup(t)
	ctx := context.Background()
	o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
	if err != nil {
		t.Fatal(err)
	}

	// Never heard from: away.
	o = mustFind(t, db, anna, o.ID)
	away := central.Message(central.MsgWebWaitingOffline)
	if o.PizzeriaOnline || o.Message != away {
		t.Fatalf("pizzeria never heard from: online %v, %q", o.PizzeriaOnline, o.Message)
	}

	// A heartbeat: online, waiting for its answer.
	heartbeat(t, db, "paris-11", "e1")
	o = mustFind(t, db, anna, o.ID)
	if !o.PizzeriaOnline || o.Message != central.Message(central.MsgWebWaiting) {
		t.Fatalf("after a heartbeat: online %v, %q", o.PizzeriaOnline, o.Message)
	}

	// Silent for longer than the window: away again.
	clock.now = clock.now.Add(central.OnlineWindow + time.Second)
	if o = mustFind(t, db, anna, o.ID); o.PizzeriaOnline || o.Message != away {
		t.Fatalf("after silence: online %v, %q", o.PizzeriaOnline, o.Message)
	}
}

// TestWebOrderDeliveryFromChosenMenu: a delivery ordered from paris-12's
// menu is offered to paris-12 first, then paris-11; naming a pizzeria
// that does not serve the address is refused and writes nothing.
func TestWebOrderDeliveryFromChosenMenu(t *testing.T) {
	db, _, anna := webSetup(t)
	ctx := context.Background()
	req := deliveryRequest(central.PayOnDelivery)
	req.Pizzeria = "paris-12"
	o, err := db.CreateWebOrder(ctx, anna, req)
	if err != nil {
		t.Fatal(err)
	}
	if o.Pizzeria != "paris-12" || lastCommand(t, db, "paris-12", syncproto.CommandOrderPlace) == nil {
		t.Fatalf("offered to %q first, want paris-12", o.Pizzeria)
	}
	place := lastCommand(t, db, "paris-12", syncproto.CommandOrderPlace)
	if err := db.AnswerCommand(ctx, "paris-12", place.ID, syncproto.CommandOrderPlace, false,
		syncproto.CodeOutOfStock); err != nil {
		t.Fatal(err)
	}
	if o = mustFind(t, db, anna, o.ID); o.Pizzeria != "paris-11" || o.Assignment != 2 {
		t.Fatalf("after paris-12 refused: %q, assignment %d", o.Pizzeria, o.Assignment)
	}

	req = deliveryRequest(central.PayOnDelivery)
	req.Pizzeria = "lyon-2"
	if _, err := db.CreateWebOrder(ctx, anna, req); central.ErrorCode(err) != central.EINVALID {
		t.Fatalf("a pizzeria that does not serve the address: %v", err)
	}
	if orders, _ := db.FindWebOrders(ctx, anna.ID); len(orders) != 1 {
		t.Fatalf("%d orders, want 1", len(orders))
	}
}

// TestWebOrderProgressSentences: the customer reads where an order its
// pizzeria holds stands, in the words of its status and fulfilment.
func TestWebOrderProgressSentences(t *testing.T) {
	for _, tc := range []struct {
		status, fulfilment string
		want               central.MessageKey
	}{
		{"accepted", "delivery", central.MsgWebInProgress},
		{"preparing", "pickup", central.MsgWebPreparing},
		{"ready", "pickup", central.MsgWebReadyPickup},
		{"ready", "delivery", central.MsgWebReadyDelivery},
		{"out_for_delivery", "delivery", central.MsgWebOnTheWay},
		{"delivered", "delivery", central.MsgWebDone},
		{"picked_up", "pickup", central.MsgWebDone},
		{"cancelled", "delivery", central.MsgWebCancelledByPizzeria},
	} {
		o := &central.WebOrder{Status: tc.status, Fulfilment: tc.fulfilment}
		if got := postgres.ProgressMessage(o); got != tc.want {
			t.Errorf("%s %s: %s, want %s", tc.status, tc.fulfilment, got, tc.want)
		}
	}
}
