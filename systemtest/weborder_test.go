package systemtest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// pizzaiolo prepares the web orders at the test pizzerias.
var pizzaiolo = &edge.User{Username: "pizzaiolo", Role: edge.RolePizzaiolo}

// TestWebOrderPaidOnlineToDoor follows a web order from the customer's
// sign-up to their door. The customer orders a delivery and pays on the
// simulator's page with the success card; the webhook places the order
// with lyon-2, the postcode's first pizzeria, which accepts it by itself
// once its link is up; its pizzaiolo prepares it; its driver takes it and
// delivers it through central's drivers' API. The customer's live feed,
// open from the start, shows every status in order, and at the end
// lyon-2, central's projection and the customer's view agree.
func TestWebOrderPaidOnlineToDoor(t *testing.T) {
	s := newWebSystem(t, 30*time.Second)
	ctx := context.Background()
	driver := s.addDriver(s.first, "dylan")
	s.second.online()
	cu := s.signUp("anna@example.fr")

	// Ordered, and followed from the start: waiting for its payment.
	o := cu.order(central.PayOnline)
	if o.Status != "awaiting_payment" || !strings.HasPrefix(o.PaymentURL, s.simURL+"/pay/") {
		t.Fatalf("new order: status %q, payment url %q", o.Status, o.PaymentURL)
	}
	feed := cu.follow(o.ID)
	feed.waitStatus(s, "awaiting_payment")

	// Paid: the webhook places the order with lyon-2. Its link is still
	// down, so the customer sees it waiting for the pizzeria; the feed
	// reads the order shortly after each change and would otherwise run
	// "placed" and "accepted" together.
	if back := s.pay(o, "4242424242424242"); back.Query().Get("status") != "succeeded" {
		t.Fatalf("the payment page sends the customer back to %s", back)
	}
	placed := feed.waitStatus(s, "placed")
	if placed.State != central.WebWaiting || placed.Pizzeria != s.first.id ||
		placed.PaymentStatus != central.WebPaymentPaid {
		t.Fatalf("placed: %s at %q, payment %s", placed.State, placed.Pizzeria,
			placed.PaymentStatus)
	}

	// lyon-2's link comes up: it accepts the order by itself, and its
	// pizzaiolo prepares it.
	s.first.online()
	edgeID := feed.waitStatus(s, "accepted").EdgeOrderID
	for _, to := range []edge.Status{edge.StatusPreparing, edge.StatusReady} {
		req := edge.TransitionRequest{To: to}
		if _, err := s.first.db.TransitionOrder(ctx, pizzaiolo, edgeID, req); err != nil {
			t.Fatalf("to %s: %v", to, err)
		}
		feed.waitStatus(s, string(to))
	}

	// The driver takes it and delivers it; paid online, there is nothing
	// to collect at the door, and collecting is refused.
	s.checkReadyForDriver(driver, edgeID)
	if got := s.driverRequest(driver, edgeID, central.DriverTake, ""); got != http.StatusAccepted {
		t.Fatalf("take: status %d", got)
	}
	feed.waitStatus(s, "out_for_delivery")
	got := s.driverRequest(driver, edgeID, central.DriverDeliver, central.CollectedCash)
	if got != http.StatusUnprocessableEntity {
		t.Fatalf("deliver collecting cash for a paid order: status %d", got)
	}
	got = s.driverRequest(driver, edgeID, central.DriverDeliver, "")
	if got != http.StatusAccepted {
		t.Fatalf("deliver: status %d", got)
	}
	feed.waitStatus(s, "delivered")

	// The feed showed every status, in order.
	want := []string{"awaiting_payment", "placed", "accepted", "preparing", "ready",
		"out_for_delivery", "delivered"}
	if shown, _ := feed.shown(); !slices.Equal(shown, want) {
		t.Errorf("the feed showed %v, want %v", shown, want)
	}

	// lyon-2, central and the customer agree.
	waitConverged(t, s.first, s.c, 20*time.Second)
	waitConverged(t, s.second, s.c, 20*time.Second)
	view := s.checkAgree(cu, o.ID, s.first)
	if view.Status != "delivered" || view.PaymentStatus != central.WebPaymentPaid {
		t.Errorf("the customer sees %s, payment %s", view.Status, view.PaymentStatus)
	}
	compare(t, s.first, s.c)
	compare(t, s.second, s.c)
}

