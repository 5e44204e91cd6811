// Package nats is the pizzeria's link to central over NATS: the publisher
// that sends the outbox up to JetStream, in order and with a bounded
// number of publishes in flight, and that asks central, on every
// connection and every few seconds, how far it has applied the events, so
// that what central confirms leaves the outbox and what it lacks is sent
// again. It never creates or changes streams: the pizzeria's NATS user may
// only publish on its own subjects.
package nats

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Defaults of the Config fields left zero.
const (
	DefaultMaxInFlight   = 256
	DefaultHelloInterval = 5 * time.Second
	DefaultAckTimeout    = 5 * time.Second
)

// helloTimeout bounds the wait for central's answer to a hello.
const helloTimeout = 3 * time.Second

// Outbox is the pizzeria's side of up-sync that the publisher drives;
// *sqlite.DB implements it. Each method returns an error only when the
// database fails.
type Outbox interface {
	// SyncStatus returns the outbox position and backlog.
	SyncStatus(ctx context.Context) (*edge.SyncStatus, error)
	// FindOutboxEvents returns up to limit events after afterSeq, in order.
	FindOutboxEvents(ctx context.Context, afterSeq int64, limit int) ([]*syncproto.Event, error)
	// OutboxEventAt returns the id of the event at seq of epoch, and false
	// when the outbox does not hold it.
	OutboxEventAt(ctx context.Context, epoch string, seq int64) (string, bool, error)
	// Confirm records that central has applied epoch up to appliedSeq and
	// deletes those events from the outbox.
	Confirm(ctx context.Context, epoch string, appliedSeq int64) error
	// StartNewEpoch moves every unconfirmed event into a new epoch,
	// numbered from 1, and returns the new epoch.
	StartNewEpoch(ctx context.Context) (string, error)
	// Changes receives a value after each commit that wrote events.
	Changes() <-chan struct{}
}

// Config is what a Publisher needs.
type Config struct {
	URL       string // NATS server, such as nats://hub.example:4222
	CredsFile string // the pizzeria's NATS credentials; empty for none
	Pizzeria  string
	DB        Outbox
	Logger    *slog.Logger
	Registry  *prometheus.Registry // nil: metrics are not exposed

	MaxInFlight   int           // publishes awaiting their ack at most; 256 when zero
	HelloInterval time.Duration // between hellos and heartbeats; 5s when zero
	AckTimeout    time.Duration // wait for one publish ack; 5s when zero
}

// Publisher sends a pizzeria's outbox up to JetStream. Run does the work;
// Online reports the link meanwhile.
type Publisher struct {
	cfg     Config
	db      Outbox
	log     *slog.Logger
	metrics *metrics

	// online is set by the connection's handlers, and gen counts the
	// connections made, so that the loop notices a reconnection even
	// when it missed the disconnection. link wakes the loop on each.
	online atomic.Bool
	gen    atomic.Uint64
	link   chan struct{}

	// newEpochs counts the epochs this run started; only Run's goroutine
	// uses it.
	newEpochs int
}

// NewPublisher returns a publisher of cfg.DB's outbox, not yet running.
func NewPublisher(cfg Config) *Publisher {
	if cfg.DB == nil || cfg.Logger == nil || !syncproto.ValidPizzeriaID(cfg.Pizzeria) {
		panic("nats: NewPublisher needs a DB, a Logger and a valid pizzeria id")
	}
	if cfg.MaxInFlight <= 0 {
		cfg.MaxInFlight = DefaultMaxInFlight
	}
	if cfg.HelloInterval <= 0 {
		cfg.HelloInterval = DefaultHelloInterval
	}
	if cfg.AckTimeout <= 0 {
		cfg.AckTimeout = DefaultAckTimeout
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	return &Publisher{
		cfg:     cfg,
		db:      cfg.DB,
		log:     cfg.Logger.With("pizzeria", cfg.Pizzeria),
		metrics: newMetrics(cfg.Registry),
		link:    make(chan struct{}, 1),
	}
}

// Online reports whether the link to the NATS server is up.
func (p *Publisher) Online() bool { return p.online.Load() }

// Run connects to NATS and sends the outbox up until ctx ends; then it
// drains the connection and returns. While the server cannot be reached
// it keeps trying, and the pizzeria works on meanwhile: events wait in the
// outbox. It returns an error only for a configuration NATS refuses.
func (p *Publisher) Run(ctx context.Context) error {
	for ctx.Err() == nil {
		nc, err := p.connect()
		if err != nil {
			return err
		}
		js, err := jetstream.New(nc,
			jetstream.WithPublishAsyncMaxPending(p.cfg.MaxInFlight),
			jetstream.WithPublishAsyncTimeout(p.cfg.AckTimeout))
		if err != nil {
			nc.Close()
			return err
		}

		// The loop returns when ctx ends, or when the connection closed
		// by itself, which the options make unlikely: connect again.
		p.loop(ctx, nc, js)
		p.close(nc, js)
		if ctx.Err() == nil {
			p.log.Warn("connection closed: connecting again")
			p.sleep(ctx, maxBackoff)
		}
	}
	return nil
}

// close lets the publishes in flight get their acks for a moment, then
// drains the connection: what was published reaches the server, and
// replies already received are handled.
func (p *Publisher) close(nc *nats.Conn, js jetstream.JetStream) {
	defer p.setOnline(false)
	if nc.IsClosed() {
		return
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(min(p.cfg.AckTimeout, 2*time.Second)):
	}

	// Drain closes the connection when done, or at once when the link is
	// down; the status channel is buffered, so no change is missed.
	closed := nc.StatusChanged(nats.CLOSED)
	if err := nc.Drain(); err != nil {
		nc.Close()
	}
	if !nc.IsClosed() {
		select {
		case <-closed:
		case <-time.After(drainTimeout + time.Second):
			nc.Close()
		}
	}
}
