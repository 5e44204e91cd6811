package postgres_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// The staff of the drivers' tests: two drivers of paris-11, its manager,
// a driver of lyon-2 and a pizzaiolo.
var (
	lea      = &central.User{Username: "lea", Role: central.RoleDriver, PizzeriaID: "paris-11"}
	tom      = &central.User{Username: "tom", Role: central.RoleDriver, PizzeriaID: "paris-11"}
	gerant   = &central.User{Username: "gerant", Role: central.RoleManager, PizzeriaID: "paris-11"}
	lyonLivr = &central.User{Username: "lyon-livreur", Role: central.RoleDriver, PizzeriaID: "lyon-2"}
	marco    = &central.User{Username: "marco", Role: central.RolePizzaiolo, PizzeriaID: "paris-11"}
)

// deliveryAt is a delivery order reported by its pizzeria at a status,
// its last transition by who.
func deliveryAt(id string, version int64, from, to, by, payment string) syncproto.Order {
	o := testOrder(id, version, to)
	o.Fulfilment, o.Channel, o.Address = "delivery", "web", "12 rue de la Roquette, 75011 Paris"
	o.PaymentStatus = payment
	if payment == "paid" {
		o.PaymentMethod = "online"
	}
	o = transition(o, from, to)
	o.Transition.By = by
	return o
}

// driverOrders is the state the tests start from: at paris-11 two ready
// deliveries (one paid online), one taken by lea, and what the page must
// not show (a pick-up, one in the oven); at lyon-2 one ready delivery.
type driverOrders struct {
	ready, paid, taken, pickup, oven, lyon string
	paris                                  *outbox
}

func seedDriverOrders(tb testing.TB, db *postgres.DB) *driverOrders {
	tb.Helper()
	d := &driverOrders{ready: newUUID(), paid: newUUID(), taken: newUUID(), pickup: newUUID(),
		oven: newUUID(), lyon: newUUID()}
	d.paris = newOutbox(tb, "paris-11", "ep-paris")
	pickup := deliveryAt(d.pickup, 4, "preparing", "ready", "marco", "pending")
	pickup.Fulfilment = "pickup"
	apply(tb, db, batchOf(tb,
		d.paris.order(syncproto.EventOrderStatusChanged,
			deliveryAt(d.ready, 4, "preparing", "ready", "marco", "pending")),
		d.paris.order(syncproto.EventOrderStatusChanged,
			deliveryAt(d.paid, 3, "preparing", "ready", "marco", "paid")),
		d.paris.order(syncproto.EventOrderStatusChanged,
			deliveryAt(d.taken, 5, "ready", "out_for_delivery", "lea", "pending")),
		d.paris.order(syncproto.EventOrderStatusChanged, pickup),
		d.paris.order(syncproto.EventOrderStatusChanged,
			deliveryAt(d.oven, 3, "accepted", "preparing", "marco", "pending")),
	)...)
	lyon := newOutbox(tb, "lyon-2", "ep-lyon")
	apply(tb, db, batchOf(tb, lyon.order(syncproto.EventOrderStatusChanged,
		deliveryAt(d.lyon, 4, "preparing", "ready", "marco", "pending")))...)
	return d
}

// ids returns the ids of orders.
func ids(orders []*central.DeliveryOrder) []string {
	var out []string
	for _, o := range orders {
		out = append(out, o.ID)
	}
	return out
}

