package sqlite_test

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
)

func TestCreateOrder(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)

	o, err := db.CreateOrder(t.Context(), orderTaker, phoneOrder(
		line("margherita", 2), line("coca-cola-33cl", 3), line("reine", 1)))
	if err != nil {
		t.Fatalf("create order: %v", err)
	}

	// Staff orders start accepted, numbered, priced and normalised.
	if o.Status != edge.StatusAccepted || o.Channel != edge.ChannelPhone ||
		o.Fulfilment != edge.FulfilmentDelivery || o.PaymentMethod != edge.PaymentCash ||
		o.PaymentStatus != edge.PaymentPending {
		t.Errorf("order = %s %s %s %s %s, want accepted phone delivery cash pending",
			o.Status, o.Channel, o.Fulfilment, o.PaymentMethod, o.PaymentStatus)
	}
	if o.Ticket != 1 || o.BusinessDate != "2026-01-15" {
		t.Errorf("ticket %d of %s, want 1 of 2026-01-15", o.Ticket, o.BusinessDate)
	}
	if want := int64(2*950 + 3*350 + 1150); o.TotalCents != want {
		t.Errorf("total = %d cents, want %d", o.TotalCents, want)
	}
	if o.Customer.Phone != "0612345678" {
		t.Errorf("customer phone = %q, want it normalised", o.Customer.Phone)
	}
	wantLines := []edge.Line{
		{ProductID: "margherita", ProductName: "Margherita", Quantity: 2, UnitPriceCents: 950},
		{ProductID: "coca-cola-33cl", ProductName: "Coca-Cola 33 cl", Quantity: 3, UnitPriceCents: 350},
		{ProductID: "reine", ProductName: "Reine", Quantity: 1, UnitPriceCents: 1150},
	}
	if !reflect.DeepEqual(o.Lines, wantLines) {
		t.Errorf("lines = %+v, want %+v", o.Lines, wantLines)
	}
	wantHistory := []edge.Transition{{To: edge.StatusAccepted, By: "lea", At: testNow}}
	if !reflect.DeepEqual(o.History, wantHistory) {
		t.Errorf("history = %+v, want %+v", o.History, wantHistory)
	}

	// The stored order is the one returned.
	found, err := db.FindOrderByID(t.Context(), o.ID)
	if err != nil {
		t.Fatalf("find order: %v", err)
	}
	if got, want := asJSON(t, found), asJSON(t, o); got != want {
		t.Errorf("found order\n%s\nwant the created one\n%s", got, want)
	}

	// An unknown id is not found.
	_, err = db.FindOrderByID(t.Context(), "0190f4c2-0000-7000-8000-00000000dead")
	wantCode(t, err, edge.ENOTFOUND)
}

func TestTicketNumbers(t *testing.T) {
	// Each case takes three orders: two on one Paris day, one just after
	// Paris midnight, which UTC still calls the same day.
	tests := []struct {
		name        string
		times       [3]time.Time
		wantDates   [3]string
		wantTickets [3]int64
	}{
		{"winter, Paris is UTC+1",
			[3]time.Time{
				time.Date(2026, 1, 15, 9, 0, 0, 0, time.UTC),
				time.Date(2026, 1, 15, 22, 59, 0, 0, time.UTC),
				time.Date(2026, 1, 15, 23, 1, 0, 0, time.UTC),
			},
			[3]string{"2026-01-15", "2026-01-15", "2026-01-16"}, [3]int64{1, 2, 1}},
		{"summer, Paris is UTC+2",
			[3]time.Time{
				time.Date(2026, 7, 14, 9, 0, 0, 0, time.UTC),
				time.Date(2026, 7, 14, 21, 59, 0, 0, time.UTC),
				time.Date(2026, 7, 14, 22, 1, 0, 0, time.UTC),
			},
			[3]string{"2026-07-14", "2026-07-14", "2026-07-15"}, [3]int64{1, 2, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			receive(t, db, ampleStock)
			clock := setClock(db, tt.times[0])
			for i, at := range tt.times {
				clock.Set(at)
				o := createOrder(t, db, line("margherita", 1))
				if o.BusinessDate != tt.wantDates[i] || o.Ticket != tt.wantTickets[i] {
					t.Errorf("order at %s: ticket %d of %s, want %d of %s", at.Format(time.RFC3339),
						o.Ticket, o.BusinessDate, tt.wantTickets[i], tt.wantDates[i])
				}
			}
		})
	}
}

