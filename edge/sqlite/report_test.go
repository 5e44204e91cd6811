package sqlite_test

import (
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

func TestDayReport(t *testing.T) {
	db := openTestDB(t)
	clock := setClock(db, testNow)
	receive(t, db, ampleStock)
	date := edge.BusinessDate(testNow)

	// Three phone orders: one delivered (6 min in the oven, 20 min on the
	// road), one cancelled with a reason, one still in the kitchen.
	delivered := createOrder(t, db, line("margherita", 2)) // 19,00 €
	transition(t, db, pizzaiolo, delivered.ID, edge.StatusPreparing)
	clock.Add(6 * time.Minute)
	transition(t, db, pizzaiolo, delivered.ID, edge.StatusReady)
	transition(t, db, driver, delivered.ID, edge.StatusOutForDelivery)
	clock.Add(20 * time.Minute)
	transition(t, db, driver, delivered.ID, edge.StatusDelivered)

	cancelled := createOrder(t, db, line("reine", 1))
	_, err := db.TransitionOrder(t.Context(), orderTaker, cancelled.ID,
		edge.TransitionRequest{To: edge.StatusCancelled, Reason: "client injoignable"})
	if err != nil {
		t.Fatal(err)
	}
	cooking := createOrder(t, db, line("coca-cola-33cl", 1)) // 3,50 €
	transition(t, db, pizzaiolo, cooking.ID, edge.StatusPreparing)

	// A counter order of another day is not counted.
	clock.Add(24 * time.Hour)
	createOrder(t, db, line("tiramisu", 1))

	r, err := db.DayReport(t.Context(), date)
	if err != nil {
		t.Fatal(err)
	}
	if r.Orders != 3 || r.Open != 1 || r.Completed != 1 || r.Cancelled != 1 || r.Rejected != 0 {
		t.Errorf("counts = %d orders, %d open, %d completed, %d cancelled, %d rejected; want 3, 1, 1, 1, 0",
			r.Orders, r.Open, r.Completed, r.Cancelled, r.Rejected)
	}
	if r.RevenueCents != 1900+350 {
		t.Errorf("revenue = %d cents, want 2250", r.RevenueCents)
	}
	if r.AvgPreparation != 6*time.Minute || r.Prepared != 1 {
		t.Errorf("preparation = %v over %d, want 6m over 1", r.AvgPreparation, r.Prepared)
	}
	if r.AvgDelivery != 20*time.Minute || r.Delivered != 1 {
		t.Errorf("delivery = %v over %d, want 20m over 1", r.AvgDelivery, r.Delivered)
	}
	if len(r.ByChannel) != 1 || r.ByChannel[0] != (edge.ChannelFigures{Channel: edge.ChannelPhone, Orders: 3, RevenueCents: 2250}) {
		t.Errorf("by channel = %+v", r.ByChannel)
	}
	if len(r.Losses) != 1 || r.Losses[0].Ticket != cancelled.Ticket ||
		r.Losses[0].Reason != "client injoignable" || r.Losses[0].By != "lea" {
		t.Errorf("losses = %+v", r.Losses)
	}
}

func TestDayReportRefusesBadDate(t *testing.T) {
	db := openTestDB(t)
	_, err := db.DayReport(t.Context(), "2026-13-01")
	wantCode(t, err, edge.EINVALID)
	_, err = db.DriversCash(t.Context(), "hier")
	wantCode(t, err, edge.EINVALID)
}

func TestDriversCash(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	date := edge.BusinessDate(testNow)

	// Two orders delivered by sami, one paid cash and one by card; one
	// more delivered but not paid yet, which he has nothing of.
	pay := func(o *edge.Order, method edge.PaymentMethod) {
		t.Helper()
		for _, step := range []struct {
			actor *edge.User
			to    edge.Status
		}{{pizzaiolo, edge.StatusPreparing}, {pizzaiolo, edge.StatusReady},
			{driver, edge.StatusOutForDelivery}, {driver, edge.StatusDelivered}} {
			transition(t, db, step.actor, o.ID, step.to)
		}
		if method == "" {
			return
		}
		_, err := db.RecordPayment(t.Context(), driver, o.ID, edge.PaymentRecord{Method: method})
		if err != nil {
			t.Fatal(err)
		}
	}
	pay(createOrder(t, db, line("margherita", 1)), edge.PaymentCash) // 9,50 €
	pay(createOrder(t, db, line("reine", 2)), edge.PaymentCard)      // 23,00 €
	pay(createOrder(t, db, line("tiramisu", 1)), "")

	cash, err := db.DriversCash(t.Context(), date)
	if err != nil {
		t.Fatal(err)
	}
	want := edge.DriverCash{Driver: "sami", CashCents: 950, CashOrders: 1, CardCents: 2300, CardOrders: 1}
	if len(cash) != 1 || *cash[0] != want {
		t.Fatalf("drivers cash = %+v, want [%+v]", cash, want)
	}
}
