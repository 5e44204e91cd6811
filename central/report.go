package central

import (
	"context"
	"time"
	_ "time/tzdata" // Europe/Paris, whatever the host has installed
)

// Paris is the time zone of the chain: business dates and hours of day
// are read there.
var Paris = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return loc
}()

// ParisDate returns the Paris calendar date of t as a UTC midnight, the
// form dates take in reports.
func ParisDate(t time.Time) time.Time {
	y, m, d := t.In(Paris).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// The outcomes of an order in reports. Sales are the open and completed
// orders: revenue counts them, and leaves cancelled and rejected orders
// out, paid or not (a paid order that is cancelled is refunded).
const (
	OutcomeOpen      = "open"      // placed, accepted, preparing, ready, out for delivery
	OutcomeCompleted = "completed" // delivered or picked up
	OutcomeCancelled = "cancelled"
	OutcomeRejected  = "rejected"
)

// The phases whose durations reports measure, from the order history.
const (
	PhasePreparation = "preparation" // preparing → ready
	PhaseDelivery    = "delivery"    // out_for_delivery → delivered
)

// Figures are the headline numbers of a set of orders.
type Figures struct {
	Orders       int64 `json:"orders"` // every order created, whatever its outcome
	Sales        int64 `json:"sales"`  // open and completed orders
	RevenueCents int64 `json:"revenue_cents"`
	BasketCents  int64 `json:"basket_cents"` // revenue per sale, rounded down
	Completed    int64 `json:"completed"`
	Open         int64 `json:"open"`
	Cancelled    int64 `json:"cancelled"`
	Rejected     int64 `json:"rejected"`
}

// Add counts orders of one outcome with their total.
func (f *Figures) Add(outcome string, orders, totalCents int64) {
	f.Orders += orders
	switch outcome {
	case OutcomeCompleted:
		f.Completed += orders
	case OutcomeOpen:
		f.Open += orders
	case OutcomeCancelled:
		f.Cancelled += orders
		return
	case OutcomeRejected:
		f.Rejected += orders
		return
	default:
		return
	}
	f.Sales += orders
	f.RevenueCents += totalCents
	f.BasketCents = f.RevenueCents / f.Sales
}

// ChannelFigures are the sales of one channel and fulfilment.
type ChannelFigures struct {
	Channel      string `json:"channel"`
	Fulfilment   string `json:"fulfilment"`
	Sales        int64  `json:"sales"`
	RevenueCents int64  `json:"revenue_cents"`
}

// SlotFigures are the sales of one hour of day (0-23, Paris) or one day
// of week (1 = Monday … 7 = Sunday).
type SlotFigures struct {
	Slot         int   `json:"slot"`
	Sales        int64 `json:"sales"`
	RevenueCents int64 `json:"revenue_cents"`
}

// ProductFigures are the quantity of a product sold and its value.
type ProductFigures struct {
	ProductID    string `json:"product_id"`
	Name         string `json:"name"`
	Quantity     int64  `json:"quantity"`
	RevenueCents int64  `json:"revenue_cents"`
}

// RefusalFigures count the orders cancelled or rejected for one reason.
type RefusalFigures struct {
	Status     string `json:"status"`
	Reason     string `json:"reason"`
	Orders     int64  `json:"orders"`
	TotalCents int64  `json:"total_cents"`
	Refunded   int64  `json:"refunded"` // of them, paid and refunded
}

// StockFigures are the movements of one ingredient: consumed is what
// orders took net of what cancellations gave back; all are positive
// amounts in the ingredient's unit except adjusted, which is signed.
type StockFigures struct {
	IngredientID string `json:"ingredient_id"`
	Consumed     int64  `json:"consumed"`
	Wasted       int64  `json:"wasted"`
	Received     int64  `json:"received"`
	Adjusted     int64  `json:"adjusted"`
}

// Add counts movements of one kind with the sum of their deltas.
func (s *StockFigures) Add(kind string, delta int64) {
	switch kind {
	case "consumption", "return":
		s.Consumed -= delta
	case "waste":
		s.Wasted -= delta
	case "receipt":
		s.Received += delta
	case "adjustment":
		s.Adjusted += delta
	}
}

// TrendPoint is the sales of one day or month of a period.
type TrendPoint struct {
	Period       string `json:"period"` // 2006-01-02, or 2006-01 for a month
	Sales        int64  `json:"sales"`
	RevenueCents int64  `json:"revenue_cents"`
}

// PizzeriaFigures are the figures of one pizzeria over a period.
type PizzeriaFigures struct {
	Pizzeria string `json:"pizzeria"`
	Name     string `json:"name"`
	Figures
}

// Coverage says up to when a pizzeria's data is complete: every event it
// made up to CompleteUntil (its time on the edge) has been applied, in
// sequence order. Events made later may still be on their way: Backlog
// is what its last heartbeat said it had not yet sent, and Held what
// central holds beyond a gap.
type Coverage struct {
	Pizzeria      string     `json:"pizzeria"`
	Name          string     `json:"name"`
	CompleteUntil *time.Time `json:"complete_until"`
	LastAppliedAt *time.Time `json:"last_applied_at"`
	Backlog       int64      `json:"backlog"`
	Held          int64      `json:"held"`
}

// ReportService computes head office's reports from the summary tables
// that the ingest keeps.
type ReportService interface {
	// PeriodReport returns the figures of a period and of the one before
	// it. Returns EINVALID for a bad filter.
	PeriodReport(ctx context.Context, f ReportFilter) (*PeriodReport, error)

	// SalesReport returns the sales of a period per pizzeria, day and
	// product (SPEC §6). Returns EINVALID for a bad filter.
	SalesReport(ctx context.Context, f ReportFilter) (*SalesReport, error)

	// LiveReport returns today's state of one pizzeria, or of all for "".
	LiveReport(ctx context.Context, pizzeria string) (*LiveReport, error)

	// FindCoverage says up to when each pizzeria's data is complete.
	FindCoverage(ctx context.Context, pizzeria string) ([]Coverage, error)
}
