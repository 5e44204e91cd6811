package sqlite_test

import (
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
)

// placed places a web order of the lines at assignment 1 and fails the
// test unless it is accepted.
func placed(tb testing.TB, cmd *commander, p *syncproto.OrderPlace) *syncproto.OrderPlace {
	tb.Helper()
	wantAnswer(tb, cmd.send(tb, syncproto.CommandOrderPlace, p), "")
	return p
}

func TestOrderCancel(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	cmd := &commander{db: db}
	p := placed(t, cmd, placement(1, placeLine("margherita", 1)))

	// Another assignment than the one held is refused.
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderCancel,
		syncproto.OrderRef{OrderID: p.OrderID, Assignment: 2}), syncproto.CodeNotAssigned)

	// Accepted: cancelled, stock back, the paid order marked refunded.
	ref := syncproto.OrderRef{OrderID: p.OrderID, Assignment: 1}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderCancel, ref), "")
	o := findOrder(t, db, p.OrderID)
	if o.Status != edge.StatusCancelled || o.PaymentStatus != edge.PaymentRefunded {
		t.Errorf("cancelled order %s, payment %s", o.Status, o.PaymentStatus)
	}
	checkStock(t, db, ampleStock)

	// Asked again: what the customer wants, nothing changes.
	before := lastSeq(t, db)
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderCancel, ref), "")
	if got := lastSeq(t, db) - before; got != 1 {
		t.Errorf("%d events for a second cancel, want the answer only", got)
	}

	// Too late once preparation started.
	p = placed(t, cmd, placement(1, placeLine("tiramisu", 1)))
	transition(t, db, pizzaiolo, p.OrderID, edge.StatusPreparing)
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderCancel,
		syncproto.OrderRef{OrderID: p.OrderID, Assignment: 1}), syncproto.CodeTooLate)
	if o := findOrder(t, db, p.OrderID); o.Status != edge.StatusPreparing {
		t.Errorf("order %s after a refused cancel", o.Status)
	}
}

func TestOrderModify(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	cmd := &commander{db: db}
	p := placed(t, cmd, placement(1, placeLine("margherita", 1)))

	// Head office raises the price after the order: the margherita keeps
	// the price agreed, the new reine takes today's.
	cat := testCatalog()
	cat.Version = 2
	cat.Products[0].PriceCents = 1000
	cat.Products[1].PriceCents = 1200
	wantAnswer(t, cmd.send(t, syncproto.CommandCatalogVersion, cat), "")

	m := syncproto.OrderModify{OrderID: p.OrderID, Assignment: 1,
		Lines: []syncproto.PlaceLine{placeLine("margherita", 2), placeLine("reine", 1)}}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderModify, m), "")
	o := findOrder(t, db, p.OrderID)
	if o.TotalCents != 2*950+1200 || len(o.Lines) != 2 {
		t.Errorf("modified order: total %d, lines %+v", o.TotalCents, o.Lines)
	}
	reine := map[string]int64{"pate": -1, "sauce-tomate": -80, "mozzarella": -110, "jambon": -60}
	want := plus(plus(plus(ampleStock, oneMargherita), oneMargherita), reine)
	checkStock(t, db, want)

	// More than the stock can make: refused, nothing changed.
	m.Lines = []syncproto.PlaceLine{placeLine("tiramisu", 21)}
	a := cmd.send(t, syncproto.CommandOrderModify, m)
	wantAnswer(t, a, syncproto.CodeOutOfStock)
	checkStock(t, db, want)

	// A new address, then too late once preparation started.
	addr := syncproto.OrderModify{OrderID: p.OrderID, Assignment: 1, Address: "8 rue Oberkampf, 75011 Paris"}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderModify, addr), "")
	if o := findOrder(t, db, p.OrderID); o.Customer.Address != addr.Address {
		t.Errorf("address %q", o.Customer.Address)
	}
	transition(t, db, pizzaiolo, p.OrderID, edge.StatusPreparing)
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderModify, addr), syncproto.CodeTooLate)
	addr.Assignment = 2
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderModify, addr), syncproto.CodeNotAssigned)
}

func TestOrderPayment(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	cmd := &commander{db: db}
	p := placement(1, placeLine("tiramisu", 1))
	p.PaymentMethod, p.PaymentStatus = "cash", "pending"
	placed(t, cmd, p)

	notice := syncproto.OrderPaymentNotice{OrderID: p.OrderID, Assignment: 1, Status: "refunded",
		PaymentID: "pi_123"}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPayment, notice), syncproto.CodeConflict)

	// Paid online, told twice, then refunded.
	notice.Status = "paid"
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPayment, notice), "")
	o := findOrder(t, db, p.OrderID)
	if o.PaymentStatus != edge.PaymentPaid || o.PaymentMethod != edge.PaymentOnline || o.PaidAt == nil {
		t.Errorf("paid order: %s by %s", o.PaymentStatus, o.PaymentMethod)
	}
	if last := outbox(t, db); last[len(last)-2].Type != syncproto.EventOrderPaymentRecorded {
		t.Errorf("event before the answer: %s", last[len(last)-2].Type)
	}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPayment, notice), "")
	notice.Status = "refunded"
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPayment, notice), "")
	if o := findOrder(t, db, p.OrderID); o.PaymentStatus != edge.PaymentRefunded {
		t.Errorf("refunded order: %s", o.PaymentStatus)
	}
	notice.Status = "paid"
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderPayment, notice), syncproto.CodeConflict)
}

