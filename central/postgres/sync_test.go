package postgres_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// storyEvents is a short day of one pizzeria: a delivery of dough, an
// order taken at the counter that takes its stock, then prepared and
// paid, a catalog version applied and a product marked unavailable.
func storyEvents(o *outbox, orderID string) []*syncproto.Event {
	placed := transition(testOrder(orderID, 1, ""), "", "accepted")
	preparing := transition(testOrder(orderID, 2, ""), "accepted", "preparing")
	paid := testOrder(orderID, 3, "preparing")
	paid.PaymentStatus, paid.PaidBy = "paid", "lea"
	return []*syncproto.Event{
		o.stock(movement("pate", "receipt", 5000, 5000, "")),
		o.order(syncproto.EventOrderCreated, placed,
			movement("pate", "consumption", -500, 4500, orderID),
			movement("mozzarella", "consumption", -200, 1800, orderID)),
		o.order(syncproto.EventOrderStatusChanged, preparing),
		o.order(syncproto.EventOrderPaymentRecorded, paid),
		o.event(syncproto.EventCatalogApplied, syncproto.CatalogAppliedPayload{Version: 2}),
		o.event(syncproto.EventProductAvailability,
			syncproto.AvailabilityPayload{ProductID: "tiramisu", Available: false, By: "lea"}),
	}
}

// TestApplyBatchProjects applies the same day in different batchings —
// all at once, one by one, reversed within a batch — and checks that each
// gives the same projections, in sequence order.
func TestApplyBatchProjects(t *testing.T) {
	orderID := newUUID()
	events := storyEvents(newOutbox(t, "paris-11", "epoch-1"), orderID)
	tests := []struct {
		name  string
		split func(events []*syncproto.Event) [][]*syncproto.Event
	}{
		{"one batch", func(ev []*syncproto.Event) [][]*syncproto.Event {
			return [][]*syncproto.Event{ev}
		}},
		{"one event per batch", func(ev []*syncproto.Event) [][]*syncproto.Event {
			var batches [][]*syncproto.Event
			for _, e := range ev {
				batches = append(batches, []*syncproto.Event{e})
			}
			return batches
		}},
		{"reversed in one batch", func(ev []*syncproto.Event) [][]*syncproto.Event {
			r := slices.Clone(ev)
			slices.Reverse(r)
			return [][]*syncproto.Event{r}
		}},
	}
	var first string
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db, _ := openSyncDB(t, "paris-11")
			var total central.BatchResult
			for _, batch := range tt.split(events) {
				res := apply(t, db, batchOf(t, batch...)...)
				total.Stored += res.Stored
				total.Projected += res.Projected
			}
			wantResult(t, total, central.BatchResult{Stored: 6, Projected: 6})
			if seq := appliedSeq(t, db, "paris-11", "epoch-1"); seq != 6 {
				t.Fatalf("cursor = %d, want 6", seq)
			}
			checkStory(t, db, orderID)

			// Every batching gives the same projections.
			got := projections(t, db)
			if first == "" {
				first = got
			} else if got != first {
				t.Fatalf("projections differ from the first batching:\n%s\nwant\n%s", got, first)
			}
		})
	}
}

// checkStory checks the projections of storyEvents.
func checkStory(t *testing.T, db *postgres.DB, orderID string) {
	t.Helper()
	ctx := context.Background()
	var status, payment, paidBy, date string
	var version, total, ticket int64
	err := db.Pool.QueryRow(ctx, `
		SELECT status, payment_status, paid_by, business_date::text, version, total_cents, ticket
		FROM orders WHERE id = $1 AND pizzeria_id = 'paris-11'`, orderID).
		Scan(&status, &payment, &paidBy, &date, &version, &total, &ticket)
	if err != nil {
		t.Fatalf("order: %v", err)
	}
	if status != "preparing" || payment != "paid" || paidBy != "lea" || date != "2026-12-03" ||
		version != 3 || total != 2500 || ticket != 7 {
		t.Errorf("order = %s %s %s %s v%d %d #%d",
			status, payment, paidBy, date, version, total, ticket)
	}

	checks := []struct {
		query string
		want  int64
	}{
		{`SELECT count(*) FROM order_lines WHERE order_id = $1`, 2},
		{`SELECT quantity FROM order_lines WHERE order_id = $1 AND product_id = 'margherita'`, 2},
		{`SELECT count(*) FROM order_history WHERE order_id = $1`, 2},
		{`SELECT count(*) FROM order_history WHERE order_id = $1
			AND from_status = 'accepted' AND to_status = 'preparing' AND by_user = 'marco'`, 1},
		{`SELECT count(*) FROM stock_movements WHERE pizzeria_id = 'paris-11' AND $1::text <> ''`, 3},
		{`SELECT count(*) FROM stock_movements WHERE order_id = $1`, 2},
		{`SELECT on_hand FROM stock_levels WHERE ingredient_id = 'pate' AND $1::text <> ''`, 4500},
		{`SELECT on_hand FROM stock_levels
			WHERE ingredient_id = 'mozzarella' AND $1::text <> ''`, 1800},
		{`SELECT count(*) FROM product_availability
			WHERE product_id = 'tiramisu' AND NOT available AND $1::text <> ''`, 1},
		{`SELECT version FROM catalog_versions_applied
			WHERE pizzeria_id = 'paris-11' AND $1::text <> ''`, 2},
	}
	for _, c := range checks {
		if got := count(t, db, c.query, orderID); got != c.want {
			t.Errorf("%s = %d, want %d", c.query, got, c.want)
		}
	}
}

