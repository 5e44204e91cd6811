package systemtest

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/edge"
)

// When the pizzaiolo starts an order, against the way of the customer's
// cancel.
const (
	startAtOnce       = iota // as the customer asks
	startWhenQueued          // once central has queued the cancel
	startWhenArriving        // with the pizzeria's inbox, as the cancel reaches it
	startWhenApplied         // once the pizzeria has applied it: too late
	startMoments
)

// TestWebOrderCancelRacesStart races, order after order, the customer's
// cancel against lyon-2's pizzaiolo starting the preparation. lyon-2
// decides: whichever reaches its database first wins, and the other is
// refused. The pizzaiolo starts at a different point of the cancel's way
// in each round: with the customer's request, once central has queued the
// cancel, together with lyon-2's inbox as the cancel reaches it, or once
// lyon-2 has applied it. When the cancel won, the order ends cancelled
// and is refunded once at the simulator, which central records once;
// when the start won, it is being prepared and nothing is refunded.
// Either way lyon-2, central's projection and the customer's view agree.
func TestWebOrderCancelRacesStart(t *testing.T) {
	const rounds = 8
	s := newWebSystem(t, 30*time.Second)
	inbox := s.online(s.first)
	s.second.online()
	cu := s.signUp("anna@example.fr")

	// Every order paid online and accepted by lyon-2, before any race;
	// one at a time, since a customer may have only a few orders waiting
	// for an answer (central.MaxOpenWebOrders).
	orders := make([]central.WebOrder, rounds)
	for i := range orders {
		orders[i] = cu.order(central.PayOnline)
		s.pay(orders[i], "4242424242424242")
		o := orders[i]
		waitFor(t, 20*time.Second, "order accepted", func() error {
			orders[i] = cu.view(o.ID)
			if orders[i].Status != "accepted" || orders[i].Pizzeria != s.first.id {
				return fmt.Errorf("%s at %q", orders[i].Status, orders[i].Pizzeria)
			}
			return nil
		})
	}

	// The races, then what each order settles to.
	started := make([]bool, rounds)
	for i, o := range orders {
		started[i] = s.race(cu, o, inbox, i%startMoments)
		t.Logf("round %d, start at moment %d: the start won %v", i, i%startMoments, started[i])
	}
	cancelled := 0
	for i, o := range orders {
		if started[i] {
			s.checkStarted(cu, o)
		} else {
			cancelled++
			s.checkCancelled(cu, o)
		}
	}
	t.Logf("the cancel won %d rounds of %d", cancelled, rounds)

	waitConverged(t, s.first, s.c, 20*time.Second)
	waitConverged(t, s.second, s.c, 20*time.Second)
	compare(t, s.first, s.c)
	compare(t, s.second, s.c)
}

// race sends the customer's cancel of o while lyon-2's pizzaiolo starts
// it, at the moment given, from another goroutine; inbox is lyon-2's. It
// reports whether the start won: otherwise the cancel did, and the start
// was refused.
func (s *webSystem) race(cu *customer, o central.WebOrder, inbox *inboxWatch, moment int) bool {
	s.t.Helper()
	var gate *cancelGate
	if moment == startWhenArriving {
		gate = inbox.hold(o.EdgeOrderID)
	}
	var startErr error
	var wg sync.WaitGroup
	wg.Go(func() {
		if startErr = s.cancelReached(o, gate, moment); startErr == nil {
			_, startErr = s.first.db.TransitionOrder(context.Background(), pizzaiolo,
				o.EdgeOrderID, edge.TransitionRequest{To: edge.StatusPreparing})
		}
	})
	path := "/api/v1/customer/orders/" + o.ID + "/cancel"
	status, body := s.call(cu.token, http.MethodPost, path, nil)
	wg.Wait()

	// The cancel is always sent; the pizzeria decides.
	if status != http.StatusAccepted {
		s.t.Fatalf("cancel %s: status %d: %s", o.ID, status, body)
	}
	switch {
	case startErr == nil:
		return true
	case edge.ErrorCode(startErr) == edge.ECONFLICT:
		return false
	}
	s.t.Fatalf("start %s (moment %d): %v", o.ID, moment, startErr)
	return false
}