// createStaff adds an account of the role at the test pizzeria.
func createStaff(tb testing.TB, db *sqlite.DB, username string, role edge.Role) {
	tb.Helper()
	_, err := db.CreateUser(tb.Context(), edge.UserCreate{Username: username, Role: role,
		PasswordHash: testHash})
	if err != nil {
		tb.Fatalf("create %s: %v", username, err)
	}
}

func TestOrderDriver(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	createStaff(t, db, "sami", edge.RoleDriver)
	createStaff(t, db, "marco", edge.RolePizzaiolo)
	createStaff(t, db, "lea", edge.RoleManager)
	cmd := &commander{db: db}
	p := placement(1, placeLine("margherita", 1))
	p.Fulfilment, p.Customer.Address = "delivery", "3 rue des Lilas, 75011 Paris"
	p.PaymentMethod, p.PaymentStatus = "cash", "pending"
	placed(t, cmd, p)
	update := syncproto.OrderDriverUpdate{OrderID: p.OrderID, Driver: "sami", To: "out_for_delivery"}

	// Not ready yet: the status machine refuses it.
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderDriver, update), syncproto.CodeConflict)
	transition(t, db, pizzaiolo, p.OrderID, edge.StatusPreparing)
	transition(t, db, pizzaiolo, p.OrderID, edge.StatusReady)

	// Only an active driver of this pizzeria.
	for _, who := range []string{"marco", "nobody"} {
		other := update
		other.Driver = who
		wantAnswer(t, cmd.send(t, syncproto.CommandOrderDriver, other), syncproto.CodeInvalid)
	}

	// Taken, then delivered with the cash collected, as sami.
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderDriver, update), "")
	update.To, update.Collected = "delivered", "cash"
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderDriver, update), "")
	o := findOrder(t, db, p.OrderID)
	if o.Status != edge.StatusDelivered || o.PaymentStatus != edge.PaymentPaid ||
		o.PaymentMethod != edge.PaymentCash || o.PaidBy != "sami" || o.History[len(o.History)-1].By != "sami" {
		t.Errorf("delivered order %+v", o)
	}

	// Delivered again: a conflict, and nothing kept of it.
	before := lastSeq(t, db)
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderDriver, update), syncproto.CodeConflict)
	if got := lastSeq(t, db) - before; got != 1 {
		t.Errorf("%d events for a refused update", got)
	}

	// The manager delivers too, from the same page.
	q := placement(1, placeLine("margherita", 1))
	q.Fulfilment, q.Customer.Address = "delivery", "3 rue des Lilas, 75011 Paris"
	q.PaymentMethod, q.PaymentStatus = "cash", "pending"
	placed(t, cmd, q)
	transition(t, db, pizzaiolo, q.OrderID, edge.StatusPreparing)
	transition(t, db, pizzaiolo, q.OrderID, edge.StatusReady)
	byManager := syncproto.OrderDriverUpdate{OrderID: q.OrderID, Driver: "lea", To: "out_for_delivery"}
	wantAnswer(t, cmd.send(t, syncproto.CommandOrderDriver, byManager), "")
	if o := findOrder(t, db, q.OrderID); o.Status != edge.StatusOutForDelivery {
		t.Errorf("order taken by the manager is %s", o.Status)
	}
}

// TestOrderCancelStartRace runs the customer's cancel against the
// pizzaiolo's start, at once, many times: the single writer serialises
// them and exactly one wins each time, with the stock to match.
func TestOrderCancelStartRace(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	cmd := &commander{db: db}
	wins := map[string]int{}

	for range 30 {
		p := placed(t, cmd, placement(1, placeLine("coca-cola-33cl", 1)))
		cmd.pos++
		cancel := command(t, cmd.pos, syncproto.CommandOrderCancel,
			syncproto.OrderRef{OrderID: p.OrderID, Assignment: 1})

		// Both wait for the same signal.
		var answer *syncproto.CommandAnswer
		var cancelErr, startErr error
		var wg sync.WaitGroup
		ready := make(chan struct{})
		wg.Go(func() {
			<-ready
			answer, _, cancelErr = db.ApplyCommand(t.Context(), cancel)
		})
		wg.Go(func() {
			<-ready
			_, startErr = db.TransitionOrder(t.Context(), pizzaiolo, p.OrderID,
				edge.TransitionRequest{To: edge.StatusPreparing})
		})
		close(ready)
		wg.Wait()
		if cancelErr != nil {
			t.Fatalf("cancel: %v", cancelErr)
		}

		// Exactly one of them won, and the order says which.
		o := findOrder(t, db, p.OrderID)
		switch {
		case answer.Code == "" && edge.ErrorCode(startErr) == edge.ECONFLICT:
			wins["cancel"]++
			if o.Status != edge.StatusCancelled {
				t.Fatalf("cancel won, order %s", o.Status)
			}
		case answer.Code == syncproto.CodeTooLate && startErr == nil:
			wins["start"]++
			if o.Status != edge.StatusPreparing {
				t.Fatalf("start won, order %s", o.Status)
			}
		default:
			t.Fatalf("cancel %+v and start %v: not exactly one winner", answer, startErr)
		}
	}

	// The drinks of the started orders are gone, the others back.
	want := plus(ampleStock, map[string]int64{"coca-cola-33cl": -int64(wins["start"])})
	checkStock(t, db, want)
	t.Logf("cancel won %d times, start %d times", wins["cancel"], wins["start"])
}
