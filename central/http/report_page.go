package http

import (
	"encoding/csv"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// reportView is the data of the period report page.
type reportView struct {
	User      *central.User
	From, To  string
	Branch    string
	Pizzerias []*central.Pizzeria // the choices of the form; one for a manager
	Previous  string
	Figures   []figureRow
	Charts    []chartView
	Tables    []*reportTable
	Query     string // from, to and branch, for the CSV links
}

// figureRow is one headline figure with the previous period's and the
// change.
type figureRow struct {
	Label, Value, Previous, Change string
}

// chartView is a chart with its title.
type chartView struct {
	Title string
	SVG   template.HTML
}

// handleReportPage shows the period report of the form's range.
func (s *Server) handleReportPage(w http.ResponseWriter, r *http.Request) {
	f, err := reportFilter(r, central.MaxReportDays)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	report, err := s.Reports.PeriodReport(r.Context(), f)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	pizzerias, err := s.reportPizzerias(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	view := reportView{
		User: userFrom(r.Context()), From: report.From, To: report.To, Branch: f.Pizzeria,
		Pizzerias: pizzerias,
		Previous: central.Message(central.LabelPreviousPeriod, report.Previous.From,
			report.Previous.To),
		Figures: headline(report.Totals, report.PrevTotals),
		Tables:  periodTables(report),
		Query: url.Values{"from": {report.From}, "to": {report.To},
			"branch": {f.Pizzeria}}.Encode(),
	}
	trend, hours, weekdays := view.Tables[1], view.Tables[3], view.Tables[4]
	view.Charts = []chartView{
		{trend.Title, barChart(trend.Title, revenueBars(trend, 0, 2))},
		{hours.Title, barChart(hours.Title, revenueBars(hours, 0, 2))},
		{weekdays.Title, barChart(weekdays.Title, revenueBars(weekdays, 0, 2))},
	}
	s.render(w, r, http.StatusOK, "report.html", view)
}

// reportPizzerias returns the pizzerias a user may choose from.
func (s *Server) reportPizzerias(r *http.Request) ([]*central.Pizzeria, error) {
	all, err := s.Accounts.FindPizzerias(r.Context())
	if err != nil {
		return nil, err
	}
	u := userFrom(r.Context())
	if u.Role.AllPizzerias() {
		return all, nil
	}
	for _, p := range all {
		if p.ID == u.PizzeriaID {
			return []*central.Pizzeria{p}, nil
		}
	}
	return nil, nil
}

// headline returns the key figures beside the previous period's.
func headline(cur, prev central.Figures) []figureRow {
	row := func(label central.MessageKey, c, p int64, money bool) figureRow {
		f := figureRow{Label: central.Message(label), Value: groupDigits(fmt.Sprint(c)),
			Previous: groupDigits(fmt.Sprint(p)), Change: change(c, p)}
		if money {
			f.Value, f.Previous = euros(c), euros(p)
		}
		return f
	}
	return []figureRow{
		row(central.LabelRevenue, cur.RevenueCents, prev.RevenueCents, true),
		row(central.LabelSales, cur.Sales, prev.Sales, false),
		row(central.LabelBasket, cur.BasketCents, prev.BasketCents, true),
		row(central.LabelOrders, cur.Orders, prev.Orders, false),
		row(central.LabelCancelled, cur.Cancelled, prev.Cancelled, false),
		row(central.LabelRejected, cur.Rejected, prev.Rejected, false),
	}
}

// change writes the relative change from p to c: "+12,5 %", or "—".
func change(c, p int64) string {
	if p == 0 {
		return "—"
	}
	pct := float64(c-p) * 100 / float64(p)
	s := fmt.Sprintf("%+.1f %%", pct)
	return replaceDot(s)
}

func replaceDot(s string) string {
	for i := range len(s) {
		if s[i] == '.' {
			return s[:i] + "," + s[i+1:]
		}
	}
	return s
}

// handleReportExport sends one table of a period report, or the live
// view (table=live), as CSV.
func (s *Server) handleReportExport(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("table")
	var table *reportTable
	var err error
	if name == "live" {
		table, err = s.liveTable(r)
	} else {
		table, err = s.periodTable(r, name)
	}
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/csv; charset=utf-8")
	h.Set("Content-Disposition", fmt.Sprintf(`attachment; filename="ocpizza-%s-%s.csv"`,
		table.ID, time.Now().In(paris).Format("2006-01-02")))
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	cw := csv.NewWriter(w)
	_ = cw.Write(table.Columns)
	for _, row := range table.Rows {
		rec := make([]string, len(row))
		for i, c := range row {
			rec[i] = csvSafe(c)
		}
		_ = cw.Write(rec)
	}
	cw.Flush()
}

// periodTable returns one table of the period report of the request.
func (s *Server) periodTable(r *http.Request, name string) (*reportTable, error) {
	f, err := reportFilter(r, central.MaxReportDays)
	if err != nil {
		return nil, err
	}
	report, err := s.Reports.PeriodReport(r.Context(), f)
	if err != nil {
		return nil, err
	}
	for _, t := range periodTables(report) {
		if t.ID == name {
			return t, nil
		}
	}
	return nil, central.Invalid("table", central.MsgReportUnknownTable, name)
}

// csvSafe returns a cell's raw text, a text that a spreadsheet would run
// as a formula (staff write reasons) prefixed with an apostrophe.
func csvSafe(c cell) string {
	if !c.Num && c.Raw != "" && strings.ContainsRune("=+-@\t\r", rune(c.Raw[0])) {
		return "'" + c.Raw
	}
	return c.Raw
}
