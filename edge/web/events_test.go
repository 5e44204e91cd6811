package web_test

import (
	"bufio"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestEventsStream(t *testing.T) {
	site := newSite(t, nil)
	chef := site.login("pizzaiolo")

	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, site.srv.URL+"/events", nil)
	res, err := chef.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if ct := res.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("content type %q", ct)
	}

	// Lines arrive as they are flushed; read them in the background.
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(res.Body)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	expect := func(what string, match func(string) bool) {
		t.Helper()
		deadline := time.After(5 * time.Second)
		for {
			select {
			case line, ok := <-lines:
				if !ok {
					t.Fatalf("stream ended before %s", what)
				}
				if match(line) {
					return
				}
			case <-deadline:
				t.Fatalf("no %s on the stream", what)
			}
		}
	}

	// The opening event, a heartbeat, then an event for a new order.
	expect("opening event", func(l string) bool { return l == "data: open" })
	expect("heartbeat", func(l string) bool { return strings.HasPrefix(l, ": heartbeat") })
	site.login("caisse").order(url.Values{"qty.reine": {"1"}})
	expect("change event", func(l string) bool { return l == "data: change" })

	// Closing the site ends the stream, so shutdown does not wait for it.
	site.site.Close()
	waitFor(t, "stream end", func() bool {
		select {
		case _, ok := <-lines:
			return !ok
		default:
			return false
		}
	})
}