// TestApplyBatchDuplicates applies events again, in a later batch and
// twice within one batch: nothing changes but the count of duplicates.
func TestApplyBatchDuplicates(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	events := storyEvents(newOutbox(t, "paris-11", "epoch-1"), newUUID())
	apply(t, db, batchOf(t, events...)...)
	before := projections(t, db)

	res := apply(t, db, batchOf(t, events...)...)
	wantResult(t, res, central.BatchResult{Duplicates: 6})

	// The whole day again, each event twice in the same batch.
	twice := batchOf(t, append(slices.Clone(events), events...)...)
	res = apply(t, db, twice...)
	wantResult(t, res, central.BatchResult{Duplicates: 12})

	if after := projections(t, db); after != before {
		t.Fatalf("duplicates changed the projections:\n%s\nwas\n%s", after, before)
	}
	if n := count(t, db, `SELECT count(*) FROM events`); n != 6 {
		t.Fatalf("%d events in the log, want 6", n)
	}
	if seq := appliedSeq(t, db, "paris-11", "epoch-1"); seq != 6 {
		t.Fatalf("cursor = %d, want 6", seq)
	}
}

// TestApplyBatchDivergence sends an event under a key the log holds with
// other content: it is recorded as a divergence, once however often it
// comes, and the log and the projections keep the first.
func TestApplyBatchDivergence(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	orderID := newUUID()
	o := newOutbox(t, "paris-11", "epoch-1")
	accepted := transition(testOrder(orderID, 1, ""), "", "accepted")
	created := o.order(syncproto.EventOrderCreated, accepted)
	apply(t, db, batchOf(t, created)...)
	before := projections(t, db)

	// Same key, another order total: an edge that reused a sequence.
	other := testOrder(orderID, 1, "accepted")
	other.TotalCents = 9900
	o.seq = 0
	forged := o.order(syncproto.EventOrderCreated, other)

	for range 2 {
		res := apply(t, db, batchOf(t, forged)...)
		wantResult(t, res, central.BatchResult{Divergences: 1})
	}
	if after := projections(t, db); after != before {
		t.Fatalf("a divergent event changed the projections:\n%s\nwas\n%s", after, before)
	}
	var storedID, receivedID string
	err := db.Pool.QueryRow(context.Background(), `
		SELECT stored_event_id, received_event_id FROM divergences
		WHERE pizzeria_id = 'paris-11' AND epoch = 'epoch-1' AND seq = 1`).Scan(&storedID, &receivedID)
	if err != nil {
		t.Fatal(err)
	}
	if storedID != created.ID || receivedID != forged.ID {
		t.Fatalf("divergence stored %s received %s, want %s and %s",
			storedID, receivedID, created.ID, forged.ID)
	}
	if b := branch(t, db, "paris-11"); b.Divergences != 1 {
		t.Fatalf("branch divergences = %d, want 1", b.Divergences)
	}

	// Within one batch: the first of a key is stored, the other diverges.
	o2 := newOutbox(t, "paris-11", "epoch-2")
	a := o2.stock(movement("pate", "receipt", 10, 10, ""))
	o2.seq = 0
	b := o2.stock(movement("pate", "receipt", 20, 20, ""))
	res := apply(t, db, batchOf(t, a, b)...)
	wantResult(t, res, central.BatchResult{Stored: 1, Projected: 1, Divergences: 1})
	if n := count(t, db, `SELECT on_hand FROM stock_levels WHERE ingredient_id = 'pate'`); n != 10 {
		t.Fatalf("pate on hand = %d, want 10 from the first event", n)
	}
}

