package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto"
)

// syncStart is the time the sync tests' clock starts at.
var syncStart = time.Date(2026, 12, 3, 11, 0, 0, 0, time.UTC)

// syncClock is central's clock in the sync tests, moved by hand.
type syncClock struct{ now time.Time }

func (c *syncClock) Now() time.Time { return c.now }

// openSyncDB returns a database with the pizzerias given registered and
// a clock at syncStart.
func openSyncDB(tb testing.TB, pizzerias ...string) (*postgres.DB, *syncClock) {
	tb.Helper()
	db := pgtest.Open(tb)
	clock := &syncClock{now: syncStart}
	db.Now = clock.Now
	for _, id := range pizzerias {
		p := &central.Pizzeria{ID: id, Name: "Pizzeria " + id, Postcodes: []string{"75011"}}
		if err := db.CreatePizzeria(context.Background(), p); err != nil {
			tb.Fatalf("create pizzeria %s: %v", id, err)
		}
	}
	return db, clock
}

// outbox makes the events of one pizzeria's epoch the way the edge does:
// sequences from 1 without gaps, a new UUID each, times a second apart.
type outbox struct {
	tb       testing.TB
	pizzeria string
	epoch    string
	seq      int64
}

func newOutbox(tb testing.TB, pizzeria, epoch string) *outbox {
	return &outbox{tb: tb, pizzeria: pizzeria, epoch: epoch}
}

// event returns the next event of the outbox with the payload given.
func (o *outbox) event(eventType string, payload any) *syncproto.Event {
	o.tb.Helper()
	body, err := json.Marshal(payload)
	if err != nil {
		o.tb.Fatal(err)
	}
	return o.raw(eventType, string(body))
}

// raw returns the next event with a payload taken as it is.
func (o *outbox) raw(eventType string, payload string) *syncproto.Event {
	o.seq++
	return &syncproto.Event{
		ID:            newUUID(),
		Pizzeria:      o.pizzeria,
		Epoch:         o.epoch,
		Seq:           o.seq,
		Type:          eventType,
		SchemaVersion: syncproto.SchemaVersions[eventType],
		OccurredAt:    syncStart.Add(time.Duration(o.seq) * time.Second),
		Payload:       json.RawMessage(payload),
	}
}

// order returns the next event of an order change.
func (o *outbox) order(eventType string, order syncproto.Order,
	movements ...syncproto.StockMovement) *syncproto.Event {
	o.tb.Helper()
	return o.event(eventType, syncproto.OrderPayload{Order: order, Movements: movements})
}

// stock returns the next stock.moved event.
func (o *outbox) stock(m syncproto.StockMovement) *syncproto.Event {
	o.tb.Helper()
	return o.event(syncproto.EventStockMoved, syncproto.StockPayload{Movement: m})
}

// receipt is the next event of a new outbox: a delivery of dough.
func receipt(tb testing.TB, pizzeria, epoch string) *syncproto.Event {
	tb.Helper()
	return newOutbox(tb, pizzeria, epoch).stock(movement("pate", "receipt", 5, 5, ""))
}

// received is an event as the ingest hands it over: encoded, sent on its
// pizzeria's subject and decoded by syncproto.
func received(tb testing.TB, e *syncproto.Event) central.Received {
	tb.Helper()
	data, err := syncproto.Encode(e)
	if err != nil {
		tb.Fatal(err)
	}
	r := central.Received{Subject: syncproto.UpSubject(e.Pizzeria), Pizzeria: e.Pizzeria, Data: data}
	if r.Event, r.Err = syncproto.DecodeEvent(data, e.Pizzeria); r.Err != nil {
		tb.Fatalf("decode event %d: %v", e.Seq, r.Err)
	}
	return r
}

// batchOf turns events into a batch.
func batchOf(tb testing.TB, events ...*syncproto.Event) []central.Received {
	tb.Helper()
	batch := make([]central.Received, len(events))
	for i, e := range events {
		batch[i] = received(tb, e)
	}
	return batch
}

// apply applies a batch and fails the test on error.
func apply(tb testing.TB, db *postgres.DB, batch ...central.Received) central.BatchResult {
	tb.Helper()
	res, err := db.ApplyBatch(context.Background(), batch)
	if err != nil {
		tb.Fatalf("apply batch: %v", err)
	}
	return res
}

