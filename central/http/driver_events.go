package http

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"sync"
	"time"
)

// The rhythm of the drivers' live feed.
const (
	driverEventSpacing  = 500 * time.Millisecond // changes close together make one push
	driverEventInterval = 30 * time.Second       // waiting times move with the clock
)

// changeSignal wakes whoever waits for the next change.
type changeSignal struct {
	mu   sync.Mutex
	wake chan struct{} // closed and replaced at each change
}

func newChangeSignal() *changeSignal { return &changeSignal{wake: make(chan struct{})} }

// changes returns a channel that is closed at the next change.
func (c *changeSignal) changes() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.wake
}

// changed wakes the waiters; it never blocks.
func (c *changeSignal) changed() {
	c.mu.Lock()
	defer c.mu.Unlock()
	close(c.wake)
	c.wake = make(chan struct{})
}

// handleDriverEvents streams the live part of the drivers' page as
// server-sent events: at once, then after the ingest commits a batch of
// the pizzerias' events (the sync console's signal, which carries the
// new statuses and the pizzerias' answers) or a colleague makes a
// request, and at least every driverEventInterval. A list the same as
// the last one sent is not sent again: phones are on mobile data. Like
// the other feeds it sends a comment and checks the session every
// heartbeat, and ends with the server.
func (s *Server) handleDriverEvents(w http.ResponseWriter, r *http.Request) {
	changes := watch(s.branches, s.drivers)

	// The first list before the headers, so that a refusal is a page.
	list, err := s.driverList(r)
	if err != nil {
		s.errorPage(w, r, err)
		return
	}
	feed := openFeed(w)
	if err := feed.html(list); err != nil {
		return
	}

	feedLoop{
		changes:   changes,
		interval:  driverEventInterval,
		settle:    driverEventSpacing,
		heartbeat: s.feedHeartbeat,
		stop:      s.stopped,
		alive:     func() bool { return s.staffSessionLive(r) },
		push: func(ctx context.Context) error {
			list, err = s.sendDriverList(ctx, r, feed, list)
			return err
		},
	}.run(r.Context(), feed)
}

// sendDriverList reads the list and sends it when it differs from last,
// returning what the page now shows. A failed reading is logged and sent
// as an "unavailable" event, and the stream goes on.
func (s *Server) sendDriverList(ctx context.Context, r *http.Request, feed *eventWriter,
	last string) (string, error) {
	list, err := s.driverList(r)
	if err != nil {
		return last, s.feedUnavailable(ctx, feed, err, "read the drivers' list for its feed")
	}
	if list == last {
		return last, nil
	}
	return list, feed.html(list)
}

// driverList renders the live part of the drivers' page.
func (s *Server) driverList(r *http.Request) (string, error) {
	view, err := s.driverView(r)
	if err != nil {
		return "", err
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, "driver_list", view); err != nil {
		return "", fmt.Errorf("render driver list: %w", err)
	}
	return buf.String(), nil
}
