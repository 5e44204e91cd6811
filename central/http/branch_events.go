package http

import (
	"context"
	"net/http"
	"time"
)

// The rhythm of the live feed of the sync state.
const (
	branchEventInterval = 2 * time.Second        // a full list at least this often
	branchEventSpacing  = 250 * time.Millisecond // at most one list per spacing on changes
)

// handleBranchEvents streams the sync state of every pizzeria as
// server-sent events: the whole list as JSON in each "data:" line, every
// branchEventInterval and soon after each change, with a comment every
// 15 seconds so that proxies keep the connection. Each event is the
// whole state, so a client that reconnects needs no Last-Event-ID. The
// stream ends when the client goes away, its session ends, or the server
// stops.
func (s *Server) handleBranchEvents(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	changes := watch(s.branches)

	// The first list before the headers, so that a failure is a plain
	// JSON error.
	branches, err := s.branches.get(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	feed := openFeed(w)
	if err := feed.send(branches); err != nil {
		return
	}

	feedLoop{
		changes:   changes,
		interval:  branchEventInterval,
		spacing:   branchEventSpacing,
		heartbeat: s.feedHeartbeat,
		stop:      s.stopped,
		alive:     func() bool { return s.staffSessionLive(r) },
		push:      func(ctx context.Context) error { return s.sendBranches(ctx, feed) },
	}.run(ctx, feed)
}

// sendBranches reads the sync state and sends it. A failed reading is
// logged and sent as an "unavailable" event, and the stream goes on: the
// next tick tries again. Only a failed write ends the stream.
func (s *Server) sendBranches(ctx context.Context, feed *eventWriter) error {
	branches, err := s.branches.get(ctx)
	if err != nil {
		return s.feedUnavailable(ctx, feed, err, "read branches for the live feed")
	}
	return feed.send(branches)
}

// staffSessionLive reports whether the staff session of a request is
// still open: a log-out or a new password ends the feeds it opened.
func (s *Server) staffSessionLive(r *http.Request) bool {
	_, err := s.findUser(r)
	return err == nil
}
