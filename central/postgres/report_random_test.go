package postgres_test

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// randomLife returns an order with a random channel, lines and fate,
// created at a random time of the five days from 30 November 2026.
func randomLife(rng *rand.Rand) *life {
	created := paris(0, 0, 0).Add(time.Duration(rng.IntN(5*24*60)) * time.Minute)
	channels := []string{"web", "phone", "counter"}
	fulfilments := []string{"delivery", "pickup"}
	products := []string{"margherita", "reine", "calzone", "tiramisu"}
	var lines []syncproto.OrderLine
	for range 1 + rng.IntN(3) {
		lines = append(lines, line(products[rng.IntN(len(products))], 1+rng.Int64N(3),
			500+100*rng.Int64N(10)))
	}
	channel := channels[rng.IntN(3)]
	status := "accepted"
	if channel == "web" {
		status = "placed"
	}
	l := newLife(created, channel, fulfilments[rng.IntN(2)], status, lines...)
	l.dough = 1
	at := 0.0
	next := func(to, reason string) {
		at += 1 + rng.Float64()*20
		l.then(to, at, reason)
	}
	if status == "placed" {
		if rng.IntN(6) == 0 {
			next("rejected", "fermé")
			return l
		}
		next("accepted", "")
	}
	switch fate := rng.IntN(10); {
	case fate == 0:
		next("cancelled", []string{"erreur", "client absent"}[rng.IntN(2)])
	case fate == 1: // still open
	default:
		next("preparing", "")
		next("ready", "")
		if l.order.Fulfilment == "delivery" {
			next("out_for_delivery", "")
			next("delivered", "")
		} else {
			next("picked_up", "")
		}
	}
	return l
}

func TestReportRandomisedRunEqualsRecomputation(t *testing.T) {
	pizzerias := []string{"paris-11", "lyon-2", "nice-1"}
	db, _ := openSyncDB(t, pizzerias...)
	rng := rand.New(rand.NewPCG(6, 2026))

	// Each pizzeria's events, its orders' lives interleaved.
	var streams [][]*syncproto.Event
	for _, id := range pizzerias {
		o := newOutbox(t, id, "epoch-"+id)
		var events []*syncproto.Event
		for range 60 {
			events = append(events, randomLife(rng).events(o)...)
		}
		streams = append(streams, events)
	}

	// Batches of random events of random pizzerias, out of order and
	// with duplicates, until every event has come at least once.
	pending := map[int][]*syncproto.Event{}
	for i, s := range streams {
		pending[i] = append([]*syncproto.Event(nil), s...)
	}
	for round := 0; len(pending) > 0; round++ {
		var batch []*syncproto.Event
		for i, events := range pending {
			rng.Shuffle(len(events), func(a, b int) { events[a], events[b] = events[b], events[a] })
			n := min(len(events), 1+rng.IntN(40))
			batch = append(batch, events[:n]...)
			if rng.IntN(3) == 0 { // a replay of some already sent
				batch = append(batch, streams[i][rng.IntN(len(streams[i]))])
			}
			if pending[i] = events[n:]; len(pending[i]) == 0 {
				delete(pending, i)
			}
		}
		apply(t, db, batchOf(t, batch...)...)
		if round%4 == 3 { // refreshes between batches, as the refresher does
			if _, err := db.RefreshReports(t.Context()); err != nil {
				t.Fatal(err)
			}
		}
	}

	// What the ingest kept equals a rebuild from scratch.
	kept := summaryTables(t, db)
	if err := db.RebuildReports(t.Context()); err != nil {
		t.Fatal(err)
	}
	if rebuilt := summaryTables(t, db); rebuilt != kept {
		t.Fatalf("kept by the ingest:\n%s\nrebuilt:\n%s", kept, rebuilt)
	}

	// And the figures equal those read from the raw events themselves.
	want := figuresFromEvents(t, streams)
	r := periodReport(t, db, "2026-11-29", "2026-12-06", "")
	if r.Totals != want.totals {
		t.Errorf("totals %+v, from the events %+v", r.Totals, want.totals)
	}
	got := map[string]int64{}
	for _, p := range r.Products {
		got[p.ProductID] = p.Quantity
	}
	if !reflect.DeepEqual(got, want.products) {
		t.Errorf("quantities %v, from the events %v", got, want.products)
	}
}

// eventFigures are figures worked out from the raw events in Go.
type eventFigures struct {
	totals   central.Figures
	products map[string]int64
}

// figuresFromEvents keeps the highest version of each order, as the
// projection does, and counts it.
func figuresFromEvents(t *testing.T, streams [][]*syncproto.Event) eventFigures {
	t.Helper()
	last := map[string]syncproto.Order{}
	for _, events := range streams {
		for _, e := range events {
			var p syncproto.OrderPayload
			if e.Type == syncproto.EventStockMoved {
				continue
			}
			if err := json.Unmarshal(e.Payload, &p); err != nil {
				t.Fatal(err)
			}
			if p.Order.Version > last[p.Order.ID].Version {
				last[p.Order.ID] = p.Order
			}
		}
	}
	f := eventFigures{products: map[string]int64{}}
	for _, o := range last {
		outcome := map[string]string{"delivered": "completed", "picked_up": "completed",
			"cancelled": "cancelled", "rejected": "rejected"}[o.Status]
		if outcome == "" {
			outcome = "open"
		}
		f.totals.Add(outcome, 1, o.TotalCents)
		if outcome == "open" || outcome == "completed" {
			for _, l := range o.Lines {
				f.products[l.ProductID] += l.Quantity
			}
		}
	}
	return f
}
