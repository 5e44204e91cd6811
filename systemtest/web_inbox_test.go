package systemtest

import (
	"context"
	"sync"
	"time"

	edgenats "github.com/ocpizza/ocpizza/edge/nats"
	"github.com/ocpizza/ocpizza/syncproto"
)

// inboxWatch is a pizzeria's inbox that can hold a customer's cancel at
// its door, so that a test can race the pizzeria's staff against it.
type inboxWatch struct {
	inbox edgenats.Inbox
	mu    sync.Mutex
	gates map[string]*cancelGate // by the order id the pizzeria knows
}

// cancelGate holds the cancel of one order as it reaches the inbox:
// arrived is closed then, and the cancel is applied once released.
type cancelGate struct {
	arrived chan struct{}
	release chan struct{}
	once    sync.Once
}

// open lets the cancel through; it may be called more than once.
func (g *cancelGate) open() { g.once.Do(func() { close(g.release) }) }

// hold makes the next cancel of an order wait at the inbox until the
// gate returned is opened.
func (w *inboxWatch) hold(orderID string) *cancelGate {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.gates == nil {
		w.gates = map[string]*cancelGate{}
	}
	g := &cancelGate{arrived: make(chan struct{}), release: make(chan struct{})}
	w.gates[orderID] = g
	return g
}

// ApplyCommand implements edgenats.Inbox.
func (w *inboxWatch) ApplyCommand(ctx context.Context,
	c *syncproto.Command) (*syncproto.CommandAnswer, bool, error) {
	var ref syncproto.OrderRef
	if c.Type == syncproto.CommandOrderCancel && c.OrderPayloadOf(&ref) == nil {
		w.wait(ctx, ref.OrderID)
	}
	return w.inbox.ApplyCommand(ctx, c)
}

// wait holds a cancel of the order while a gate says so.
func (w *inboxWatch) wait(ctx context.Context, orderID string) {
	w.mu.Lock()
	g := w.gates[orderID]
	delete(w.gates, orderID)
	w.mu.Unlock()
	if g == nil {
		return
	}
	close(g.arrived)
	select {
	case <-g.release:
	case <-ctx.Done():
	}
}

// online starts a pizzeria's link as edgeNode.online does, its commands
// applied through an inboxWatch, and returns the watch.
func (s *webSystem) online(e *edgeNode) *inboxWatch {
	e.start()
	watch := &inboxWatch{inbox: e.db}
	cons := edgenats.NewConsumer(edgenats.ConsumerConfig{
		URL: e.url, Pizzeria: e.id, DB: watch, Logger: logger(), FetchWait: 200 * time.Millisecond,
	})
	l := &link{e: e, consumer: run(func(ctx context.Context) { _ = cons.Run(ctx) })}
	s.t.Cleanup(l.offline)
	return watch
}