func TestFindOrders(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	clock := setClock(db, testNow)

	// Four orders a minute apart, in four different states.
	accepted := createOrder(t, db, line("margherita", 1))
	clock.Add(time.Minute)
	preparing := createOrder(t, db, line("reine", 1))
	transition(t, db, pizzaiolo, preparing.ID, edge.StatusPreparing)
	clock.Add(time.Minute)
	cancelled := createOrder(t, db, line("tiramisu", 1))
	transition(t, db, orderTaker, cancelled.ID, edge.StatusCancelled)
	clock.Add(time.Minute)
	placed, err := db.ReceiveOrder(t.Context(), webOrder("0190f4c2-0000-7000-8000-000000000001",
		line("coca-cola-33cl", 2)))
	if err != nil {
		t.Fatalf("receive order: %v", err)
	}

	statusAccepted, statusCancelled := edge.StatusAccepted, edge.StatusCancelled
	today, tomorrow := "2026-01-15", "2026-01-16"
	tests := []struct {
		name   string
		filter edge.OrderFilter
		want   []*edge.Order
	}{
		{"all, oldest first", edge.OrderFilter{}, []*edge.Order{accepted, preparing, cancelled, placed}},
		{"accepted", edge.OrderFilter{Status: &statusAccepted}, []*edge.Order{accepted}},
		{"cancelled", edge.OrderFilter{Status: &statusCancelled}, []*edge.Order{cancelled}},
		{"open", edge.OrderFilter{Open: true}, []*edge.Order{accepted, preparing, placed}},
		{"open and cancelled", edge.OrderFilter{Open: true, Status: &statusCancelled}, nil},
		{"today", edge.OrderFilter{Date: &today}, []*edge.Order{accepted, preparing, cancelled, placed}},
		{"tomorrow", edge.OrderFilter{Date: &tomorrow}, nil},
		{"limit", edge.OrderFilter{Limit: 2}, []*edge.Order{accepted, preparing}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			orders, err := db.FindOrders(t.Context(), tt.filter)
			if err != nil {
				t.Fatalf("find orders: %v", err)
			}
			if got, want := orderIDs(orders), orderIDs(tt.want); !reflect.DeepEqual(got, want) {
				t.Errorf("orders = %v, want %v", got, want)
			}
		})
	}

	// Lists carry lines and history too.
	orders, err := db.FindOrders(t.Context(), edge.OrderFilter{Status: &statusCancelled})
	if err != nil || len(orders) != 1 {
		t.Fatalf("find cancelled orders: %v, %v", orders, err)
	}
	if got := orders[0]; len(got.Lines) != 1 || len(got.History) != 2 ||
		got.History[1].From != edge.StatusAccepted || got.History[1].To != edge.StatusCancelled {
		t.Errorf("cancelled order lines %+v history %+v, want 1 line and accepted → cancelled",
			got.Lines, got.History)
	}
}

