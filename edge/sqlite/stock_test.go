package sqlite_test

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
)

// What one unit of each test product takes from stock.
var (
	margheritaUse = map[string]int64{"pate": -1, "sauce-tomate": -80, "mozzarella": -120}
	reineUse      = map[string]int64{"pate": -1, "sauce-tomate": -80, "mozzarella": -110, "jambon": -60}
)

// times multiplies every quantity of use by n.
func times(n int64, use map[string]int64) map[string]int64 {
	out := map[string]int64{}
	for id, qty := range use {
		out[id] = n * qty
	}
	return out
}

func TestAcceptTakesStock(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	checkStock(t, db, ampleStock)

	// A web order arrives placed: nothing is taken yet.
	o, err := db.ReceiveOrder(t.Context(), webOrder("0190f4c2-0000-7000-8000-000000000001",
		line("margherita", 2), line("coca-cola-33cl", 1)))
	if err != nil {
		t.Fatalf("receive order: %v", err)
	}
	checkStock(t, db, ampleStock)
	ledger := len(movements(t, db))

	// Accepting it takes its recipe, one consumption per ingredient.
	transition(t, db, orderTaker, o.ID, edge.StatusAccepted)
	want := plus(plus(ampleStock, times(2, margheritaUse)), map[string]int64{"coca-cola-33cl": -1})
	checkStock(t, db, want)
	ms := movements(t, db)
	if got := len(ms) - ledger; got != 4 {
		t.Fatalf("accepting wrote %d movements, want 4 (pate, sauce, mozzarella, coca)", got)
	}
	for _, m := range ms[:4] {
		if m.Kind != edge.MovementConsumption || m.OrderID != o.ID || m.By != "lea" ||
			m.OnHandAfter != want[m.IngredientID] {
			t.Errorf("movement %+v, want a consumption of order %s by lea leaving %d",
				m, o.ID, want[m.IngredientID])
		}
	}
}

func TestCancelGivesStockBack(t *testing.T) {
	tests := []struct {
		name  string
		place func(t *testing.T, db *sqlite.DB) *edge.Order
		to    edge.Status
		taken bool // whether the order holds stock that must come back
	}{
		{"cancel accepted staff order", func(t *testing.T, db *sqlite.DB) *edge.Order {
			return createOrder(t, db, line("reine", 3), line("margherita", 1))
		}, edge.StatusCancelled, true},
		{"cancel accepted web order", func(t *testing.T, db *sqlite.DB) *edge.Order {
			o := receiveOrder(t, db, line("reine", 3), line("margherita", 1))
			return transition(t, db, manager, o.ID, edge.StatusAccepted)
		}, edge.StatusCancelled, true},
		{"cancel placed web order", func(t *testing.T, db *sqlite.DB) *edge.Order {
			return receiveOrder(t, db, line("reine", 3), line("margherita", 1))
		}, edge.StatusCancelled, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openTestDB(t)
			receive(t, db, ampleStock)
			o := tt.place(t, db)
			before := stockOf(t, db)
			ledger := len(movements(t, db))

			transition(t, db, orderTaker, o.ID, tt.to)

			// Whatever was taken comes back, exactly, as return movements.
			checkStock(t, db, ampleStock)
			ms := movements(t, db)
			if !tt.taken {
				if len(ms) != ledger {
					t.Errorf("cancelling a placed order wrote %d movements", len(ms)-ledger)
				}
				return
			}
			returned := map[string]int64{}
			for _, m := range ms[:len(ms)-ledger] {
				if m.Kind != edge.MovementReturn || m.OrderID != o.ID {
					t.Errorf("movement %+v, want a return of order %s", m, o.ID)
				}
				returned[m.IngredientID] += m.Delta
			}
			for id, qty := range ampleStock {
				if before[id]+returned[id] != qty {
					t.Errorf("%s: %d on hand + %d returned, want %d", id, before[id], returned[id], qty)
				}
			}
		})
	}
}

