package http

import (
	"context"
	"sync"
	"time"

	"github.com/ocpizza/ocpizza/central"
)

// branchFeedMaxAge is how long one reading of the sync state serves every
// console, live feed and metrics scrape that asks for it, so that their
// number does not multiply the queries.
const branchFeedMaxAge = time.Second

// branchQueryTimeout bounds one reading of the sync state.
const branchQueryTimeout = 5 * time.Second

// branchFeed reads the sync state of the pizzerias for the pages, the API
// and the metrics, and tells the live feeds when it has changed.
type branchFeed struct {
	sync central.SyncService
	read sync.Mutex // one reading at a time, so that one query serves all

	mu     sync.Mutex // guards what follows; never held during a query
	cached []*central.Branch
	readAt time.Time
	gen    uint64        // counts the changes, so that a reading older than one is not kept
	wake   chan struct{} // closed and replaced at each change
}

func newBranchFeed(sync central.SyncService) *branchFeed {
	return &branchFeed{sync: sync, wake: make(chan struct{})}
}

// get returns the sync state of every pizzeria, read at most
// branchFeedMaxAge ago and not before the last change. The list is
// shared: callers must not modify it.
func (f *branchFeed) get(ctx context.Context) ([]*central.Branch, error) {
	if branches, _ := f.fresh(); branches != nil {
		return branches, nil
	}

	// One reading at a time: the one in progress may serve this call.
	f.read.Lock()
	defer f.read.Unlock()
	branches, gen := f.fresh()
	if branches != nil {
		return branches, nil
	}

	// Read, and keep the reading unless a change came meanwhile.
	ctx, cancel := context.WithTimeout(ctx, branchQueryTimeout)
	defer cancel()
	branches, err := f.sync.FindBranches(ctx)
	if err != nil {
		return nil, err
	}
	if branches == nil {
		branches = []*central.Branch{}
	}
	f.mu.Lock()
	if f.gen == gen {
		f.cached, f.readAt = branches, time.Now()
	}
	f.mu.Unlock()
	return branches, nil
}

// fresh returns the reading in hand if it is recent enough, and the
// current change count.
func (f *branchFeed) fresh() ([]*central.Branch, uint64) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.cached != nil && time.Since(f.readAt) < branchFeedMaxAge {
		return f.cached, f.gen
	}
	return nil, f.gen
}

// changes returns a channel that is closed at the next change.
func (f *branchFeed) changes() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.wake
}

// changed forgets the reading in hand and wakes the live feeds. It never
// waits for a query.
func (f *branchFeed) changed() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.cached = nil
	f.gen++
	close(f.wake)
	f.wake = make(chan struct{})
}
