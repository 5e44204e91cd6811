package http

import (
	"context"
	"crypto/rand"
	"slices"
	"sync"
	"time"
)

// Each checkout form carries a one-time token. The first post of a token
// makes the order; a second post of the same form (a double click, a
// reload of the answer, a retry after a lost connection) lands on what
// the first one made instead of making another order.
const (
	checkoutTokenLifetime = 10 * time.Minute
	maxCheckoutTokens     = 4096 // about 600 kB at most
	checkoutTokenLen      = 26   // rand.Text: base32, 128 bits
)

// newCheckoutToken returns the token of a new checkout form.
func newCheckoutToken() string { return rand.Text() }

// validCheckoutToken reports whether s looks like a token newCheckoutToken
// made, so that the memory holds nothing else.
func validCheckoutToken(s string) bool {
	if len(s) != checkoutTokenLen {
		return false
	}
	for _, c := range []byte(s) {
		if (c < 'A' || c > 'Z') && (c < '2' || c > '7') {
			return false
		}
	}
	return true
}

// checkoutTokens remembers the tokens posted in the last few minutes, by
// customer, with where the order each made sends the browser. It is
// bounded: past maxCheckoutTokens the oldest are forgotten first. It lives
// in the process: a second server behind the same proxy would not see the
// first one's tokens.
type checkoutTokens struct {
	mu      sync.Mutex
	entries map[string]*checkoutEntry
	queue   []queuedToken // oldest first, to forget them in order
	ttl     time.Duration
	max     int
	now     func() time.Time
}

// checkoutEntry is one token's post: done is closed once it has made its
// order (location set) or failed (location empty, and forgotten).
type checkoutEntry struct {
	expires  time.Time
	done     chan struct{}
	location string
}

type queuedToken struct {
	key   string
	entry *checkoutEntry
}

func newCheckoutTokens(ttl time.Duration, max int) *checkoutTokens {
	return &checkoutTokens{entries: map[string]*checkoutEntry{}, ttl: ttl, max: max, now: time.Now}
}

// claim returns the entry of a customer's token, and whether this post is
// the first: the caller then makes the order and calls finish.
func (t *checkoutTokens) claim(customerID, token string) (*checkoutEntry, bool) {
	key := customerID + ":" + token
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.forget(now)
	if e, ok := t.entries[key]; ok {
		return e, false
	}
	e := &checkoutEntry{expires: now.Add(t.ttl), done: make(chan struct{})}
	t.entries[key] = e
	t.queue = append(t.queue, queuedToken{key: key, entry: e})
	return e, true
}

// forget drops the entries past their time, and the oldest beyond the
// bound.
func (t *checkoutTokens) forget(now time.Time) {
	for len(t.queue) > 0 {
		q := t.queue[0]
		if len(t.queue) < t.max && now.Before(q.entry.expires) {
			return
		}
		if t.entries[q.key] == q.entry {
			delete(t.entries, q.key)
		}
		t.queue[0] = queuedToken{}
		t.queue = t.queue[1:]
	}
}

// finish records where the first post of a token sent the browser. An
// empty location means the post failed and wrote nothing: the token is
// forgotten, so that the same form may be posted again once corrected.
func (t *checkoutTokens) finish(customerID, token string, e *checkoutEntry, location string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	e.location = location
	if location == "" {
		t.drop(customerID+":"+token, e)
	}
	close(e.done)
}

// drop forgets the entry of a failed post, and its place in the queue:
// refused forms never count toward the bound, so they cannot push out
// the tokens of orders being placed.
func (t *checkoutTokens) drop(key string, e *checkoutEntry) {
	if t.entries[key] == e {
		delete(t.entries, key)
	}
	for i := len(t.queue) - 1; i >= 0; i-- {
		if t.queue[i].entry == e {
			t.queue = slices.Delete(t.queue, i, i+1)
			return
		}
	}
}

// wait waits for the first post of a token to end and returns where it
// sent the browser: "" when it failed, or when ctx ended first.
func (e *checkoutEntry) wait(ctx context.Context) string {
	select {
	case <-e.done:
		return e.location
	case <-ctx.Done():
		return ""
	}
}