func TestCreateOrderRefused(t *testing.T) {
	tests := []struct {
		name     string
		setup    func(t *testing.T, db *sqlite.DB)
		lines    []edge.LineCreate
		wantCode string
		wantText string // in the message
	}{
		{"unknown product", nil,
			[]edge.LineCreate{line("margherita", 1), line("hawaienne", 1)}, edge.EINVALID, "hawaienne"},
		{"unavailable product", func(t *testing.T, db *sqlite.DB) {
			if _, err := db.SetProductAvailability(t.Context(), manager, "tiramisu", false); err != nil {
				t.Fatalf("set availability: %v", err)
			}
		}, []edge.LineCreate{line("margherita", 1), line("tiramisu", 1)}, edge.ECONFLICT, "Tiramisu"},
		{"not enough dough for one pizza", nil,
			[]edge.LineCreate{line("margherita", 1), line("reine", 6)}, edge.ECONFLICT, "Reine"},
		{"each pizza alone but not both: the dough is named", nil,
			[]edge.LineCreate{line("margherita", 3), line("reine", 3)}, edge.ECONFLICT, "Pâton"},
		{"not enough of a drink", nil,
			[]edge.LineCreate{line("margherita", 1), line("coca-cola-33cl", 5)}, edge.ECONFLICT, "Coca-Cola"},
		{"the same product on two lines", nil,
			[]edge.LineCreate{line("margherita", 3), line("margherita", 3)}, edge.ECONFLICT, "Margherita"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			stock := map[string]int64{
				"pate": 5, "sauce-tomate": 10_000, "mozzarella": 10_000, "jambon": 10_000,
				"coca-cola-33cl": 4, "tiramisu": 3,
			}
			receive(t, db, stock)
			if tt.setup != nil {
				tt.setup(t, db)
			}
			seq := lastSeq(t, db)
			ledger := len(movements(t, db))

			// The order is refused with a reason that names the product.
			_, err := db.CreateOrder(t.Context(), orderTaker, phoneOrder(tt.lines...))
			wantCode(t, err, tt.wantCode)
			if msg := edge.ErrorMessage(err); !strings.Contains(msg, tt.wantText) {
				t.Errorf("message %q does not name %q", msg, tt.wantText)
			}

			// Nothing was written: no order, no movement, no event.
			if orders, err := db.FindOrders(t.Context(), edge.OrderFilter{}); err != nil || len(orders) != 0 {
				t.Errorf("orders after refusal = %d, %v; want none", len(orders), err)
			}
			if n := len(movements(t, db)); n != ledger {
				t.Errorf("ledger has %d movements after refusal, want %d", n, ledger)
			}
			if got := lastSeq(t, db); got != seq {
				t.Errorf("last seq = %d after refusal, want %d", got, seq)
			}
			if n := len(outbox(t, db)); int64(n) != seq {
				t.Errorf("outbox holds %d events, want %d", n, seq)
			}
			checkStock(t, db, stock)

			// The ticket counter did not move either: the next order is 1.
			if o := createOrder(t, db, line("margherita", 1)); o.Ticket != 1 {
				t.Errorf("next order's ticket = %d, want 1", o.Ticket)
			}
		})
	}
}

func TestRecordPayment(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	clock := setClock(db, testNow)
	o := createOrder(t, db, line("margherita", 1))

	// Paid at the door by the driver.
	clock.Add(30 * time.Minute)
	paid, err := db.RecordPayment(t.Context(), driver, o.ID, edge.PaymentRecord{Method: edge.PaymentCard})
	if err != nil {
		t.Fatalf("record payment: %v", err)
	}
	paidAt := testNow.Add(30 * time.Minute)
	if paid.PaymentStatus != edge.PaymentPaid || paid.PaymentMethod != edge.PaymentCard ||
		paid.PaidBy != "sami" || paid.PaidAt == nil || !paid.PaidAt.Equal(paidAt) {
		t.Errorf("payment = %s %s by %q at %v, want paid card by sami at %v",
			paid.PaymentStatus, paid.PaymentMethod, paid.PaidBy, paid.PaidAt, paidAt)
	}
	found, err := db.FindOrderByID(t.Context(), o.ID)
	if err != nil {
		t.Fatalf("find order: %v", err)
	}
	if found.PaymentStatus != edge.PaymentPaid || found.PaidAt == nil || !found.PaidAt.Equal(paidAt) {
		t.Errorf("stored payment = %s at %v, want paid at %v", found.PaymentStatus, found.PaidAt, paidAt)
	}

	// Paying twice is refused.
	_, err = db.RecordPayment(t.Context(), orderTaker, o.ID, edge.PaymentRecord{Method: edge.PaymentCash})
	wantCode(t, err, edge.ECONFLICT)

	// Cancelling a paid order refunds it.
	cancelled := transition(t, db, manager, o.ID, edge.StatusCancelled)
	if cancelled.PaymentStatus != edge.PaymentRefunded {
		t.Errorf("payment status after cancel = %s, want refunded", cancelled.PaymentStatus)
	}
	if found, _ := db.FindOrderByID(t.Context(), o.ID); found.PaymentStatus != edge.PaymentRefunded {
		t.Errorf("stored payment status after cancel = %s, want refunded", found.PaymentStatus)
	}
	_, err = db.RecordPayment(t.Context(), orderTaker, o.ID, edge.PaymentRecord{Method: edge.PaymentCash})
	wantCode(t, err, edge.ECONFLICT)

	// A web order paid online and refused by the pizzeria is refunded.
	refused, err := db.ReceiveOrder(t.Context(), webOrder("web-refused", line("margherita", 1)))
	if err != nil {
		t.Fatalf("receive order: %v", err)
	}
	rejected, err := db.TransitionOrder(t.Context(), orderTaker, refused.ID,
		edge.TransitionRequest{To: edge.StatusRejected, Reason: "four en panne"})
	if err != nil {
		t.Fatalf("reject: %v", err)
	}
	if rejected.PaymentStatus != edge.PaymentRefunded {
		t.Errorf("payment status after rejection = %s, want refunded", rejected.PaymentStatus)
	}

	// A cancelled order that was never paid cannot be paid.
	unpaid := createOrder(t, db, line("reine", 1))
	transition(t, db, orderTaker, unpaid.ID, edge.StatusCancelled)
	_, err = db.RecordPayment(t.Context(), orderTaker, unpaid.ID, edge.PaymentRecord{Method: edge.PaymentCash})
	wantCode(t, err, edge.ECONFLICT)

	// An online payment is not recorded by staff, and an unknown order is
	// not found.
	_, err = db.RecordPayment(t.Context(), orderTaker, o.ID, edge.PaymentRecord{Method: edge.PaymentOnline})
	wantCode(t, err, edge.EINVALID)
	_, err = db.RecordPayment(t.Context(), orderTaker, "nope", edge.PaymentRecord{Method: edge.PaymentCash})
	wantCode(t, err, edge.ENOTFOUND)
}

