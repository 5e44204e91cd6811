package sqlite

import "sync"

// watchers are the live screens told of every committed change. Each has
// a channel of one slot, so that a signal never waits for a slow screen.
type watchers struct {
	mu   sync.Mutex
	next int
	subs map[int]chan struct{}
}

// Subscribe implements edge.ChangeFeed: the channel receives a value after
// each commit that wrote outbox events, which every state change does.
func (db *DB) Subscribe() (<-chan struct{}, func()) {
	w := &db.watchers
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.subs == nil {
		w.subs = map[int]chan struct{}{}
	}
	id, ch := w.next, make(chan struct{}, 1)
	w.next++
	w.subs[id] = ch

	var once sync.Once
	return ch, func() {
		once.Do(func() {
			w.mu.Lock()
			defer w.mu.Unlock()
			delete(w.subs, id)
		})
	}
}

// notify signals every subscriber that has not been signalled yet.
func (w *watchers) notify() {
	w.mu.Lock()
	defer w.mu.Unlock()
	for _, ch := range w.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}
