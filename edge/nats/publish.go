package nats

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/syncproto"
)

// publish reads the events after the last one sent, as many as the window
// has room for, and publishes each one asynchronously.
func (p *Publisher) publish(ctx context.Context, js jetstream.JetStream, pos *position) error {
	room := p.cfg.MaxInFlight - len(pos.inflight)
	events, err := p.db.FindOutboxEvents(ctx, pos.sent, room)
	if err != nil {
		return err
	}
	pos.more = len(events) == room

	for _, e := range events {
		// Only StartNewEpoch moves events to another epoch, and this
		// publisher calls it; should it happen anyway, ask central again.
		if e.Epoch != pos.epoch {
			pos.ready, pos.nextHello = false, time.Time{}
			return nil
		}
		msg, err := p.message(e, pos)
		if err != nil {
			return err
		}
		ack, err := js.PublishMsgAsync(msg)
		if err != nil {
			return fmt.Errorf("publish %s: %w", e.MsgID(), err)
		}
		pos.inflight = append(pos.inflight, pending{seq: e.Seq, ack: ack})
		pos.sent = e.Seq
	}
	return nil
}

// message returns the JetStream message of an event: its JSON on the
// pizzeria's up subject, with its message id for deduplication.
//
// JetStream keeps message ids for the stream's duplicate window even when
// the messages themselves are purged, so an event sent again because
// central lacks it would be dropped as a duplicate for up to that window.
// From the second send again in a row, events carry their id with the
// attempt appended: JetStream takes them, and central, whose key is the
// envelope's (pizzeria, epoch, seq), applies each once all the same.
func (p *Publisher) message(e *syncproto.Event, pos *position) (*nats.Msg, error) {
	body, err := json.Marshal(e)
	if err != nil {
		return nil, fmt.Errorf("encode %s: %w", e.MsgID(), err)
	}
	id := e.MsgID()
	if pos.rewinds >= 2 && e.Seq <= pos.resendTo {
		id = fmt.Sprintf("%s:resend-%d", id, pos.rewinds)
	}
	msg := nats.NewMsg(syncproto.UpSubject(p.cfg.Pizzeria))
	msg.Header.Set(jetstream.MsgIDHeader, id)
	msg.Header.Set(jetstream.ExpectedStreamHeader, syncproto.UpStream)
	msg.Data = body
	return msg, nil
}

// acked records the ack of the oldest publish in flight.
func (p *Publisher) acked(pos *position) {
	pos.acked = max(pos.acked, pos.inflight[0].seq)
	pos.inflight = pos.inflight[1:]
	pos.pubFails = 0
	p.metrics.published.Inc()
}

// collectAcks records the acks already in, oldest first, up to the first
// publish still waiting or failed.
func (p *Publisher) collectAcks(ctx context.Context, pos *position) {
	for len(pos.inflight) > 0 {
		head := pos.inflight[0].ack
		select {
		case <-head.Ok():
			p.acked(pos)
		case err := <-head.Err():
			p.publishFailed(ctx, pos, err)
			return
		default:
			return
		}
	}
}

// publishFailed gives up the publishes in flight after a failure: the
// next ones start after the last acked, once central has answered a hello
// again, and after a growing pause unless the link just went down.
func (p *Publisher) publishFailed(ctx context.Context, pos *position, err error) {
	pos.inflight = nil
	pos.sent = pos.acked
	pos.more = true
	pos.ready = false
	if !p.online.Load() || errors.Is(err, nats.ErrDisconnected) {
		return // the link handlers say it; the reconnection says hello
	}

	p.metrics.publishErrors.Inc()
	pos.pubFails++
	level := slogLevel(pos.pubFails)
	p.log.Log(ctx, level, "publish failed", "epoch", pos.epoch, "after_seq", pos.acked,
		"attempt", pos.pubFails, "error", err)
	p.sleep(ctx, backoff(pos.pubFails))
}