// cancelReached waits until the customer's cancel of o has reached the
// moment given; at the pizzeria's inbox, gate holds it and lets it go
// with the start. It runs beside the test, so it returns its failure.
func (s *webSystem) cancelReached(o central.WebOrder, gate *cancelGate, moment int) error {
	ctx := context.Background()
	deadline := time.Now().Add(20 * time.Second)
	if moment == startWhenArriving {
		defer gate.open()
		select {
		case <-gate.arrived:
			return nil
		case <-time.After(20 * time.Second):
			return fmt.Errorf("the cancel of %s never reached the pizzeria", o.ID)
		}
	}
	for {
		reached := true
		var err error
		switch moment {
		case startWhenQueued:
			err = s.c.db.Pool.QueryRow(ctx, `
				SELECT request_command_id IS NOT NULL FROM web_orders WHERE id = $1`,
				o.ID).Scan(&reached)
		case startWhenApplied:
			var at *edge.Order
			at, err = s.first.db.FindOrderByID(ctx, o.EdgeOrderID)
			reached = err == nil && at.Status == edge.StatusCancelled
		}
		switch {
		case err != nil:
			return err
		case reached:
			return nil
		case time.Now().After(deadline):
			return fmt.Errorf("the cancel did not reach moment %d", moment)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// checkStarted checks an order whose start won: lyon-2 refused the
// cancel as too late, the order is being prepared, and nothing was
// refunded.
func (s *webSystem) checkStarted(cu *customer, o central.WebOrder) {
	s.t.Helper()
	waitFor(s.t, 20*time.Second, "the cancel refused", func() error {
		v := cu.view(o.ID)
		if v.Request != "" || v.RequestAnswer != central.AnswerRefused ||
			v.State != central.WebAccepted || v.Status != "preparing" {
			return fmt.Errorf("%s, %s, request %q answered %q", v.State, v.Status, v.Request,
				v.RequestAnswer)
		}
		return nil
	})
	s.checkAgree(cu, o.ID, s.first)
	at, err := s.first.db.FindOrderByID(context.Background(), o.EdgeOrderID)
	if err != nil || countTo(at, edge.StatusCancelled) != 0 ||
		countTo(at, edge.StatusPreparing) != 1 {
		s.t.Errorf("lyon-2's order %s: %+v, %v", o.ID, at, err)
	}
	s.checkRefunds(o.ID, central.PaymentSucceeded, 0)
}

// checkCancelled checks an order whose cancel won: cancelled at lyon-2,
// never started, and refunded once.
func (s *webSystem) checkCancelled(cu *customer, o central.WebOrder) {
	s.t.Helper()
	waitFor(s.t, 20*time.Second, "cancelled and refunded", func() error {
		v := cu.view(o.ID)
		if v.State != central.WebCancelled || v.Status != "cancelled" ||
			v.PaymentStatus != central.WebPaymentRefunded {
			return fmt.Errorf("%s, %s, payment %s", v.State, v.Status, v.PaymentStatus)
		}
		return nil
	})
	s.checkAgree(cu, o.ID, s.first)
	at, err := s.first.db.FindOrderByID(context.Background(), o.EdgeOrderID)
	if err != nil || countTo(at, edge.StatusCancelled) != 1 ||
		countTo(at, edge.StatusPreparing) != 0 {
		s.t.Errorf("lyon-2's order %s: %+v, %v", o.ID, at, err)
	}
	s.checkRefunds(o.ID, central.PaymentRefunded, 1)
}

// checkRefunds checks the payment of an order at the simulator and the
// refunds central asked for and recorded.
func (s *webSystem) checkRefunds(id string, status central.PaymentStatus, refunds int) {
	s.t.Helper()
	row := s.webOrderRow(id)
	p, err := s.payments.FindPaymentByID(context.Background(), row.PaymentID)
	if err != nil || p.Status != status {
		s.t.Errorf("order %s: the simulator's payment %+v, %v; want %s", id, p, err, status)
	}
	if n := s.payments.refundsAsked(row.PaymentID); n != refunds {
		s.t.Errorf("order %s: %d refunds asked, want %d", id, n, refunds)
	}
	if want := slices.Repeat([]string{"done"}, refunds); !slices.Equal(row.Refunds, want) {
		s.t.Errorf("order %s: refunds recorded %v, want %v", id, row.Refunds, want)
	}
}
