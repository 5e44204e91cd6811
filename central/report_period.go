package central

import "time"

// PeriodReport is head office's report over a range of business dates,
// with the same figures for the period just before, to compare.
type PeriodReport struct {
	From        string            `json:"from"`
	To          string            `json:"to"`
	Pizzeria    string            `json:"branch,omitempty"`
	Previous    PeriodRange       `json:"previous"`
	Totals      Figures           `json:"totals"`
	PrevTotals  Figures           `json:"previous_totals"`
	Pizzerias   []PizzeriaFigures `json:"pizzerias"`
	Trend       []TrendPoint      `json:"trend"` // per day up to 92 days, per month beyond
	Channels    []ChannelFigures  `json:"channels"`
	Hours       []SlotFigures     `json:"hours"`
	Weekdays    []SlotFigures     `json:"weekdays"`
	Products    []ProductFigures  `json:"products"` // best sellers first
	Refusals    []RefusalFigures  `json:"refusals"`
	Durations   []DurationFigures `json:"durations"`
	PrevDurs    []DurationFigures `json:"previous_durations"`
	Stock       []StockFigures    `json:"stock"`
	Coverage    []Coverage        `json:"coverage"`
	GeneratedAt time.Time         `json:"generated_at"`
}

// PeriodRange is a range of business dates, both included.
type PeriodRange struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// DailyTrendDays is the longest range whose trend is drawn per day.
const DailyTrendDays = 92

// DurationFigures are the times of one phase: the mean to the second, the
// median and 90th percentile to the minute (read from one-minute
// buckets: a median of 12 means the middle order took at least 12 and
// under 13 minutes).
type DurationFigures struct {
	Phase         string `json:"phase"`
	Orders        int64  `json:"orders"`
	MeanSeconds   int64  `json:"mean_seconds"`
	MedianMinutes int    `json:"median_minutes"`
	P90Minutes    int    `json:"p90_minutes"`
}

// Histogram counts durations by whole minute, with the exact seconds
// summed.
type Histogram struct {
	Counts  map[int]int64
	Orders  int64
	Seconds int64
}

// Add counts orders whose duration fell in minute.
func (h *Histogram) Add(minute int, orders, seconds int64) {
	if h.Counts == nil {
		h.Counts = map[int]int64{}
	}
	h.Counts[minute] += orders
	h.Orders += orders
	h.Seconds += seconds
}

// Percentile returns the minute under which a share q (0 < q ≤ 1) of the
// orders fall: the smallest minute m such that at least q of them took
// less than m+1 minutes. It returns 0 for no orders.
func (h *Histogram) Percentile(q float64) int {
	if h.Orders == 0 {
		return 0
	}
	need := int64(q*float64(h.Orders) + 0.999999)
	var seen int64
	for m := 0; m <= MaxDurationMinute; m++ {
		seen += h.Counts[m]
		if seen >= need {
			return m
		}
	}
	return MaxDurationMinute
}

// MaxDurationMinute is the last bucket, which holds every longer time.
const MaxDurationMinute = 240

// Figures returns the duration figures of the histogram.
func (h *Histogram) Figures(phase string) DurationFigures {
	d := DurationFigures{Phase: phase, Orders: h.Orders}
	if h.Orders > 0 {
		d.MeanSeconds = h.Seconds / h.Orders
		d.MedianMinutes = h.Percentile(0.5)
		d.P90Minutes = h.Percentile(0.9)
	}
	return d
}

// SalesReport is the answer of GET /api/v1/reports/sales: sales per
// pizzeria, per pizzeria and day, and per product.
type SalesReport struct {
	From      string            `json:"from"`
	To        string            `json:"to"`
	Pizzeria  string            `json:"branch,omitempty"`
	Totals    Figures           `json:"totals"`
	Pizzerias []PizzeriaFigures `json:"pizzerias"`
	Days      []DaySales        `json:"days"`
	Products  []ProductFigures  `json:"products"`
	Coverage  []Coverage        `json:"coverage"`
}

// DaySales are the figures of one pizzeria on one business date.
type DaySales struct {
	Pizzeria string `json:"pizzeria"`
	Date     string `json:"date"`
	Figures
}

// LiveReport is today's state of every pizzeria, side by side.
type LiveReport struct {
	Date        string        `json:"date"` // today in Paris
	GeneratedAt time.Time     `json:"generated_at"`
	Pizzerias   []*LiveBranch `json:"pizzerias"`
}

// LiveBranch is today's state of one pizzeria.
type LiveBranch struct {
	Pizzeria      string           `json:"pizzeria"`
	Name          string           `json:"name"`
	Online        bool             `json:"online"`
	LastSeenAt    *time.Time       `json:"last_seen_at"`
	CompleteUntil *time.Time       `json:"complete_until"`
	Backlog       int64            `json:"backlog"`
	OpenByStatus  map[string]int64 `json:"open_by_status"`
	Waiting       []LiveOrder      `json:"waiting"` // the open orders waiting longest
	Today         Figures          `json:"today"`
	Preparation   DurationFigures  `json:"preparation"`
	Delivery      DurationFigures  `json:"delivery"`
	LowStock      []StockAlert     `json:"low_stock"`
	Unmakeable    []string         `json:"unmakeable"` // product ids
	Stock         []StockLevel     `json:"-"`
	Unavailable   []string         `json:"-"` // products marked unavailable
}

// LiveOrder is an open order of the live view.
type LiveOrder struct {
	ID        string    `json:"id"`
	Ticket    int64     `json:"ticket"`
	Status    string    `json:"status"`
	Channel   string    `json:"channel"`
	CreatedAt time.Time `json:"created_at"`
}

// StockLevel is an ingredient's stock on hand at a pizzeria.
type StockLevel struct {
	IngredientID string `json:"ingredient_id"`
	OnHand       int64  `json:"on_hand"`
}

// StockAlert is an ingredient at or below its low-stock threshold.
type StockAlert struct {
	IngredientID string `json:"ingredient_id"`
	Name         string `json:"name"`
	Unit         string `json:"unit"`
	OnHand       int64  `json:"on_hand"`
	LowThreshold int64  `json:"low_threshold"`
}

// LiveWaiting is how many of the longest-waiting orders the live view
// lists per pizzeria.
const LiveWaiting = 5
