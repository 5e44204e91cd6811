package sqlite_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestLastBallOfDough has forty order takers ask for a pizza at once when
// only five balls of dough are left: exactly five orders are taken, the
// others are refused with a reason, the stock never goes below zero and
// the outbox stays gapless.
func TestLastBallOfDough(t *testing.T) {
	const pizzas, takers = 5, 40
	db := openTestDB(t)
	receive(t, db, plus(ampleStock, map[string]int64{"pate": pizzas - ampleStock["pate"]}))
	if p, err := db.FindProductByID(t.Context(), "margherita"); err != nil || p.Makeable != pizzas {
		t.Fatalf("margherita makeable = %v, %v; want %d", p, err, pizzas)
	}

	// Forty order takers, each with their own order, all at once.
	var wg sync.WaitGroup
	errs := make([]error, takers)
	start := make(chan struct{})
	for i := range takers {
		wg.Go(func() {
			create := phoneOrder(line("margherita", 1))
			create.Customer.Name = fmt.Sprintf("Client %d", i)
			<-start
			_, errs[i] = db.CreateOrder(t.Context(), orderTaker, create)
		})
	}
	close(start)
	wg.Wait()

	// Five taken, thirty-five refused for stock.
	taken := 0
	for i, err := range errs {
		switch edge.ErrorCode(err) {
		case "":
			taken++
		case edge.ECONFLICT:
		default:
			t.Errorf("order taker %d: %v, want success or %s", i, err, edge.ECONFLICT)
		}
	}
	if taken != pizzas {
		t.Errorf("%d orders taken, want %d", taken, pizzas)
	}
	orders, err := db.FindOrders(t.Context(), edge.OrderFilter{})
	if err != nil || len(orders) != pizzas {
		t.Errorf("%d orders stored (%v), want %d", len(orders), err, pizzas)
	}
	tickets := map[int64]bool{}
	for _, o := range orders {
		tickets[o.Ticket] = true
	}
	for n := int64(1); n <= pizzas; n++ {
		if !tickets[n] {
			t.Errorf("tickets %v miss %d", tickets, n)
		}
	}

	// The dough is all used, and no movement ever left less than nothing.
	if onHand := stockOf(t, db)["pate"]; onHand != 0 {
		t.Errorf("dough on hand = %d, want 0", onHand)
	}
	for _, m := range movements(t, db) {
		if m.OnHandAfter < 0 {
			t.Errorf("movement %+v left negative stock", m)
		}
	}

	// The outbox counts 1..last with no gap and no duplicate, and holds
	// one order.created per order taken.
	checkOutboxGapless(t, db)
	created := 0
	for _, e := range outbox(t, db) {
		if e.Type == syncproto.EventOrderCreated {
			created++
		}
	}
	if created != pizzas {
		t.Errorf("%d order.created events, want %d", created, pizzas)
	}
}

// checkOutboxGapless fails the test unless the outbox holds exactly the
// sequences 1 to the last one, in order, each with its own event id.
func checkOutboxGapless(tb testing.TB, db *sqlite.DB) {
	tb.Helper()
	events := outbox(tb, db)
	last := lastSeq(tb, db)
	if int64(len(events)) != last {
		tb.Errorf("outbox holds %d events, last seq is %d", len(events), last)
	}
	ids := map[string]bool{}
	for i, e := range events {
		if e.Seq != int64(i+1) {
			tb.Fatalf("event %d has seq %d: gap or duplicate", i+1, e.Seq)
		}
		if ids[e.ID] {
			tb.Errorf("event id %s used twice", e.ID)
		}
		ids[e.ID] = true
	}
}
