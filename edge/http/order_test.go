package http_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

// TestOrderStory follows one delivery from the phone call to the payment
// at the door, as SPEC's "done when" tells it.
func TestOrderStory(t *testing.T) {
	env := newEnv(t)
	recipes := env.recipes(t)
	stockBefore := env.onHand(t)
	syncBefore := env.syncStatus(t)

	// The order taker takes the order; it is accepted at once.
	resp := env.as(t, taker, "POST", "/api/v1/orders",
		newOrder(edge.FulfilmentDelivery, line("margherita", 2), line("coca-cola-33cl", 1)))
	resp.wantStatus(t, http.StatusCreated)
	o := resp.order(t)
	if o.Status != edge.StatusAccepted || o.Ticket < 1 || len(o.Lines) != 2 || o.TotalCents <= 0 {
		t.Fatalf("new order %+v, want accepted with a ticket and two lines", o)
	}
	if loc := resp.Header.Get("Location"); loc != "/api/v1/orders/"+o.ID {
		t.Errorf("Location %q, want /api/v1/orders/%s", loc, o.ID)
	}
	var total int64
	for _, l := range o.Lines {
		total += l.Quantity * l.UnitPriceCents
	}
	if o.TotalCents != total || o.Customer.Phone != "0612345678" {
		t.Errorf("total %d, want %d; phone %q, want it normalised", o.TotalCents, total, o.Customer.Phone)
	}

	// The stock shows the ingredients of each recipe taken.
	want := map[string]int64{}
	for id, qty := range stockBefore {
		want[id] = qty
	}
	for _, l := range []edge.LineCreate{line("margherita", 2), line("coca-cola-33cl", 1)} {
		for _, item := range recipes[l.ProductID] {
			want[item.IngredientID] -= item.Quantity * l.Quantity
		}
	}
	resp = env.as(t, manager, "GET", "/api/v1/stock", nil)
	resp.wantStatus(t, http.StatusOK)
	var stock []edge.Ingredient
	resp.decode(t, &stock)
	if len(stock) != len(want) {
		t.Errorf("GET /stock lists %d ingredients, want %d", len(stock), len(want))
	}
	for _, ing := range stock {
		if ing.OnHand != want[ing.ID] {
			t.Errorf("stock of %s: %d, want %d", ing.ID, ing.OnHand, want[ing.ID])
		}
	}
	if want["pate"] != ampleStock-2 {
		t.Errorf("two pizzas should take two pâtons, the recipes say %d", ampleStock-want["pate"])
	}

	// The kitchen prepares it; the driver takes it and delivers it.
	env.move(t, pizzaiolo, o.ID, edge.StatusPreparing, "")
	env.move(t, pizzaiolo, o.ID, edge.StatusReady, "")
	env.move(t, driver, o.ID, edge.StatusOutForDelivery, "")
	env.move(t, driver, o.ID, edge.StatusDelivered, "")

	// The driver is paid in cash at the door.
	resp = env.as(t, driver, "POST", "/api/v1/orders/"+o.ID+"/payment", map[string]string{"method": "cash"})
	resp.wantStatus(t, http.StatusOK)
	paid := resp.order(t)
	if paid.PaymentStatus != edge.PaymentPaid || paid.PaidBy != "driver" || paid.PaidAt == nil {
		t.Errorf("after payment %+v, want paid by driver", paid)
	}
	resp = env.as(t, driver, "POST", "/api/v1/orders/"+o.ID+"/payment", map[string]string{"method": "card"})
	resp.wantError(t, http.StatusConflict, edge.ECONFLICT)

	// The order tells its whole story.
	resp = env.as(t, headOffice, "GET", "/api/v1/orders/"+o.ID, nil)
	resp.wantStatus(t, http.StatusOK)
	got := resp.order(t)
	steps := []struct {
		from, to edge.Status
		by       string
	}{
		{"", edge.StatusAccepted, "order_taker"},
		{edge.StatusAccepted, edge.StatusPreparing, "pizzaiolo"},
		{edge.StatusPreparing, edge.StatusReady, "pizzaiolo"},
		{edge.StatusReady, edge.StatusOutForDelivery, "driver"},
		{edge.StatusOutForDelivery, edge.StatusDelivered, "driver"},
	}
	if got.Status != edge.StatusDelivered || len(got.History) != len(steps) {
		t.Fatalf("order %s with history %+v, want delivered after %d steps",
			got.Status, got.History, len(steps))
	}
	for i, s := range steps {
		h := got.History[i]
		if h.From != s.from || h.To != s.to || h.By != s.by || h.At.IsZero() {
			t.Errorf("history[%d] = %+v, want %s → %s by %s", i, h, s.from, s.to, s.by)
		}
	}

	// Every change waits in the outbox: created, four moves, the payment.
	st := env.syncStatus(t)
	if st.LastSeq != syncBefore.LastSeq+6 {
		t.Errorf("last_seq %d, want %d", st.LastSeq, syncBefore.LastSeq+6)
	}
	if st.Backlog != st.LastSeq-st.LastConfirmedSeq || st.Online ||
		st.Pizzeria != testPizzeria || st.Epoch == "" {
		t.Errorf("sync %+v, want backlog = last_seq - last_confirmed_seq, offline", st)
	}

	// The order is found by status, and its customer by phone.
	resp = env.as(t, pizzaiolo, "GET", "/api/v1/orders?status=delivered", nil)
	resp.wantStatus(t, http.StatusOK)
	var delivered []edge.Order
	resp.decode(t, &delivered)
	if len(delivered) != 1 || delivered[0].ID != o.ID {
		t.Errorf("delivered orders %+v, want only %s", delivered, o.ID)
	}
}

