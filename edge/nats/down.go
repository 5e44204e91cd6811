package nats

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/syncproto"
)

// DefaultFetchWait is how long one pull for commands waits when none is
// waiting.
const DefaultFetchWait = 5 * time.Second

// Inbox is the pizzeria's side of down-sync that the consumer drives;
// *sqlite.DB implements it.
type Inbox interface {
	// ApplyCommand applies a command once, with its answer event, in one
	// transaction; fresh is false when it was applied before. It returns
	// an error only when the database fails and nothing was recorded.
	ApplyCommand(ctx context.Context, c *syncproto.Command) (answer *syncproto.CommandAnswer,
		fresh bool, err error)
}

// ConsumerConfig is what a Consumer needs.
type ConsumerConfig struct {
	URL       string // NATS server, such as nats://hub.example:4222
	CredsFile string // the pizzeria's NATS credentials; empty for none
	Pizzeria  string
	DB        Inbox
	Logger    *slog.Logger
	Registry  *prometheus.Registry // nil: metrics are not exposed

	FetchWait time.Duration // one pull waits this long at most; 5s when zero
}

// Consumer takes the commands central sends this pizzeria from its
// durable consumer edge-<pizzeria> on the down stream, applies each, and
// acks it only once the application has committed. Central creates the
// consumer: the pizzeria's NATS user may only read it and ack on it. It
// holds one command at a time (the consumer's MaxAckPending is 1), so
// commands apply in central's order; a command delivered again, because
// its ack was lost, finds its inbox row and changes nothing.
type Consumer struct {
	cfg     ConsumerConfig
	log     *slog.Logger
	metrics *downMetrics
}

// NewConsumer returns a consumer of the pizzeria's commands, not yet
// running.
func NewConsumer(cfg ConsumerConfig) *Consumer {
	if cfg.DB == nil || cfg.Logger == nil || !syncproto.ValidPizzeriaID(cfg.Pizzeria) {
		panic("nats: NewConsumer needs a DB, a Logger and a valid pizzeria id")
	}
	if cfg.FetchWait <= 0 {
		cfg.FetchWait = DefaultFetchWait
	}
	if cfg.Registry == nil {
		cfg.Registry = prometheus.NewRegistry()
	}
	return &Consumer{cfg: cfg, log: cfg.Logger.With("pizzeria", cfg.Pizzeria),
		metrics: newDownMetrics(cfg.Registry)}
}

// Run connects to NATS and applies the pizzeria's commands until ctx
// ends. While the server or the consumer cannot be reached it keeps
// trying: commands wait in JetStream meanwhile. It returns an error only
// for a configuration NATS refuses.
func (c *Consumer) Run(ctx context.Context) error {
	nc, err := c.connect()
	if err != nil {
		return err
	}
	defer nc.Close()
	js, err := jetstream.New(nc)
	if err != nil {
		return fmt.Errorf("down consumer: %w", err)
	}

	failures := 0
	for ctx.Err() == nil {
		// Nothing to try while the link is down: it comes back by itself.
		if !nc.IsConnected() {
			sleepFor(ctx, 250*time.Millisecond)
			continue
		}
		err := c.consume(ctx, js)
		if ctx.Err() != nil {
			break
		}
		failures++
		if failures == 1 || failures%20 == 0 {
			c.log.Warn("down consumer: trying again", "error", err, "failures", failures)
		}
		sleepFor(ctx, backoff(failures))
		if err == nil {
			failures = 0
		}
	}
	_ = nc.Drain()
	return nil
}

// connect returns the consumer's own connection to the NATS server, which
// reconnects by itself.
func (c *Consumer) connect() (*nats.Conn, error) {
	opts := []nats.Option{
		nats.Name("ocpizza-edge " + c.cfg.Pizzeria + " down"),
		nats.CustomInboxPrefix(syncproto.InboxPrefix(c.cfg.Pizzeria)),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.IgnoreAuthErrorAbort(),
		nats.CustomReconnectDelay(backoff),
		nats.PingInterval(10 * time.Second),
		nats.ReconnectBufSize(-1),
	}
	if c.cfg.CredsFile != "" {
		auth, err := syncproto.Credentials(c.cfg.CredsFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, auth)
	}
	nc, err := nats.Connect(c.cfg.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("nats connect: %w", err)
	}
	return nc, nil
}

