package postgres_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// placedID returns the order id a pizzeria was told in its newest
// command of a type (order.place, order.withdraw...).
func placedID(t *testing.T, db *postgres.DB, pizzeria, typ string) string {
	t.Helper()
	id := ""
	for _, c := range unpublished(t, db) {
		if c.Pizzeria != pizzeria || c.Type != typ {
			continue
		}
		var ref struct {
			OrderID string `json:"order_id"`
		}
		if err := json.Unmarshal(c.Payload, &ref); err != nil {
			t.Fatal(err)
		}
		id = ref.OrderID
	}
	if id == "" {
		t.Fatalf("no %s for %s", typ, pizzeria)
	}
	return id
}

// webCopy is a web order as its pizzeria reports it, at a status.
func webCopy(id string, version int64, from, to string) syncproto.Order {
	o := testOrder(id, version, to)
	o.Channel, o.Fulfilment, o.Address = "web", "delivery", "12 rue de la Roquette, 75011 Paris"
	if from != "" {
		o = transition(o, from, to)
	}
	return o
}

// TestWebOrderReroutedIsProjected offers an order to paris-11, which stays
// silent past the limit, then to paris-12. Each offer names the order with
// its own id, so both pizzerias' reports are projected (none is
// dead-lettered), and the customer sees paris-12's status only.
func TestWebOrderReroutedIsProjected(t *testing.T) {
	db, clock, anna := webSetup(t)
	ctx := context.Background()
	o, err := db.CreateWebOrder(ctx, anna, deliveryRequest(central.PayOnDelivery))
	if err != nil {
		t.Fatal(err)
	}
	idA := placedID(t, db, "paris-11", syncproto.CommandOrderPlace)
	clock.now = clock.now.Add(4 * time.Minute)
	if n, err := db.ExpireAssignments(ctx, 3*time.Minute); err != nil || n != 1 {
		t.Fatalf("expire: %d, %v", n, err)
	}
	idB := placedID(t, db, "paris-12", syncproto.CommandOrderPlace)
	if idA == o.ID || idB == o.ID || idA == idB {
		t.Fatalf("order ids: web %s, paris-11 %s, paris-12 %s", o.ID, idA, idB)
	}
	if got := placedID(t, db, "paris-11", syncproto.CommandOrderWithdraw); got != idA {
		t.Fatalf("withdraw names %s, want %s", got, idA)
	}

	// paris-11 comes back: it had placed the order, the withdraw cancels
	// its copy. paris-12 accepts and starts it.
	a := newOutbox(t, "paris-11", "ep-a")
	b := newOutbox(t, "paris-12", "ep-b")
	apply(t, db, batchOf(t,
		a.order(syncproto.EventOrderCreated, webCopy(idA, 1, "", "placed")),
		a.order(syncproto.EventOrderStatusChanged, webCopy(idA, 2, "placed", "cancelled")))...)
	apply(t, db, batchOf(t,
		b.order(syncproto.EventOrderCreated, webCopy(idB, 1, "", "placed")),
		b.order(syncproto.EventOrderStatusChanged, webCopy(idB, 2, "placed", "accepted")),
		b.order(syncproto.EventOrderStatusChanged, webCopy(idB, 3, "accepted", "preparing")))...)
	if dead := deadLetters(t, db); len(dead) != 0 {
		t.Fatalf("dead letters: %+v", dead)
	}

	// The customer sees paris-12's order, its history only.
	got := mustFind(t, db, anna, o.ID)
	if got.Pizzeria != "paris-12" || got.Status != "preparing" || got.EdgeOrderID != idB {
		t.Fatalf("customer view: pizzeria %s, status %s, id %s", got.Pizzeria, got.Status,
			got.EdgeOrderID)
	}
	for _, h := range got.History {
		if h.To == "cancelled" {
			t.Fatalf("history shows paris-11's cancelled copy: %+v", got.History)
		}
	}
	if len(got.History) != 2 {
		t.Fatalf("history = %+v, want paris-12's two changes", got.History)
	}

	// Staff read either copy by its id, or the current one by the web id.
	for id, want := range map[string]string{idA: "paris-11", idB: "paris-12", o.ID: "paris-12"} {
		staff, err := db.FindOrder(ctx, id)
		if err != nil || staff.Pizzeria != want || !staff.Web {
			t.Fatalf("staff order %s: %+v, %v", id, staff, err)
		}
	}
}
