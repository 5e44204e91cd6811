package http_test

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/paysim"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestWebOrderPaidOnlineIsPlaced orders online, pays on the simulator's
// hosted page with a test card, and follows the order live: the
// provider's webhook places it with paris-11, whose acceptance and
// status the customer's feed pushes. Another customer cannot read it.
func TestWebOrderPaidOnlineIsPlaced(t *testing.T) {
	w := newWebEnv(t)
	o := w.order(t, central.PayOnline)
	if o.State != central.WebAwaitingPayment || o.PaymentURL == "" || o.TotalCents != 1900 {
		t.Fatalf("new online order: %+v", o)
	}
	if n := len(w.commands(t, "paris-11", syncproto.CommandOrderPlace)); n != 0 {
		t.Fatalf("%d order.place before the payment", n)
	}
	feed := w.follow(t, o.ID)
	if first := <-feed; first.State != central.WebAwaitingPayment {
		t.Fatalf("feed starts at %s", first.State)
	}

	// Paid on the hosted page: the webhook places it, once.
	w.payWith(t, o, "4242424242424242")
	eventually(t, "order.place for paris-11", func() bool {
		return len(w.commands(t, "paris-11", syncproto.CommandOrderPlace)) == 1
	})
	if got := w.get(t, o.ID); got.State != central.WebWaiting || got.PaymentStatus != "paid" {
		t.Fatalf("after payment: state %s, payment %s", got.State, got.PaymentStatus)
	}

	// paris-11 accepts and starts it: the feed pushes each step.
	place := w.commands(t, "paris-11", syncproto.CommandOrderPlace)[0]
	p := &pizzeria{id: "paris-11"}
	p.accept(t, w, place)
	waitPushed(t, feed, "accepted", func(o central.WebOrder) bool { return o.State == central.WebAccepted })
	reported := syncproto.Order{ID: placedOrderID(t, place), Ticket: 12, BusinessDate: "2026-12-03",
		Channel: "web", Fulfilment: "delivery", Status: "preparing", CustomerName: "Anna",
		CustomerPhone: "0612345678", Address: "12 rue de la Roquette, 75011 Paris",
		Lines: []syncproto.OrderLine{{ProductID: "margherita", ProductName: "Margherita",
			Quantity: 2, UnitPriceCents: 950}},
		TotalCents: 1900, PaymentMethod: "online", PaymentStatus: "paid", Version: 2,
		CreatedAt: w.DB.Now(), UpdatedAt: w.DB.Now(),
		Transition: &syncproto.Transition{From: "accepted", To: "preparing", By: "marco", At: w.DB.Now()}}
	p.send(t, w, syncproto.EventOrderStatusChanged, syncproto.OrderPayload{Order: reported})
	live := waitPushed(t, feed, "preparing", func(o central.WebOrder) bool { return o.Status == "preparing" })
	if live.Ticket == nil || *live.Ticket != 12 || len(live.History) != 1 {
		t.Fatalf("live order: ticket %v, history %+v", live.Ticket, live.History)
	}

	// Staff of paris-11 read it by its web id; another customer cannot.
	w.as(t, central.RoleManager, "GET", "/api/v1/orders/"+o.ID, nil).wantStatus(t, http.StatusOK)
	luca := w.signUpAndLogIn(t, "luca@example.fr")
	w.do(t, luca, "GET", "/api/v1/customer/orders/"+o.ID, nil).wantError(t, http.StatusNotFound, central.ENOTFOUND)
	w.do(t, luca, "GET", "/api/v1/customer/orders/"+o.ID+"/events", nil).
		wantError(t, http.StatusNotFound, central.ENOTFOUND)
	var list []central.WebOrder
	w.do(t, luca, "GET", "/api/v1/customer/orders", nil).decode(t, &list)
	if len(list) != 0 {
		t.Fatalf("luca sees %d orders", len(list))
	}
}

// waitPushed reads the feed until an order satisfies cond.
func waitPushed(t *testing.T, feed <-chan central.WebOrder, what string,
	cond func(central.WebOrder) bool) central.WebOrder {
	t.Helper()
	timeout := time.After(10 * time.Second)
	for {
		select {
		case o := <-feed:
			if cond(o) {
				return o
			}
		case <-timeout:
			t.Fatalf("the feed never pushed %s", what)
		}
	}
}

