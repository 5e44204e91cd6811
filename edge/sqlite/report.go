package sqlite

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

// Ensure the service is implemented.
var _ edge.ReportService = (*DB)(nil)

// DayReport implements edge.ReportService. It reads the day's orders and
// their history in two queries and sums them here, so that durations are
// exact to the millisecond whatever SQLite's date functions do.
func (db *DB) DayReport(ctx context.Context, date string) (*edge.DayReport, error) {
	if err := edge.ValidateDate(date); err != nil {
		return nil, err
	}
	report := &edge.DayReport{Date: date}

	// The orders: counts, revenue and channels.
	lost, err := db.sumOrders(ctx, report)
	if err != nil {
		return nil, err
	}

	// Their history: durations, and why the lost ones were lost.
	if err := db.sumHistory(ctx, report, lost); err != nil {
		return nil, err
	}
	for _, id := range lostOrder(lost) {
		report.Losses = append(report.Losses, *lost[id])
	}
	return report, nil
}

// sumOrders adds up the day's orders into report and returns those refused
// or cancelled, by id.
func (db *DB) sumOrders(ctx context.Context, report *edge.DayReport) (map[string]*edge.LostOrder, error) {
	rows, err := db.read.QueryContext(ctx, `
		SELECT id, ticket, channel, status, total_cents FROM orders
		WHERE business_date = ? ORDER BY ticket`, report.Date)
	if err != nil {
		return nil, fmt.Errorf("day report: %w", err)
	}
	defer rows.Close()

	lost := map[string]*edge.LostOrder{}
	channels := map[edge.Channel]*edge.ChannelFigures{}
	for rows.Next() {
		var o edge.LostOrder
		var channel edge.Channel
		if err := rows.Scan(&o.OrderID, &o.Ticket, &channel, &o.Status, &o.TotalCents); err != nil {
			return nil, fmt.Errorf("day report: %w", err)
		}
		cf := channels[channel]
		if cf == nil {
			cf = &edge.ChannelFigures{Channel: channel}
			channels[channel] = cf
		}
		report.Orders++
		cf.Orders++
		switch {
		case o.Status == edge.StatusCancelled || o.Status == edge.StatusRejected:
			lost[o.OrderID] = &o
		default:
			report.RevenueCents += o.TotalCents
			cf.RevenueCents += o.TotalCents
		}
		countStatus(report, o.Status)
	}
	for _, ch := range []edge.Channel{edge.ChannelPhone, edge.ChannelCounter, edge.ChannelWeb} {
		if cf := channels[ch]; cf != nil {
			report.ByChannel = append(report.ByChannel, *cf)
		}
	}
	return lost, rows.Err()
}

// countStatus counts an order under its current status.
func countStatus(report *edge.DayReport, s edge.Status) {
	switch {
	case s == edge.StatusCancelled:
		report.Cancelled++
	case s == edge.StatusRejected:
		report.Rejected++
	case s == edge.StatusDelivered || s == edge.StatusPickedUp:
		report.Completed++
	case s.Open():
		report.Open++
	}
}

// sumHistory reads the transitions of the day's orders: the mean
// preparation and delivery times, and the reason of each lost order.
func (db *DB) sumHistory(ctx context.Context, report *edge.DayReport, lost map[string]*edge.LostOrder) error {
	rows, err := db.read.QueryContext(ctx, `
		SELECT h.order_id, h.to_status, h.by_user, h.reason, h.at
		FROM order_history h JOIN orders o ON o.id = h.order_id
		WHERE o.business_date = ? ORDER BY h.id`, report.Date)
	if err != nil {
		return fmt.Errorf("day report history: %w", err)
	}
	defer rows.Close()

	// When each order reached each status.
	reached := map[string]map[edge.Status]time.Time{}
	for rows.Next() {
		var orderID, by, reason, at string
		var to edge.Status
		if err := rows.Scan(&orderID, &to, &by, &reason, &at); err != nil {
			return fmt.Errorf("day report history: %w", err)
		}
		if reached[orderID] == nil {
			reached[orderID] = map[edge.Status]time.Time{}
		}
		reached[orderID][to] = parseTime(at)
		if o := lost[orderID]; o != nil && o.Status == to {
			o.Reason, o.By, o.At = reason, by, parseTime(at)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("day report history: %w", err)
	}

	// The mean of each span over the orders that went through it.
	report.AvgPreparation, report.Prepared = meanSpan(reached, edge.StatusPreparing, edge.StatusReady)
	report.AvgDelivery, report.Delivered = meanSpan(reached, edge.StatusOutForDelivery, edge.StatusDelivered)
	return nil
}

// meanSpan returns the mean time from one status to another over the
// orders that reached both, and how many did.
func meanSpan(reached map[string]map[edge.Status]time.Time, from, to edge.Status) (time.Duration, int64) {
	var total time.Duration
	var n int64
	for _, at := range reached {
		start, ok1 := at[from]
		end, ok2 := at[to]
		if ok1 && ok2 {
			total += end.Sub(start)
			n++
		}
	}
	if n == 0 {
		return 0, 0
	}
	return total / time.Duration(n), n
}

// lostOrder returns the ids of the lost orders by ticket number.
func lostOrder(lost map[string]*edge.LostOrder) []string {
	ids := make([]string, 0, len(lost))
	for id := range lost {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b string) int { return cmp.Compare(lost[a].Ticket, lost[b].Ticket) })
	return ids
}

// DriversCash implements edge.ReportService: the delivery orders of the
// date paid at the door, summed by who recorded the payment.
func (db *DB) DriversCash(ctx context.Context, date string) ([]*edge.DriverCash, error) {
	if err := edge.ValidateDate(date); err != nil {
		return nil, err
	}
	rows, err := db.read.QueryContext(ctx, `
		SELECT paid_by,
		       sum(CASE WHEN payment_method = 'cash' THEN total_cents ELSE 0 END),
		       sum(CASE WHEN payment_method = 'cash' THEN 1 ELSE 0 END),
		       sum(CASE WHEN payment_method = 'card' THEN total_cents ELSE 0 END),
		       sum(CASE WHEN payment_method = 'card' THEN 1 ELSE 0 END)
		FROM orders
		WHERE business_date = ? AND fulfilment = 'delivery' AND payment_status = 'paid'
		  AND paid_by <> '' AND payment_method IN ('cash', 'card')
		GROUP BY paid_by ORDER BY paid_by`, date)
	if err != nil {
		return nil, fmt.Errorf("drivers cash: %w", err)
	}
	defer rows.Close()

	var cash []*edge.DriverCash
	for rows.Next() {
		var c edge.DriverCash
		if err := rows.Scan(&c.Driver, &c.CashCents, &c.CashOrders, &c.CardCents, &c.CardOrders); err != nil {
			return nil, fmt.Errorf("drivers cash: %w", err)
		}
		cash = append(cash, &c)
	}
	return cash, rows.Err()
}
