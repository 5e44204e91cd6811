package main

import (
	"slices"
	"time"

	"github.com/ocpizza/ocpizza/syncproto"
)

// order returns the changes of one order of the day, from its creation
// around the lunch (12:30) or dinner (20:00) peak to its last status:
// about 3% refused, 4% cancelled after being accepted, the others
// prepared and delivered or picked up. An order taken late in the
// evening may end after midnight: it stays on its business date.
func (g *genOutbox) order(day time.Time, local func(hour float64) time.Time,
	ticket int64) []genStep {
	rng := g.rng
	peak := 12.5
	if rng.IntN(5) < 3 {
		peak = 20
	}
	created := local(min(max(peak+rng.NormFloat64()*0.9, 11), 23.9))
	o := &syncproto.Order{
		ID: g.id(), Ticket: ticket, BusinessDate: day.Format(time.DateOnly),
		Channel:    []string{"web", "web", "phone", "counter"}[rng.IntN(4)],
		Fulfilment: []string{"delivery", "pickup"}[rng.IntN(2)],
		Status:     "placed", CustomerName: "Client", PaymentMethod: "cash",
		PaymentStatus: "pending", Version: 1, CreatedAt: created, UpdatedAt: created,
	}
	if o.Channel == "web" {
		o.PaymentMethod, o.PaymentStatus = "card", "paid"
	}
	for range 1 + rng.IntN(3) {
		p := g.catalog.Products[min(int(rng.ExpFloat64()*4), len(g.catalog.Products)-1)]
		q := 1 + rng.Int64N(2)
		o.Lines = append(o.Lines, syncproto.OrderLine{ProductID: p.ID, ProductName: p.Name,
			Quantity: q, UnitPriceCents: p.PriceCents})
		o.TotalCents += q * p.PriceCents
	}
	return g.life(o)
}

// life walks an order through its statuses and returns its changes.
func (g *genOutbox) life(o *syncproto.Order) []genStep {
	rng := g.rng
	o.Transition = &syncproto.Transition{To: o.Status, By: "caisse", At: o.CreatedAt}
	steps := []genStep{{at: o.CreatedAt, eventType: syncproto.EventOrderCreated, order: clone(o)}}
	at := o.CreatedAt
	move := func(to, reason string, minutes float64, moved ...syncproto.StockMovement) {
		at = at.Add(time.Duration(minutes * float64(time.Minute)))
		o.Transition = &syncproto.Transition{From: o.Status, To: to, By: "caisse",
			Reason: reason, At: at}
		o.Status, o.UpdatedAt = to, at
		o.Version++
		for i := range moved {
			moved[i].At = at
		}
		steps = append(steps, genStep{at: at, eventType: syncproto.EventOrderStatusChanged,
			order: clone(o), movements: moved})
	}

	dough := g.dough(o)
	switch r := rng.IntN(100); {
	case r < 3:
		o.PaymentStatus = refunded(o.PaymentStatus)
		move("rejected", "plus de pâte", 1)
		return steps
	case r < 7:
		move("accepted", "", 1, g.doughMove(o, "consumption", -dough)...)
		o.PaymentStatus = refunded(o.PaymentStatus)
		reason := []string{"client injoignable", "erreur de saisie", "trop d'attente"}[rng.IntN(3)]
		move("cancelled", reason, 5, g.doughMove(o, "return", dough)...)
		return steps
	}
	move("accepted", "", 0.5+rng.Float64(), g.doughMove(o, "consumption", -dough)...)
	move("preparing", "", 1+rng.Float64()*8)
	move("ready", "", 8+rng.ExpFloat64()*5)
	o.PaymentStatus = "paid"
	if o.Fulfilment == "delivery" {
		move("out_for_delivery", "", 1+rng.Float64()*6)
		move("delivered", "", 10+rng.ExpFloat64()*8)
	} else {
		move("picked_up", "", 2+rng.Float64()*10)
	}
	return steps
}

// dough returns the pâtons the order's pizzas take.
func (g *genOutbox) dough(o *syncproto.Order) int64 {
	var n int64
	for _, l := range o.Lines {
		for _, p := range g.catalog.Products {
			if p.ID == l.ProductID && p.Category == "pizza" {
				n += l.Quantity
			}
		}
	}
	return n
}

// doughMove returns the movement of the order's dough, or none when it
// has no pizza.
func (g *genOutbox) doughMove(o *syncproto.Order, kind string,
	delta int64) []syncproto.StockMovement {
	if delta == 0 {
		return nil
	}
	return []syncproto.StockMovement{{ID: g.id(), IngredientID: genDoughID, Kind: kind,
		Delta: delta, OrderID: o.ID, By: "caisse"}}
}

// refunded is the payment status of an order refused or cancelled: a
// paid order is refunded.
func refunded(status string) string {
	if status == "paid" {
		return "refunded"
	}
	return status
}

// clone returns a snapshot of the order, its lines and transition copied.
func clone(o *syncproto.Order) *syncproto.Order {
	c := *o
	c.Lines = slices.Clone(o.Lines)
	if o.Transition != nil {
		t := *o.Transition
		c.Transition = &t
	}
	return &c
}