// TestWebOrderWaitsForOfflinePizzeria: lyon-2, the postcode's first
// pizzeria, is offline and the time limit is long. The customer sees the
// order waiting for it, and that it cannot be reached, while its offer
// waits in JetStream; once lyon-2's
// link is back, it accepts the order, once, and paris-11 never hears of it.
func TestWebOrderWaitsForOfflinePizzeria(t *testing.T) {
	s := newWebSystem(t, time.Minute)
	s.second.online()
	cu := s.signUp("anna@example.fr")
	o := cu.order(central.PayOnDelivery)
	feed := cu.follow(o.ID)

	// Waiting, and said so, while the offer is out and unanswered.
	waitFor(t, 20*time.Second, "the offer is published", func() error {
		return s.offerPublished(s.first.id)
	})
	waiting := feed.waitStatus(s, "placed")
	offline := central.Message(central.MsgWebWaitingOffline)
	if waiting.State != central.WebWaiting || waiting.Pizzeria != s.first.id ||
		waiting.PizzeriaOnline || waiting.Message != offline {
		t.Fatalf("while lyon-2 is offline: %s at %q (online %v), %q", waiting.State,
			waiting.Pizzeria, waiting.PizzeriaOnline, waiting.Message)
	}

	// lyon-2 comes back and accepts it.
	s.first.online()
	feed.waitStatus(s, "accepted")
	waitConverged(t, s.first, s.c, 20*time.Second)
	waitConverged(t, s.second, s.c, 20*time.Second)
	s.checkAgree(cu, o.ID, s.first)

	// Once: one offer, one answer, one order at lyon-2, accepted once.
	if row := s.webOrderRow(o.ID); !slices.Equal(row.Assignments, []string{"lyon-2:1:accepted"}) {
		t.Errorf("offers %v", row.Assignments)
	}
	if got := s.c.answers(s.first.id, syncproto.CommandOrderPlace); !slices.Equal(got,
		[]string{central.AnswerAccepted}) {
		t.Errorf("lyon-2's answers to order.place: %v", got)
	}
	if n := s.commandsOf(s.second.id, syncproto.CommandOrderPlace); n != 0 {
		t.Errorf("paris-11 was offered %d orders", n)
	}
	orders, err := s.first.db.FindOrders(context.Background(), edge.OrderFilter{})
	if err != nil || len(orders) != 1 || countTo(orders[0], edge.StatusAccepted) != 1 {
		t.Fatalf("lyon-2 holds %d orders (%v)", len(orders), err)
	}
	if shown, _ := feed.shown(); !slices.Equal(shown, []string{"placed", "accepted"}) {
		t.Errorf("the feed showed %v", shown)
	}
	compare(t, s.first, s.c)
	compare(t, s.second, s.c)
}

// TestWebOrderReroutedAfterTimeout: lyon-2, the postcode's first
// pizzeria, stays offline past the time limit, so central withdraws its
// offer and paris-11 takes the order. When lyon-2 comes back it reads the
// offer, then the withdrawal: the order it took meanwhile is cancelled and
// its stock given back, and its late acceptance changes nothing at
// central, which holds one accepted offer, paris-11's, as the customer
// sees.
func TestWebOrderReroutedAfterTimeout(t *testing.T) {
	s := newWebSystem(t, 2*time.Second)
	ctx := context.Background()
	s.second.online()
	cu := s.signUp("anna@example.fr")
	o := cu.order(central.PayOnDelivery)
	feed := cu.follow(o.ID)

	// The silent lyon-2 loses the order to paris-11, which accepts it.
	if got := feed.waitStatus(s, "accepted"); got.Pizzeria != s.second.id || got.Assignment != 2 {
		t.Fatalf("accepted by %q under assignment %d", got.Pizzeria, got.Assignment)
	}

	// lyon-2 comes back: it answers the offer, then the withdrawal.
	stock := s.first.onHand()
	s.first.online()
	waitFor(t, 20*time.Second, "lyon-2 answers", func() error {
		place := s.c.answers(s.first.id, syncproto.CommandOrderPlace)
		withdraw := s.c.answers(s.first.id, syncproto.CommandOrderWithdraw)
		if len(place) != 1 || place[0] == "" || len(withdraw) != 1 || withdraw[0] == "" {
			return fmt.Errorf("order.place answered %v, order.withdraw %v", place, withdraw)
		}
		return nil
	})
	waitConverged(t, s.first, s.c, 20*time.Second)
	waitConverged(t, s.second, s.c, 20*time.Second)

	// Central: one accepted offer, paris-11's; lyon-2's came late.
	row := s.webOrderRow(o.ID)
	want := []string{"lyon-2:1:late", "paris-11:2:accepted"}
	if !slices.Equal(row.Assignments, want) {
		t.Errorf("offers %v, want %v", row.Assignments, want)
	}

	// lyon-2 holds no live order: the one it took is cancelled, its stock
	// given back.
	open, err := s.first.db.FindOrders(ctx, edge.OrderFilter{Open: true})
	if err != nil || len(open) != 0 {
		t.Errorf("lyon-2 holds %d live orders (%v)", len(open), err)
	}
	all, err := s.first.db.FindOrders(ctx, edge.OrderFilter{})
	if err != nil || len(all) != 1 || all[0].Status != edge.StatusCancelled {
		t.Fatalf("lyon-2's orders: %d (%v)", len(all), err)
	}
	s.first.checkStock(stock)

	// The customer sees paris-11's order, and only ever saw it placed and
	// accepted.
	if view := s.checkAgree(cu, o.ID, s.second); view.State != central.WebAccepted {
		t.Errorf("the customer sees %s", view.State)
	}
	if shown, _ := feed.shown(); !slices.Equal(shown, []string{"placed", "accepted"}) {
		t.Errorf("the feed showed %v", shown)
	}
	compare(t, s.first, s.c)
	compare(t, s.second, s.c)
}