// TestWebOrderDeclinedCardIsNeverPlaced pays with a declined test card:
// the order fails and no pizzeria gets it.
func TestWebOrderDeclinedCardIsNeverPlaced(t *testing.T) {
	w := newWebEnv(t)
	o := w.order(t, central.PayOnline)
	w.payWith(t, o, "4000000000000002")
	eventually(t, "payment_failed", func() bool {
		return w.get(t, o.ID).State == central.WebPaymentFailed
	})
	for _, p := range []string{"paris-11", "paris-20"} {
		if n := len(w.commands(t, p, syncproto.CommandOrderPlace)); n != 0 {
			t.Fatalf("%d order.place for %s after a declined card", n, p)
		}
	}
}

// TestOnlinePaymentOff refuses online payment without a provider, and
// still takes an order paid on delivery.
func TestOnlinePaymentOff(t *testing.T) {
	w := newWebEnv(t)
	w.Server.Payments = nil
	resp := w.do(t, w.customer, "POST", "/api/v1/customer/orders", map[string]any{
		"fulfilment": "pickup", "pizzeria": "paris-11", "payment_method": "online",
		"lines": []map[string]any{{"product_id": "margherita", "quantity": 1}}})
	if e := resp.wantError(t, http.StatusUnprocessableEntity, central.EINVALID); e.Error.Message !=
		central.Message(central.MsgOnlinePaymentOff) {
		t.Fatalf("message %q", e.Error.Message)
	}
	o := w.order(t, central.PayOnDelivery)
	if o.State != central.WebWaiting || len(w.commands(t, "paris-11", syncproto.CommandOrderPlace)) != 1 {
		t.Fatalf("order paid on delivery: %+v", o)
	}
}

// signedWebhook posts an event to the webhook signed at t with secret.
func (w *webEnv) signedWebhook(t *testing.T, ev central.PaymentEvent, secret string,
	at time.Time) *response {
	t.Helper()
	body, _ := json.Marshal(ev)
	return w.send(t, "POST", "/api/v1/payments/webhook", body, func(r *http.Request) {
		r.Header.Set(paysim.SignatureHeader, paysim.Sign(secret, body, at))
	})
}

// TestPaymentWebhookReplayReorderAndBadSignature sends the webhook what
// a network and an attacker may: the same event twice (applied once), a
// failure after the success (ignored), a forged or stale signature
// (refused, nothing written).
func TestPaymentWebhookReplayReorderAndBadSignature(t *testing.T) {
	w := newWebEnv(t)
	o := w.order(t, central.PayOnline)
	var paymentID string
	err := w.DB.Pool.QueryRow(context.Background(), `SELECT payment_id FROM web_orders WHERE id = $1`,
		o.ID).Scan(&paymentID)
	if err != nil || paymentID == "" {
		t.Fatalf("payment id %q, %v", paymentID, err)
	}
	ev := central.PaymentEvent{ID: "evt_ok", Type: central.EventPaymentSucceeded, PaymentID: paymentID,
		Status: central.PaymentSucceeded, AmountCents: 1900, Reference: o.ID, Created: time.Now()}

	// Forged, then stale: 400, nothing recorded.
	w.signedWebhook(t, ev, "whsec_another_secret_000", time.Now()).
		wantError(t, http.StatusBadRequest, central.EBADREQUEST)
	w.signedWebhook(t, ev, paysimSecret, time.Now().Add(-time.Hour)).
		wantError(t, http.StatusBadRequest, central.EBADREQUEST)
	var events int
	_ = w.DB.Pool.QueryRow(context.Background(), `SELECT count(*) FROM payment_events`).Scan(&events)
	if events != 0 || w.get(t, o.ID).PaymentStatus != "pending" {
		t.Fatalf("a refused webhook wrote: %d events", events)
	}

	// The same event twice: applied once, one order.place.
	for i, want := range []bool{true, false} {
		var answer struct{ Received, Applied bool }
		resp := w.signedWebhook(t, ev, paysimSecret, time.Now())
		resp.wantStatus(t, http.StatusOK)
		resp.decode(t, &answer)
		if answer.Applied != want {
			t.Fatalf("delivery %d: applied %v", i, answer.Applied)
		}
	}
	if n := len(w.commands(t, "paris-11", syncproto.CommandOrderPlace)); n != 1 {
		t.Fatalf("%d order.place, want 1", n)
	}

	// A failure that arrives after the success changes nothing.
	late := ev
	late.ID, late.Type, late.Status = "evt_late", central.EventPaymentFailed, central.PaymentFailed
	w.signedWebhook(t, late, paysimSecret, time.Now()).wantStatus(t, http.StatusOK)
	if got := w.get(t, o.ID); got.PaymentStatus != "paid" || got.State != central.WebWaiting {
		t.Fatalf("after a late failure: %s, %s", got.PaymentStatus, got.State)
	}
}