// TestApplyBatchHoldsGaps delivers events 3 and 4 before 2: they are kept
// in the log and counted as held, not projected, until 2 comes.
func TestApplyBatchHoldsGaps(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	o := newOutbox(t, "paris-11", "epoch-1")
	var events []*syncproto.Event
	for i := range 4 {
		events = append(events, o.stock(movement("pate", "receipt", 10, int64(10*(i+1)), "")))
	}

	res := apply(t, db, batchOf(t, events[0])...)
	wantResult(t, res, central.BatchResult{Stored: 1, Projected: 1})
	res = apply(t, db, batchOf(t, events[3], events[2])...)
	wantResult(t, res, central.BatchResult{Stored: 2})

	if seq := appliedSeq(t, db, "paris-11", "epoch-1"); seq != 1 {
		t.Fatalf("cursor = %d past a gap, want 1", seq)
	}
	if b := branch(t, db, "paris-11"); b.Gaps != 2 || b.LastSeq != 1 {
		t.Fatalf("branch gaps = %d, last seq = %d, want 2 and 1", b.Gaps, b.LastSeq)
	}
	if n := count(t, db, `SELECT on_hand FROM stock_levels WHERE ingredient_id = 'pate'`); n != 10 {
		t.Fatalf("pate on hand = %d while held, want 10", n)
	}

	// The missing event comes: the held ones follow it, in order.
	res = apply(t, db, batchOf(t, events[1])...)
	wantResult(t, res, central.BatchResult{Stored: 1, Projected: 3})
	if seq := appliedSeq(t, db, "paris-11", "epoch-1"); seq != 4 {
		t.Fatalf("cursor = %d, want 4", seq)
	}
	if b := branch(t, db, "paris-11"); b.Gaps != 0 {
		t.Fatalf("branch gaps = %d once filled, want 0", b.Gaps)
	}
	if n := count(t, db, `SELECT on_hand FROM stock_levels WHERE ingredient_id = 'pate'`); n != 40 {
		t.Fatalf("pate on hand = %d, want 40 from the last movement", n)
	}
}

// TestApplyBatchLongHeldRun fills a gap in front of more held events than
// one run projects: all of them are projected in the same batch.
func TestApplyBatchLongHeldRun(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	o := newOutbox(t, "paris-11", "epoch-1")
	const n = 2500
	events := make([]*syncproto.Event, n)
	for i := range events {
		events[i] = o.stock(movement("pate", "receipt", 1, int64(i+1), ""))
	}
	res := apply(t, db, batchOf(t, events[1:]...)...)
	wantResult(t, res, central.BatchResult{Stored: n - 1})
	res = apply(t, db, batchOf(t, events[0])...)
	wantResult(t, res, central.BatchResult{Stored: 1, Projected: n})
	if got := count(t, db, `SELECT on_hand FROM stock_levels WHERE ingredient_id = 'pate'`); got != n {
		t.Fatalf("pate on hand = %d, want %d", got, n)
	}
}

