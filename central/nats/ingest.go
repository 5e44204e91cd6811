package nats

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// Ingest defaults.
const (
	DefaultBatchSize = 1000
	DefaultMaxWait   = 50 * time.Millisecond

	// summaryEvery is how often the ingest logs what it did at info.
	summaryEvery = 10 * time.Second
	// setupTimeout bounds one attempt to create the stream and consumer.
	setupTimeout = 5 * time.Second
	// linkPoll is how often the ingest looks whether a link that was
	// down is up again.
	linkPoll = 250 * time.Millisecond
)

// Ingest applies the events of every pizzeria from the up stream to
// central's database, through the durable pull consumer IngestConsumer.
// Each batch is one ApplyBatch call; its messages are acknowledged only
// after it has committed, so that a batch lost to a crash is delivered
// again and found already applied.
type Ingest struct {
	// BatchSize bounds the messages of one batch; MaxWait is how long one
	// fetch waits for a first message when the stream is idle.
	BatchSize int
	MaxWait   time.Duration

	// Stream and Consumer are created or updated when Run starts, and
	// again after a failure (a NATS server restarted on an empty store
	// has neither). Tests shorten the consumer's AckWait.
	Stream   jetstream.StreamConfig
	Consumer jetstream.ConsumerConfig

	// Changed, when set, is called after each committed batch, for views
	// of the sync state to refresh. It must not block.
	Changed func()

	nc      *nats.Conn
	js      jetstream.JetStream
	svc     central.SyncService
	log     *slog.Logger
	metrics *ingestMetrics
	summary ingestSummary // owned by Run's goroutine
}

// NewIngest returns an ingest reading from nc and applying to svc, with
// its metrics registered in reg.
func NewIngest(nc *nats.Conn, svc central.SyncService, log *slog.Logger,
	reg prometheus.Registerer) (*Ingest, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("ingest: %w", err)
	}
	return &Ingest{
		BatchSize: DefaultBatchSize,
		MaxWait:   DefaultMaxWait,
		Stream:    syncproto.UpStreamConfig(),
		Consumer:  syncproto.IngestConsumerConfig(),
		nc:        nc,
		js:        js,
		svc:       svc,
		log:       log,
		metrics:   newIngestMetrics(reg),
		summary:   ingestSummary{since: time.Now()},
	}, nil
}

// Run consumes the up stream until ctx ends. One goroutine fetches the
// next batch while the current one is applied, so that the round trips to
// NATS overlap with PostgreSQL's work. A batch being applied when ctx ends
// is finished and acknowledged first; a batch fetched and not yet applied
// is handed back to the stream at once. Failures are logged, counted and
// retried with a growing delay. Run returns nil when stopped.
func (in *Ingest) Run(ctx context.Context) error {
	batches := make(chan []jetstream.Msg)
	fetchCtx, stopFetching := context.WithCancel(ctx)
	var fetching sync.WaitGroup
	fetching.Go(func() { in.fetchLoop(fetchCtx, batches) })
	defer fetching.Wait()
	defer stopFetching()

	tick := time.NewTicker(summaryEvery)
	defer tick.Stop()
	bo := backoff{min: 100 * time.Millisecond, max: 10 * time.Second}
	for {
		select {
		case <-ctx.Done():
			in.logSummary(true)
			return nil
		case <-tick.C:
			in.logSummary(false)
		case msgs := <-batches:
			if err := in.applyRound(ctx, msgs, bo.peek()); err != nil {
				in.fail("apply", err)
				in.summary.failed++
				bo.wait(ctx)
				continue
			}
			bo.reset()
		}
	}
}

