package passhash

import (
	"context"
	"strings"
	"sync"
	"time"
)

// Log-in limits, the same at every pizzeria and at central: at most maxConcurrentLogins hashes at once; after
// maxFailures failed attempts on one name within failureWindow, that name
// is refused until the window passes; and after more than
// maxGlobalFailures failures across all names within the window, every
// log-in is refused until the window passes, so that guessing over many
// names is slowed down as well.
const (
	maxConcurrentLogins = 4
	maxFailures         = 5
	maxGlobalFailures   = 200
	failureWindow       = time.Minute
	maxTrackedNames     = 10_000
)

// DummyHash is verified for unknown users so that a log-in takes as long
// whether or not the name exists.
var DummyHash = func() string {
	h, err := Hash("not a password", Default)
	if err != nil {
		panic(err)
	}
	return h
}()

// Guard bounds the cost of log-ins and slows down guessing. An attempt is
// reserved by Begin and settled by End under one lock, so that concurrent
// attempts on a name count before their passwords are checked; each hash
// is computed between Acquire and Release.
type Guard struct {
	slots chan struct{}

	// Now returns the current time; tests replace it.
	Now func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time // per lower-cased name, oldest first
	all      []time.Time            // every failure within the window, oldest first
	pending  map[string]int         // attempts begun and not yet ended, per name
	inFlight int                    // the same, over all names
}

// NewGuard returns a guard with no failures recorded.
func NewGuard() *Guard {
	return &Guard{
		slots:    make(chan struct{}, maxConcurrentLogins),
		Now:      time.Now,
		failures: map[string][]time.Time{},
		pending:  map[string]int{},
	}
}

// Acquire waits for one of the hashing slots, or for ctx to end.
func (g *Guard) Acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Release frees the slot taken by Acquire.
func (g *Guard) Release() { <-g.slots }

// Begin reserves an attempt to log in as username, or reports false when
// the name, or the service as a whole, has failed too often within the
// window. Attempts in flight count as failures until End settles them.
func (g *Guard) Begin(username string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	key := strings.ToLower(username)
	cutoff := g.Now().Add(-failureWindow)
	g.all = after(g.all, cutoff)
	recent := after(g.failures[key], cutoff)
	if len(recent) == 0 {
		delete(g.failures, key)
	} else {
		g.failures[key] = recent
	}

	if len(recent)+g.pending[key] >= maxFailures || len(g.all)+g.inFlight > maxGlobalFailures {
		return false
	}
	g.pending[key]++
	g.inFlight++
	return true
}

// End settles an attempt begun for username, recording it when its
// credentials were wrong.
func (g *Guard) End(username string, failed bool) {
	g.mu.Lock()
	defer g.mu.Unlock()
	key := strings.ToLower(username)
	if g.pending[key]--; g.pending[key] <= 0 {
		delete(g.pending, key)
	}
	g.inFlight--
	if !failed {
		return
	}

	now := g.Now()
	g.all = append(g.all, now)
	if _, tracked := g.failures[key]; !tracked && len(g.failures) >= maxTrackedNames {
		// Forget the names whose failures have all expired. Should every
		// name still be live, the new one goes untracked rather than
		// clearing the others: it still counts towards the global bound.
		g.sweep(now.Add(-failureWindow))
		if len(g.failures) >= maxTrackedNames {
			return
		}
	}
	g.failures[key] = append(g.failures[key], now)
}

// sweep forgets the names with no failure after cutoff. The caller holds
// the lock.
func (g *Guard) sweep(cutoff time.Time) {
	for key, times := range g.failures {
		if len(after(times, cutoff)) == 0 {
			delete(g.failures, key)
		}
	}
}

// after returns the times of a list, oldest first, that are after cutoff.
func after(times []time.Time, cutoff time.Time) []time.Time {
	for i, t := range times {
		if t.After(cutoff) {
			return times[i:]
		}
	}
	return nil
}