func TestOrderLifecycle(t *testing.T) {
	type step struct {
		actor *edge.User
		to    edge.Status
		want  string // error code, "" when allowed
	}
	tests := []struct {
		name       string
		fulfilment edge.Fulfilment
		steps      []step
	}{
		{"delivery", edge.FulfilmentDelivery, []step{
			{driver, edge.StatusPreparing, edge.EFORBIDDEN},
			{pizzaiolo, edge.StatusPreparing, ""},
			{orderTaker, edge.StatusCancelled, edge.ECONFLICT}, // too late once preparing
			{pizzaiolo, edge.StatusReady, ""},
			{orderTaker, edge.StatusPickedUp, edge.ECONFLICT}, // not a pickup
			{pizzaiolo, edge.StatusOutForDelivery, edge.EFORBIDDEN},
			{driver, edge.StatusOutForDelivery, ""},
			{driver, edge.StatusDelivered, ""},
			{manager, edge.StatusCancelled, edge.ECONFLICT},
		}},
		{"pickup", edge.FulfilmentPickup, []step{
			{manager, edge.StatusPreparing, ""},
			{manager, edge.StatusReady, ""},
			{driver, edge.StatusOutForDelivery, edge.ECONFLICT}, // not a delivery
			{pizzaiolo, edge.StatusPickedUp, edge.EFORBIDDEN},
			{orderTaker, edge.StatusPickedUp, ""},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			receive(t, db, ampleStock)
			clock := setClock(db, testNow)
			create := phoneOrder(line("reine", 1))
			create.Fulfilment = tt.fulfilment
			o, err := db.CreateOrder(t.Context(), orderTaker, create)
			if err != nil {
				t.Fatalf("create order: %v", err)
			}

			// Walk the steps; each allowed one adds to the history.
			want := []edge.Transition{{To: edge.StatusAccepted, By: "lea", At: testNow}}
			status := edge.StatusAccepted
			for _, s := range tt.steps {
				clock.Add(5 * time.Minute)
				seq := lastSeq(t, db)
				got, err := db.TransitionOrder(t.Context(), s.actor, o.ID, edge.TransitionRequest{To: s.to})
				if code := edge.ErrorCode(err); code != s.want {
					t.Fatalf("%s moves %s order to %s: %v (code %q), want code %q",
						s.actor.Role, status, s.to, err, code, s.want)
				}
				if s.want != "" {
					if lastSeq(t, db) != seq {
						t.Errorf("refused transition to %s wrote an event", s.to)
					}
					continue
				}
				if got.Status != s.to {
					t.Fatalf("status = %s, want %s", got.Status, s.to)
				}
				want = append(want, edge.Transition{From: status, To: s.to, By: s.actor.Username, At: clock.Now()})
				status = s.to
			}

			// The stored order has every allowed transition, in order.
			found, err := db.FindOrderByID(t.Context(), o.ID)
			if err != nil {
				t.Fatalf("find order: %v", err)
			}
			if found.Status != status {
				t.Errorf("stored status = %s, want %s", found.Status, status)
			}
			if !reflect.DeepEqual(found.History, want) {
				t.Errorf("history\n%+v\nwant\n%+v", found.History, want)
			}
			if found.Version != int64(len(want)) {
				t.Errorf("version = %d, want %d", found.Version, len(want))
			}
		})
	}
}

