package postgres

import (
	"cmp"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
)

// slots are sales by hour of day or day of week, filled by a batch.
type slots struct {
	first, last int
	sales       map[int]*central.SlotFigures
}

func newSlots(first, last int) *slots {
	return &slots{first: first, last: last, sales: map[int]*central.SlotFigures{}}
}

func (s *slots) add(slot int, sales, cents int64) {
	if s.sales[slot] == nil {
		s.sales[slot] = &central.SlotFigures{Slot: slot}
	}
	s.sales[slot].Sales += sales
	s.sales[slot].RevenueCents += cents
}

// figures returns every slot, empty ones included, in order.
func (s *slots) figures() []central.SlotFigures {
	out := make([]central.SlotFigures, 0, s.last-s.first+1)
	for i := s.first; i <= s.last; i++ {
		if f := s.sales[i]; f != nil {
			out = append(out, *f)
		} else {
			out = append(out, central.SlotFigures{Slot: i})
		}
	}
	return out
}

// queueHours queues the sales by hour of day and by day of week.
func queueHours(b *pgx.Batch, f central.ReportFilter) (hours, weekdays *slots) {
	hours, weekdays = newSlots(0, 23), newSlots(1, 7)
	var kind string
	var slot int16
	var sales, cents int64
	queueRows(b, `
		SELECT slot_kind, slot, sum(orders)::bigint, sum(total_cents)::bigint FROM report_hours
		WHERE `+inPeriod+` GROUP BY 1, 2`, periodArgs(f),
		[]any{&kind, &slot, &sales, &cents}, func() {
			if kind == "hour" {
				hours.add(int(slot), sales, cents)
			} else {
				weekdays.add(int(slot), sales, cents)
			}
		})
	return hours, weekdays
}

// queueProducts queues the quantities sold of each product.
func queueProducts(b *pgx.Batch, f central.ReportFilter) *[]central.ProductFigures {
	products := &[]central.ProductFigures{}
	var p central.ProductFigures
	queueRows(b, `
		SELECT product_id, max(product_name), sum(quantity)::bigint, sum(total_cents)::bigint
		FROM report_products
		WHERE `+inPeriod+` GROUP BY 1`, periodArgs(f),
		[]any{&p.ProductID, &p.Name, &p.Quantity, &p.RevenueCents}, func() {
			*products = append(*products, p)
		})
	return products
}

// bestSellers sorts products by quantity sold, then revenue, then id.
func bestSellers(products *[]central.ProductFigures) []central.ProductFigures {
	out := *products
	slices.SortFunc(out, func(a, b central.ProductFigures) int {
		return cmp.Or(cmp.Compare(b.Quantity, a.Quantity),
			cmp.Compare(b.RevenueCents, a.RevenueCents),
			cmp.Compare(a.ProductID, b.ProductID))
	})
	return out
}

// queueRefusals queues the cancelled and rejected orders by reason, most
// frequent first.
func queueRefusals(b *pgx.Batch, f central.ReportFilter, out *[]central.RefusalFigures) {
	var r central.RefusalFigures
	queueRows(b, `
		SELECT status, reason, sum(orders)::bigint, sum(total_cents)::bigint, sum(refunded)::bigint
		FROM report_refusals
		WHERE `+inPeriod+` GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`, periodArgs(f),
		[]any{&r.Status, &r.Reason, &r.Orders, &r.TotalCents, &r.Refunded}, func() {
			*out = append(*out, r)
		})
}

// queueDurations queues the histograms of each phase.
func queueDurations(b *pgx.Batch, f central.ReportFilter) map[string]*central.Histogram {
	m := map[string]*central.Histogram{
		central.PhasePreparation: {}, central.PhaseDelivery: {},
	}
	var phase string
	var minute int16
	var orders, seconds int64
	queueRows(b, `
		SELECT phase, minute, sum(orders)::bigint, sum(seconds)::bigint FROM report_durations
		WHERE `+inPeriod+` GROUP BY 1, 2`, periodArgs(f),
		[]any{&phase, &minute, &orders, &seconds}, func() {
			if h := m[phase]; h != nil {
				h.Add(int(minute), orders, seconds)
			}
		})
	return m
}

// durationFigures returns the figures of preparation, then delivery.
func durationFigures(m map[string]*central.Histogram) []central.DurationFigures {
	return []central.DurationFigures{
		m[central.PhasePreparation].Figures(central.PhasePreparation),
		m[central.PhaseDelivery].Figures(central.PhaseDelivery),
	}
}

// queueStock queues the movements of each ingredient.
func queueStock(b *pgx.Batch, f central.ReportFilter) map[string]*central.StockFigures {
	m := map[string]*central.StockFigures{}
	var ingredient, kind string
	var movements, quantity int64
	queueRows(b, `
		SELECT ingredient_id, kind, sum(movements)::bigint, sum(quantity)::bigint FROM report_stock
		WHERE `+inPeriod+` GROUP BY 1, 2`, periodArgs(f),
		[]any{&ingredient, &kind, &movements, &quantity}, func() {
			if m[ingredient] == nil {
				m[ingredient] = &central.StockFigures{IngredientID: ingredient}
			}
			m[ingredient].Add(kind, quantity)
		})
	return m
}
