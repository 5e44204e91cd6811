package systemtest

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// orderFeed is a customer's live feed of one order
// (/api/v1/customer/orders/{id}/events), read from its first event in
// the background until the test ends.
type orderFeed struct {
	mu       sync.Mutex
	statuses []string         // each status shown, in order, once per stretch
	last     central.WebOrder // the latest order pushed
	err      error            // why reading stopped early
}

// follow opens the live feed of one of the customer's orders.
func (cu *customer) follow(id string) *orderFeed {
	t := cu.s.t
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	req, err := http.NewRequestWithContext(ctx, http.MethodGet,
		cu.s.url+"/api/v1/customer/orders/"+id+"/events", nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+cu.token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("feed of %s: status %d", id, resp.StatusCode)
	}

	// Read until the test ends, which waits for the reader.
	f := &orderFeed{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		defer resp.Body.Close()
		f.read(bufio.NewScanner(resp.Body))
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
	return f
}

// read takes each order the feed pushes.
func (f *orderFeed) read(lines *bufio.Scanner) {
	lines.Buffer(make([]byte, 64<<10), 1<<20)
	for lines.Scan() {
		data, ok := strings.CutPrefix(lines.Text(), "data: ")
		if !ok {
			continue
		}
		var o central.WebOrder
		if err := json.Unmarshal([]byte(data), &o); err != nil || o.ID == "" {
			continue // an "unavailable" or "session_ended" event
		}
		f.mu.Lock()
		if n := len(f.statuses); n == 0 || f.statuses[n-1] != o.Status {
			f.statuses = append(f.statuses, o.Status)
		}
		f.last = o
		f.mu.Unlock()
	}
	f.mu.Lock()
	f.err = fmt.Errorf("feed ended: %v", lines.Err())
	f.mu.Unlock()
}

// shown returns the statuses the feed has shown so far, and the latest
// order it pushed.
func (f *orderFeed) shown() ([]string, central.WebOrder) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.statuses), f.last
}

// waitStatus waits until the feed's latest push shows the order in
// status, and returns that push.
func (f *orderFeed) waitStatus(s *webSystem, status string) central.WebOrder {
	s.t.Helper()
	var last central.WebOrder
	waitFor(s.t, 20*time.Second, "the feed shows "+status, func() error {
		f.mu.Lock()
		defer f.mu.Unlock()
		last = f.last
		switch {
		case f.last.Status == status:
			return nil
		case f.err != nil:
			s.t.Fatalf("waiting for %s: %v after %v", status, f.err, f.statuses)
		}
		return fmt.Errorf("it shows %v", f.statuses)
	})
	return last
}