func TestUpdateOrderLines(t *testing.T) {
	newLines := []edge.LineCreate{line("margherita", 1), line("reine", 2), line("tiramisu", 1)}

	t.Run("accepted order moves the difference", func(t *testing.T) {
		db := openTestDB(t)
		receive(t, db, ampleStock)
		o := createOrder(t, db, line("margherita", 2), line("coca-cola-33cl", 2))
		ledger := len(movements(t, db))

		got, err := db.UpdateOrder(t.Context(), orderTaker, o.ID, edge.OrderUpdate{Lines: &newLines})
		if err != nil {
			t.Fatalf("update order: %v", err)
		}
		if want := int64(950 + 2*1150 + 550); got.TotalCents != want || len(got.Lines) != 3 {
			t.Errorf("updated order: %d lines, total %d; want 3 lines, total %d",
				len(got.Lines), got.TotalCents, want)
		}

		// The stock is what the new lines take, and nothing more.
		want := plus(plus(ampleStock, margheritaUse), times(2, reineUse))
		want["tiramisu"]--
		checkStock(t, db, want)

		// One movement per ingredient that changes, for the difference
		// only: from 2 pizzas to 3, 240 g of mozzarella to 340, no ham to
		// 120 g, a tiramisu more, and the two cokes come back.
		wantDeltas := map[string]int64{
			"pate": -1, "sauce-tomate": -80, "mozzarella": -100, "jambon": -120, "tiramisu": -1,
			"coca-cola-33cl": 2,
		}
		ms := movements(t, db)
		if len(ms)-ledger != len(wantDeltas) {
			t.Errorf("the update wrote %d movements, want %d", len(ms)-ledger, len(wantDeltas))
		}
		deltas := map[string]int64{}
		for _, m := range ms[:len(ms)-ledger] {
			deltas[m.IngredientID] += m.Delta
			if (m.Delta < 0) != (m.Kind == edge.MovementConsumption) || m.OrderID != o.ID {
				t.Errorf("movement %+v: kind does not match its sign or order", m)
			}
		}
		if asJSON(t, deltas) != asJSON(t, wantDeltas) {
			t.Errorf("movements of the update = %v, want %v", deltas, wantDeltas)
		}
	})

	t.Run("placed order does not touch stock", func(t *testing.T) {
		db := openTestDB(t)
		receive(t, db, ampleStock)
		o := receiveOrder(t, db, line("margherita", 2))
		got, err := db.UpdateOrder(t.Context(), orderTaker, o.ID, edge.OrderUpdate{Lines: &newLines})
		if err != nil {
			t.Fatalf("update order: %v", err)
		}
		if len(got.Lines) != 3 {
			t.Errorf("updated order has %d lines, want 3", len(got.Lines))
		}
		checkStock(t, db, ampleStock)

		// Accepting it later takes the new lines.
		transition(t, db, orderTaker, o.ID, edge.StatusAccepted)
		want := plus(plus(ampleStock, margheritaUse), times(2, reineUse))
		want["tiramisu"]--
		checkStock(t, db, want)
	})

	t.Run("refused once preparing or short of stock, and nothing changes", func(t *testing.T) {
		db := openTestDB(t)
		receive(t, db, ampleStock)
		preparing := createOrder(t, db, line("margherita", 2))
		transition(t, db, pizzaiolo, preparing.ID, edge.StatusPreparing)
		accepted := createOrder(t, db, line("margherita", 1))
		address := "10 rue Neuve"
		tooMany := []edge.LineCreate{line("tiramisu", 21)}

		tests := []struct {
			id   string
			upd  edge.OrderUpdate
			want string
		}{
			{preparing.ID, edge.OrderUpdate{Lines: &newLines}, edge.ECONFLICT},
			{preparing.ID, edge.OrderUpdate{Address: &address}, edge.ECONFLICT},
			{accepted.ID, edge.OrderUpdate{Lines: &tooMany}, edge.ECONFLICT},
			{accepted.ID, edge.OrderUpdate{}, edge.EINVALID},
			{"unknown", edge.OrderUpdate{Address: &address}, edge.ENOTFOUND},
		}
		for _, tt := range tests {
			stock, seq := stockOf(t, db), lastSeq(t, db)
			before, err := db.FindOrders(t.Context(), edge.OrderFilter{})
			if err != nil {
				t.Fatalf("find orders: %v", err)
			}
			_, err = db.UpdateOrder(t.Context(), orderTaker, tt.id, tt.upd)
			wantCode(t, err, tt.want)
			after, err := db.FindOrders(t.Context(), edge.OrderFilter{})
			if err != nil {
				t.Fatalf("find orders: %v", err)
			}
			if asJSON(t, after) != asJSON(t, before) {
				t.Errorf("a refused update changed the orders")
			}
			checkStock(t, db, stock)
			if lastSeq(t, db) != seq {
				t.Errorf("a refused update wrote an event")
			}
		}
	})
}

