package passhash

import (
	"fmt"
	"sync"
	"testing"
	"time"
)

// newTestGuard returns a guard on a clock the test moves.
func newTestGuard() (*Guard, *time.Time) {
	g := NewGuard()
	now := time.Date(2026, time.January, 15, 11, 0, 0, 0, time.UTC)
	g.Now = func() time.Time { return now }
	return g, &now
}

// fail makes one failed attempt on a name, reporting whether it was let
// through.
func fail(g *Guard, name string) bool {
	if !g.Begin(name) {
		return false
	}
	g.End(name, true)
	return true
}

func TestLoginGuardPerName(t *testing.T) {
	g, now := newTestGuard()
	for i := range maxFailures {
		if !fail(g, "gerant") {
			t.Fatalf("failure %d refused, want %d let through", i+1, maxFailures)
		}
		*now = now.Add(time.Second)
	}
	if g.Begin("GERANT") {
		t.Error("a name over its failures, in another case, was let through")
	}
	if !g.Begin("caisse") {
		t.Error("another name was refused")
	}
	g.End("caisse", false)

	// The window passing its first failure frees one attempt; while it is
	// in flight, the name is refused again.
	start := now.Add(-maxFailures * time.Second)
	*now = start.Add(failureWindow + time.Millisecond)
	if !g.Begin("gerant") {
		t.Fatal("the name is still refused after the window of its first failure")
	}
	if g.Begin("gerant") {
		t.Error("four live failures and one attempt in flight let a sixth through")
	}

	// A success does not count as a failure.
	g.End("gerant", false)
	if !g.Begin("gerant") {
		t.Error("a success counted as a failure")
	}
	g.End("gerant", false)
}

// TestLoginGuardConcurrent checks that attempts in flight count: however
// many run at once on one name, no more than maxFailures are let through.
func TestLoginGuardConcurrent(t *testing.T) {
	g, _ := newTestGuard()
	var attempted, done sync.WaitGroup
	var mu sync.Mutex
	through := 0
	checking := make(chan struct{})
	for range 50 {
		attempted.Add(1)
		done.Go(func() {
			ok := g.Begin("gerant")
			attempted.Done()
			if !ok {
				return
			}
			mu.Lock()
			through++
			mu.Unlock()
			<-checking // the password is being checked
			g.End("gerant", true)
		})
	}
	attempted.Wait()
	close(checking)
	done.Wait()
	if through != maxFailures {
		t.Errorf("%d attempts let through, want %d", through, maxFailures)
	}
}

// TestLoginGuardGlobal checks that more than maxGlobalFailures failures
// across names refuse every log-in until the window passes.
func TestLoginGuardGlobal(t *testing.T) {
	g, now := newTestGuard()
	for i := range maxGlobalFailures + 1 {
		if !fail(g, fmt.Sprintf("inconnu-%d", i)) {
			t.Fatalf("failure %d refused, want %d let through", i+1, maxGlobalFailures+1)
		}
	}
	if g.Begin("gerant") {
		t.Error("a name that never failed was let through past the global bound")
	}
	*now = now.Add(failureWindow)
	if !g.Begin("gerant") {
		t.Error("still refused after the window")
	}
	g.End("gerant", false)
}

// TestLoginGuardFlood checks that a flood of made-up names never unlocks a
// name locked by its own failures.
func TestLoginGuardFlood(t *testing.T) {
	t.Run("through the guard", func(t *testing.T) {
		g, now := newTestGuard()
		for range maxFailures {
			fail(g, "gerant")
		}
		for i := range 2 * maxTrackedNames {
			fail(g, fmt.Sprintf("inconnu-%d", i))
			*now = now.Add(time.Millisecond)
		}
		if g.Begin("gerant") {
			t.Error("the flood unlocked the name")
		}
	})

	// The table full of names: expired ones are swept, live ones stay.
	fill := func(g *Guard, at time.Time) {
		for i := range maxTrackedNames - 1 {
			g.failures[fmt.Sprintf("inconnu-%d", i)] = []time.Time{at}
		}
	}
	t.Run("expired names swept", func(t *testing.T) {
		g, now := newTestGuard()
		for range maxFailures {
			fail(g, "gerant")
		}
		fill(g, now.Add(-2*failureWindow))
		*now = now.Add(time.Second)
		fail(g, "caisse")
		if len(g.failures) != 2 {
			t.Errorf("%d names tracked, want gerant and caisse", len(g.failures))
		}
		if g.Begin("gerant") {
			t.Error("the sweep unlocked the name")
		}
	})
	t.Run("live names kept", func(t *testing.T) {
		g, now := newTestGuard()
		for range maxFailures {
			fail(g, "gerant")
		}
		fill(g, *now)
		*now = now.Add(time.Second)
		fail(g, "caisse")
		if _, tracked := g.failures["caisse"]; tracked || len(g.failures) != maxTrackedNames {
			t.Errorf("%d names tracked, caisse %v; want the full table unchanged", len(g.failures), tracked)
		}
		if g.Begin("gerant") {
			t.Error("a full table unlocked the name")
		}
	})
}
