package sqlite_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
)

// commander sends commands to a test database at the next positions.
type commander struct {
	db  *sqlite.DB
	pos int64
}

// send applies a command of the next position and returns its answer.
func (c *commander) send(tb testing.TB, typ string, payload any) *syncproto.CommandAnswer {
	tb.Helper()
	c.pos++
	a, fresh := apply(tb, c.db, command(tb, c.pos, typ, payload))
	if !fresh {
		tb.Fatalf("command %d (%s) not fresh", c.pos, typ)
	}
	return a
}

// wantAnswer fails the test unless the answer has the code ("" for
// accepted).
func wantAnswer(tb testing.TB, a *syncproto.CommandAnswer, code string) {
	tb.Helper()
	if a.Code != code {
		tb.Fatalf("answer %s: code %q (%s), want %q", a.Type, a.Code, a.Reason, code)
	}
	if code != "" && a.Reason == "" {
		tb.Fatalf("refusal %s without a reason", code)
	}
}

// placement returns an order.place payload of a new web order for pickup,
// paid online, of the lines.
func placement(assignment int64, lines ...syncproto.PlaceLine) *syncproto.OrderPlace {
	return &syncproto.OrderPlace{
		OrderID: uuid.Must(uuid.NewV7()).String(), Assignment: assignment, Fulfilment: "pickup",
		Customer: syncproto.OrderCustomer{Name: "Ana Lopez", Phone: "07 11 22 33 44"},
		Lines:    lines, PaymentMethod: "online", PaymentStatus: "paid",
	}
}

// placeLine is one line of qty of a product in a web order.
func placeLine(productID string, qty int64) syncproto.PlaceLine {
	return syncproto.PlaceLine{ProductID: productID, Quantity: qty}
}

// findOrder returns an order, failing the test when it is not found.
func findOrder(tb testing.TB, db *sqlite.DB, id string) *edge.Order {
	tb.Helper()
	o, err := db.FindOrderByID(tb.Context(), id)
	if err != nil {
		tb.Fatalf("find order %s: %v", id, err)
	}
	return o
}

// A margherita uses 1 pâton, 80 ml of sauce and 120 g of mozzarella.
var oneMargherita = map[string]int64{"pate": -1, "sauce-tomate": -80, "mozzarella": -120}

func TestOrderPlaceAccepted(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	cmd := &commander{db: db}
	p := placement(1, placeLine("margherita", 2), placeLine("coca-cola-33cl", 1))

	c := command(t, 1, syncproto.CommandOrderPlace, p)
	a, _ := apply(t, db, c)
	wantAnswer(t, a, "")
	cmd.pos = 1

	// Received as placed, accepted by itself, its stock taken.
	o := findOrder(t, db, p.OrderID)
	if o.Channel != edge.ChannelWeb || o.Status != edge.StatusAccepted || o.TotalCents != 2*950+350 ||
		o.PaymentMethod != edge.PaymentOnline || o.PaymentStatus != edge.PaymentPaid {
		t.Errorf("order %+v", o)
	}
	if len(o.History) != 2 || o.History[0].To != edge.StatusPlaced || o.History[1].By != edge.WebUser.Username {
		t.Errorf("history %+v", o.History)
	}
	want := plus(plus(ampleStock, oneMargherita), oneMargherita)
	want["coca-cola-33cl"]--
	checkStock(t, db, want)

	// Its events, then the answer, went up.
	events := outbox(t, db)
	n := len(events)
	types := []string{events[n-3].Type, events[n-2].Type, events[n-1].Type}
	wantTypes := []string{syncproto.EventOrderCreated, syncproto.EventOrderStatusChanged,
		syncproto.EventCommandAccepted}
	if strings.Join(types, " ") != strings.Join(wantTypes, " ") {
		t.Errorf("last events %v, want %v", types, wantTypes)
	}

	// Delivered again, it is applied once: same answer, nothing written.
	before := lastSeq(t, db)
	again, fresh := apply(t, db, c)
	if fresh || *again != *a || lastSeq(t, db) != before {
		t.Errorf("redelivery: %+v fresh %v, %d new events", again, fresh, lastSeq(t, db)-before)
	}
	checkStock(t, db, want)

	// The same assignment placed again by another command changes nothing.
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), "")
	checkStock(t, db, want)
}

func TestOrderPlaceRefused(t *testing.T) {
	tests := []struct {
		name    string
		prepare func(tb testing.TB, db *sqlite.DB)
		lines   []syncproto.PlaceLine
		code    string
		reason  string
	}{
		{"out of stock", func(tb testing.TB, db *sqlite.DB) {
			receive(tb, db, map[string]int64{"pate": 1, "sauce-tomate": 1000, "mozzarella": 1000})
		}, []syncproto.PlaceLine{placeLine("margherita", 2)}, syncproto.CodeOutOfStock,
			"Margherita : 2 demandé(s), 1 possible(s)"},
		{"switched off", func(tb testing.TB, db *sqlite.DB) {
			receive(tb, db, ampleStock)
			if _, err := db.SetProductAvailability(tb.Context(), manager, "reine", false); err != nil {
				tb.Fatal(err)
			}
		}, []syncproto.PlaceLine{placeLine("reine", 1)}, syncproto.CodeOutOfStock, "Reine"},
		{"closed", func(tb testing.TB, db *sqlite.DB) {
			receive(tb, db, ampleStock)
			if _, err := db.SetWebOrdersOpen(tb.Context(), manager, false); err != nil {
				tb.Fatal(err)
			}
		}, []syncproto.PlaceLine{placeLine("margherita", 1)}, syncproto.CodeClosed, "en ligne"},
		{"unknown product", func(tb testing.TB, db *sqlite.DB) { receive(tb, db, ampleStock) },
			[]syncproto.PlaceLine{placeLine("calzone", 1)}, syncproto.CodeInvalid, "calzone"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			tt.prepare(t, db)
			stock, before := stockOf(t, db), lastSeq(t, db)
			cmd := &commander{db: db}

			p := placement(1, tt.lines...)
			a := cmd.send(t, syncproto.CommandOrderPlace, p)
			wantAnswer(t, a, tt.code)
			if !strings.Contains(a.Reason, tt.reason) {
				t.Errorf("reason %q, want it to name %q", a.Reason, tt.reason)
			}

			// Nothing of the order is kept; only the answer went up.
			_, err := db.FindOrderByID(t.Context(), p.OrderID)
			wantCode(t, err, edge.ENOTFOUND)
			checkStock(t, db, stock)
			if got := lastSeq(t, db) - before; got != 1 {
				t.Errorf("%d events, want the answer only", got)
			}
		})
	}
}