func TestRejectWebOrder(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	o, err := db.ReceiveOrder(t.Context(), webOrder("0190f4c2-0000-7000-8000-000000000007", line("reine", 1)))
	if err != nil {
		t.Fatalf("receive order: %v", err)
	}

	// A refusal needs its reason, which the history keeps.
	_, err = db.TransitionOrder(t.Context(), orderTaker, o.ID, edge.TransitionRequest{To: edge.StatusRejected})
	wantCode(t, err, edge.EINVALID)
	rejected, err := db.TransitionOrder(t.Context(), orderTaker, o.ID,
		edge.TransitionRequest{To: edge.StatusRejected, Reason: "  four en panne "})
	if err != nil {
		t.Fatalf("reject: %v", err)
	}
	last := rejected.History[len(rejected.History)-1]
	if last.From != edge.StatusPlaced || last.To != edge.StatusRejected || last.Reason != "four en panne" {
		t.Errorf("last transition = %+v, want placed → rejected for four en panne", last)
	}
	checkStock(t, db, ampleStock)
}

func TestReceiveOrderTwice(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	seq := lastSeq(t, db)
	r := webOrder("0190f4c2-0000-7000-8000-000000000042", line("margherita", 2), line("tiramisu", 1))

	first, err := db.ReceiveOrder(t.Context(), r)
	if err != nil {
		t.Fatalf("receive order: %v", err)
	}
	if first.ID != r.ID || first.Status != edge.StatusPlaced || first.Channel != edge.ChannelWeb ||
		first.PaymentStatus != edge.PaymentPaid || first.TotalCents != 2*950+550 {
		t.Errorf("received order = %s %s %s %s %d", first.ID, first.Status, first.Channel,
			first.PaymentStatus, first.TotalCents)
	}

	// Accepted in between, then delivered again by the transport.
	transition(t, db, orderTaker, r.ID, edge.StatusAccepted)
	again, err := db.ReceiveOrder(t.Context(), r)
	if err != nil {
		t.Fatalf("receive order again: %v", err)
	}
	if again.ID != first.ID || again.Status != edge.StatusAccepted || again.Ticket != first.Ticket {
		t.Errorf("second receive = %s %s ticket %d, want the order as it stands", again.ID, again.Status,
			again.Ticket)
	}

	// One order, one order.created event, and the transition's.
	orders, err := db.FindOrders(t.Context(), edge.OrderFilter{})
	if err != nil || len(orders) != 1 {
		t.Fatalf("orders = %d, %v; want 1", len(orders), err)
	}
	events, err := db.FindOutboxEvents(t.Context(), seq, 100)
	if err != nil {
		t.Fatalf("find outbox events: %v", err)
	}
	var types []string
	for _, e := range events {
		types = append(types, e.Type)
	}
	if want := []string{"order.created", "order.status_changed"}; !reflect.DeepEqual(types, want) {
		t.Errorf("events = %v, want %v", types, want)
	}
}

// orderIDs returns the ids of orders, for comparisons that print well.
func orderIDs(orders []*edge.Order) []string {
	ids := []string{}
	for _, o := range orders {
		ids = append(ids, o.ID)
	}
	return ids
}

// asJSON renders v as indented JSON, to compare and show whole records.
func asJSON(tb testing.TB, v any) string {
	tb.Helper()
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		tb.Fatalf("marshal: %v", err)
	}
	return string(b)
}