func TestStockMissing(t *testing.T) {
	env := newEnv(t)
	env.setStock(t, "pate", 1)
	before := env.state(t)

	twoPizzas := newOrder(edge.FulfilmentPickup, line("margherita", 2))
	resp := env.as(t, taker, "POST", "/api/v1/orders", twoPizzas)
	resp.wantError(t, http.StatusConflict, edge.ECONFLICT)
	var body apiError
	resp.decode(t, &body)
	if !strings.Contains(body.Error.Message, "Margherita") {
		t.Errorf("message %q does not name the product", body.Error.Message)
	}
	env.wantUnchanged(t, before, "an order short of stock")
	if got := env.onHand(t)["pate"]; got != 1 {
		t.Errorf("pâte on hand %d after a refused order, want 1", got)
	}

	// One can still be made.
	env.as(t, taker, "POST", "/api/v1/orders", newOrder(edge.FulfilmentPickup, line("margherita", 1))).
		wantStatus(t, http.StatusCreated)

	// A product switched off is refused with its name.
	env.as(t, manager, "PUT", "/api/v1/products/reine/availability", map[string]bool{"available": false}).
		wantStatus(t, http.StatusOK)
	before = env.state(t)
	resp = env.as(t, taker, "POST", "/api/v1/orders", newOrder(edge.FulfilmentPickup, line("reine", 1)))
	resp.wantError(t, http.StatusConflict, edge.ECONFLICT)
	resp.decode(t, &body)
	if !strings.Contains(body.Error.Message, "Reine") {
		t.Errorf("message %q does not name the product", body.Error.Message)
	}
	env.wantUnchanged(t, before, "an order of a product switched off")
}

