package sqlite_test

import (
	"database/sql"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
)

// testPizzeria is the pizzeria id of every test database.
const testPizzeria = "test-pizzeria"

// testNow is the instant test databases start at: a winter noon in Paris.
var testNow = time.Date(2026, time.January, 15, 11, 0, 0, 0, time.UTC)

// The staff who act in the tests. They need no account: the storage only
// records their username and checks their role.
var (
	orderTaker = &edge.User{Username: "lea", Role: edge.RoleOrderTaker}
	pizzaiolo  = &edge.User{Username: "marco", Role: edge.RolePizzaiolo}
	driver     = &edge.User{Username: "sami", Role: edge.RoleDriver}
	manager    = &edge.User{Username: "claire", Role: edge.RoleManager}
)

// openTestDB opens a new database in a temporary directory with the small
// test catalog imported and no stock, on a clock fixed at testNow.
func openTestDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	db := openDBAt(tb, filepath.Join(tb.TempDir(), "edge.db"))
	setClock(db, testNow)
	if err := db.ImportCatalog(tb.Context(), testCatalog()); err != nil {
		tb.Fatalf("import catalog: %v", err)
	}
	return db
}

// openDBAt opens the database file at path for the test pizzeria and
// closes it when the test ends.
func openDBAt(tb testing.TB, path string) *sqlite.DB {
	tb.Helper()
	db := sqlite.NewDB(path, testPizzeria)
	if err := db.Open(tb.Context()); err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	tb.Cleanup(func() {
		if err := db.Close(); err != nil {
			tb.Errorf("close: %v", err)
		}
	})
	return db
}

// testCatalog is a small catalog with the ids of the demo catalog: two
// pizzas sharing their dough, a drink and a dessert that are their own
// stock.
func testCatalog() *syncproto.Catalog {
	return &syncproto.Catalog{
		Version: 1,
		Categories: []syncproto.CatalogCategory{
			{ID: "pizza", Name: "Pizzas"},
			{ID: "drink", Name: "Boissons"},
			{ID: "dessert", Name: "Desserts"},
		},
		Ingredients: []syncproto.CatalogIngredient{
			{ID: "pate", Name: "Pâton", Unit: "piece", LowThreshold: 20},
			{ID: "sauce-tomate", Name: "Sauce tomate", Unit: "ml", LowThreshold: 2000},
			{ID: "mozzarella", Name: "Mozzarella", Unit: "g", LowThreshold: 2000},
			{ID: "jambon", Name: "Jambon blanc", Unit: "g", LowThreshold: 1000},
			{ID: "coca-cola-33cl", Name: "Coca-Cola 33 cl", Unit: "piece", LowThreshold: 24},
			{ID: "tiramisu", Name: "Tiramisu", Unit: "piece", LowThreshold: 5},
		},
		Products: []syncproto.CatalogProduct{
			{ID: "margherita", Name: "Margherita", Category: "pizza", PriceCents: 950,
				Recipe: []syncproto.CatalogRecipeItem{
					{IngredientID: "pate", Quantity: 1},
					{IngredientID: "sauce-tomate", Quantity: 80},
					{IngredientID: "mozzarella", Quantity: 120},
				}},
			{ID: "reine", Name: "Reine", Category: "pizza", PriceCents: 1150,
				Recipe: []syncproto.CatalogRecipeItem{
					{IngredientID: "pate", Quantity: 1},
					{IngredientID: "sauce-tomate", Quantity: 80},
					{IngredientID: "mozzarella", Quantity: 110},
					{IngredientID: "jambon", Quantity: 60},
				}},
			{ID: "coca-cola-33cl", Name: "Coca-Cola 33 cl", Category: "drink", PriceCents: 350,
				Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "coca-cola-33cl", Quantity: 1}}},
			{ID: "tiramisu", Name: "Tiramisu", Category: "dessert", PriceCents: 550,
				Recipe: []syncproto.CatalogRecipeItem{{IngredientID: "tiramisu", Quantity: 1}}},
		},
	}
}

// ampleStock is enough of every test ingredient for any test's orders.
var ampleStock = map[string]int64{
	"pate": 100, "sauce-tomate": 20_000, "mozzarella": 30_000, "jambon": 10_000,
	"coca-cola-33cl": 48, "tiramisu": 20,
}

// receive records a supplier receipt of each quantity.
func receive(tb testing.TB, db *sqlite.DB, quantities map[string]int64) {
	tb.Helper()
	ids := make([]string, 0, len(quantities))
	for id := range quantities {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		_, err := db.RecordMovement(tb.Context(), manager, edge.MovementCreate{
			IngredientID: id, Kind: edge.MovementReceipt, Quantity: quantities[id],
		})
		if err != nil {
			tb.Fatalf("receive %d %s: %v", quantities[id], id, err)
		}
	}
}

// stockOf returns the stock on hand of every ingredient.
func stockOf(tb testing.TB, db *sqlite.DB) map[string]int64 {
	tb.Helper()
	ingredients, err := db.FindIngredients(tb.Context())
	if err != nil {
		tb.Fatalf("find ingredients: %v", err)
	}
	onHand := map[string]int64{}
	for _, i := range ingredients {
		onHand[i.ID] = i.OnHand
	}
	return onHand
}

