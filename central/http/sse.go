package http

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// The rhythm shared by the live feeds.
const (
	defaultFeedHeartbeat = 15 * time.Second // a comment, and a check of the session
	feedWriteTimeout     = 10 * time.Second // a client that reads nothing for this long is dropped
	feedRetryMillis      = 5000             // how long a browser waits before reconnecting
)

// A live feed is a server-sent-events stream that pushes a fresh reading
// of something after each change and on a clock. Each one reads its first
// event before openFeed, so that a refusal is still a plain error, and
// then hands its loop to feedLoop.run.

// changeSource is anything that closes a channel at its next change:
// the console's branchFeed, a changeSignal.
type changeSource interface {
	changes() <-chan struct{}
}

// changeWatch waits on one or two change sources. It takes their
// channels when made, so that a change during the first reading is not
// missed: make it before that reading.
type changeWatch struct {
	sources []changeSource
	wake    [2]<-chan struct{} // a nil channel never wakes
}

// watch starts watching one or two sources.
func watch(sources ...changeSource) *changeWatch {
	if len(sources) == 0 || len(sources) > 2 {
		panic("http: a live feed watches one or two change sources")
	}
	c := &changeWatch{sources: sources}
	for i := range sources {
		c.wake[i] = sources[i].changes()
	}
	return c
}

// renew takes the channel of the next change of source i.
func (c *changeWatch) renew(i int) { c.wake[i] = c.sources[i].changes() }

// feedLoop is the life of a live feed once its first event is sent.
type feedLoop struct {
	changes   *changeWatch
	interval  time.Duration // a push at least this often
	spacing   time.Duration // after a change, at least this long since the last push
	settle    time.Duration // after any wake-up, wait this long: close changes make one push
	heartbeat time.Duration // a comment, and a check of the session
	stop      <-chan struct{}
	alive     func() bool                 // whether the caller's session is still open
	push      func(context.Context) error // reads and sends; an error ends the feed
}

// run pushes on each change and tick, and sends a comment every heartbeat
// so that proxies keep an idle stream open. It returns when ctx ends, stop
// is closed, a write or a push fails, or the session has ended, which it
// tells the client with a "session_ended" event.
func (l feedLoop) run(ctx context.Context, feed *eventWriter) {
	last := time.Now()
	tick := time.NewTicker(l.interval)
	defer tick.Stop()
	beat := time.NewTicker(l.heartbeat)
	defer beat.Stop()

	for {
		var delay time.Duration
		select {
		case <-ctx.Done():
			return
		case <-l.stop:
			return
		case <-beat.C:
			if !l.beat(feed) {
				return
			}
			continue
		case <-l.changes.wake[0]:
			l.changes.renew(0)
			delay = l.spacing - time.Since(last)
		case <-l.changes.wake[1]:
			l.changes.renew(1)
			delay = l.spacing - time.Since(last)
		case <-tick.C:
		}

		// Wait out the spacing and the settling, then push.
		if !sleep(ctx, max(delay, 0)+l.settle) {
			return
		}
		if err := l.push(ctx); err != nil {
			return
		}
		last = time.Now()
	}
}

// beat checks the session and sends a comment, reporting whether the
// feed goes on.
func (l feedLoop) beat(feed *eventWriter) bool {
	if !l.alive() {
		_ = feed.event("session_ended", central.Message(central.MsgLoginRequired))
		return false
	}
	return feed.comment("ping") == nil
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

// feedUnavailable answers a failed reading of a push: the end of the
// feed when the request is over, else a warning in the log and an
// "unavailable" event, and the feed goes on: the next wake-up tries again.
func (s *Server) feedUnavailable(ctx context.Context, feed *eventWriter, err error,
	msg string, attrs ...any) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	s.log.Warn(msg, append(attrs, "error", err)...)
	return feed.event("unavailable", central.Message(central.MsgInternal))
}

// openFeed writes the headers of a server-sent-events stream. Its first
// event will also tell the browser how long to wait before reconnecting.
func openFeed(w http.ResponseWriter) *eventWriter {
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no") // nginx: pass each event on at once
	w.WriteHeader(http.StatusOK)
	return &eventWriter{
		w:     w,
		rc:    http.NewResponseController(w),
		retry: fmt.Sprintf("retry: %d\n", feedRetryMillis),
	}
}

// eventWriter writes server-sent events, each flushed at once and under a
// write deadline of its own, which also lifts the server's WriteTimeout
// for this long-lived answer.
type eventWriter struct {
	w     http.ResponseWriter
	rc    *http.ResponseController
	retry string // written before the first event, then emptied
}

// send writes v as the JSON data of a message event.
func (e *eventWriter) send(v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode event: %w", err)
	}
	return e.data(data)
}

// data writes one line of data as a message event.
func (e *eventWriter) data(line []byte) error {
	return e.write("data: " + string(line) + "\n\n")
}

// html writes HTML as the data of a message event, one "data:" line per
// line of it; a carriage return, which would end a line of the stream,
// is written as its character reference.
func (e *eventWriter) html(html string) error {
	var b strings.Builder
	for line := range strings.Lines(strings.ReplaceAll(html, "\r", "&#13;")) {
		b.WriteString("data: ")
		b.WriteString(strings.TrimSuffix(line, "\n"))
		b.WriteString("\n")
	}
	b.WriteString("\n")
	return e.write(b.String())
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
	s, e.retry = e.retry+s, ""
	if _, err := e.w.Write([]byte(s)); err != nil {
		return err
	}
	return e.rc.Flush()
}