// TestStatusMachine checks moves refused for the status (409) or for the
// role (403) over HTTP, each leaving the order as it was.
func TestStatusMachine(t *testing.T) {
	env := newEnv(t)
	delivery, pickup := edge.FulfilmentDelivery, edge.FulfilmentPickup
	cases := []struct {
		from       edge.Status
		fulfilment edge.Fulfilment
		role       edge.Role
		to         edge.Status
		status     int
	}{
		{edge.StatusPlaced, delivery, pizzaiolo, edge.StatusPreparing, http.StatusConflict},
		{edge.StatusPlaced, delivery, pizzaiolo, edge.StatusAccepted, http.StatusForbidden},
		{edge.StatusPlaced, delivery, driver, edge.StatusRejected, http.StatusForbidden},
		{edge.StatusAccepted, delivery, pizzaiolo, edge.StatusReady, http.StatusConflict},
		{edge.StatusAccepted, delivery, driver, edge.StatusDelivered, http.StatusConflict},
		{edge.StatusAccepted, delivery, manager, edge.StatusAccepted, http.StatusConflict},
		{edge.StatusAccepted, delivery, taker, edge.StatusPreparing, http.StatusForbidden},
		{edge.StatusAccepted, delivery, driver, edge.StatusPreparing, http.StatusForbidden},
		{edge.StatusAccepted, delivery, pizzaiolo, edge.StatusCancelled, http.StatusForbidden},
		{edge.StatusAccepted, delivery, headOffice, edge.StatusPreparing, http.StatusForbidden},
		{edge.StatusAccepted, delivery, ops, edge.StatusCancelled, http.StatusForbidden},
		{edge.StatusPreparing, delivery, driver, edge.StatusReady, http.StatusForbidden},
		{edge.StatusPreparing, delivery, manager, edge.StatusCancelled, http.StatusConflict},
		{edge.StatusReady, delivery, pizzaiolo, edge.StatusOutForDelivery, http.StatusForbidden},
		{edge.StatusReady, delivery, taker, edge.StatusPickedUp, http.StatusConflict},
		{edge.StatusReady, pickup, manager, edge.StatusOutForDelivery, http.StatusConflict},
		{edge.StatusReady, pickup, driver, edge.StatusPickedUp, http.StatusForbidden},
		{edge.StatusOutForDelivery, delivery, taker, edge.StatusDelivered, http.StatusForbidden},
		{edge.StatusOutForDelivery, delivery, manager, edge.StatusReady, http.StatusConflict},
		{edge.StatusDelivered, delivery, manager, edge.StatusCancelled, http.StatusConflict},
		{edge.StatusPickedUp, pickup, manager, edge.StatusPreparing, http.StatusConflict},
		{edge.StatusRejected, delivery, manager, edge.StatusAccepted, http.StatusConflict},
		{edge.StatusCancelled, delivery, manager, edge.StatusAccepted, http.StatusConflict},
	}
	for _, c := range cases {
		name := fmt.Sprintf("%s→%s by %s (%s)", c.from, c.to, c.role, c.fulfilment)
		t.Run(name, func(t *testing.T) {
			o := env.orderIn(t, c.from, c.fulfilment)
			before := env.state(t)
			resp := env.as(t, c.role, "POST", "/api/v1/orders/"+o.ID+"/transitions",
				edge.TransitionRequest{To: c.to, Reason: "essai"})
			code := edge.ECONFLICT
			if c.status == http.StatusForbidden {
				code = edge.EFORBIDDEN
			}
			resp.wantError(t, c.status, code)
			env.wantUnchanged(t, before, name)
			if got := env.as(t, manager, "GET", "/api/v1/orders/"+o.ID, nil).order(t); got.Status != c.from {
				t.Errorf("order is %s after a refused move, want %s", got.Status, c.from)
			}
		})
	}
}

func TestWebOrderAcceptance(t *testing.T) {
	env := newEnv(t)
	recipes := env.recipes(t)

	t.Run("accepted by the order taker takes stock", func(t *testing.T) {
		stock := env.onHand(t)
		o := env.receiveOrder(t, edge.FulfilmentDelivery, line("reine", 2))
		if got := env.onHand(t); !sameStock(got, stock) {
			t.Error("a placed order took stock before it was accepted")
		}
		accepted := env.move(t, taker, o.ID, edge.StatusAccepted, "")
		if n := len(accepted.History); n != 2 || accepted.History[1].By != "order_taker" {
			t.Errorf("history %+v, want placed then accepted by order_taker", accepted.History)
		}
		after := env.onHand(t)
		for _, item := range recipes["reine"] {
			if taken := stock[item.IngredientID] - after[item.IngredientID]; taken != 2*item.Quantity {
				t.Errorf("accepting took %d of %s, want %d", taken, item.IngredientID, 2*item.Quantity)
			}
		}

		// Cancelled before preparation, it gives its stock back.
		env.move(t, taker, o.ID, edge.StatusCancelled, "")
		if got := env.onHand(t); !sameStock(got, stock) {
			t.Error("a cancelled order kept its stock")
		}
	})

	t.Run("rejected needs a reason", func(t *testing.T) {
		stock := env.onHand(t)
		o := env.receiveOrder(t, edge.FulfilmentPickup, line("calzone", 1))
		before := env.state(t)
		resp := env.as(t, taker, "POST", "/api/v1/orders/"+o.ID+"/transitions",
			map[string]string{"to": "rejected"})
		if field := resp.wantError(t, http.StatusUnprocessableEntity, edge.EINVALID); field != "reason" {
			t.Errorf("field %q, want reason", field)
		}
		env.wantUnchanged(t, before, "a rejection without reason")

		rejected := env.move(t, taker, o.ID, edge.StatusRejected, "  four en panne  ")
		if h := rejected.History[len(rejected.History)-1]; h.Reason != "four en panne" {
			t.Errorf("rejection reason %q, want it trimmed", h.Reason)
		}
		if got := env.onHand(t); !sameStock(got, stock) {
			t.Error("a rejected order took stock")
		}
	})

	t.Run("accepting short of stock is refused", func(t *testing.T) {
		o := env.receiveOrder(t, edge.FulfilmentPickup, line("calzone", 3))
		env.setStock(t, "oeuf", 2)
		before := env.state(t)
		resp := env.as(t, taker, "POST", "/api/v1/orders/"+o.ID+"/transitions",
			map[string]string{"to": "accepted"})
		resp.wantError(t, http.StatusConflict, edge.ECONFLICT)
		env.wantUnchanged(t, before, "an acceptance short of stock")
	})
}

