package nats_test

import (
	"context"
	"encoding/json"
	"slices"
	"sync"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/syncproto"
)

// testCentral stands for central in these tests: it creates the up
// stream, answers hellos from what it has applied, and takes events from
// the stream when the test tells it to, keeping a raw log keyed (epoch,
// seq) as central's PostgreSQL does. The same key with another event
// fails the test: that is a sequence number reused.
type testCentral struct {
	tb     testing.TB
	js     jetstream.JetStream
	stream jetstream.Stream
	cons   jetstream.Consumer

	mu       sync.Mutex
	received []upMessage                           // every message taken, in order
	logs     map[string]map[int64]*syncproto.Event // by epoch, then sequence
}

// upMessage is one message taken from the up stream.
type upMessage struct {
	subject   string
	msgID     string
	streamSeq uint64
	event     *syncproto.Event
	data      []byte
}

// startCentral creates the up stream on the server at url, with the
// configuration ops give it, and starts answering hellos.
func startCentral(tb testing.TB, url string) *testCentral {
	tb.Helper()
	ctx := context.Background()
	nc := connect(tb, url)
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	stream, err := js.CreateStream(ctx, syncproto.UpStreamConfig())
	if err != nil {
		tb.Fatalf("create stream: %v", err)
	}
	cons, err := stream.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable: "test-central", AckPolicy: jetstream.AckExplicitPolicy,
		FilterSubject: syncproto.UpSubjects,
	})
	if err != nil {
		tb.Fatalf("create consumer: %v", err)
	}
	c := &testCentral{tb: tb, js: js, stream: stream, cons: cons,
		logs: map[string]map[int64]*syncproto.Event{}}
	if _, err := nc.Subscribe(syncproto.HelloSubjects, c.answer); err != nil {
		tb.Fatal(err)
	}
	return c
}

// answer answers a hello with the cursor of its epoch.
func (c *testCentral) answer(msg *nats.Msg) {
	var cur *syncproto.Cursor
	pizzeria, err := syncproto.PizzeriaOfSubject(msg.Subject)
	var hello *syncproto.Hello
	if err == nil {
		hello, err = syncproto.DecodeHello(msg.Data, pizzeria)
	}
	if err != nil {
		c.tb.Errorf("bad hello: %v", err)
		cur = &syncproto.Cursor{Error: &syncproto.Error{Code: syncproto.ErrorCode(err), Message: err.Error()}}
	} else {
		c.mu.Lock()
		applied := c.appliedLocked(hello.Epoch)
		cur = &syncproto.Cursor{Pizzeria: pizzeria, Epoch: hello.Epoch, AppliedSeq: applied,
			Behind: applied > hello.LastSeq}
		if applied > 0 {
			cur.AppliedEventID = c.logs[hello.Epoch][applied].ID
		}
		c.mu.Unlock()
	}
	data, _ := syncproto.Encode(cur)
	_ = msg.Respond(data)
}

// pull takes every message waiting in the stream into the raw log.
func (c *testCentral) pull() {
	for {
		batch, err := c.cons.FetchNoWait(500)
		if err != nil {
			return // the server is down: the test polls again
		}
		n := 0
		for msg := range batch.Messages() {
			c.take(msg)
			_ = msg.Ack()
			n++
		}
		if n == 0 {
			return
		}
	}
}

// take records one message, and adds its event to the raw log unless the
// log has it.
func (c *testCentral) take(msg jetstream.Msg) {
	pizzeria, err := syncproto.PizzeriaOfSubject(msg.Subject())
	if err != nil {
		c.tb.Errorf("message on %s: %v", msg.Subject(), err)
		return
	}
	e, err := syncproto.DecodeEvent(msg.Data(), pizzeria)
	if err != nil {
		c.tb.Errorf("message %s: %v", msg.Headers().Get(jetstream.MsgIDHeader), err)
		return
	}
	meta, err := msg.Metadata()
	if err != nil {
		c.tb.Fatal(err)
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	c.received = append(c.received, upMessage{subject: msg.Subject(),
		msgID: msg.Headers().Get(jetstream.MsgIDHeader), streamSeq: meta.Sequence.Stream,
		event: e, data: msg.Data()})
	log := c.logs[e.Epoch]
	if log == nil {
		log = map[int64]*syncproto.Event{}
		c.logs[e.Epoch] = log
	}
	if had, ok := log[e.Seq]; !ok {
		log[e.Seq] = e
	} else if !sameEvent(had, e) {
		c.tb.Errorf("%s: another event under a key central holds: %+v, had %+v", e.MsgID(), e, had)
	}
}

// hold puts events in the raw log as if central had applied them.
func (c *testCentral) hold(events ...*syncproto.Event) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, e := range events {
		if c.logs[e.Epoch] == nil {
			c.logs[e.Epoch] = map[int64]*syncproto.Event{}
		}
		c.logs[e.Epoch][e.Seq] = e
	}
}

// applied pulls what waits and returns the last sequence of epoch that
// central holds with every one before it.
func (c *testCentral) applied(epoch string) int64 {
	c.pull()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.appliedLocked(epoch)
}

func (c *testCentral) appliedLocked(epoch string) int64 {
	var seq int64
	for c.logs[epoch][seq+1] != nil {
		seq++
	}
	return seq
}

// events returns the raw log of epoch in sequence order.
func (c *testCentral) events(epoch string) []*syncproto.Event {
	c.mu.Lock()
	defer c.mu.Unlock()
	var events []*syncproto.Event
	for _, e := range c.logs[epoch] {
		events = append(events, e)
	}
	slices.SortFunc(events, func(a, b *syncproto.Event) int { return int(a.Seq - b.Seq) })
	return events
}

// messages returns the messages taken so far.
func (c *testCentral) messages() []upMessage {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.received)
}

// streamMsgs returns how many messages the up stream holds.
func (c *testCentral) streamMsgs() uint64 {
	info, err := c.stream.Info(context.Background())
	if err != nil {
		return 0
	}
	return info.State.Msgs
}

// sameEvent reports whether two envelopes carry the same event.
func sameEvent(a, b *syncproto.Event) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

// checkEvents fails the test unless central's log of epoch is want, in
// order, with nothing else.
func checkEvents(tb testing.TB, c *testCentral, epoch string, want []*syncproto.Event) {
	tb.Helper()
	got := c.events(epoch)
	if len(got) != len(want) {
		tb.Fatalf("central holds %d events of %s, want %d", len(got), epoch, len(want))
	}
	for i := range want {
		if !sameEvent(got[i], want[i]) {
			tb.Errorf("central's event %d = %+v, want %+v", i+1, got[i], want[i])
		}
	}
}