func TestFindDeliveries(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	d := seedDriverOrders(t, db)
	ctx := context.Background()

	// The pizzeria's view: ready ones, the longest waiting first, then
	// those out for delivery.
	all, err := db.FindDeliveries(ctx, central.DeliveryFilter{Pizzeria: "paris-11"})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(all), []string{d.paid, d.ready, d.taken}; !equalStrings(got, want) {
		t.Fatalf("deliveries %v, want %v", got, want)
	}
	first := all[0]
	if first.Address == "" || first.CustomerPhone != "0612345678" || first.TotalCents != 2500 ||
		first.ToCollect() || !all[1].ToCollect() || all[2].TakenBy != "lea" {
		t.Errorf("deliveries read back as %+v %+v %+v", all[0], all[1], all[2])
	}
	if !first.ReadyAt.Equal(syncStart.Add(3 * 60e9)) {
		t.Errorf("ready at %v", first.ReadyAt)
	}

	// A driver sees every ready order but only the deliveries they took.
	for driver, want := range map[string][]string{
		"lea": {d.paid, d.ready, d.taken},
		"tom": {d.paid, d.ready},
	} {
		got, err := db.FindDeliveries(ctx, central.DeliveryFilter{Pizzeria: "paris-11", Driver: driver})
		if err != nil {
			t.Fatal(err)
		}
		if !equalStrings(ids(got), want) {
			t.Errorf("%s sees %v, want %v", driver, ids(got), want)
		}
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// driverCommands returns the order.driver commands waiting to go down,
// decoded with their payloads.
func driverCommands(tb testing.TB, db *postgres.DB) ([]*syncproto.Command, []syncproto.OrderDriverUpdate) {
	tb.Helper()
	var commands []*syncproto.Command
	var payloads []syncproto.OrderDriverUpdate
	for _, c := range unpublished(tb, db) {
		if c.Type != syncproto.CommandOrderDriver {
			continue
		}
		var p syncproto.OrderDriverUpdate
		if err := c.OrderPayloadOf(&p); err != nil {
			tb.Fatalf("command %d: %v", c.Position, err)
		}
		commands, payloads = append(commands, c), append(payloads, p)
	}
	return commands, payloads
}

// TestDriverTake checks a take: one command for the pizzeria with the
// driver's payload, a double tap that sends nothing more, a colleague
// told to wait, and a refusal that shows and lets the driver ask again.
func TestDriverTake(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	d := seedDriverOrders(t, db)
	ctx := context.Background()
	take := &central.DriverUpdate{OrderID: d.ready, To: central.DriverTake}

	// The take, then the same tap again.
	req, created, err := db.RequestDriverUpdate(ctx, lea, take)
	if err != nil || !created {
		t.Fatalf("take: %v, created %v", err, created)
	}
	again, created, err := db.RequestDriverUpdate(ctx, lea, take)
	if err != nil || created || again.ID != req.ID {
		t.Fatalf("double tap: %v, created %v, %s vs %s", err, created, again.ID, req.ID)
	}
	commands, payloads := driverCommands(t, db)
	want := syncproto.OrderDriverUpdate{OrderID: d.ready, Driver: "lea", To: "out_for_delivery"}
	if len(commands) != 1 || payloads[0] != want {
		t.Fatalf("commands %d, payloads %+v", len(commands), payloads)
	}
	c := commands[0]
	if c.Pizzeria != "paris-11" || c.Position != 1 || c.ID != req.ID {
		t.Errorf("command %s of %s at %d, request %s", c.ID, c.Pizzeria, c.Position, req.ID)
	}

	// A colleague is told to wait; the order shows the request pending.
	_, _, err = db.RequestDriverUpdate(ctx, tom, take)
	if central.ErrorCode(err) != central.ECONFLICT {
		t.Errorf("colleague's take: %v, want a conflict", err)
	}
	o := findDelivery(t, db, d.ready)
	if o.RequestState() != central.RequestPending || o.Request.Driver != "lea" {
		t.Errorf("request state %q by %+v", o.RequestState(), o.Request)
	}

	// The pizzeria refuses it: the page says why, and lea may ask again.
	apply(t, db, batchOf(t, d.paris.event(syncproto.EventCommandRefused, syncproto.CommandAnswer{
		CommandID: req.ID, Position: 1, Type: syncproto.CommandOrderDriver,
		Code: syncproto.CodeConflict, Reason: "Commande déjà prise par tom."}))...)
	o = findDelivery(t, db, d.ready)
	if o.RequestState() != central.RequestRefused || o.Request.AnswerReason != "Commande déjà prise par tom." {
		t.Errorf("after the refusal: state %q, request %+v", o.RequestState(), o.Request)
	}
	if _, created, err = db.RequestDriverUpdate(ctx, lea, take); err != nil || !created {
		t.Errorf("take after a refusal: %v, created %v", err, created)
	}
	if commands, _ = driverCommands(t, db); len(commands) != 2 || commands[1].Position != 2 {
		t.Errorf("after asking again: %d commands", len(commands))
	}

	// lea's recent requests list both, the newest first.
	recent, err := db.FindDriverRequests(ctx, "paris-11", "lea", syncStart)
	if err != nil {
		t.Fatal(err)
	}
	if len(recent) != 2 || recent[1].Answer != central.AnswerRefused || recent[0].Answer != "" ||
		recent[0].Ticket != 7 {
		t.Errorf("recent requests %+v", recent)
	}
}

// findDelivery returns one of paris-11's deliveries.
func findDelivery(tb testing.TB, db *postgres.DB, id string) *central.DeliveryOrder {
	tb.Helper()
	orders, err := db.FindDeliveries(context.Background(), central.DeliveryFilter{Pizzeria: "paris-11"})
	if err != nil {
		tb.Fatal(err)
	}
	for _, o := range orders {
		if o.ID == id {
			return o
		}
	}
	tb.Fatalf("delivery %s not listed", id)
	return nil
}

// TestDriverRefusedUpdates checks the updates refused on central, each
// writing nothing: the payment collected missing or needless, a status
// the order is not at, another pizzeria's order, another role.
func TestDriverRefusedUpdates(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	d := seedDriverOrders(t, db)
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		actor *central.User
		upd   central.DriverUpdate
		code  string
	}{
		{"delivered unpaid without collected", lea,
			central.DriverUpdate{OrderID: d.taken, To: central.DriverDeliver}, central.EINVALID},
		{"collected when taking", lea,
			central.DriverUpdate{OrderID: d.paid, To: central.DriverTake, Collected: "cash"}, central.EINVALID},
		{"collected cheque", lea,
			central.DriverUpdate{OrderID: d.taken, To: central.DriverDeliver, Collected: "cheque"}, central.EINVALID},
		{"unknown status", lea,
			central.DriverUpdate{OrderID: d.ready, To: "preparing"}, central.EINVALID},
		{"take an order out for delivery", tom,
			central.DriverUpdate{OrderID: d.taken, To: central.DriverTake}, central.ECONFLICT},
		{"deliver a ready order", lea,
			central.DriverUpdate{OrderID: d.ready, To: central.DriverDeliver, Collected: "cash"}, central.ECONFLICT},
		{"take one in the oven", lea,
			central.DriverUpdate{OrderID: d.oven, To: central.DriverTake}, central.ECONFLICT},
		{"take a pick-up", lea,
			central.DriverUpdate{OrderID: d.pickup, To: central.DriverTake}, central.ENOTFOUND},
		{"another pizzeria's order", lea,
			central.DriverUpdate{OrderID: d.lyon, To: central.DriverTake}, central.ENOTFOUND},
		{"not a UUID", lea,
			central.DriverUpdate{OrderID: "12", To: central.DriverTake}, central.ENOTFOUND},
		{"a pizzaiolo", marco,
			central.DriverUpdate{OrderID: d.ready, To: central.DriverTake}, central.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			upd := tc.upd
			_, _, err := db.RequestDriverUpdate(ctx, tc.actor, &upd)
			if central.ErrorCode(err) != tc.code {
				t.Errorf("got %v, want %s", err, tc.code)
			}
		})
	}
	if commands := unpublished(t, db); len(commands) != 0 {
		t.Errorf("%d commands written by refused updates", len(commands))
	}
}