// consume finds the pizzeria's consumer and applies what it delivers,
// until ctx ends or a pull fails.
func (c *Consumer) consume(ctx context.Context, js jetstream.JetStream) error {
	findCtx, cancel := context.WithTimeout(ctx, 5*time.Second)
	cons, err := js.Consumer(findCtx, syncproto.DownStream, syncproto.DownConsumer(c.cfg.Pizzeria))
	cancel()
	if err != nil {
		return fmt.Errorf("find consumer: %w", err)
	}
	c.log.Info("down consumer ready", "consumer", syncproto.DownConsumer(c.cfg.Pizzeria))

	for ctx.Err() == nil {
		fetchCtx, cancel := context.WithTimeout(ctx, c.cfg.FetchWait)
		batch, err := cons.Fetch(1, jetstream.FetchContext(fetchCtx))
		if err != nil {
			cancel()
			return fmt.Errorf("fetch: %w", err)
		}
		for msg := range batch.Messages() {
			c.handle(ctx, msg)
		}
		err = batch.Error()
		cancel()
		if err != nil && !errors.Is(err, nats.ErrTimeout) && !errors.Is(err, context.DeadlineExceeded) &&
			ctx.Err() == nil {
			return fmt.Errorf("fetch: %w", err)
		}
	}
	return nil
}

// handle applies one delivered command and acks it after the commit. A
// command that cannot be read cannot be answered: it is logged and
// terminated, so that it does not block those behind it. A database
// failure hands the command back to be delivered again later.
func (c *Consumer) handle(ctx context.Context, msg jetstream.Msg) {
	cmd, err := syncproto.DecodeCommand(msg.Data(), c.cfg.Pizzeria)
	if err != nil {
		c.metrics.commands.WithLabelValues("unreadable").Inc()
		c.log.Error("command unreadable: dropped", "subject", msg.Subject(),
			"code", syncproto.ErrorCode(err), "error", err)
		_ = msg.TermWithReason(syncproto.ErrorCode(err))
		return
	}

	answer, fresh, err := c.cfg.DB.ApplyCommand(ctx, cmd)
	if err != nil {
		c.metrics.commands.WithLabelValues("failed").Inc()
		c.log.Error("apply command", "position", cmd.Position, "type", cmd.Type, "error", err)
		_ = msg.NakWithDelay(time.Second)
		return
	}
	c.ack(ctx, msg, cmd.Position)

	result := "accepted"
	if answer.Code != "" {
		result = "refused"
	}
	if !fresh {
		result = "duplicate"
	}
	c.metrics.commands.WithLabelValues(result).Inc()
	c.log.Info("command "+result, "position", cmd.Position, "type", cmd.Type, "command_id", cmd.ID,
		"code", answer.Code)
}

// sleepFor waits for d or until ctx ends.
func sleepFor(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}

// downMetrics are the consumer's Prometheus series.
type downMetrics struct {
	commands *prometheus.CounterVec
}

func newDownMetrics(reg *prometheus.Registry) *downMetrics {
	m := &downMetrics{commands: prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ocpizza_edge_sync_commands_total",
		Help: "Commands from central by result: accepted, refused, duplicate (applied before), " +
			"unreadable (dropped) or failed (delivered again).",
	}, []string{"result"})}
	reg.MustRegister(m.commands)
	return m
}

// ackRetryFor is how long an ack is tried again while the link is down:
// the consumer's ack wait, after which the command is delivered again
// anyway (and found in the inbox).
const ackRetryFor = 30 * time.Second

// ackTimeout is how long one ack waits for the server's confirmation.
const ackTimeout = 2 * time.Second

// ack acks a command after its commit and waits for the server to confirm
// it. The consumer holds one command at a time, so a lost ack would hold
// every command behind it until the ack wait: an ack sent as the server
// stops, or while the link is down, is tried again until the server
// confirms it, the ack wait has passed, or ctx ends.
func (c *Consumer) ack(ctx context.Context, msg jetstream.Msg, position int64) {
	deadline := time.Now().Add(ackRetryFor)
	for try := 1; ; try++ {
		ackCtx, cancel := context.WithTimeout(ctx, ackTimeout)
		err := msg.DoubleAck(ackCtx)
		cancel()
		switch {
		case err == nil:
			return
		case ctx.Err() != nil || time.Now().After(deadline):
			c.log.Warn("ack command: it will be delivered again", "position", position, "error", err)
			return
		case try == 1:
			c.log.Warn("ack command: trying again", "position", position, "error", err)
		}
		sleepFor(ctx, 200*time.Millisecond)
	}
}
