package sqlite_test

import (
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge"
)

func TestSubscribeSignalsEveryWatcher(t *testing.T) {
	db := openTestDB(t)
	first, stopFirst := db.Subscribe()
	second, stopSecond := db.Subscribe()
	defer stopSecond()

	// A change reaches both watchers, and the publisher's channel too.
	receive(t, db, map[string]int64{"pate": 10})
	for name, ch := range map[string]<-chan struct{}{"first": first, "second": second, "publisher": db.Changes()} {
		select {
		case <-ch:
		case <-time.After(5 * time.Second):
			t.Fatalf("%s watcher not signalled", name)
		}
	}

	// An ended subscription is told nothing more; the other still is.
	stopFirst()
	stopFirst() // ending twice is harmless
	receive(t, db, map[string]int64{"pate": 10})
	select {
	case <-second:
	case <-time.After(5 * time.Second):
		t.Fatal("second watcher not signalled")
	}
	select {
	case <-first:
		t.Fatal("ended subscription signalled")
	default:
	}

	// Signals coalesce: many changes leave one value waiting.
	for range 3 {
		receive(t, db, map[string]int64{"pate": 1})
	}
	if n := len(second); n != 1 {
		t.Errorf("%d signals waiting, want 1", n)
	}
	var _ edge.ChangeFeed = db
}
