package postgres_test

import (
	"reflect"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// handHistory is a small history whose figures are worked out by hand:
//
//   - paris-11, Thursday 3 December 2026 (Paris, UTC+1): A, counter
//     pick-up at 11:30, 2 margherita + 1 tiramisu = 25,00 €, prepared in
//     12 min; B, phone delivery at 23:50, 1 reine = 12,00 €, prepared in
//     10 min and delivered in 20, both after midnight in Paris;
//   - paris-11, Friday 4 December: C, web delivery at 00:10 (still 3
//     December in UTC), 13,00 € paid online, cancelled "client
//     injoignable" and refunded; D, web order at 12:00, 9,50 €, refused
//     "plus de mozzarella"; 200 g of mozzarella thrown away on the 3rd at
//     23:30 and 50 pâtons received on the 4th at 08:00;
//   - lyon-2, late, its events out of order: E, counter pick-up on the 3rd
//     at 19:00, 3 margherita = 28,50 €, prepared in 15 min.
type handHistory struct {
	paris, lyon []*syncproto.Event
}

func newHandHistory(t *testing.T) *handHistory {
	h := &handHistory{}
	p := newOutbox(t, "paris-11", "epoch-paris")
	a := newLife(paris(3, 11, 30), "counter", "pickup", "accepted",
		line("margherita", 2, 950), line("tiramisu", 1, 600))
	a.dough = 2
	a.then("preparing", 5, "").then("ready", 17, "").then("picked_up", 20, "")
	b := newLife(paris(3, 23, 50), "phone", "delivery", "accepted", line("reine", 1, 1200))
	b.dough = 1
	b.then("preparing", 2, "").then("ready", 12, "").then("out_for_delivery", 15, "").
		then("delivered", 35, "")
	c := newLife(paris(4, 0, 10), "web", "delivery", "placed", line("quatre-fromages", 1, 1300))
	c.order.PaymentMethod, c.order.PaymentStatus, c.dough, c.refund = "online", "paid", 1, true
	c.then("accepted", 1, "").then("cancelled", 9, "client injoignable")
	d := newLife(paris(4, 12, 0), "web", "delivery", "placed", line("margherita", 1, 950))
	d.then("rejected", 2, "plus de mozzarella")
	for _, l := range []*life{a, b, c, d} {
		h.paris = append(h.paris, l.events(p)...)
	}
	waste := movement("mozzarella", "waste", -200, 1800, "")
	waste.At = paris(3, 23, 30)
	delivery := movement("pate", "receipt", 50, 150, "")
	delivery.At = paris(4, 8, 0)
	h.paris = append(h.paris, p.stock(waste), p.stock(delivery))

	l := newOutbox(t, "lyon-2", "epoch-lyon")
	e := newLife(paris(3, 19, 0), "counter", "pickup", "accepted", line("margherita", 3, 950))
	e.dough = 3
	e.then("preparing", 2, "").then("ready", 17, "").then("picked_up", 20, "")
	h.lyon = e.events(l)
	return h
}

func TestReportHandMadeHistory(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	h := newHandHistory(t)

	// Paris arrives; Lyon's later events arrive before its first ones.
	apply(t, db, batchOf(t, h.paris...)...)
	apply(t, db, batchOf(t, h.lyon[2:]...)...)
	r := periodReport(t, db, "2026-12-03", "2026-12-04", "")
	if r.Totals.Sales != 2 || r.Totals.RevenueCents != 3700 {
		t.Fatalf("before Lyon's gap is filled: totals %+v, want Paris's 2 sales, 37,00 €", r.Totals)
	}
	lyon := r.Coverage[0]
	if lyon.Pizzeria != "lyon-2" || lyon.CompleteUntil != nil || lyon.Held != int64(len(h.lyon)-2) {
		t.Fatalf("Lyon's coverage %+v, want nothing complete and %d held", lyon, len(h.lyon)-2)
	}

	// The gap is filled, and Paris's whole batch is replayed.
	apply(t, db, batchOf(t, h.lyon[:2]...)...)
	before := summaryTables(t, db)
	res := apply(t, db, batchOf(t, h.paris...)...)
	if res.Duplicates != len(h.paris) {
		t.Fatalf("replay: %+v", res)
	}
	if after := summaryTables(t, db); after != before {
		t.Fatalf("a replayed batch changed the reports:\n%s\nthen\n%s", before, after)
	}
	r = periodReport(t, db, "2026-12-03", "2026-12-04", "")
	checkHandReport(t, r)
	lyonLast := h.lyon[len(h.lyon)-1].OccurredAt
	if c := r.Coverage[0]; c.CompleteUntil == nil || !c.CompleteUntil.Equal(lyonLast) {
		t.Errorf("Lyon complete until %v, want the time of its last event", c.CompleteUntil)
	}

	// The same figures from month rows (four whole months), and from a from-scratch rebuild.
	wide := periodReport(t, db, "2026-10-01", "2027-01-31", "")
	if wide.Totals != r.Totals || !reflect.DeepEqual(wide.Products, r.Products) ||
		!reflect.DeepEqual(wide.Durations, r.Durations) {
		t.Errorf("three whole months: %+v, want %+v", wide.Totals, r.Totals)
	}
	if len(wide.Trend) != 1 || wide.Trend[0].Period != "2026-12" ||
		wide.Trend[0].RevenueCents != 6550 {
		t.Errorf("monthly trend %+v", wide.Trend)
	}
	if err := db.RebuildReports(t.Context()); err != nil {
		t.Fatal(err)
	}
	if rebuilt := summaryTables(t, db); rebuilt != before {
		t.Errorf("rebuilt from scratch:\n%s\nkept by the ingest:\n%s", rebuilt, before)
	}
}

// checkHandReport checks the figures of both days at both pizzerias.
func checkHandReport(t *testing.T, r *central.PeriodReport) {
	t.Helper()
	want := central.Figures{Orders: 5, Sales: 3, RevenueCents: 6550, BasketCents: 2183,
		Completed: 3, Cancelled: 1, Rejected: 1}
	if r.Totals != want {
		t.Errorf("totals %+v, want %+v", r.Totals, want)
	}
	if r.PrevTotals != (central.Figures{}) || r.Previous.From != "2026-12-01" {
		t.Errorf("previous period %+v %+v, want empty from 2026-12-01", r.Previous, r.PrevTotals)
	}
	wantTrend := []central.TrendPoint{{Period: "2026-12-03", Sales: 3, RevenueCents: 6550}}
	if !reflect.DeepEqual(r.Trend, wantTrend) {
		t.Errorf("trend %+v, want %+v", r.Trend, wantTrend)
	}
	wantProducts := []central.ProductFigures{
		{ProductID: "margherita", Name: "Margherita", Quantity: 5, RevenueCents: 4750},
		{ProductID: "reine", Name: "Reine", Quantity: 1, RevenueCents: 1200},
		{ProductID: "tiramisu", Name: "Tiramisu", Quantity: 1, RevenueCents: 600},
	}
	if !reflect.DeepEqual(r.Products, wantProducts) {
		t.Errorf("products %+v", r.Products)
	}
	for hour, sales := range map[int]int64{11: 1, 19: 1, 23: 1, 0: 0, 12: 0} {
		if r.Hours[hour].Sales != sales {
			t.Errorf("%d h: %d sales, want %d", hour, r.Hours[hour].Sales, sales)
		}
	}
	if r.Weekdays[3].Sales != 3 || r.Weekdays[4].Sales != 0 { // Thursday, Friday
		t.Errorf("weekdays %+v", r.Weekdays)
	}
	wantRefusals := []central.RefusalFigures{
		{Status: "cancelled", Reason: "client injoignable", Orders: 1, TotalCents: 1300,
			Refunded: 1},
		{Status: "rejected", Reason: "plus de mozzarella", Orders: 1, TotalCents: 950},
	}
	if !reflect.DeepEqual(r.Refusals, wantRefusals) {
		t.Errorf("refusals %+v", r.Refusals)
	}
	wantDurations := []central.DurationFigures{
		{Phase: "preparation", Orders: 3, MeanSeconds: 740, MedianMinutes: 12, P90Minutes: 15},
		{Phase: "delivery", Orders: 1, MeanSeconds: 1200, MedianMinutes: 20, P90Minutes: 20},
	}
	if !reflect.DeepEqual(r.Durations, wantDurations) {
		t.Errorf("durations %+v", r.Durations)
	}
	wantStock := []central.StockFigures{
		{IngredientID: "mozzarella", Wasted: 200},
		{IngredientID: "pate", Consumed: 6, Received: 50},
	}
	if !reflect.DeepEqual(r.Stock, wantStock) {
		t.Errorf("stock %+v", r.Stock)
	}
	wantChannels := []central.ChannelFigures{
		{Channel: "counter", Fulfilment: "pickup", Sales: 2, RevenueCents: 5350},
		{Channel: "phone", Fulfilment: "delivery", Sales: 1, RevenueCents: 1200},
	}
	if !reflect.DeepEqual(r.Channels, wantChannels) {
		t.Errorf("channels %+v", r.Channels)
	}
}

func TestReportDaysAndPizzerias(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11", "lyon-2")
	h := newHandHistory(t)
	apply(t, db, batchOf(t, append(h.paris, h.lyon...)...)...)

	// The Friday at Paris: the cancelled order of 00:10 Paris counts there.
	r := periodReport(t, db, "2026-12-04", "2026-12-04", "paris-11")
	want := central.Figures{Orders: 2, Cancelled: 1, Rejected: 1}
	if r.Totals != want {
		t.Errorf("Friday at Paris: %+v, want %+v", r.Totals, want)
	}
	if r.Previous.From != "2026-12-03" || r.PrevTotals.RevenueCents != 3700 {
		t.Errorf("the Thursday before: %+v %+v, want 37,00 €", r.Previous, r.PrevTotals)
	}
	if len(r.Coverage) != 1 || r.Coverage[0].Pizzeria != "paris-11" {
		t.Errorf("coverage of one pizzeria: %+v", r.Coverage)
	}

	// The sales call: per pizzeria, day and product.
	s, err := db.SalesReport(t.Context(), filter(t, "2026-12-03", "2026-12-04", ""))
	if err != nil {
		t.Fatal(err)
	}
	wantDays := []central.DaySales{
		{Pizzeria: "lyon-2", Date: "2026-12-03", Figures: central.Figures{Orders: 1, Sales: 1,
			RevenueCents: 2850, BasketCents: 2850, Completed: 1}},
		{Pizzeria: "paris-11", Date: "2026-12-03", Figures: central.Figures{Orders: 2, Sales: 2,
			RevenueCents: 3700, BasketCents: 1850, Completed: 2}},
		{Pizzeria: "paris-11", Date: "2026-12-04", Figures: central.Figures{Orders: 2, Cancelled: 1,
			Rejected: 1}},
	}
	if !reflect.DeepEqual(s.Days, wantDays) {
		t.Errorf("days %+v", s.Days)
	}
	if len(s.Pizzerias) != 2 || s.Pizzerias[0].Name != "Pizzeria lyon-2" ||
		s.Pizzerias[1].RevenueCents != 3700 {
		t.Errorf("pizzerias %+v", s.Pizzerias)
	}
}
