package systemtest

import (
	"context"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestOfflineEdgeConverges: a pizzeria works with no link while 5,000
// orders go through it; when the link comes up, central converges
// exactly.
func TestOfflineEdgeConverges(t *testing.T) {
	if testing.Short() {
		t.Skip("5,000 orders: not in -short")
	}
	h := natstest.Unstarted(t)
	c := newCentral(t, h.URL(), "paris-11")
	e := newEdge(t, "paris-11", h.URL())
	e.start() // the hub is not running: the publisher keeps trying

	for i := range 5000 {
		e.order(i)
	}
	if st := e.status(); st.Backlog != st.LastSeq || st.LastSeq < 5000 {
		t.Fatalf("offline edge: backlog %d of %d, want everything waiting", st.Backlog, st.LastSeq)
	}

	h.Start()
	c.start()
	waitConverged(t, e, c, 2*time.Minute)
	compare(t, e, c)
}

// TestFaultsMidStream: central is killed in the middle of its batches and
// restarted, the NATS server is restarted while events flow, and the
// messages that were delivered but not acknowledged come again: all are
// applied once.
func TestFaultsMidStream(t *testing.T) {
	h := natstest.Unstarted(t)
	h.Start()
	c := newCentral(t, h.URL(), "paris-11", "lyon-2")
	c.start()
	a, b := newEdge(t, "paris-11", h.URL()), newEdge(t, "lyon-2", h.URL())
	a.start()
	b.start()

	for i := range 900 {
		a.order(i)
		b.order(i)
		switch i {
		case 200: // central dies while it applies
			c.stop()
		case 300:
			c.start()
		case 500: // the NATS server restarts, keeping its store
			h.Stop()
		case 600:
			h.Start()
		}
	}
	waitConverged(t, a, c, time.Minute)
	waitConverged(t, b, c, time.Minute)
	compare(t, a, c)
	compare(t, b, c)
}

// TestPurgedStreamIsResent: JetStream loses everything it held; the
// handshake finds what central lacks and the edge sends it again.
func TestPurgedStreamIsResent(t *testing.T) {
	h := natstest.Unstarted(t)
	h.Start()
	c := newCentral(t, h.URL(), "paris-11")
	e := newEdge(t, "paris-11", h.URL())
	js := jetStream(t, h.URL())
	c.start()
	waitFor(t, 30*time.Second, "stream created", func() error {
		_, err := js.Stream(context.Background(), syncproto.UpStream)
		return err
	})
	c.stop()
	c.startResponderOnly() // central answers but does not consume
	e.start()
	for i := range 300 {
		e.order(i)
	}

	// Everything is in the stream, then lost from it.
	waitFor(t, 30*time.Second, "published", func() error {
		info, err := js.Stream(context.Background(), syncproto.UpStream)
		if err != nil {
			return err
		}
		if st := e.status(); int64(info.CachedInfo().State.Msgs) < st.LastSeq {
			return errNotYet
		}
		return nil
	})
	stream, err := js.Stream(context.Background(), syncproto.UpStream)
	if err != nil {
		t.Fatal(err)
	}
	if err := stream.Purge(context.Background()); err != nil {
		t.Fatal(err)
	}

	c.stop()
	c.start()
	waitConverged(t, e, c, time.Minute)
	compare(t, e, c)
}

func jetStream(t testing.TB, url string) jetstream.JetStream {
	t.Helper()
	nc, err := nats.Connect(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		t.Fatal(err)
	}
	return js
}