// fetchLoop fetches batches and hands them to out until ctx ends. It
// creates the stream and the consumer first, and again after any failure
// to fetch (a NATS server restarted on an empty store has neither).
func (in *Ingest) fetchLoop(ctx context.Context, out chan<- []jetstream.Msg) {
	bo := backoff{min: 100 * time.Millisecond, max: 10 * time.Second}
	var cons jetstream.Consumer
	for ctx.Err() == nil {
		// While the link is down there is nothing to try: the
		// connection logs its changes and reconnects by itself.
		if !in.nc.IsConnected() {
			sleep(ctx, linkPoll)
			continue
		}

		// The stream and the consumer, at start and after any failure.
		if cons == nil {
			c, err := in.setup(ctx)
			if err != nil {
				in.fail("setup", err)
				bo.wait(ctx)
				continue
			}
			cons = c
			in.log.Info("ingest consuming", "stream", in.Stream.Name, "consumer", in.Consumer.Durable)
		}

		// A batch, handed over, or back to the stream if the ingest stops.
		msgs, err := in.fetch(cons)
		if err != nil {
			in.fail("fetch", err)
			cons = nil
			bo.wait(ctx)
			continue
		}
		bo.reset()
		if len(msgs) == 0 {
			continue
		}
		select {
		case out <- msgs:
		case <-ctx.Done():
			nak(msgs, 0)
		}
	}
}

// setup creates or updates the stream and the durable consumer. It uses
// one filter subject only, which NATS 2.9 servers understand.
func (in *Ingest) setup(ctx context.Context) (jetstream.Consumer, error) {
	ctx, cancel := context.WithTimeout(ctx, setupTimeout)
	defer cancel()
	if _, err := in.js.CreateOrUpdateStream(ctx, in.Stream); err != nil {
		return nil, fmt.Errorf("stream %s: %w", in.Stream.Name, err)
	}
	cons, err := in.js.CreateOrUpdateConsumer(ctx, in.Stream.Name, in.Consumer)
	if err != nil {
		return nil, fmt.Errorf("consumer %s: %w", in.Consumer.Durable, err)
	}
	return cons, nil
}

// fetch waits up to MaxWait for a first message, then takes what else is
// already waiting, up to BatchSize. Waiting for one message and not for a
// full batch keeps the lag low when events come one by one; taking the
// rest without waiting keeps the batches large during a catch-up.
func (in *Ingest) fetch(cons jetstream.Consumer) ([]jetstream.Msg, error) {
	first, err := cons.Fetch(1, jetstream.FetchMaxWait(in.MaxWait))
	if err != nil {
		return nil, err
	}
	msgs, err := collect(first, nil)
	if err != nil || len(msgs) == 0 || in.BatchSize == 1 {
		return msgs, err
	}
	// The messages received are held by this consumer: a failure to take
	// more does not keep them from being applied.
	rest, err := cons.FetchNoWait(in.BatchSize - 1)
	if err == nil {
		msgs, err = collect(rest, msgs)
	}
	if err != nil {
		in.log.Debug("ingest fetch of the rest of a batch", "error", err)
	}
	return msgs, nil
}

// collect appends the messages of a fetch to msgs.
func collect(batch jetstream.MessageBatch, msgs []jetstream.Msg) ([]jetstream.Msg, error) {
	for m := range batch.Messages() {
		msgs = append(msgs, m)
	}
	if err := batch.Error(); err != nil && !errors.Is(err, nats.ErrTimeout) {
		return msgs, err
	}
	return msgs, nil
}

// fail counts and logs a failure of one stage of the ingest. It is safe
// for both of the ingest's goroutines.
func (in *Ingest) fail(stage string, err error) {
	in.metrics.errors.WithLabelValues(stage).Inc()
	in.log.Error("ingest "+stage, "error", err)
}

// backoff is a delay that doubles after each failure, up to max.
type backoff struct {
	min, max, cur time.Duration
}

// peek returns the delay that wait would sleep now.
func (b *backoff) peek() time.Duration { return max(b.cur, b.min) }

// wait sleeps for the current delay, or until ctx ends, and doubles the
// next one.
func (b *backoff) wait(ctx context.Context) {
	d := b.peek()
	b.cur = min(2*d, b.max)
	sleep(ctx, d)
}

func (b *backoff) reset() { b.cur = 0 }

// sleep waits for d or until ctx ends.
func sleep(ctx context.Context, d time.Duration) {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
	case <-t.C:
	}
}
