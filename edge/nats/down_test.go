package nats_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go/jetstream"

	edgenats "github.com/ocpizza/ocpizza/edge/nats"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// downCentral stands for central on the down path: it creates the down
// stream and the pizzeria's consumer, and publishes commands.
type downCentral struct {
	tb testing.TB
	js jetstream.JetStream
}

func newDownCentral(tb testing.TB, url string) *downCentral {
	tb.Helper()
	js, err := jetstream.New(connect(tb, url))
	if err != nil {
		tb.Fatal(err)
	}
	return &downCentral{tb: tb, js: js}
}

// setup creates the stream and the consumer, as central does.
func (c *downCentral) setup() {
	c.tb.Helper()
	ctx := context.Background()
	if _, err := c.js.CreateOrUpdateStream(ctx, syncproto.DownStreamConfig()); err != nil {
		c.tb.Fatalf("create down stream: %v", err)
	}
	_, err := c.js.CreateOrUpdateConsumer(ctx, syncproto.DownStream, syncproto.DownConsumerConfig(testPizzeria))
	if err != nil {
		c.tb.Fatalf("create down consumer: %v", err)
	}
}

// publish sends data on the pizzeria's down subject, with msgID when set.
func (c *downCentral) publish(data []byte, msgID string) {
	c.tb.Helper()
	var opts []jetstream.PublishOpt
	if msgID != "" {
		opts = append(opts, jetstream.WithMsgID(msgID))
	}
	if _, err := c.js.Publish(context.Background(), syncproto.DownSubject(testPizzeria), data, opts...); err != nil {
		c.tb.Fatalf("publish command: %v", err)
	}
}

// send publishes a catalog version as the command at position.
func (c *downCentral) send(position, version int64, priceCents int64) *syncproto.Command {
	c.tb.Helper()
	cat := syncproto.DemoCatalog()
	cat.Version = version
	cat.Products[0].PriceCents = priceCents
	cmd, err := syncproto.NewCommand(uuid.Must(uuid.NewV7()).String(), testPizzeria, position,
		syncproto.CommandCatalogVersion, time.Now(), cat)
	if err != nil {
		c.tb.Fatal(err)
	}
	data, err := syncproto.Encode(cmd)
	if err != nil {
		c.tb.Fatal(err)
	}
	c.publish(data, cmd.MsgID())
	return cmd
}

// consumerInfo returns the state of the pizzeria's consumer.
func (c *downCentral) consumerInfo() *jetstream.ConsumerInfo {
	c.tb.Helper()
	cons, err := c.js.Consumer(context.Background(), syncproto.DownStream, syncproto.DownConsumer(testPizzeria))
	if err != nil {
		c.tb.Fatal(err)
	}
	info, err := cons.Info(context.Background())
	if err != nil {
		c.tb.Fatal(err)
	}
	return info
}

