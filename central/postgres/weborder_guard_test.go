package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestWebOrderChangeAddressOutsideTheArea: a new delivery address the
// pizzeria holding the order does not serve is refused on the address
// field, and nothing is sent; one it serves goes to it.
func TestWebOrderChangeAddressOutsideTheArea(t *testing.T) {
	db, _, anna := webSetup(t)
	ctx := context.Background()
	o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
	if err != nil {
		t.Fatal(err)
	}
	place := lastCommand(t, db, "paris-11", syncproto.CommandOrderPlace)
	if err := db.AnswerCommand(ctx, "paris-11", place.ID, syncproto.CommandOrderPlace, true, ""); err != nil {
		t.Fatal(err)
	}

	far := &central.WebOrderChange{Address: &central.WebAddress{Street: "1 quai du Port",
		Postcode: "13002", City: "Marseille"}}
	_, err = db.RequestWebOrderChange(ctx, anna.ID, o.ID, far)
	if e, ok := err.(*central.Error); !ok || e.Code != central.EINVALID || e.Field != "address" {
		t.Fatalf("an address outside the area: %v", err)
	}
	if n := countCommands(t, db, syncproto.CommandOrderModify); n != 0 {
		t.Fatalf("%d order.modify sent for a refused address", n)
	}

	near := &central.WebOrderChange{Address: &central.WebAddress{Street: "3 rue Oberkampf",
		Postcode: "75011", City: "Paris"}}
	if _, err := db.RequestWebOrderChange(ctx, anna.ID, o.ID, near); err != nil {
		t.Fatalf("an address in the area: %v", err)
	}
	if n := countCommands(t, db, syncproto.CommandOrderModify); n != 1 {
		t.Fatalf("%d order.modify, want 1", n)
	}
}

// TestWebOrderPaymentOfAnotherOrder: a succeeded event whose reference is
// another order's pays nothing and is not recorded.
func TestWebOrderPaymentOfAnotherOrder(t *testing.T) {
	db, _, anna := webSetup(t)
	ctx := context.Background()
	o := onlineOrder(t, db, anna, "pay_ref")
	ev := &central.PaymentEvent{ID: "evt_ref", Type: central.EventPaymentSucceeded, PaymentID: "pay_ref",
		Status: central.PaymentSucceeded, AmountCents: o.TotalCents, Reference: "another-order",
		Created: time.Now()}
	if _, err := db.ApplyPaymentEvent(ctx, ev); central.ErrorCode(err) != central.EINVALID {
		t.Fatalf("a payment of another order: %v", err)
	}
	if got := mustFind(t, db, anna, o.ID); got.State != central.WebAwaitingPayment {
		t.Fatalf("state %s after a payment of another order", got.State)
	}

	// The same event with the order's reference is applied.
	ev.Reference = o.ID
	if applied, err := db.ApplyPaymentEvent(ctx, ev); err != nil || !applied {
		t.Fatalf("the order's payment: %v, %v", applied, err)
	}
}
