package http

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// Log-in limits: at most maxConcurrentLogins hashes at once, and after
// maxFailures failed attempts on one name within failureWindow, that name
// is refused until the window passes.
const (
	maxConcurrentLogins = 4
	maxFailures         = 5
	failureWindow       = time.Minute
	maxTrackedNames     = 10_000
)

// dummyHash is verified for unknown users so that a log-in takes as long
// whether or not the name exists.
var dummyHash = func() string {
	h, err := passhash.Hash("not a password", passhash.Default)
	if err != nil {
		panic(err)
	}
	return h
}()

// loginGuard bounds the cost of log-ins and slows down guessing.
type loginGuard struct {
	slots    chan struct{}
	mu       sync.Mutex
	failures map[string][]time.Time
	now      func() time.Time
}

func newLoginGuard() *loginGuard {
	return &loginGuard{
		slots:    make(chan struct{}, maxConcurrentLogins),
		failures: map[string][]time.Time{},
		now:      time.Now,
	}
}

func (g *loginGuard) acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *loginGuard) release() { <-g.slots }

// allowed reports whether a name may try again, forgetting old failures.
func (g *loginGuard) allowed(username string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	key := strings.ToLower(username)
	recent := g.recent(key)
	if len(recent) == 0 {
		delete(g.failures, key)
	} else {
		g.failures[key] = recent
	}
	return len(recent) < maxFailures
}

func (g *loginGuard) failed(username string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key := strings.ToLower(username)
	if len(g.failures) > maxTrackedNames {
		// A flood of made-up names: forget them rather than grow forever.
		clear(g.failures)
	}
	g.failures[key] = append(g.recent(key), g.now())
}

// recent returns the failures of a name within the window. The caller
// holds the lock.
func (g *loginGuard) recent(key string) []time.Time {
	cutoff := g.now().Add(-failureWindow)
	var kept []time.Time
	for _, t := range g.failures[key] {
		if t.After(cutoff) {
			kept = append(kept, t)
		}
	}
	return kept
}