// TestDriverDeliver checks a delivery with the payment collected, by the
// manager and by a driver, and that lyon-2's driver acts for lyon-2.
func TestDriverDeliver(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	d := seedDriverOrders(t, db)
	ctx := context.Background()

	_, _, err := db.RequestDriverUpdate(ctx, lea,
		&central.DriverUpdate{OrderID: d.taken, To: central.DriverDeliver, Collected: "card"})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = db.RequestDriverUpdate(ctx, gerant, &central.DriverUpdate{OrderID: d.paid, To: central.DriverTake})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = db.RequestDriverUpdate(ctx, lyonLivr, &central.DriverUpdate{OrderID: d.lyon, To: central.DriverTake})
	if err != nil {
		t.Fatal(err)
	}

	commands, payloads := driverCommands(t, db)
	got := map[string]string{}
	for i, c := range commands {
		body, _ := json.Marshal(payloads[i])
		got[c.Pizzeria+" "+payloads[i].Driver] = string(body)
	}
	want := map[string]string{
		"paris-11 lea":        `{"order_id":"` + d.taken + `","driver":"lea","to":"delivered","collected":"card"}`,
		"paris-11 gerant":     `{"order_id":"` + d.paid + `","driver":"gerant","to":"out_for_delivery"}`,
		"lyon-2 lyon-livreur": `{"order_id":"` + d.lyon + `","driver":"lyon-livreur","to":"out_for_delivery"}`,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: %s, want %s", k, got[k], v)
		}
	}
}
