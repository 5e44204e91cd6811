package http

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// cell is one value of a report table: its words for the page and its
// raw form for CSV (cents as integers, dates as ISO dates).
type cell struct {
	Text string
	Raw  string
	Num  bool
}

func textCell(s string) cell { return cell{Text: s, Raw: s} }

func countCell(n int64) cell {
	s := strconv.FormatInt(n, 10)
	return cell{Text: groupDigits(s), Raw: s, Num: true}
}

func centsCell(cents int64) cell {
	return cell{Text: euros(cents), Raw: strconv.FormatInt(cents, 10), Num: true}
}

// reportTable is one table of a report, exported as CSV under its id.
type reportTable struct {
	ID      string
	Title   string
	Columns []string // the CSV header: stable ids
	Labels  []string // the page header: French words
	Rows    [][]cell
}

// column pairs a CSV column id with its label key.
type column struct {
	id    string
	label central.MessageKey
}

func newTable(id string, title central.MessageKey, columns ...column) *reportTable {
	t := &reportTable{ID: id, Title: central.Message(title)}
	for _, c := range columns {
		t.Columns = append(t.Columns, c.id)
		t.Labels = append(t.Labels, central.Message(c.label))
	}
	return t
}

func (t *reportTable) add(cells ...cell) { t.Rows = append(t.Rows, cells) }

// Reused columns.
var (
	colSales   = column{"sales", central.LabelSales}
	colRevenue = column{"revenue_cents", central.LabelRevenue}
	colOrders  = column{"orders", central.LabelOrders}
)

// periodTables returns every table of a period report, in page order.
func periodTables(r *central.PeriodReport) []*reportTable {
	return []*reportTable{
		pizzeriaTable(r), trendTable(r), channelTable(r), slotTable(r, "hours"),
		slotTable(r, "weekdays"), productTable(r), refusalTable(r), durationTable(r),
		stockTable(r), coverageTable(r.Coverage),
	}
}

func pizzeriaTable(r *central.PeriodReport) *reportTable {
	t := newTable("pizzerias", central.LabelByPizzeria, column{"pizzeria", central.LabelPizzeria},
		colOrders, colSales, colRevenue, column{"basket_cents", central.LabelBasket},
		column{"cancelled", central.LabelCancelled}, column{"rejected", central.LabelRejected})
	for _, p := range r.Pizzerias {
		name := p.Name
		if name == "" {
			name = p.Pizzeria
		}
		t.add(cell{Text: name, Raw: p.Pizzeria}, countCell(p.Orders), countCell(p.Sales),
			centsCell(p.RevenueCents), centsCell(p.BasketCents), countCell(p.Cancelled),
			countCell(p.Rejected))
	}
	return t
}

func trendTable(r *central.PeriodReport) *reportTable {
	t := newTable("trend", central.LabelTrend, column{"period", central.LabelDate}, colSales,
		colRevenue)
	for _, p := range r.Trend {
		t.add(textCell(p.Period), countCell(p.Sales), centsCell(p.RevenueCents))
	}
	return t
}

func channelTable(r *central.PeriodReport) *reportTable {
	t := newTable("channels", central.LabelByChannel, column{"channel", central.LabelChannel},
		column{"fulfilment", central.LabelFulfilment}, colSales, colRevenue)
	for _, c := range r.Channels {
		channel := central.Message(central.MessageKey("channel_" + c.Channel))
		t.add(cell{Text: channel, Raw: c.Channel},
			cell{Text: central.Message(central.MessageKey("fulfilment_" + c.Fulfilment)),
				Raw: c.Fulfilment},
			countCell(c.Sales), centsCell(c.RevenueCents))
	}
	return t
}

func slotTable(r *central.PeriodReport, id string) *reportTable {
	if id == "hours" {
		t := newTable(id, central.LabelByHour, column{"hour", central.LabelHour}, colSales,
			colRevenue)
		for _, s := range r.Hours {
			t.add(cell{Text: fmt.Sprintf("%02d h", s.Slot), Raw: strconv.Itoa(s.Slot)},
				countCell(s.Sales), centsCell(s.RevenueCents))
		}
		return t
	}
	t := newTable(id, central.LabelByWeekday, column{"weekday", central.LabelWeekday}, colSales,
		colRevenue)
	for _, s := range r.Weekdays {
		t.add(cell{Text: weekdayName(s.Slot), Raw: strconv.Itoa(s.Slot)}, countCell(s.Sales),
			centsCell(s.RevenueCents))
	}
	return t
}