// TestPaidOrderCancelledIsRefundedOnce pays an order, has paris-11 accept
// it and then the customer's cancel: the refund is made once at the
// simulator however often the worker runs, and paris-11 is told.
func TestPaidOrderCancelledIsRefundedOnce(t *testing.T) {
	w := newWebEnv(t)
	o := w.order(t, central.PayOnline)
	w.payWith(t, o, "4242424242424242")
	eventually(t, "order.place", func() bool {
		return len(w.commands(t, "paris-11", syncproto.CommandOrderPlace)) == 1
	})
	p := &pizzeria{id: "paris-11"}
	p.accept(t, w, w.commands(t, "paris-11", syncproto.CommandOrderPlace)[0])

	// The cancel goes to paris-11, which accepts it.
	resp := w.do(t, w.customer, "POST", "/api/v1/customer/orders/"+o.ID+"/cancel", nil)
	resp.wantStatus(t, http.StatusAccepted)
	w.do(t, w.customer, "POST", "/api/v1/customer/orders/"+o.ID+"/cancel", nil).
		wantError(t, http.StatusConflict, central.ECONFLICT)
	cancels := w.commands(t, "paris-11", syncproto.CommandOrderCancel)
	if len(cancels) != 1 {
		t.Fatalf("%d order.cancel", len(cancels))
	}
	p.accept(t, w, cancels[0])

	// Refunded once, however often the worker runs.
	for range 3 {
		if _, err := w.DB.RefundOwed(context.Background(), w.payments); err != nil {
			t.Fatal(err)
		}
	}
	got := w.get(t, o.ID)
	if got.State != central.WebCancelled || got.PaymentStatus != "refunded" {
		t.Fatalf("after the cancel: %s, %s", got.State, got.PaymentStatus)
	}
	var paymentID string
	_ = w.DB.Pool.QueryRow(context.Background(), `SELECT payment_id FROM web_orders WHERE id = $1`,
		o.ID).Scan(&paymentID)
	at, err := w.payments.FindPaymentByID(context.Background(), paymentID)
	if err != nil || at.Status != central.PaymentRefunded || w.payments.refunds.Load() != 1 {
		t.Fatalf("simulator: %+v, %v; %d refunds asked", at, err, w.payments.refunds.Load())
	}
	if n := len(w.commands(t, "paris-11", syncproto.CommandOrderPayment)); n != 1 {
		t.Fatalf("%d order.payment notices, want 1", n)
	}
}

// TestStaffOrderScope reads an order lyon-2 reports: head office may,
// paris-11's manager gets 404 as for an unknown order.
func TestStaffOrderScope(t *testing.T) {
	w := newWebEnv(t)
	resp := w.do(t, w.customer, "POST", "/api/v1/customer/orders", map[string]any{
		"fulfilment": "pickup", "pizzeria": "lyon-2", "payment_method": "on_delivery",
		"lines": []map[string]any{{"product_id": "margherita", "quantity": 1}}})
	resp.wantStatus(t, http.StatusAccepted)
	var o central.WebOrder
	resp.decode(t, &o)
	place := w.commands(t, "lyon-2", syncproto.CommandOrderPlace)[0]
	lyon := &pizzeria{id: "lyon-2"}
	lyon.send(t, w, syncproto.EventOrderCreated, syncproto.OrderPayload{Order: syncproto.Order{
		ID: placedOrderID(t, place), Ticket: 3, BusinessDate: "2026-12-03", Channel: "web",
		Fulfilment: "pickup", Status: "placed", CustomerName: "Anna", CustomerPhone: "0612345678",
		Lines: []syncproto.OrderLine{{ProductID: "margherita", ProductName: "Margherita",
			Quantity: 1, UnitPriceCents: 950}},
		TotalCents: 950, PaymentMethod: "cash", PaymentStatus: "pending", Version: 1,
		CreatedAt: w.DB.Now(), UpdatedAt: w.DB.Now()}})

	var got central.Order
	w.as(t, central.RoleHeadOffice, "GET", "/api/v1/orders/"+o.ID, nil).decode(t, &got)
	if got.Pizzeria != "lyon-2" || !got.Web || got.ID != placedOrderID(t, place) {
		t.Fatalf("head office reads %+v", got)
	}
	w.as(t, central.RoleManager, "GET", "/api/v1/orders/"+got.ID, nil).
		wantError(t, http.StatusNotFound, central.ENOTFOUND)
	w.as(t, central.RoleHeadOffice, "GET", "/api/v1/orders/"+uuidV7(t), nil).
		wantError(t, http.StatusNotFound, central.ENOTFOUND)
}
