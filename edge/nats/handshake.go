package nats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// hello runs the handshake and schedules the next one. It reports whether
// the loop may go on publishing: after a failure it may when central had
// answered on this connection already, and otherwise it waits a growing
// pause first and returns false.
func (p *Publisher) hello(ctx context.Context, nc *nats.Conn, pos *position) bool {
	applied, err := p.handshake(ctx, nc, pos)
	if err == nil {
		if pos.helloFails > 0 {
			p.log.Info("central answers", "epoch", pos.epoch, "applied_seq", applied)
		}
		pos.helloFails = 0
		pos.nextHello = time.Now().Add(p.cfg.HelloInterval)
		return true
	}
	if ctx.Err() != nil {
		return false
	}

	pos.helloFails++
	p.log.Log(ctx, slogLevel(pos.helloFails), "no answer from central", "attempt", pos.helloFails,
		"error", err)
	if pos.ready {
		pos.nextHello = time.Now().Add(p.cfg.HelloInterval)
		return true
	}
	p.sleep(ctx, backoff(pos.helloFails))
	return false
}

// handshake asks central how far it has applied the database's epoch, and
// acts on the answer: when the database is an older copy, it starts a new
// epoch and asks again; otherwise it confirms what central has applied and
// moves the position. It returns central's applied sequence.
func (p *Publisher) handshake(ctx context.Context, nc *nats.Conn, pos *position) (int64, error) {
	for range 2 {
		st, cur, err := p.ask(ctx, nc)
		if err != nil {
			return 0, err
		}
		reason, err := p.restored(ctx, st, cur)
		if err != nil {
			return 0, err
		}
		if reason != "" {
			if err := p.startNewEpoch(ctx, pos, st, cur, reason); err != nil {
				return 0, err
			}
			continue
		}
		if cur.AppliedSeq > st.LastConfirmedSeq {
			if err := p.db.Confirm(ctx, st.Epoch, cur.AppliedSeq); err != nil {
				return 0, err
			}
		}
		p.resume(pos, st, cur.AppliedSeq)
		return cur.AppliedSeq, nil
	}
	return 0, errors.New("central still finds the new epoch an older copy")
}