// wantResult compares a batch result with the one expected.
func wantResult(tb testing.TB, got, want central.BatchResult) {
	tb.Helper()
	if got != want {
		tb.Fatalf("batch result = %+v, want %+v", got, want)
	}
}

var uuidCount atomic.Uint64

// newUUID returns a random version 7 style UUID, time-ordered by a
// counter like the edge's so that inserts stay at the end of indexes.
func newUUID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	n := uuidCount.Add(1)
	for i := range 6 {
		b[5-i] = byte(n >> (8 * i))
	}
	b[6] = b[6]&0x0f | 0x70
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:16])
}

// testOrder is an order of two lines taken at the counter.
func testOrder(id string, version int64, status string) syncproto.Order {
	return syncproto.Order{
		ID: id, Ticket: 7, BusinessDate: "2026-12-03", Channel: "counter", Fulfilment: "pickup",
		Status: status, CustomerName: "Léa Martin", CustomerPhone: "0612345678",
		Lines: []syncproto.OrderLine{
			{ProductID: "margherita", ProductName: "Margherita", Quantity: 2, UnitPriceCents: 950},
			{ProductID: "tiramisu", ProductName: "Tiramisu", Quantity: 1, UnitPriceCents: 600,
				Note: "sans cacao"},
		},
		TotalCents: 2500, PaymentMethod: "cash", PaymentStatus: "pending", Version: version,
		CreatedAt: syncStart, UpdatedAt: syncStart.Add(time.Duration(version) * time.Minute),
	}
}

// transition sets the status change an order event records.
func transition(o syncproto.Order, from, to string) syncproto.Order {
	o.Transition = &syncproto.Transition{From: from, To: to, By: "marco",
		At: syncStart.Add(time.Duration(o.Version) * time.Minute)}
	o.Status = to
	return o
}

// movement is a stock movement of an ingredient.
func movement(ingredient, kind string, delta, onHandAfter int64,
	orderID string) syncproto.StockMovement {
	return syncproto.StockMovement{ID: newUUID(), IngredientID: ingredient, Kind: kind, Delta: delta,
		OnHandAfter: onHandAfter, OrderID: orderID, By: "marco", At: syncStart}
}

// projections dumps every projection table, in key order, for comparing
// the state before and after.
func projections(tb testing.TB, db *postgres.DB) string {
	tb.Helper()
	tables := []struct{ name, order string }{
		{"orders", "id"},
		{"order_lines", "order_id, position"},
		{"order_history", "order_id, to_status, at"},
		{"stock_movements", "id"},
		{"stock_levels", "pizzeria_id, ingredient_id"},
		{"product_availability", "pizzeria_id, product_id"},
		{"catalog_versions_applied", "pizzeria_id, version"},
	}
	var b strings.Builder
	for _, t := range tables {
		var dump string
		err := db.Pool.QueryRow(context.Background(), fmt.Sprintf(
			`SELECT coalesce(string_agg(t::text, E'\n' ORDER BY %s), '') FROM %s t`, t.order, t.name)).
			Scan(&dump)
		if err != nil {
			tb.Fatalf("dump %s: %v", t.name, err)
		}
		fmt.Fprintf(&b, "== %s\n%s\n", t.name, dump)
	}
	return b.String()
}

// count returns the single number a query gives.
func count(tb testing.TB, db *postgres.DB, query string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := db.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", query, err)
	}
	return n
}

// appliedSeq returns the cursor of a pizzeria's epoch.
func appliedSeq(tb testing.TB, db *postgres.DB, pizzeria, epoch string) int64 {
	tb.Helper()
	cur, err := db.Cursor(context.Background(), &syncproto.Hello{Pizzeria: pizzeria, Epoch: epoch,
		ProtocolVersion: syncproto.ProtocolVersion})
	if err != nil || cur.Error != nil {
		tb.Fatalf("cursor of %s/%s: %v %v", pizzeria, epoch, err, cur.Error)
	}
	return cur.AppliedSeq
}

// branch returns the console line of one pizzeria.
func branch(tb testing.TB, db *postgres.DB, id string) *central.Branch {
	tb.Helper()
	branches, err := db.FindBranches(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, b := range branches {
		if b.ID == id {
			return b
		}
	}
	tb.Fatalf("no branch %s", id)
	return nil
}

// mustJSON encodes v.
func mustJSON(tb testing.TB, v any) []byte {
	tb.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
