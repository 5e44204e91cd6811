package nats_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	edgenats "github.com/ocpizza/ocpizza/edge/nats"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestInFlightBound stands in for JetStream on the up subject and acks
// publishes only when the test says: the publisher never has more than
// MaxInFlight publishes awaiting their ack, and fills the window.
func TestInFlightBound(t *testing.T) {
	const bound, total = 8, 41
	db := openDB(t)
	writeEvents(t, db, total-1)
	srv := natstest.New(t)
	nc := connect(t, srv.URL())

	// The stand-in records each publish; acks go out in order, and central
	// says it has applied what was acked, so that nothing is sent again.
	var mu sync.Mutex
	var received []*nats.Msg
	acks, worst := 0, 0
	_, err := nc.Subscribe(syncproto.UpSubject(testPizzeria), func(msg *nats.Msg) {
		mu.Lock()
		defer mu.Unlock()
		received = append(received, msg)
		worst = max(worst, len(received)-acks)
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = nc.Subscribe(syncproto.HelloSubject(testPizzeria), func(msg *nats.Msg) {
		hello, err := syncproto.DecodeHello(msg.Data, testPizzeria)
		if err != nil {
			t.Errorf("hello: %v", err)
			return
		}
		mu.Lock()
		applied := int64(acks)
		mu.Unlock()
		data, _ := syncproto.Encode(&syncproto.Cursor{Pizzeria: testPizzeria, Epoch: hello.Epoch,
			AppliedSeq: applied})
		_ = msg.Respond(data)
	})
	if err != nil {
		t.Fatal(err)
	}
	count := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(received)
	}
	startPublisher(t, db, srv.URL(), func(c *edgenats.Config) {
		c.MaxInFlight = bound
		c.AckTimeout = time.Minute
	})

	// The window fills, then moves with each round of acks.
	waitFor(t, "a full window", func() bool { return count() == bound })
	for {
		mu.Lock()
		batch := received[acks:]
		acks = len(received)
		mu.Unlock()
		for i, msg := range batch {
			ack := fmt.Sprintf(`{"stream":%q,"seq":%d}`, syncproto.UpStream, acks-len(batch)+i+1)
			if err := msg.Respond([]byte(ack)); err != nil {
				t.Fatal(err)
			}
		}
		if acks == total {
			break
		}
		waitFor(t, "more publishes", func() bool { return count() > acks })
	}

	mu.Lock()
	defer mu.Unlock()
	if worst != bound {
		t.Errorf("at most %d publishes awaited their ack, want %d", worst, bound)
	}
	for i, msg := range received[:total] {
		if id := msg.Header.Get("Nats-Msg-Id"); id != fmt.Sprintf("%s:%s:%d", testPizzeria, db.Epoch(), i+1) {
			t.Errorf("publish %d has id %s", i+1, id)
		}
	}
}