// ask sends a hello with the outbox position and returns that position
// with central's cursor.
func (p *Publisher) ask(ctx context.Context, nc *nats.Conn) (*edge.SyncStatus, *syncproto.Cursor, error) {
	st, err := p.db.SyncStatus(ctx)
	if err != nil {
		return nil, nil, err
	}
	data, err := syncproto.Encode(&syncproto.Hello{
		Pizzeria: p.cfg.Pizzeria, Epoch: st.Epoch, LastSeq: st.LastSeq,
		ProtocolVersion: syncproto.ProtocolVersion,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("hello: %w", err)
	}

	ctx, cancel := context.WithTimeout(ctx, helloTimeout)
	defer cancel()
	msg, err := nc.RequestWithContext(ctx, syncproto.HelloSubject(p.cfg.Pizzeria), data)
	if err != nil {
		return nil, nil, fmt.Errorf("hello: %w", err)
	}
	var cur syncproto.Cursor
	switch err := json.Unmarshal(msg.Data, &cur); {
	case err != nil:
		return nil, nil, fmt.Errorf("hello: central's answer: %w", err)
	case cur.Error != nil:
		return nil, nil, fmt.Errorf("hello refused: %w", cur.Error)
	case cur.Pizzeria != p.cfg.Pizzeria || cur.Epoch != st.Epoch || cur.AppliedSeq < 0:
		return nil, nil, fmt.Errorf("hello: answer for %s:%s:%d, asked for %s:%s",
			cur.Pizzeria, cur.Epoch, cur.AppliedSeq, p.cfg.Pizzeria, st.Epoch)
	}
	return st, &cur, nil
}

// restored says why central's cursor shows the database to be an older
// copy of the epoch, or "" when it does not: central has applied more
// than the database holds, or holds another event at the applied sequence.
// The outbox no longer holds an event central confirmed, and then only
// the sequence can be compared.
func (p *Publisher) restored(ctx context.Context, st *edge.SyncStatus, cur *syncproto.Cursor) (string, error) {
	if cur.Behind || cur.AppliedSeq > st.LastSeq {
		return "central has applied more of the epoch than the database holds", nil
	}
	if cur.AppliedEventID == "" || cur.AppliedSeq == 0 {
		return "", nil
	}
	id, ok, err := p.db.OutboxEventAt(ctx, st.Epoch, cur.AppliedSeq)
	if err != nil {
		return "", err
	}
	if ok && id != cur.AppliedEventID {
		return "central holds another event at the applied sequence", nil
	}
	return "", nil
}

// startNewEpoch moves the unconfirmed events into a new epoch, which the
// next hello introduces to central. A database can only have been
// replaced by an older copy before the process started, and a new epoch
// is unknown to central, so a second new epoch in one run is refused: it
// would mean that central's answers are wrong.
func (p *Publisher) startNewEpoch(ctx context.Context, pos *position, st *edge.SyncStatus,
	cur *syncproto.Cursor, reason string) error {
	if p.newEpochs > 0 {
		return fmt.Errorf("central finds epoch %s, started by this run, an older copy (%s); not starting another",
			st.Epoch, reason)
	}
	epoch, err := p.db.StartNewEpoch(ctx)
	if err != nil {
		return err
	}
	p.newEpochs++
	p.metrics.epochChanges.Inc()
	p.log.Warn("database is an older copy: new epoch started",
		"reason", reason,
		"old_epoch", st.Epoch,
		"epoch", epoch,
		"last_seq", st.LastSeq,
		"central_applied_seq", cur.AppliedSeq,
		"moved_events", st.Backlog,
	)
	pos.disconnect()
	pos.restart(epoch, 0)
	return nil
}

// resume moves the position after central's answer. On the first answer
// of a connection, central decides: publishing starts after what it has
// applied. Afterwards the publisher goes on from where it is, unless
// central has applied nothing more for a while although JetStream acked
// more (the stream lost messages, or a gap holds central up): then it
// sends again from central's sequence, waiting twice as long each time.
func (p *Publisher) resume(pos *position, st *edge.SyncStatus, applied int64) {
	now := time.Now()
	if applied < st.LastConfirmedSeq && !pos.ready {
		p.log.Warn("central has applied less than it confirmed; the events in between are no longer here",
			"epoch", st.Epoch, "applied_seq", applied, "confirmed_seq", st.LastConfirmedSeq)
	}

	switch {
	case !pos.ready || pos.epoch != st.Epoch:
		pos.restart(st.Epoch, applied)
		pos.stall, pos.rewinds = stallMark{}, 0
	case applied >= pos.acked:
		pos.acked = applied
		if applied > pos.sent {
			pos.restart(st.Epoch, applied)
		}
		pos.stall, pos.rewinds = stallMark{}, 0
	case applied != pos.stall.applied || pos.stall.since.IsZero():
		pos.stall = stallMark{applied: applied, since: now}
	case now.Sub(pos.stall.since) >= p.cfg.HelloInterval<<min(pos.rewinds, 7):
		p.log.Warn("central lacks events JetStream acknowledged: sending them again",
			"epoch", st.Epoch, "from_seq", applied+1, "to_seq", pos.acked, "attempt", pos.rewinds+1)
		pos.rewinds++
		pos.resendTo = pos.acked
		pos.restart(st.Epoch, applied)
		pos.stall = stallMark{applied: applied, since: now}
	}
	pos.ready = true
	pos.more = true
}

// heartbeat publishes the outbox position on core NATS, for the sync
// console. A lost heartbeat is followed by the next.
func (p *Publisher) heartbeat(ctx context.Context, nc *nats.Conn) {
	st, err := p.db.SyncStatus(ctx)
	if err != nil {
		p.log.Warn("heartbeat: sync status", "error", err)
		return
	}
	data, err := syncproto.Encode(&syncproto.Heartbeat{
		Pizzeria: p.cfg.Pizzeria, Epoch: st.Epoch, LastSeq: st.LastSeq,
		Backlog: st.Backlog, OldestPendingAt: st.OldestPendingAt, SentAt: time.Now().UTC(),
	})
	if err == nil {
		err = nc.Publish(syncproto.BeatSubject(p.cfg.Pizzeria), data)
	}
	if err != nil {
		p.log.Debug("heartbeat not sent", "error", err)
	}
}

// slogLevel is the level of the nth failure in a row: a warning for the
// first and every sixtieth, so that a long outage is neither silent nor
// one line per attempt.
func slogLevel(n int) slog.Level {
	if n == 1 || n%60 == 0 {
		return slog.LevelWarn
	}
	return slog.LevelDebug
}
