package http

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
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
	ctx := r.Context()
	changes := s.branches.changes()

	// The first table before the headers, so that a refusal is a page.
	table, err := s.dashboardTable(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	feed := &eventWriter{w: w, rc: http.NewResponseController(w)}
	if err := feed.html(fmt.Sprintf("retry: %d\n", feedRetryMillis), table); err != nil {
		return
	}

	last := time.Now()
	tick := time.NewTicker(dashboardEventInterval)
	defer tick.Stop()
	beat := time.NewTicker(s.feedHeartbeat)
	defer beat.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.stopped:
			return
		case <-beat.C:
			if _, err := s.findUser(r); err != nil {
				_ = feed.event("session_ended", central.Message(central.MsgLoginRequired))
				return
			}
			if err := feed.comment("ping"); err != nil {
				return
			}
			continue
		case <-changes:
			changes = s.branches.changes()
			if !sleep(ctx, dashboardEventSpacing-time.Since(last)) {
				return
			}
		case <-tick.C:
		}
		if err := s.sendDashboard(ctx, r, feed); err != nil {
			return
		}
		last = time.Now()
	}
}

// sendDashboard reads and sends the table. A failed reading is logged
// and sent as an "unavailable" event, and the stream goes on.
func (s *Server) sendDashboard(ctx context.Context, r *http.Request, feed *eventWriter) error {
	table, err := s.dashboardTable(r)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.log.Warn("read the live dashboard for its feed", "error", err)
		return feed.event("unavailable", central.Message(central.MsgInternal))
	}
	return feed.html("", table)
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

// html writes HTML as the data of a message event, one "data:" line per
// line of it; a carriage return, which would end a line of the stream,
// is written as its character reference.
func (e *eventWriter) html(prefix, html string) error {
	var b strings.Builder
	b.WriteString(prefix)
	for line := range strings.Lines(strings.ReplaceAll(html, "\r", "&#13;")) {
		b.WriteString("data: ")
		b.WriteString(strings.TrimSuffix(line, "\n"))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	return e.write(b.String())
}
