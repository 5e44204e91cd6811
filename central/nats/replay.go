package nats

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/syncproto"
)

// ErrIngestRunning is ReplayUp's refusal while a central still pulls from
// the up stream.
var ErrIngestRunning = errors.New("an ocpizza-central is still pulling from the up stream: stop it first")

// Replay is what ReplayUp did.
type Replay struct {
	Deleted bool      // false when there was no ingest consumer to delete
	Events  uint64    // the messages the up stream holds, all applied again
	First   time.Time // the time of the oldest of them
}

// Watching for a running ingest: an idle one keeps a pull request
// waiting, each lasting its MaxWait (DefaultMaxWait); a busy one is
// delivered messages. A few looks over several of its fetches see either.
const (
	inUseLooks    = 10
	inUseInterval = 50 * time.Millisecond
)

// DialOnce connects to NATS once, without the background retries of
// Connect: for a command that does one thing and exits.
func DialOnce(url, credsFile, name string) (*nats.Conn, error) {
	opts := []nats.Option{nats.Name(name), nats.Timeout(5 * time.Second)}
	if credsFile != "" {
		auth, err := syncproto.Credentials(credsFile)
		if err != nil {
			return nil, err
		}
		opts = append(opts, auth)
	}
	nc, err := nats.Connect(url, opts...)
	if err != nil {
		return nil, fmt.Errorf("connect to nats %s: %w", url, err)
	}
	return nc, nil
}

// ReplayUp makes central apply again every event the up stream holds: it
// deletes central's durable consumer IngestConsumer, which the ingest
// makes again at its next start, delivering from the stream's first
// message. Run after central's database was restored from a backup, while
// central is stopped: its raw log keeps one copy of each event and counts
// the rest as duplicates, and the events that came after the backup fill
// the gap that would otherwise hold each pizzeria's sync.
//
// A missing consumer is not an error: there is nothing to delete. A
// consumer some central still pulls from is refused with
// ErrIngestRunning.
func ReplayUp(ctx context.Context, nc *nats.Conn) (*Replay, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, fmt.Errorf("replay: %w", err)
	}
	stream, err := js.Stream(ctx, syncproto.UpStream)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", syncproto.UpStream, err)
	}

	// The consumer: absent is fine, in use is refused.
	r := &Replay{}
	cons, err := stream.Consumer(ctx, syncproto.IngestConsumer)
	switch {
	case errors.Is(err, jetstream.ErrConsumerNotFound):
	case err != nil:
		return nil, fmt.Errorf("consumer %s: %w", syncproto.IngestConsumer, err)
	default:
		if err := checkIdle(ctx, cons); err != nil {
			return nil, err
		}
		if err := stream.DeleteConsumer(ctx, syncproto.IngestConsumer); err != nil {
			return nil, fmt.Errorf("delete consumer %s: %w", syncproto.IngestConsumer, err)
		}
		r.Deleted = true
	}

	// What the next start of central applies again.
	info, err := stream.Info(ctx)
	if err != nil {
		return nil, fmt.Errorf("stream %s: %w", syncproto.UpStream, err)
	}
	r.Events, r.First = info.State.Msgs, info.State.FirstTime.UTC()
	return r, nil
}

// checkIdle looks at the consumer a few times, and refuses when a pull
// request is waiting on it at any of them, or when it delivered messages
// in the meantime.
func checkIdle(ctx context.Context, cons jetstream.Consumer) error {
	var first uint64
	for i := range inUseLooks {
		info, err := cons.Info(ctx)
		if err != nil {
			return fmt.Errorf("consumer %s: %w", syncproto.IngestConsumer, err)
		}
		if i == 0 {
			first = info.Delivered.Consumer
		}
		if info.NumWaiting > 0 || info.Delivered.Consumer != first {
			return ErrIngestRunning
		}
		if i == inUseLooks-1 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(inUseInterval):
		}
	}
	return nil
}
