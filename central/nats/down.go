package nats

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Down publisher defaults.
const (
	DefaultDownInFlight = 256
	DefaultDownPoll     = 500 * time.Millisecond

	// consumersEvery is how often the publisher makes sure every
	// registered pizzeria has its consumer, for pizzerias opened while it
	// runs.
	consumersEvery = 30 * time.Second

	// DefaultResendAfter is how long a published command may stay
	// unanswered, its pizzeria's consumer empty, before it is taken for
	// lost and published again.
	DefaultResendAfter = 10 * time.Minute
)

// DownOutbox is what the down publisher needs of central: the outbox, and
// the pizzerias whose consumers it makes. *postgres.DB implements it.
type DownOutbox interface {
	FindUnpublishedCommands(ctx context.Context, limit int) ([]*central.OutboundCommand, error)
	MarkCommandsPublished(ctx context.Context, pizzeria string, positions []int64) error
	FindStaleCommands(ctx context.Context, before time.Time, limit int) ([]*central.OutboundCommand, error)
	MarkCommandsResent(ctx context.Context, pizzeria string, positions []int64) error
	FindPizzerias(ctx context.Context) ([]*central.Pizzeria, error)
}

// DownPublisher drains central's outbox to the down stream: each command
// on ocpizza.down.<pizzeria> with the message id pizzeria:down:position,
// at most InFlight awaiting their acks, and marked published once acked.
// A command published but not marked (a crash between the ack and the
// mark) is published again after a restart: JetStream drops it within its
// duplicate window, and the pizzeria's inbox after it. It creates the down
// stream and the durable consumer edge-<pizzeria> of every pizzeria, in
// which commands wait while a pizzeria is offline. A command that stays
// unanswered for ResendAfter while its pizzeria's consumer holds nothing
// was lost by JetStream (a purged stream, a lost store) and is published
// again; the inbox applies it once whatever happened.
type DownPublisher struct {
	// InFlight bounds the publishes awaiting their ack; Poll is how often
	// the outbox is read when nothing signals new commands.
	InFlight int
	Poll     time.Duration
	// AckTimeout bounds the wait for the acks of one round.
	AckTimeout time.Duration
	// ResendAfter is how long a published command may stay unanswered
	// before it is suspected lost.
	ResendAfter time.Duration

	nc      *nats.Conn
	js      jetstream.JetStream
	svc     DownOutbox
	log     *slog.Logger
	wake    chan struct{}
	metrics *downMetrics

	// Owned by Run's goroutine.
	ready         bool
	consumers     map[string]bool
	consumersNext time.Time
	resendNext    time.Time
}

// NewDownPublisher returns a publisher of svc's outbox on nc, with its
// metrics registered in reg.
func NewDownPublisher(nc *nats.Conn, svc DownOutbox, log *slog.Logger,
	reg prometheus.Registerer) (*DownPublisher, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("down publisher: %w", err)
	}
	return &DownPublisher{
		InFlight: DefaultDownInFlight, Poll: DefaultDownPoll, AckTimeout: 5 * time.Second,
		ResendAfter: DefaultResendAfter, nc: nc, js: js, svc: svc, log: log,
		wake: make(chan struct{}, 1), metrics: newDownMetrics(reg),
		consumers: map[string]bool{},
	}, nil
}

// Notify tells the publisher that commands were committed, so that it
// sends them without waiting for its next poll. It never blocks.
func (d *DownPublisher) Notify() {
	select {
	case d.wake <- struct{}{}:
	default:
	}
}

// Run publishes the outbox until ctx ends. Failures are logged, counted
// and retried with a growing delay; the stream and consumers are made
// again after any failure, since a NATS server restarted on an empty
// store has neither. It returns nil when stopped.
func (d *DownPublisher) Run(ctx context.Context) error {
	bo := backoff{min: 100 * time.Millisecond, max: 10 * time.Second}
	for ctx.Err() == nil {
		if !d.nc.IsConnected() {
			d.ready = false
			sleep(ctx, linkPoll)
			continue
		}
		sent, err := d.round(ctx)
		if err != nil {
			d.ready = false
			d.metrics.errors.Inc()
			d.log.Error("down publisher", "error", err)
			bo.wait(ctx)
			continue
		}
		bo.reset()

		// A full round may have left more; otherwise wait for news.
		if sent < d.InFlight {
			d.idle(ctx)
		}
	}
	return nil
}

// idle waits for a signal, the next poll, or the end.
func (d *DownPublisher) idle(ctx context.Context) {
	t := time.NewTimer(d.Poll)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-d.wake:
	case <-t.C:
	}
}

