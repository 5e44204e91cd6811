package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// The rhythm of the live feed of the sync state.
const (
	branchEventInterval  = 2 * time.Second        // a full list at least this often
	branchEventSpacing   = 250 * time.Millisecond // at most one list per spacing on changes
	defaultFeedHeartbeat = 15 * time.Second       // a comment, and a check of the session
	feedWriteTimeout     = 10 * time.Second       // a client that reads nothing for this long is dropped
	feedRetryMillis      = 5000                   // how long a browser waits before reconnecting
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
	changes := s.branches.changes()

	// The first list before the headers, so that a failure is a plain
	// JSON error.
	branches, err := s.branches.get(ctx)
	if err != nil {
		s.Error(w, r, err)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
	w.WriteHeader(http.StatusOK)

	feed := &eventWriter{w: w, rc: http.NewResponseController(w)}
	if err := feed.send(fmt.Sprintf("retry: %d\n", feedRetryMillis), branches); err != nil {
		return
	}
	last := time.Now()
	tick := time.NewTicker(branchEventInterval)
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
			// A comment keeps proxies from closing an idle stream; a
			// session ended meanwhile (log-out, new password) ends it.
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
			if !sleep(ctx, branchEventSpacing-time.Since(last)) {
				return
			}
		case <-tick.C:
		}
		if err := s.sendBranches(ctx, feed); err != nil {
			return
		}
		last = time.Now()
	}
}

// sendBranches reads the sync state and sends it. A failed reading is
// logged and sent as an "unavailable" event, and the stream goes on: the
// next tick tries again. Only a failed write ends the stream.
func (s *Server) sendBranches(ctx context.Context, feed *eventWriter) error {
	branches, err := s.branches.get(ctx)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		s.log.Warn("read branches for the live feed", "error", err)
		return feed.event("unavailable", central.Message(central.MsgInternal))
	}
	return feed.send("", branches)
}

// sleep waits for d, or returns false when ctx ends first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// eventWriter writes server-sent events, each flushed at once and under a
// write deadline of its own, which also lifts the server's WriteTimeout
// for this long-lived answer.
type eventWriter struct {
	w  http.ResponseWriter
	rc *http.ResponseController
}

// send writes v as the JSON data of a message event, after prefix.
func (e *eventWriter) send(prefix string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	return e.write(prefix + "data: " + string(data) + "\n\n")
}

// event writes a named event whose data is a French sentence.
func (e *eventWriter) event(name, message string) error {
	data, _ := json.Marshal(map[string]string{"message": message})
	return e.write("event: " + name + "\ndata: " + string(data) + "\n\n")
}

// comment writes a comment line, which clients ignore.
func (e *eventWriter) comment(text string) error {
	return e.write(": " + text + "\n\n")
}

func (e *eventWriter) write(s string) error {
	err := e.rc.SetWriteDeadline(time.Now().Add(feedWriteTimeout))
	if err != nil && !errors.Is(err, http.ErrNotSupported) {
		return err
	}
	if _, err := e.w.Write([]byte(s)); err != nil {
		return err
	}
	return e.rc.Flush()
}