// checkStock fails the test unless the stock on hand is want, and unless
// every product's makeable count is what the stock allows, worked out here
// from the ingredients as min(floor(on hand / quantity)).
func checkStock(tb testing.TB, db *sqlite.DB, want map[string]int64) {
	tb.Helper()
	onHand := stockOf(tb, db)
	for id, qty := range onHand {
		if qty != want[id] {
			tb.Errorf("on hand of %s = %d, want %d", id, qty, want[id])
		}
	}
	products, err := db.FindProducts(tb.Context())
	if err != nil {
		tb.Fatalf("find products: %v", err)
	}
	for _, p := range products {
		var can int64 = -1
		for _, item := range p.Recipe {
			n := onHand[item.IngredientID] / item.Quantity
			if can < 0 || n < can {
				can = n
			}
		}
		if p.Makeable != can {
			tb.Errorf("makeable %s = %d, want %d from the stock", p.ID, p.Makeable, can)
		}
	}
}

// plus returns a copy of stock with the deltas added.
func plus(stock map[string]int64, deltas map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(stock))
	for id, qty := range stock {
		out[id] = qty
	}
	for id, d := range deltas {
		out[id] += d
	}
	return out
}

// testClock is a clock that tests move by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

// setClock gives db a clock stopped at t and returns it.
func setClock(db *sqlite.DB, t time.Time) *testClock {
	c := &testClock{now: t}
	db.Now = c.Now
	return c
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// phoneOrder returns a phone order for delivery, paid in cash, of the
// given lines.
func phoneOrder(lines ...edge.LineCreate) edge.OrderCreate {
	return edge.OrderCreate{
		Channel:       edge.ChannelPhone,
		Fulfilment:    edge.FulfilmentDelivery,
		PaymentMethod: edge.PaymentCash,
		Customer: edge.Customer{
			Name: "Mme Durand", Phone: "06 12 34 56 78", Address: "3 rue des Lilas, 75011 Paris",
		},
		Lines: lines,
	}
}

// line is one line of qty of a product.
func line(productID string, qty int64) edge.LineCreate {
	return edge.LineCreate{ProductID: productID, Quantity: qty}
}

// createOrder takes a phone order of the lines and fails the test if it is
// refused.
func createOrder(tb testing.TB, db *sqlite.DB, lines ...edge.LineCreate) *edge.Order {
	tb.Helper()
	o, err := db.CreateOrder(tb.Context(), orderTaker, phoneOrder(lines...))
	if err != nil {
		tb.Fatalf("create order: %v", err)
	}
	return o
}

// webOrder returns a web order for pickup, paid online, of the lines.
func webOrder(id string, lines ...edge.LineCreate) edge.OrderReceive {
	return edge.OrderReceive{
		ID: id, Fulfilment: edge.FulfilmentPickup,
		Customer:      edge.Customer{Name: "Ana Lopez", Phone: "07 11 22 33 44"},
		Lines:         lines,
		PaymentMethod: edge.PaymentOnline, PaymentStatus: edge.PaymentPaid,
	}
}

// transition moves an order to status to as actor, failing the test if it
// is refused.
func transition(tb testing.TB, db *sqlite.DB, actor *edge.User, id string, to edge.Status) *edge.Order {
	tb.Helper()
	o, err := db.TransitionOrder(tb.Context(), actor, id, edge.TransitionRequest{To: to})
	if err != nil {
		tb.Fatalf("%s moves order to %s: %v", actor.Username, to, err)
	}
	if o.Status != to {
		tb.Fatalf("order status = %s, want %s", o.Status, to)
	}
	return o
}

// outbox returns every event of the outbox, in order.
func outbox(tb testing.TB, db *sqlite.DB) []*syncproto.Event {
	tb.Helper()
	events, err := db.FindOutboxEvents(tb.Context(), 0, 10000)
	if err != nil {
		tb.Fatalf("find outbox events: %v", err)
	}
	return events
}

// lastSeq returns the sequence of the last event written.
func lastSeq(tb testing.TB, db *sqlite.DB) int64 {
	tb.Helper()
	s, err := db.SyncStatus(tb.Context())
	if err != nil {
		tb.Fatalf("sync status: %v", err)
	}
	return s.LastSeq
}

// movements returns the whole stock ledger, newest first.
func movements(tb testing.TB, db *sqlite.DB) []*edge.Movement {
	tb.Helper()
	ms, err := db.FindMovements(tb.Context(), edge.MovementFilter{Limit: 1000})
	if err != nil {
		tb.Fatalf("find movements: %v", err)
	}
	return ms
}

// wantCode fails the test unless err carries the application error code.
func wantCode(tb testing.TB, err error, code string) {
	tb.Helper()
	if got := edge.ErrorCode(err); got != code {
		tb.Fatalf("error = %v (code %q), want code %q", err, got, code)
	}
}

// rawConn opens a connection of its own to a database file, with the
// package's pragmas, closed when the test ends.
func rawConn(tb testing.TB, path string) *sql.DB {
	tb.Helper()
	conn, err := sql.Open("sqlite", sqlite.DSN(path, false))
	if err != nil {
		tb.Fatalf("open raw connection: %v", err)
	}
	tb.Cleanup(func() { conn.Close() })
	return conn
}
