package http

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"time"
)

// The rhythm of the live dashboard's feed.
const (
	dashboardEventSpacing  = time.Second      // at most one push a second on changes
	dashboardEventInterval = 30 * time.Second // waiting times and connections move with the clock
)

// handleDashboardEvents streams the live dashboard as server-sent events:
// the table part of the page, as /dashboard?fragment=1 would answer it,
// in the data of each event, pushed after the ingest commits a batch or
// records a heartbeat (the console's change signal, branchFeed), at most
// once a dashboardEventSpacing, and at least every
// dashboardEventInterval. Like the console's feed it sends a comment and
// checks the session every heartbeat, and ends with the server.
func (s *Server) handleDashboardEvents(w http.ResponseWriter, r *http.Request) {
	changes := watch(s.branches)

	// The first table before the headers, so that a refusal is a page.
	table, err := s.dashboardTable(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	feed := openFeed(w)
	if err := feed.html(table); err != nil {
		return
	}

	feedLoop{
		changes:   changes,
		interval:  dashboardEventInterval,
		spacing:   dashboardEventSpacing,
		heartbeat: s.feedHeartbeat,
		stop:      s.stopped,
		alive:     func() bool { return s.staffSessionLive(r) },
		push:      func(ctx context.Context) error { return s.sendDashboard(ctx, r, feed) },
	}.run(r.Context(), feed)
}

// sendDashboard reads and sends the table. A failed reading is logged
// and sent as an "unavailable" event, and the stream goes on.
func (s *Server) sendDashboard(ctx context.Context, r *http.Request, feed *eventWriter) error {
	table, err := s.dashboardTable(r)
	if err != nil {
		return s.feedUnavailable(ctx, feed, err, "read the live dashboard for its feed")
	}
	return feed.html(table)
}

// dashboardTable renders the table part of the live dashboard.
func (s *Server) dashboardTable(r *http.Request) (string, error) {
	view, err := s.dashboardView(r)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, "dashboard_table", view); err != nil {
		return "", fmt.Errorf("render dashboard table: %w", err)
	}
	return buf.String(), nil
}
