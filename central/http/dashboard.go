package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// dashboardRefreshSeconds is how often the live dashboard is redrawn
// when it cannot follow its feed (dashboard_events.go): by its script
// from a fragment of the page, or by a reload without script.
const dashboardRefreshSeconds = 5

// dashboardView is the data of the live dashboard.
type dashboardView struct {
	User           *central.User
	Date           string
	UpdatedAt      string
	RefreshSeconds int
	Rows           []liveRow
}

// liveRow is one pizzeria of the live dashboard, in words.
type liveRow struct {
	ID, Name      string
	Online        bool
	State         string
	CompleteUntil string
	Backlog       int64
	Open          []statusCount
	Waiting       []string
	Revenue       string
	Orders        int64
	Preparation   string
	Delivery      string
	LowStock      []string
	Unmakeable    []string
}

type statusCount struct {
	Label string
	N     int64
}

// handleDashboard shows every pizzeria side by side, today. With
// ?fragment=1 it sends only the table, which the page's script swaps in
// when its live feed is not available.
func (s *Server) handleDashboard(w http.ResponseWriter, r *http.Request) {
	view, err := s.dashboardView(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	page := "dashboard.html"
	if r.URL.Query().Get("fragment") == "1" {
		page = "dashboard_table"
	}
	s.render(w, r, http.StatusOK, page, view)
}

// dashboardView reads today's state of the pizzerias the caller may see
// and puts it into words.
func (s *Server) dashboardView(r *http.Request) (dashboardView, error) {
	report, err := s.liveReport(r)
	if err != nil {
		return dashboardView{}, err
	}
	catalog, err := s.currentCatalog(r.Context())
	if err != nil {
		return dashboardView{}, err
	}
	view := dashboardView{
		User: userFrom(r.Context()), Date: report.Date, RefreshSeconds: dashboardRefreshSeconds,
		UpdatedAt: report.GeneratedAt.In(paris).Format("15:04:05"),
	}
	for _, b := range report.Pizzerias {
		view.Rows = append(view.Rows, newLiveRow(b, catalog, report.GeneratedAt))
	}
	return view, nil
}

// openOrder lists the open statuses in the order of an order's life.
var openOrder = []string{"placed", "accepted", "preparing", "ready", "out_for_delivery"}

// newLiveRow puts one pizzeria's live state into words.
func newLiveRow(b *central.LiveBranch, c *syncproto.Catalog, now time.Time) liveRow {
	row := liveRow{
		ID: b.Pizzeria, Name: b.Name, Online: b.Online, Backlog: b.Backlog,
		State:         central.Message(central.LabelOffline),
		CompleteUntil: central.Message(central.LabelNoData),
		Revenue:       euros(b.Today.RevenueCents), Orders: b.Today.Orders,
		Preparation: meanTime(b.Preparation), Delivery: meanTime(b.Delivery),
	}
	if b.Online {
		row.State = central.Message(central.LabelOnline)
	}
	if b.CompleteUntil != nil {
		row.CompleteUntil = parisTime(*b.CompleteUntil)
	}
	for _, st := range openOrder {
		if n := b.OpenByStatus[st]; n > 0 {
			label := central.Message(central.MessageKey("status_" + st))
			row.Open = append(row.Open, statusCount{label, n})
		}
	}
	for _, o := range b.Waiting {
		row.Waiting = append(row.Waiting, central.Message(central.LabelTicket, o.Ticket)+" · "+
			central.Message(central.MessageKey("status_"+o.Status))+" · "+
			formatLag(now.Sub(o.CreatedAt).Seconds()))
	}
	for _, a := range b.LowStock {
		row.LowStock = append(row.LowStock,
			a.Name+" : "+strconv.FormatInt(a.OnHand, 10)+" "+a.Unit)
	}
	names := productNames(c)
	for _, id := range b.Unmakeable {
		row.Unmakeable = append(row.Unmakeable, names[id])
	}
	return row
}

// meanTime writes a phase's mean time, or a dash with no order yet.
func meanTime(d central.DurationFigures) string {
	if d.Orders == 0 {
		return "—"
	}
	return duration(d.MeanSeconds)
}

// productNames returns the catalog's product names by id.
func productNames(c *syncproto.Catalog) map[string]string {
	names := map[string]string{}
	if c != nil {
		for _, p := range c.Products {
			names[p.ID] = p.Name
		}
	}
	return names
}

// liveTable returns the live dashboard as a table, for CSV.
func (s *Server) liveTable(r *http.Request) (*reportTable, error) {
	report, err := s.liveReport(r)
	if err != nil {
		return nil, err
	}
	t := newTable("live", central.LabelDashboardTitle, column{"pizzeria", central.LabelPizzeria},
		column{"online", central.LabelState}, column{"open_orders", central.LabelOpenOrders},
		column{"today_orders", central.LabelTodayOrders},
		column{"today_revenue_cents", central.LabelTodayRevenue},
		column{"preparation_mean_seconds", central.LabelPrepMean},
		column{"delivery_mean_seconds", central.LabelDeliveryMean},
		column{"low_stock", central.LabelLowStock},
		column{"complete_until", central.LabelCompleteUntil})
	for _, b := range report.Pizzerias {
		var open int64
		for _, n := range b.OpenByStatus {
			open += n
		}
		until := ""
		if b.CompleteUntil != nil {
			until = b.CompleteUntil.UTC().Format(time.RFC3339)
		}
		t.add(textCell(b.Pizzeria), textCell(strconv.FormatBool(b.Online)), countCell(open),
			countCell(b.Today.Orders), centsCell(b.Today.RevenueCents),
			countCell(b.Preparation.MeanSeconds), countCell(b.Delivery.MeanSeconds),
			countCell(int64(len(b.LowStock))), textCell(until))
	}
	return t, nil
}