func productTable(r *central.PeriodReport) *reportTable {
	t := newTable("products", central.LabelBestSellers, column{"product_id", central.LabelProduct},
		column{"quantity", central.LabelQuantity}, colRevenue)
	for _, p := range r.Products {
		t.add(cell{Text: p.Name, Raw: p.ProductID}, countCell(p.Quantity),
			centsCell(p.RevenueCents))
	}
	return t
}

func refusalTable(r *central.PeriodReport) *reportTable {
	t := newTable("refusals", central.LabelRefusals, column{"status", central.LabelStatus},
		column{"reason", central.LabelReason}, colOrders,
		column{"total_cents", central.LabelRevenue},
		column{"refunded", central.LabelRefunded})
	for _, f := range r.Refusals {
		reason := cell{Text: f.Reason, Raw: f.Reason}
		if f.Reason == "" {
			reason.Text = central.Message(central.LabelNoReason)
		}
		t.add(cell{Text: central.Message(central.MessageKey("status_" + f.Status)), Raw: f.Status},
			reason, countCell(f.Orders), centsCell(f.TotalCents), countCell(f.Refunded))
	}
	return t
}

func durationTable(r *central.PeriodReport) *reportTable {
	t := newTable("durations", central.LabelDurations, column{"phase", central.LabelPhase},
		colOrders, column{"mean_seconds", central.LabelMean},
		column{"median_minutes", central.LabelMedian}, column{"p90_minutes", central.LabelP90})
	for _, d := range r.Durations {
		t.add(cell{Text: central.Message(central.MessageKey("phase_" + d.Phase)), Raw: d.Phase},
			countCell(d.Orders),
			cell{Text: duration(d.MeanSeconds), Raw: strconv.FormatInt(d.MeanSeconds, 10),
				Num: true},
			minutesCell(d.MedianMinutes), minutesCell(d.P90Minutes))
	}
	return t
}

func minutesCell(m int) cell {
	return cell{Text: central.Message(central.LabelMinutes, m), Raw: strconv.Itoa(m), Num: true}
}

func stockTable(r *central.PeriodReport) *reportTable {
	t := newTable("stock", central.LabelStockUse, column{"ingredient_id", central.LabelIngredient},
		column{"consumed", central.LabelConsumed}, column{"wasted", central.LabelWasted},
		column{"received", central.LabelReceived}, column{"adjusted", central.LabelAdjusted})
	for _, s := range r.Stock {
		t.add(textCell(s.IngredientID), countCell(s.Consumed), countCell(s.Wasted),
			countCell(s.Received), countCell(s.Adjusted))
	}
	return t
}

func coverageTable(coverage []central.Coverage) *reportTable {
	t := newTable("coverage", central.LabelCoverage, column{"pizzeria", central.LabelPizzeria},
		column{"complete_until", central.LabelCompleteUntil},
		column{"backlog", central.LabelBacklogShort}, column{"held", central.LabelHeld})
	for _, c := range coverage {
		until := cell{Text: central.Message(central.LabelNoData)}
		if c.CompleteUntil != nil {
			until = cell{Text: parisTime(*c.CompleteUntil),
				Raw: c.CompleteUntil.UTC().Format(time.RFC3339)}
		}
		t.add(cell{Text: c.Name, Raw: c.Pizzeria}, until, countCell(c.Backlog), countCell(c.Held))
	}
	return t
}

// euros writes cents the French way: "1 234,50 €".
func euros(cents int64) string {
	sign := ""
	if cents < 0 {
		sign, cents = "-", -cents
	}
	units := groupDigits(strconv.FormatInt(cents/100, 10))
	return fmt.Sprintf("%s%s,%02d €", sign, units, cents%100)
}

// groupDigits separates thousands with a narrow no-break space.
func groupDigits(s string) string {
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteString("\u202f")
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// duration writes seconds as "12 min 05 s".
func duration(seconds int64) string {
	return fmt.Sprintf("%d min %02d s", seconds/60, seconds%60)
}

// weekdayName returns the short French name of an ISO day of week.
func weekdayName(day int) string {
	names := strings.Split(central.Message(central.LabelWeekdays), ",")
	if day < 1 || day > len(names) {
		return strconv.Itoa(day)
	}
	return names[day-1]
}
