package http

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// testFeed is one live feed served by feedLoop, as a client reads it.
type testFeed struct {
	signal *changeSignal
	stop   chan struct{}
	ended  chan struct{} // closed when the loop has returned
	cancel context.CancelFunc
	body   io.ReadCloser
	lines  *bufio.Reader
}

// startFeed serves a feed whose pushes send a counter, 0 first, with the
// loop given, and opens it.
func startFeed(t *testing.T, loop feedLoop) *testFeed {
	f := &testFeed{signal: newChangeSignal(), stop: make(chan struct{}), ended: make(chan struct{})}
	loop.changes, loop.stop = watch(f.signal), f.stop
	if loop.alive == nil {
		loop.alive = func() bool { return true }
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(f.ended)
		feed := openFeed(w)
		n := 0
		if feed.send(n) != nil {
			return
		}
		loop.push = func(context.Context) error { n++; return feed.send(n) }
		loop.run(r.Context(), feed)
	}))
	t.Cleanup(srv.Close)

	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL, nil)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { res.Body.Close() })
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/event-stream") {
		t.Errorf("Content-Type %q, want text/event-stream", ct)
	}
	f.cancel, f.body, f.lines = cancel, res.Body, bufio.NewReader(res.Body)
	return f
}

// next reads the next event, comments included, without its blank line.
func (f *testFeed) next(t *testing.T) string {
	t.Helper()
	var b strings.Builder
	for {
		line, err := f.lines.ReadString('\n')
		if err != nil {
			t.Fatalf("read the feed after %q: %v", b.String(), err)
		}
		if line == "\n" {
			return b.String()
		}
		b.WriteString(line)
	}
}

// waitEnded fails unless the loop returns soon.
func (f *testFeed) waitEnded(t *testing.T) {
	t.Helper()
	select {
	case <-f.ended:
	case <-time.After(5 * time.Second):
		t.Fatal("the feed loop did not return")
	}
}

const never = time.Hour

func TestFeedLoopFlushesEachEvent(t *testing.T) {
	f := startFeed(t, feedLoop{interval: never, heartbeat: never})

	// Each event arrives while the stream is still open: it was flushed.
	if got := f.next(t); got != "retry: 5000\ndata: 0\n" {
		t.Fatalf("first event %q, want the retry field and data 0", got)
	}
	f.signal.changed()
	if got := f.next(t); got != "data: 1\n" {
		t.Fatalf("event after a change %q, want data 1", got)
	}
	f.signal.changed()
	if got := f.next(t); got != "data: 2\n" {
		t.Fatalf("event after a second change %q, want data 2", got)
	}
}

func TestFeedLoopPushesOnTick(t *testing.T) {
	f := startFeed(t, feedLoop{interval: 20 * time.Millisecond, heartbeat: never})
	f.next(t)
	if got := f.next(t); got != "data: 1\n" {
		t.Fatalf("event after a tick %q, want data 1", got)
	}
}

func TestFeedLoopHeartbeat(t *testing.T) {
	f := startFeed(t, feedLoop{interval: never, heartbeat: 20 * time.Millisecond})
	f.next(t)
	for range 2 {
		if got := f.next(t); got != ": ping\n" {
			t.Fatalf("event between changes %q, want the heartbeat comment", got)
		}
	}
}

func TestFeedLoopEndsWithSession(t *testing.T) {
	f := startFeed(t, feedLoop{
		interval: never, heartbeat: 20 * time.Millisecond,
		alive: func() bool { return false },
	})
	f.next(t)
	if got := f.next(t); !strings.HasPrefix(got, "event: session_ended\ndata: {\"message\":") {
		t.Fatalf("event at the heartbeat %q, want session_ended", got)
	}
	if _, err := io.ReadAll(f.lines); err != nil {
		t.Fatalf("the feed did not end cleanly: %v", err)
	}
	f.waitEnded(t)
}

func TestFeedLoopEndsWithContext(t *testing.T) {
	f := startFeed(t, feedLoop{interval: never, heartbeat: never})
	f.next(t)
	f.cancel()
	f.waitEnded(t)
}

func TestFeedLoopEndsWhenStopping(t *testing.T) {
	f := startFeed(t, feedLoop{interval: never, heartbeat: never})
	f.next(t)
	close(f.stop)
	if _, err := io.ReadAll(f.lines); err != nil {
		t.Fatalf("the feed did not end cleanly: %v", err)
	}
	f.waitEnded(t)
}

// TestFeedLoopSpacing checks the two waits after a change: spacing
// counts from the last push, settling from each wake-up.
func TestFeedLoopSpacing(t *testing.T) {
	for name, loop := range map[string]feedLoop{
		"spacing":  {spacing: 150 * time.Millisecond},
		"settling": {settle: 150 * time.Millisecond},
	} {
		t.Run(name, func(t *testing.T) {
			loop.interval, loop.heartbeat = never, never
			f := startFeed(t, loop)
			f.next(t)

			// Changes in a row: the first push waits.
			start := time.Now()
			for range 3 {
				f.signal.changed()
			}
			if got := f.next(t); got != "data: 1\n" {
				t.Fatalf("event after changes %q, want data 1", got)
			}
			if waited := time.Since(start); waited < 100*time.Millisecond {
				t.Errorf("pushed after %v, want the wait of 150ms", waited)
			}
		})
	}
}