func sameStock(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestQueryValidation(t *testing.T) {
	env := newEnv(t)
	env.createOrder(t, edge.FulfilmentDelivery)

	invalid := []struct{ path, field string }{
		{"/api/v1/orders?status=bogus", "status"},
		{"/api/v1/orders?open=maybe", "open"},
		{"/api/v1/orders?limit=0", "limit"},
		{"/api/v1/orders?limit=1001", "limit"},
		{"/api/v1/orders?limit=ten", "limit"},
		{"/api/v1/orders?date=2025-13-01", "date"},
		{"/api/v1/customers", "phone"},
		{"/api/v1/customers?phone=", "phone"},
		{"/api/v1/customers?phone=abc", "phone"},
		{"/api/v1/customers?phone=123", "phone"},
		{"/api/v1/stock/movements?limit=-1", "limit"},
		{"/api/v1/stock/movements?limit=1001", "limit"},
		{"/api/v1/stock/movements?limit=1.5", "limit"},
	}
	for _, c := range invalid {
		t.Run(c.path, func(t *testing.T) {
			resp := env.as(t, manager, "GET", c.path, nil)
			if field := resp.wantError(t, http.StatusUnprocessableEntity, edge.EINVALID); field != c.field {
				t.Errorf("field %q, want %q", field, c.field)
			}
		})
	}

	t.Run("filters", func(t *testing.T) {
		for path, want := range map[string]int{
			"/api/v1/orders?status=accepted": 1,
			"/api/v1/orders?status=ready":    0,
			"/api/v1/orders?open=true":       1,
			"/api/v1/orders?limit=1":         1,
		} {
			resp := env.as(t, manager, "GET", path, nil)
			resp.wantStatus(t, http.StatusOK)
			var orders []edge.Order
			resp.decode(t, &orders)
			if len(orders) != want {
				t.Errorf("%s: %d orders, want %d", path, len(orders), want)
			}
		}
	})

	t.Run("known phone", func(t *testing.T) {
		resp := env.as(t, taker, "GET", "/api/v1/customers?phone="+url.QueryEscape("06.12.34.56.78"), nil)
		resp.wantStatus(t, http.StatusOK)
		var customers []edge.KnownCustomer
		resp.decode(t, &customers)
		if len(customers) != 1 || customers[0].Name != testCustomer.Name ||
			len(customers[0].Addresses) != 1 || customers[0].Addresses[0] != testCustomer.Address {
			t.Errorf("customers %+v, want %s at %s", customers, testCustomer.Name, testCustomer.Address)
		}
	})

	t.Run("unknown phone", func(t *testing.T) {
		resp := env.as(t, taker, "GET", "/api/v1/customers?phone=0700000000", nil)
		resp.wantStatus(t, http.StatusOK)
		if body := strings.TrimSpace(string(resp.Body)); body != "[]" {
			t.Errorf("unknown phone gives %s, want []", body)
		}
	})
}

// TestOrderListDates checks that the order list shows today's orders by
// default, another day's when asked by date, and the open orders of every
// day with open=true.
func TestOrderListDates(t *testing.T) {
	env := newEnv(t)

	// Two orders taken two days ago, one of them cancelled since, then one
	// taken today.
	twoDaysAgo := time.Now().Add(-48 * time.Hour)
	env.DB.Now = func() time.Time { return twoDaysAgo }
	old := make([]*edge.Order, 2)
	for i := range old {
		o, err := env.DB.CreateOrder(t.Context(), env.Users[manager],
			newOrder(edge.FulfilmentPickup, line("margherita", 1)))
		if err != nil {
			t.Fatalf("create an order two days ago: %v", err)
		}
		old[i] = o
	}
	env.DB.Now = time.Now
	oldOpen := old[0]
	oldCancelled := env.move(t, manager, old[1].ID, edge.StatusCancelled, "")
	today := env.createOrder(t, edge.FulfilmentPickup)
	oldDate := edge.BusinessDate(twoDaysAgo)
	if oldOpen.BusinessDate != oldDate || oldCancelled.BusinessDate != oldDate ||
		today.BusinessDate != edge.BusinessDate(time.Now()) {
		t.Fatalf("business dates %s, %s and %s, want %s, %s and today",
			oldOpen.BusinessDate, oldCancelled.BusinessDate, today.BusinessDate, oldDate, oldDate)
	}

	cases := []struct {
		query string
		want  []*edge.Order
	}{
		{"", []*edge.Order{today}},
		{"?open=false", []*edge.Order{today}},
		{"?status=cancelled", nil},
		{"?date=" + oldDate, []*edge.Order{oldOpen, oldCancelled}},
		{"?date=" + oldDate + "&status=cancelled", []*edge.Order{oldCancelled}},
		{"?open=true", []*edge.Order{oldOpen, today}},
		{"?open=true&date=" + oldDate, []*edge.Order{oldOpen}},
		{"?open=true&status=accepted", []*edge.Order{oldOpen, today}},
		{"?date=2000-01-01", nil},
	}
	for _, c := range cases {
		t.Run(c.query, func(t *testing.T) {
			resp := env.as(t, pizzaiolo, "GET", "/api/v1/orders"+c.query, nil)
			resp.wantStatus(t, http.StatusOK)
			var orders []edge.Order
			resp.decode(t, &orders)
			var got, want []string
			for _, o := range orders {
				got = append(got, o.ID)
			}
			for _, o := range c.want {
				want = append(want, o.ID)
			}
			if !slices.Equal(got, want) {
				t.Errorf("orders %v, want %v", got, want)
			}
		})
	}
}

// TestIdempotencyKeyHeader checks the header a till may send with a new
// order: a well-formed key is taken, anything else is refused with 422
// naming the header, and nothing is written; a repeated key returns the
// first order and takes nothing more.
func TestIdempotencyKeyHeader(t *testing.T) {
	env := newEnv(t)
	order := newOrder(edge.FulfilmentPickup, line("margherita", 1))
	withKey := func(keys ...string) func(*http.Request) {
		return func(r *http.Request) {
			r.Header.Set("Authorization", "Bearer "+env.Tokens[taker])
			for _, k := range keys {
				r.Header.Add("Idempotency-Key", k)
			}
		}
	}

	bad := map[string][]string{
		"empty":           {""},
		"too long":        {strings.Repeat("k", edge.MaxKeyLen+1)},
		"not ASCII":       {"clé-1"},
		"a tab":           {"caisse\t1"},
		"given twice":     {"caisse-1", "caisse-2"},
		"empty among two": {"caisse-1", ""},
	}
	for name, keys := range bad {
		t.Run(name, func(t *testing.T) {
			before := env.state(t)
			resp := env.send(t, "POST", "/api/v1/orders", order, withKey(keys...))
			field := resp.wantError(t, http.StatusUnprocessableEntity, edge.EINVALID)
			if field != "Idempotency-Key" {
				t.Errorf("field %q, want Idempotency-Key", field)
			}
			env.wantUnchanged(t, before, "an order with a bad idempotency key")
		})
	}

	good := []string{"caisse-2-0042", "c4b1e0a6-6f0e-4a43-9d8e-2b7f3f7f2c11", "a b",
		strings.Repeat("k", edge.MaxKeyLen)}
	for _, key := range good {
		t.Run("good "+key[:min(len(key), 20)], func(t *testing.T) {
			env.send(t, "POST", "/api/v1/orders", order, withKey(key)).wantStatus(t, http.StatusCreated)
		})
	}

	t.Run("retry", func(t *testing.T) {
		first := env.send(t, "POST", "/api/v1/orders", order, withKey("caisse-2-retry"))
		first.wantStatus(t, http.StatusCreated)
		before := env.state(t)
		again := env.send(t, "POST", "/api/v1/orders", order, withKey("caisse-2-retry"))
		again.wantStatus(t, http.StatusCreated)
		if a, b := first.order(t), again.order(t); a.ID != b.ID || a.Ticket != b.Ticket {
			t.Errorf("retry returned order %s #%d, want %s #%d", b.ID, b.Ticket, a.ID, a.Ticket)
		}
		env.wantUnchanged(t, before, "a retried order")
	})
}
