package web

import (
	"fmt"
	"net/http"
	"time"
)

// handleEvents streams server-sent events to a live screen: a "change"
// event after every committed change of the pizzeria's data, upon which
// the page fetches its fragments again, and a comment every heartbeat so
// that proxies keep an idle stream open. It ends with the request.
func (s *Server) handleEvents(w http.ResponseWriter, r *http.Request) {
	rc := http.NewResponseController(w)
	changes, stop := s.Changes.Subscribe()
	defer stop()

	// No deadline for this response: it lasts as long as the page is open.
	_ = rc.SetWriteDeadline(time.Time{})
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass events through at once
	w.WriteHeader(http.StatusOK)

	// The first event tells the page the stream is open: what it shows
	// may be older than the stream, so it refreshes once.
	if !s.sendEvent(w, rc, "retry: 3000\nevent: change\ndata: open\n\n") {
		return
	}
	heartbeat := time.NewTicker(s.cfg.Heartbeat)
	defer heartbeat.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.closing:
			return
		case <-changes:
			if !s.sendEvent(w, rc, "event: change\ndata: change\n\n") {
				return
			}
		case <-heartbeat.C:
			if !s.sendEvent(w, rc, ": heartbeat\n\n") {
				return
			}
		}
	}
}

// sendEvent writes and flushes one event, reporting false when the client
// is gone.
func (s *Server) sendEvent(w http.ResponseWriter, rc *http.ResponseController, event string) bool {
	if _, err := fmt.Fprint(w, event); err != nil {
		return false
	}
	if err := rc.Flush(); err != nil {
		s.log.Debug("event stream flush", "error", err)
		return false
	}
	return true
}