// round sets up what is missing, then publishes up to InFlight commands
// and marks those acked. It returns how many it published.
func (d *DownPublisher) round(ctx context.Context) (int, error) {
	if err := d.setup(ctx); err != nil {
		return 0, err
	}
	commands, err := d.svc.FindUnpublishedCommands(ctx, d.InFlight)
	if err != nil {
		return 0, err
	}
	if len(commands) == 0 {
		return 0, d.resendLost(ctx)
	}
	for _, c := range commands {
		if err := d.ensureConsumer(ctx, c.Pizzeria); err != nil {
			return 0, err
		}
	}
	acked, err := d.publish(ctx, commands)
	if markErr := d.mark(ctx, acked); markErr != nil {
		return 0, markErr
	}
	return len(commands), err
}

// setup creates or updates the down stream and every pizzeria's
// consumer, at start, after a failure, and every consumersEvery.
func (d *DownPublisher) setup(ctx context.Context) error {
	if d.ready && time.Now().Before(d.consumersNext) {
		return nil
	}
	setupCtx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	if !d.ready {
		if _, err := d.js.CreateOrUpdateStream(setupCtx, syncproto.DownStreamConfig()); err != nil {
			return fmt.Errorf("stream %s: %w", syncproto.DownStream, err)
		}
		clear(d.consumers)
	}
	pizzerias, err := d.svc.FindPizzerias(setupCtx)
	if err != nil {
		return err
	}
	for _, p := range pizzerias {
		if err := d.ensureConsumer(setupCtx, p.ID); err != nil {
			return err
		}
	}
	d.ready, d.consumersNext = true, time.Now().Add(consumersEvery)
	return nil
}

// ensureConsumer creates the pizzeria's consumer unless this run made it.
func (d *DownPublisher) ensureConsumer(ctx context.Context, pizzeria string) error {
	if d.consumers[pizzeria] {
		return nil
	}
	_, err := d.js.CreateOrUpdateConsumer(ctx, syncproto.DownStream, syncproto.DownConsumerConfig(pizzeria))
	if err != nil {
		return fmt.Errorf("consumer of %s: %w", pizzeria, err)
	}
	d.consumers[pizzeria] = true
	d.log.Info("down consumer ready", "pizzeria", pizzeria,
		"consumer", syncproto.DownConsumer(pizzeria))
	return nil
}

// publish sends the commands asynchronously and waits for their acks. It
// returns the positions acked by pizzeria, and the first failure.
func (d *DownPublisher) publish(ctx context.Context, commands []*central.OutboundCommand) (
	map[string][]int64, error) {
	futures := make([]jetstream.PubAckFuture, len(commands))
	var firstErr error
	for i, c := range commands {
		msg := &nats.Msg{Subject: syncproto.DownSubject(c.Pizzeria), Data: c.Data, Header: nats.Header{}}
		msg.Header.Set(jetstream.MsgIDHeader, c.MsgID)
		f, err := d.js.PublishMsgAsync(msg)
		if err != nil {
			firstErr = fmt.Errorf("publish %s: %w", c.MsgID, err)
			break
		}
		futures[i] = f
	}

	// The acks, each within the round's timeout.
	acked := map[string][]int64{}
	deadline := time.NewTimer(d.AckTimeout)
	defer deadline.Stop()
	for i, f := range futures {
		if f == nil {
			break
		}
		select {
		case <-f.Ok():
			c := commands[i]
			acked[c.Pizzeria] = append(acked[c.Pizzeria], c.Position)
			d.metrics.published.Inc()
		case err := <-f.Err():
			firstErr = cmpErr(firstErr, fmt.Errorf("publish %s: %w", commands[i].MsgID, err))
		case <-deadline.C:
			return acked, cmpErr(firstErr, fmt.Errorf("publish: no ack within %s", d.AckTimeout))
		case <-ctx.Done():
			return acked, ctx.Err()
		}
	}
	return acked, firstErr
}

// cmpErr returns the first error that is set.
func cmpErr(first, next error) error {
	if first != nil {
		return first
	}
	return next
}

// mark records the acked commands as published.
func (d *DownPublisher) mark(ctx context.Context, acked map[string][]int64) error {
	for pizzeria, positions := range acked {
		if err := d.svc.MarkCommandsPublished(ctx, pizzeria, positions); err != nil {
			return err
		}
		d.log.Debug("commands published", "pizzeria", pizzeria, "count", len(positions),
			"last_position", positions[len(positions)-1])
	}
	return nil
}

// downMetrics are the Prometheus series of the down publisher.
type downMetrics struct {
	published prometheus.Counter
	resent    prometheus.Counter
	errors    prometheus.Counter
}

func newDownMetrics(reg prometheus.Registerer) *downMetrics {
	return &downMetrics{
		published: register(reg, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ocpizza_central_down_published_total",
			Help: "Commands published to the down stream and acked, sends again included.",
		})),
		resent: register(reg, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ocpizza_central_down_resent_total",
			Help: "Commands published again because they stayed unanswered with their consumer empty.",
		})),
		errors: register(reg, prometheus.NewCounter(prometheus.CounterOpts{
			Name: "ocpizza_central_down_errors_total",
			Help: "Failed rounds of the down publisher; the commands are published again.",
		})),
	}
}