func TestOrderPlaceInvalid(t *testing.T) {
	db := openTestDB(t)
	cmd := &commander{db: db}
	p := placement(1, placeLine("margherita", 1))
	p.PaymentStatus = "pending" // online but not paid
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), syncproto.CodeInvalid)

	p = placement(1, placeLine("margherita", 1))
	p.Customer.Phone = "not a phone"
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), syncproto.CodeInvalid)
}

func TestOrderWebOrdersSwitch(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	cmd := &commander{db: db}

	// Open by default; closed, then open again.
	s, err := db.FindWebOrderSettings(t.Context())
	if err != nil || !s.Open || s.UpdatedAt != nil {
		t.Fatalf("default settings %+v, %v", s, err)
	}
	s, err = db.SetWebOrdersOpen(t.Context(), manager, false)
	if err != nil || s.Open || s.UpdatedBy != "claire" {
		t.Fatalf("closed: %+v, %v", s, err)
	}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, placement(1, placeLine("tiramisu", 1))),
		syncproto.CodeClosed)
	if _, err := db.SetWebOrdersOpen(t.Context(), manager, true); err != nil {
		t.Fatal(err)
	}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, placement(1, placeLine("tiramisu", 1))), "")
}

// TestOrderWithdrawThenPlace follows an order withdrawn from this
// pizzeria: its stock comes back, a late order.place of the withdrawn
// assignment is refused, and a newer assignment takes it up again, with
// its stock taken once.
func TestOrderWithdrawThenPlace(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	cmd := &commander{db: db}
	p := placement(1, placeLine("margherita", 1))

	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), "")
	ref := syncproto.OrderRef{OrderID: p.OrderID, Assignment: 1, Reason: "timeout"}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderWithdraw, ref), "")

	// Cancelled, stock back, the payment kept for the next pizzeria.
	o := findOrder(t, db, p.OrderID)
	if o.Status != edge.StatusCancelled || o.PaymentStatus != edge.PaymentPaid {
		t.Errorf("withdrawn order: %s, payment %s", o.Status, o.PaymentStatus)
	}
	checkStock(t, db, ampleStock)

	// The withdrawn assignment, placed late, is refused.
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), syncproto.CodeNotAssigned)
	checkStock(t, db, ampleStock)

	// Assignment 2 takes it up again, on the same ticket.
	p.Assignment = 2
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), "")
	again := findOrder(t, db, p.OrderID)
	if again.Status != edge.StatusAccepted || again.Ticket != o.Ticket || again.Version <= o.Version {
		t.Errorf("placed again: %+v", again)
	}
	checkStock(t, db, plus(ampleStock, oneMargherita))

	// Assignment 1 is now older than the one held.
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderCancel, ref), syncproto.CodeNotAssigned)
	p.Assignment = 1
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), syncproto.CodeNotAssigned)
	checkStock(t, db, plus(ampleStock, oneMargherita))
}

// TestOrderWithdrawBeforePlace is an order withdrawn before its
// order.place arrived: nothing to undo, and the place that follows is
// refused, so the order is never taken here.
func TestOrderWithdrawBeforePlace(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	cmd := &commander{db: db}
	p := placement(1, placeLine("margherita", 1))

	ref := syncproto.OrderRef{OrderID: p.OrderID, Assignment: 1}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderWithdraw, ref), "")
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), syncproto.CodeNotAssigned)
	_, err := db.FindOrderByID(t.Context(), p.OrderID)
	wantCode(t, err, edge.ENOTFOUND)
	checkStock(t, db, ampleStock)

	// The withdraw of an order held under a newer assignment undoes nothing.
	p.Assignment = 3
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), "")
	ref.Assignment = 2
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderWithdraw, ref), "")
	if o := findOrder(t, db, p.OrderID); o.Status != edge.StatusAccepted {
		t.Errorf("order %s after an older withdraw", o.Status)
	}
}

func TestOrderWithdrawTooLate(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	cmd := &commander{db: db}
	p := placement(1, placeLine("margherita", 1))
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPlace, p), "")
	transition(t, db, pizzaiolo, p.OrderID, edge.StatusPreparing)

	ref := syncproto.OrderRef{OrderID: p.OrderID, Assignment: 1}
	a := cmd.send(t, syncproto.CommandOrderWithdraw, ref)
	wantAnswer(t, a, syncproto.CodeTooLate)
	if !strings.Contains(a.Reason, "en préparation") {
		t.Errorf("reason %q", a.Reason)
	}
	if o := findOrder(t, db, p.OrderID); o.Status != edge.StatusPreparing {
		t.Errorf("order %s after a refused withdraw", o.Status)
	}
	checkStock(t, db, plus(ampleStock, oneMargherita))
}
