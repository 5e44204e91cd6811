package web

import (
	"net/http"

	"github.com/ocpizza/ocpizza/edge"
)

// todayView is what the day's figures page shows.
type todayView struct {
	Report *edge.DayReport
	Cash   []*edge.DriverCash
}

// handleTodayPage shows the figures of the current business day, or of
// the day asked for with ?date=2006-01-02.
func (s *Server) handleTodayPage(w http.ResponseWriter, r *http.Request) {
	date := r.URL.Query().Get("date")
	if date == "" {
		date = s.today()
	}
	report, err := s.Reports.DayReport(r.Context(), date)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	cash, err := s.Reports.DriversCash(r.Context(), date)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "today", "today.title", todayView{Report: report, Cash: cash})
}

// handleLinkPage shows the link to central in detail.
func (s *Server) handleLinkPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "link", "link.title", s.linkStatus(r.Context()))
}

// handleStatusFragment returns the link status line, for live screens to
// refresh it.
func (s *Server) handleStatusFragment(w http.ResponseWriter, r *http.Request) {
	s.renderFragment(w, "link", "link-status", s.linkStatus(r.Context()))
}