// TestApplyBatchNewEpochReplay resends a day under a new epoch, as an edge
// restored from a copy sends again what central already has: the same
// orders at the same versions and the same movements change no
// projection. What comes after, at a higher version, does.
func TestApplyBatchNewEpochReplay(t *testing.T) {
	db, clock := openSyncDB(t, "paris-11")
	orderID := newUUID()
	first := storyEvents(newOutbox(t, "paris-11", "epoch-1"), orderID)
	apply(t, db, batchOf(t, first...)...)
	before := projections(t, db)

	// The same content under new event ids, a new epoch and new numbers.
	clock.now = clock.now.Add(time.Hour)
	o := newOutbox(t, "paris-11", "epoch-2")
	var again []*syncproto.Event
	for _, e := range first {
		again = append(again, o.raw(e.Type, string(e.Payload)))
	}
	res := apply(t, db, batchOf(t, again...)...)
	wantResult(t, res, central.BatchResult{Stored: 6, Projected: 6})
	if after := projections(t, db); after != before {
		t.Fatalf("the replay changed the projections:\n%s\nwas\n%s", after, before)
	}

	// The next change of the order does apply, its lines with it.
	ready := transition(testOrder(orderID, 4, ""), "preparing", "ready")
	ready.Lines = ready.Lines[:1]
	ready.Lines[0].Quantity = 3
	res = apply(t, db, batchOf(t, o.order(syncproto.EventOrderStatusChanged, ready))...)
	wantResult(t, res, central.BatchResult{Stored: 1, Projected: 1})
	status := ""
	err := db.Pool.QueryRow(context.Background(), `SELECT status FROM orders WHERE id = $1`,
		orderID).Scan(&status)
	if err != nil || status != "ready" {
		t.Fatalf("status = %q (%v), want ready", status, err)
	}
	if n := count(t, db, `SELECT sum(quantity) FROM order_lines WHERE order_id = $1`, orderID); n != 3 {
		t.Fatalf("%d pizzas on the lines, want the 3 of the new version", n)
	}
	if n := count(t, db, `SELECT count(*) FROM order_history WHERE order_id = $1`, orderID); n != 3 {
		t.Fatalf("%d transitions, want 3", n)
	}
	b := branch(t, db, "paris-11")
	if b.Epoch != "epoch-2" || b.Epochs != 2 || b.LastSeq != 7 {
		t.Fatalf("branch epoch %s of %d, last seq %d; want epoch-2 of 2, 7",
			b.Epoch, b.Epochs, b.LastSeq)
	}
}

// TestApplyBatchConcurrent applies the same batches from several
// goroutines at once, as redeliveries during a slow batch would: each
// event is stored and projected once.
func TestApplyBatchConcurrent(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-1")
	var events []*syncproto.Event
	for _, pizzeria := range []string{"paris-11", "lyon-1"} {
		o := newOutbox(t, pizzeria, "epoch-1")
		for range 50 {
			events = append(events, storyEvents(o, newUUID())...)
		}
	}

	// The epochs exist, so that the batches wait on their cursors.
	for _, e := range []*syncproto.Event{events[0], events[len(events)/2]} {
		apply(t, db, batchOf(t, e)...)
	}
	batch := batchOf(t, events...)

	const workers = 4
	results := make([]central.BatchResult, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			// Each worker takes the batch in another order.
			mine := slices.Clone(batch)
			if w%2 == 1 {
				slices.Reverse(mine)
			}
			results[w], errs[w] = db.ApplyBatch(context.Background(), mine)
		})
	}
	wg.Wait()

	var total central.BatchResult
	for w := range workers {
		if errs[w] != nil {
			t.Fatalf("worker %d: %v", w, errs[w])
		}
		total.Stored += results[w].Stored
		total.Projected += results[w].Projected
		total.Duplicates += results[w].Duplicates
	}
	n := len(events) - 2
	wantResult(t, total, central.BatchResult{Stored: n, Projected: n,
		Duplicates: n*(workers-1) + 2*workers})
	if got := count(t, db, `SELECT count(*) FROM order_history`); got != 2*50*2 {
		t.Fatalf("%d transitions, want %d", got, 2*50*2)
	}
	if got := count(t, db, `SELECT count(*) FROM stock_movements`); got != 2*50*3 {
		t.Fatalf("%d movements, want %d", got, 2*50*3)
	}
}

// TestApplyBatchRepeatsWithinRun sends, in one run, events that repeat a
// transition and a movement of an order central never saw: they are kept
// once, and the batch does not fail on them.
func TestApplyBatchRepeatsWithinRun(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	orderID := newUUID()
	o := newOutbox(t, "paris-11", "epoch-1")
	taken := movement("pate", "consumption", -250, 750, orderID)
	accepted := transition(testOrder(orderID, 1, ""), "", "accepted")
	again := accepted
	again.Version = 2
	events := []*syncproto.Event{
		o.order(syncproto.EventOrderCreated, accepted, taken),
		o.order(syncproto.EventOrderModified, again, taken),
		o.stock(taken),
	}
	res := apply(t, db, batchOf(t, events...)...)
	wantResult(t, res, central.BatchResult{Stored: 3, Projected: 3})

	checks := []struct {
		query string
		want  int64
	}{
		{`SELECT count(*) FROM order_history`, 1},
		{`SELECT count(*) FROM stock_movements`, 1},
		{`SELECT on_hand FROM stock_levels WHERE ingredient_id = 'pate'`, 750},
		{`SELECT version FROM orders`, 2},
	}
	for _, c := range checks {
		if got := count(t, db, c.query); got != c.want {
			t.Errorf("%s = %d, want %d", c.query, got, c.want)
		}
	}
}
