package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// genOutbox makes one pizzeria's events the way its edge would: each
// change of an order as an event carrying the whole order, its version
// one higher, and the dough it took or gave back; a delivery of dough
// every morning and the waste of the evening; sequences from 1 without a
// gap, in the order the changes happened.
type genOutbox struct {
	rng      *rand.Rand
	catalog  *syncproto.Catalog
	pizzeria string
	epoch    string
	perDay   int
	seq      int64
	onHand   int64 // pâtons
}

// genStep is one change of the day, made into an event once the day's
// changes are in time order.
type genStep struct {
	at        time.Time
	eventType string
	order     *syncproto.Order // a snapshot, for order events
	movements []syncproto.StockMovement
}

// genDoughID is the ingredient whose stock the generated history moves;
// the others are left out to keep the generated ledger small.
const genDoughID = "pate"

// day returns the events of one business date.
func (g *genOutbox) day(day time.Time) ([]*syncproto.Event, error) {
	n := g.perDay * 9 / 10
	if wd := day.Weekday(); wd == time.Friday || wd == time.Saturday || wd == time.Sunday {
		n = g.perDay * 13 / 10
	}
	n = max(1, n+g.rng.IntN(n/5+1)-n/10)

	// The morning delivery, the orders' lives, the evening waste.
	local := func(hour float64) time.Time {
		midnight := time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, central.Paris)
		return midnight.Add(time.Duration(hour * float64(time.Hour))).UTC()
	}
	var steps []genStep
	if delivered := int64(n)*23/10 - g.onHand; delivered > 0 {
		steps = append(steps, g.stock("receipt", local(10), delivered))
	}
	for ticket := 1; ticket <= n; ticket++ {
		steps = append(steps, g.order(day, local, int64(ticket))...)
	}
	steps = append(steps, g.stock("waste", local(23.5), -1-int64(n)/40))
	slices.SortStableFunc(steps, func(a, b genStep) int { return a.at.Compare(b.at) })

	events := make([]*syncproto.Event, 0, len(steps))
	for i := range steps {
		e, err := g.emit(&steps[i])
		if err != nil {
			return nil, err
		}
		events = append(events, e)
	}
	return events, nil
}

// emit makes a step into the next event, the stock on hand after each
// of its movements filled in.
func (g *genOutbox) emit(s *genStep) (*syncproto.Event, error) {
	for i := range s.movements {
		g.onHand += s.movements[i].Delta
		s.movements[i].OnHandAfter = g.onHand
	}
	var payload any
	if s.order != nil {
		payload = syncproto.OrderPayload{Order: *s.order, Movements: s.movements}
	} else {
		payload = syncproto.StockPayload{Movement: s.movements[0]}
	}
	data, err := json.Marshal(payload)
	if err != nil {
		return nil, fmt.Errorf("gen-history: %w", err)
	}
	g.seq++
	return &syncproto.Event{ID: g.id(), Pizzeria: g.pizzeria, Epoch: g.epoch, Seq: g.seq,
		Type: s.eventType, SchemaVersion: syncproto.SchemaVersions[s.eventType],
		OccurredAt: s.at, Payload: data}, nil
}

// stock returns a movement recorded by staff.
func (g *genOutbox) stock(kind string, at time.Time, delta int64) genStep {
	m := syncproto.StockMovement{ID: g.id(), IngredientID: genDoughID, Kind: kind, Delta: delta,
		By: "gerant", At: at}
	return genStep{at: at, eventType: syncproto.EventStockMoved,
		movements: []syncproto.StockMovement{m}}
}

// id returns a random (version 4) UUID drawn from the generator's seed,
// so that the same seed makes the same history.
func (g *genOutbox) id() string {
	var u uuid.UUID
	binary.BigEndian.PutUint64(u[:8], g.rng.Uint64())
	binary.BigEndian.PutUint64(u[8:], g.rng.Uint64())
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return u.String()
}
