package nats

import (
	"context"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// position is where the publisher stands in the outbox. Only the loop's
// goroutine reads or changes it.
type position struct {
	// ready is set once central has answered a hello on this connection:
	// nothing is published before, so that an older copy of the database
	// is caught before it sends anything.
	ready bool
	epoch string // of the events being sent
	sent  int64  // last sequence published
	acked int64  // every sequence up to it acked by JetStream since the last restart
	more  bool   // the outbox may hold events after sent

	inflight []pending // published, awaiting their ack, in order

	gen        uint64 // connection the position belongs to
	nextHello  time.Time
	nextBeat   time.Time
	helloFails int // hellos unanswered in a row
	pubFails   int // publish failures in a row

	// stall marks since when central's applied sequence has stood still
	// below acked; rewinds counts the sends again it caused in a row, and
	// resendTo is the last sequence of the current one.
	stall    stallMark
	rewinds  int
	resendTo int64
}

// pending is a publish awaiting its ack.
type pending struct {
	seq int64
	ack jetstream.PubAckFuture
}

// stallMark is central's applied sequence, and since when it has not moved.
type stallMark struct {
	applied int64
	since   time.Time
}

// restart makes the next publish start after seq of epoch. Publishes in
// flight are forgotten: their acks, when they come, change nothing.
func (pos *position) restart(epoch string, seq int64) {
	pos.epoch = epoch
	pos.sent, pos.acked = seq, seq
	pos.inflight = nil
	pos.more = true
}

// disconnect forgets what the position knew from the last connection:
// on the next one, central's answer decides where to start.
func (pos *position) disconnect() {
	pos.ready = false
	pos.inflight = nil
	pos.stall = stallMark{}
	pos.rewinds = 0
}

// loop sends the outbox up on the connection until ctx ends or the
// connection is closed. Each turn it checks the link, says hello and sends
// a heartbeat when they are due, publishes what waits within the in-flight
// bound, and waits for an ack, a new event, the link or the next hello.
func (p *Publisher) loop(ctx context.Context, nc *nats.Conn, js jetstream.JetStream) {
	pos := &position{}
	timer := time.NewTimer(time.Hour)
	defer timer.Stop()

	for ctx.Err() == nil && !nc.IsClosed() {
		// While the link is down, wait for it; a new connection starts
		// over from central's answer.
		if !p.online.Load() {
			pos.disconnect()
			p.sleep(ctx, time.Hour)
			continue
		}
		if gen := p.gen.Load(); gen != pos.gen {
			pos.gen = gen
			pos.disconnect()
		}

		// The heartbeat and the hello, when due.
		now := time.Now()
		if !now.Before(pos.nextBeat) {
			p.heartbeat(ctx, nc)
			pos.nextBeat = now.Add(p.cfg.HelloInterval)
		}
		if !pos.ready || !now.Before(pos.nextHello) {
			if !p.hello(ctx, nc, pos) {
				continue
			}
		}

		// What waits in the outbox, while the window has room. Acks come
		// in bunches, which collectAcks takes together, so each read of
		// the outbox fills a good part of the window.
		if pos.more && len(pos.inflight) < p.cfg.MaxInFlight {
			if err := p.publish(ctx, js, pos); err != nil {
				p.publishFailed(ctx, pos, err)
				continue
			}
		}
		p.wait(ctx, pos, timer)
	}
}

// wait waits for the first of: the ack of the oldest publish in flight,
// new events when the outbox was read to its end, a change of the link,
// the next hello or heartbeat, or the end.
func (p *Publisher) wait(ctx context.Context, pos *position, timer *time.Timer) {
	var acked <-chan *jetstream.PubAck
	var failed <-chan error
	if len(pos.inflight) > 0 {
		acked, failed = pos.inflight[0].ack.Ok(), pos.inflight[0].ack.Err()
	}
	var changes <-chan struct{}
	if !pos.more {
		changes = p.db.Changes()
	}
	next := pos.nextHello
	if pos.nextBeat.Before(next) {
		next = pos.nextBeat
	}
	timer.Reset(time.Until(next))

	select {
	case <-ctx.Done():
	case <-p.link:
	case <-timer.C:
	case <-changes:
		pos.more = true
	case <-acked:
		p.acked(pos)
		p.collectAcks(ctx, pos)
	case err := <-failed:
		p.publishFailed(ctx, pos, err)
	}
}

// sleep waits for d, a change of the link, or the end.
func (p *Publisher) sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-p.link:
	case <-t.C:
	}
}