// startConsumer runs a consumer of db's commands until the test ends.
func startConsumer(tb testing.TB, db edgenats.Inbox, url string) {
	tb.Helper()
	c := edgenats.NewConsumer(edgenats.ConsumerConfig{
		URL: url, Pizzeria: testPizzeria, DB: db, Logger: testLogger(tb),
		FetchWait: 200 * time.Millisecond,
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := c.Run(ctx); err != nil {
			tb.Errorf("consumer: %v", err)
		}
	}()
	tb.Cleanup(func() {
		cancel()
		<-done
	})
}

// commandAnswers returns the answers in the outbox, accepted and refused.
func commandAnswers(tb testing.TB, db *sqlite.DB) (accepted, refused []syncproto.CommandAnswer) {
	tb.Helper()
	for _, e := range outbox(tb, db) {
		var a syncproto.CommandAnswer
		switch e.Type {
		case syncproto.EventCommandAccepted:
			if err := json.Unmarshal(e.Payload, &a); err != nil {
				tb.Fatal(err)
			}
			accepted = append(accepted, a)
		case syncproto.EventCommandRefused:
			if err := json.Unmarshal(e.Payload, &a); err != nil {
				tb.Fatal(err)
			}
			refused = append(refused, a)
		}
	}
	return accepted, refused
}

func priceOf(tb testing.TB, db *sqlite.DB, id string) int64 {
	tb.Helper()
	p, err := db.FindProductByID(context.Background(), id)
	if err != nil {
		tb.Fatal(err)
	}
	return p.PriceCents
}

// TestConsumerAppliesWaitingCommands publishes commands while the pizzeria
// is away, then starts it: they apply in order, each once, and are acked.
func TestConsumerAppliesWaitingCommands(t *testing.T) {
	srv := natstest.New(t)
	central := newDownCentral(t, srv.URL())
	central.setup()
	db := openDB(t)

	central.send(1, 2, 1000)
	central.send(2, 3, 1100)
	stale := central.send(3, 2, 9999) // an older version: refused

	startConsumer(t, db, srv.URL())
	waitFor(t, "three answers", func() bool {
		accepted, refused := commandAnswers(t, db)
		return len(accepted)+len(refused) == 3
	})

	accepted, refused := commandAnswers(t, db)
	if len(accepted) != 2 || accepted[0].Position != 1 || accepted[1].Position != 2 {
		t.Errorf("accepted %+v", accepted)
	}
	if len(refused) != 1 || refused[0].CommandID != stale.ID || refused[0].Code != syncproto.CodeOutdated {
		t.Errorf("refused %+v", refused)
	}
	if got := priceOf(t, db, syncproto.DemoCatalog().Products[0].ID); got != 1100 {
		t.Errorf("price %d, want the one of version 3", got)
	}
	waitFor(t, "every command acked", func() bool {
		info := central.consumerInfo()
		return info.NumAckPending == 0 && info.NumPending == 0 && info.AckFloor.Stream == 3
	})
}

// TestConsumerWaitsForItsConsumer starts the pizzeria before central has
// made its consumer: it keeps trying, and takes the commands once it can.
func TestConsumerWaitsForItsConsumer(t *testing.T) {
	srv := natstest.New(t)
	db := openDB(t)
	startConsumer(t, db, srv.URL())

	central := newDownCentral(t, srv.URL())
	central.setup()
	central.send(1, 2, 1000)
	waitFor(t, "the command applied", func() bool {
		accepted, _ := commandAnswers(t, db)
		return len(accepted) == 1
	})
}

// TestConsumerRedelivery sends the same command twice under different
// message ids, as a republish after JetStream's duplicate window does,
// and an unreadable message between: the command applies once, the
// unreadable one is dropped, and what follows still applies.
func TestConsumerRedelivery(t *testing.T) {
	srv := natstest.New(t)
	central := newDownCentral(t, srv.URL())
	central.setup()
	db := openDB(t)

	cmd := central.send(1, 2, 1000)
	data, _ := syncproto.Encode(cmd)
	central.publish(data, "")
	central.publish([]byte(`{"not":"a command"}`), "")
	central.send(2, 3, 1200)

	counting := &countingInbox{Inbox: db}
	startConsumer(t, counting, srv.URL())
	waitFor(t, "every message acked or dropped", func() bool {
		info := central.consumerInfo()
		return info.NumAckPending == 0 && info.NumPending == 0 && info.AckFloor.Stream == 4
	})

	accepted, refused := commandAnswers(t, db)
	if len(accepted) != 2 || len(refused) != 0 {
		t.Errorf("answers: accepted %+v, refused %+v", accepted, refused)
	}
	if got := counting.calls(); got != "1:new 1:dup 2:new" {
		t.Errorf("apply calls (position fresh) %q, want the duplicate seen and not applied", got)
	}
	if got := priceOf(t, db, syncproto.DemoCatalog().Products[0].ID); got != 1200 {
		t.Errorf("price %d", got)
	}
}

// TestConsumerAfterNATSRestart stops the server with commands waiting and
// starts it again: the consumer comes back and applies them.
func TestConsumerAfterNATSRestart(t *testing.T) {
	srv := natstest.New(t)
	central := newDownCentral(t, srv.URL())
	central.setup()
	db := openDB(t)
	startConsumer(t, db, srv.URL())
	central.send(1, 2, 1000)
	waitFor(t, "first command", func() bool {
		accepted, _ := commandAnswers(t, db)
		return len(accepted) == 1
	})

	srv.Stop()
	srv.Start()
	central.send(2, 3, 1300)
	waitFor(t, "second command after the restart", func() bool {
		accepted, _ := commandAnswers(t, db)
		return len(accepted) == 2
	})
}

// countingInbox records each call to ApplyCommand: the position, and
// whether the command was new or found applied before.
type countingInbox struct {
	edgenats.Inbox
	mu  sync.Mutex
	log []string
}

func (c *countingInbox) ApplyCommand(ctx context.Context, cmd *syncproto.Command) (
	*syncproto.CommandAnswer, bool, error) {
	a, fresh, err := c.Inbox.ApplyCommand(ctx, cmd)
	c.mu.Lock()
	defer c.mu.Unlock()
	kind := "dup"
	if fresh {
		kind = "new"
	}
	c.log = append(c.log, fmt.Sprintf("%d:%s", cmd.Position, kind))
	return a, fresh, err
}

func (c *countingInbox) calls() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return strings.Join(c.log, " ")
}
