package http

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// Log-in limits, the same as the edge's: at most maxConcurrentLogins
// hashes at once; after maxFailures failed attempts on one name within
// failureWindow, that name is refused until the window passes; and after
// more than maxGlobalFailures failures over all names within the window,
// every log-in is refused until it passes, so that guessing over many
// names is slowed down as well.
const (
	maxConcurrentLogins = 4
	maxFailures         = 5
	maxGlobalFailures   = 200
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

// loginGuard bounds the cost of log-ins and slows down guessing. An
// attempt is reserved by begin and settled by end under one lock, so that
// concurrent attempts on a name count before their passwords are checked.
type loginGuard struct {
	slots chan struct{}
	now   func() time.Time

	mu       sync.Mutex
	failures map[string][]time.Time // per lower-cased name, oldest first
	all      []time.Time            // every failure within the window, oldest first
	pending  map[string]int         // attempts begun and not yet ended, per name
	inFlight int                    // the same, over all names
}

func newLoginGuard() *loginGuard {
	return &loginGuard{
		slots:    make(chan struct{}, maxConcurrentLogins),
		now:      time.Now,
		failures: map[string][]time.Time{},
		pending:  map[string]int{},
	}
}

// acquire waits for one of the hashing slots, or for ctx to end.
func (g *loginGuard) acquire(ctx context.Context) error {
	select {
	case g.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (g *loginGuard) release() { <-g.slots }

// begin reserves an attempt to log in as username, or reports false when
// the name, or central as a whole, has failed too often within the
// window. Attempts in flight count as failures until end settles them.
func (g *loginGuard) begin(username string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	key := strings.ToLower(username)
	cutoff := g.now().Add(-failureWindow)
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

// end settles an attempt begun for username, recording it when its
// credentials were wrong.
func (g *loginGuard) end(username string, failed bool) {
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

	now := g.now()
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
func (g *loginGuard) sweep(cutoff time.Time) {
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