func TestUpdateOrderAddress(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	o := createOrder(t, db, line("margherita", 1))

	address := "  10 rue Neuve, 75011 Paris "
	got, err := db.UpdateOrder(t.Context(), orderTaker, o.ID, edge.OrderUpdate{Address: &address})
	if err != nil {
		t.Fatalf("update order: %v", err)
	}
	if got.Customer.Address != "10 rue Neuve, 75011 Paris" || got.Version != 2 {
		t.Errorf("address %q version %d, want the trimmed address at version 2", got.Customer.Address,
			got.Version)
	}
	found, _ := db.FindOrderByID(t.Context(), o.ID)
	if found.Customer.Address != "10 rue Neuve, 75011 Paris" || len(found.Lines) != 1 {
		t.Errorf("stored order: address %q, %d lines", found.Customer.Address, len(found.Lines))
	}

	// A delivery cannot lose its address.
	empty := " "
	_, err = db.UpdateOrder(t.Context(), orderTaker, o.ID, edge.OrderUpdate{Address: &empty})
	wantCode(t, err, edge.EINVALID)
}

func TestRecordMovement(t *testing.T) {
	db := openTestDB(t)
	stock := map[string]int64{}
	checkStock(t, db, stock)

	tests := []struct {
		name   string
		m      edge.MovementCreate
		want   string           // error code
		change map[string]int64 // on success
	}{
		{"receipt of dough", edge.MovementCreate{IngredientID: "pate", Kind: edge.MovementReceipt, Quantity: 12},
			"", map[string]int64{"pate": 12}},
		{"receipt of cheese", edge.MovementCreate{IngredientID: "mozzarella", Kind: edge.MovementReceipt,
			Quantity: 1000}, "", map[string]int64{"mozzarella": 1000}},
		{"receipt of sauce", edge.MovementCreate{IngredientID: "sauce-tomate", Kind: edge.MovementReceipt,
			Quantity: 5000}, "", map[string]int64{"sauce-tomate": 5000}},
		{"waste of cheese", edge.MovementCreate{IngredientID: "mozzarella", Kind: edge.MovementWaste,
			Quantity: 250, Note: "moisie"}, "", map[string]int64{"mozzarella": -250}},
		{"count finds less dough", edge.MovementCreate{IngredientID: "pate", Kind: edge.MovementAdjustment,
			Quantity: -4}, "", map[string]int64{"pate": -4}},
		{"count finds more sauce", edge.MovementCreate{IngredientID: "sauce-tomate", Kind: edge.MovementAdjustment,
			Quantity: 40}, "", map[string]int64{"sauce-tomate": 40}},
		{"waste beyond stock", edge.MovementCreate{IngredientID: "pate", Kind: edge.MovementWaste, Quantity: 9},
			edge.ECONFLICT, nil},
		{"adjustment beyond stock", edge.MovementCreate{IngredientID: "jambon", Kind: edge.MovementAdjustment,
			Quantity: -1}, edge.ECONFLICT, nil},
		{"waste of all the dough", edge.MovementCreate{IngredientID: "pate", Kind: edge.MovementWaste, Quantity: 8},
			"", map[string]int64{"pate": -8}},
		{"unknown ingredient", edge.MovementCreate{IngredientID: "truffe", Kind: edge.MovementReceipt, Quantity: 1},
			edge.EINVALID, nil},
		{"consumption is for orders", edge.MovementCreate{IngredientID: "pate", Kind: edge.MovementConsumption,
			Quantity: 1}, edge.EINVALID, nil},
	}
	for _, tt := range tests {
		seq := lastSeq(t, db)
		m, err := db.RecordMovement(t.Context(), manager, tt.m)
		if code := edge.ErrorCode(err); code != tt.want {
			t.Fatalf("%s: %v (code %q), want code %q", tt.name, err, code, tt.want)
		}
		if tt.want == "" {
			stock = plus(stock, tt.change)
			if m.OnHandAfter != stock[tt.m.IngredientID] || m.By != "claire" || m.Note != tt.m.Note {
				t.Errorf("%s: movement %+v, want on hand after %d by claire", tt.name, m,
					stock[tt.m.IngredientID])
			}
			if lastSeq(t, db) != seq+1 {
				t.Errorf("%s: wrote %d events, want 1", tt.name, lastSeq(t, db)-seq)
			}
		} else if lastSeq(t, db) != seq {
			t.Errorf("%s: refused movement wrote an event", tt.name)
		}
		checkStock(t, db, stock)
	}

	// The refusal of waste beyond stock says how much there is.
	_, err := db.RecordMovement(t.Context(), manager,
		edge.MovementCreate{IngredientID: "mozzarella", Kind: edge.MovementWaste, Quantity: 751})
	if msg := edge.ErrorMessage(err); !strings.Contains(msg, "Mozzarella") || !strings.Contains(msg, "750") {
		t.Errorf("refusal %q does not name the ingredient and its stock", msg)
	}

	// The ledger, newest first, filtered by ingredient.
	pate := "pate"
	ms, err := db.FindMovements(t.Context(), edge.MovementFilter{IngredientID: &pate})
	if err != nil {
		t.Fatalf("find movements: %v", err)
	}
	var deltas []int64
	for _, m := range ms {
		deltas = append(deltas, m.Delta)
	}
	if asJSON(t, deltas) != asJSON(t, []int64{-8, -4, 12}) {
		t.Errorf("dough ledger deltas = %v, want [-8 -4 12]", deltas)
	}
	if ms, _ := db.FindMovements(t.Context(), edge.MovementFilter{Limit: 2}); len(ms) != 2 {
		t.Errorf("limit 2 gave %d movements", len(ms))
	}
}

func TestLowStock(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, map[string]int64{"pate": 21, "coca-cola-33cl": 24})
	low := map[string]bool{}
	ingredients, err := db.FindIngredients(t.Context())
	if err != nil {
		t.Fatalf("find ingredients: %v", err)
	}
	for _, i := range ingredients {
		low[i.ID] = i.Low
	}
	// Dough above its threshold of 20, coke at its threshold of 24.
	if low["pate"] || !low["coca-cola-33cl"] || !low["jambon"] {
		t.Errorf("low = %v, want pate not low, coca-cola-33cl and jambon low", low)
	}
}

// receiveOrder receives a web order of the lines with a fresh id.
func receiveOrder(tb testing.TB, db *sqlite.DB, lines ...edge.LineCreate) *edge.Order {
	tb.Helper()
	o, err := db.ReceiveOrder(tb.Context(), webOrder(uuid.Must(uuid.NewV7()).String(), lines...))
	if err != nil {
		tb.Fatalf("receive order: %v", err)
	}
	return o
}
