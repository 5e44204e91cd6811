package http

import (
	"context"
	"net/http"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// reportRoles may see reports: head office every pizzeria, a manager
// their own (central.ReportScope decides which).
var reportRoles = []central.Role{central.RoleHeadOffice, central.RoleManager}

// reportFilter reads from, to and branch from the query and scopes them
// to the caller. Without dates it reports the last seven days, today
// included.
func reportFilter(r *http.Request, maxDays int) (central.ReportFilter, error) {
	q := r.URL.Query()
	from, to := q.Get("from"), q.Get("to")
	if from == "" && to == "" {
		today := central.ParisDate(time.Now())
		from, to = today.AddDate(0, 0, -6).Format(time.DateOnly), today.Format(time.DateOnly)
	}
	f, err := central.ParseReportFilter(from, to, q.Get("branch"), maxDays)
	if err != nil {
		return f, err
	}
	return f, f.Scope(userFrom(r.Context()))
}

// handleReportSales answers GET /api/v1/reports/sales (SPEC §6): sales
// per pizzeria, day and product.
func (s *Server) handleReportSales(w http.ResponseWriter, r *http.Request) {
	f, err := reportFilter(r, central.MaxSalesDays)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	report, err := s.Reports.SalesReport(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, report)
}

// handleReportPeriod answers GET /api/v1/reports/period: every figure of
// a period beside those of the period before.
func (s *Server) handleReportPeriod(w http.ResponseWriter, r *http.Request) {
	f, err := reportFilter(r, central.MaxReportDays)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	report, err := s.Reports.PeriodReport(r.Context(), f)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, report)
}

// handleReportLive answers GET /api/v1/reports/live: today at every
// pizzeria the caller may see.
func (s *Server) handleReportLive(w http.ResponseWriter, r *http.Request) {
	report, err := s.liveReport(r)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, report)
}

// liveReport returns the live report of the pizzerias the caller may
// see, with the stock alerts of the current catalog.
func (s *Server) liveReport(r *http.Request) (*central.LiveReport, error) {
	q := r.URL.Query().Get("branch")
	if q != "" && !syncproto.ValidPizzeriaID(q) {
		return nil, central.Invalid("branch", central.MsgBadPizzeriaID)
	}
	pizzeria, err := central.ReportScope(userFrom(r.Context()), q)
	if err != nil {
		return nil, err
	}
	report, err := s.Reports.LiveReport(r.Context(), pizzeria)
	if err != nil {
		return nil, err
	}
	catalog, err := s.currentCatalog(r.Context())
	if err != nil {
		return nil, err
	}
	for _, b := range report.Pizzerias {
		b.ApplyCatalog(catalog)
	}
	return report, nil
}

// currentCatalog returns the catalog that stock alerts are read against,
// or nil when the server was given none.
func (s *Server) currentCatalog(ctx context.Context) (*syncproto.Catalog, error) {
	if s.reportCatalog == nil {
		return nil, nil
	}
	return s.reportCatalog(ctx)
}
