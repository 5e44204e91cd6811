package nats_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestDownPublisherResendsLostCommands loses paris-11's commands from the
// stream after JetStream acked them: the unanswered ones are published
// again, an answered one is not, and lyon-2's command, still waiting in
// its consumer, is left alone.
func TestDownPublisherResendsLostCommands(t *testing.T) {
	srv := natstest.New(t)
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11", "lyon-2")
	addStaff(t, db, "paris-11", 0, 2)
	addStaff(t, db, "lyon-2", 0, 1)
	conn := connect(t, srv.URL())
	js, err := jetstream.New(conn.Conn)
	if err != nil {
		t.Fatal(err)
	}
	startDown(t, conn, db, 50*time.Millisecond, func(d *centralnats.DownPublisher) {
		d.ResendAfter = 300 * time.Millisecond
	})
	checkFor(t, 10*time.Second, func() error {
		if n := count(t, db, `SELECT count(*) FROM commands WHERE published_at IS NULL`); n != 0 {
			return fmt.Errorf("%d commands unpublished", n)
		}
		return nil
	})
	if p, l := pending(t, js, "paris-11"), pending(t, js, "lyon-2"); p != 2 || l != 1 {
		t.Fatalf("pending: paris-11 %d, lyon-2 %d", p, l)
	}
	stream, err := js.Stream(context.Background(), syncproto.DownStream)
	if err != nil {
		t.Fatal(err)
	}

	// Lost: both sent again, in a stream that then holds lyon-2's one too.
	purge(t, stream, "paris-11")
	checkFor(t, 10*time.Second, func() error {
		if p := pending(t, js, "paris-11"); p != 2 {
			return fmt.Errorf("paris-11 pending %d", p)
		}
		return nil
	})
	if n := streamMessages(t, stream); n != 3 {
		t.Errorf("%d messages in the stream, want 3: lyon-2's waiting one was sent again", n)
	}

	// Answered, the first is not sent again when lost again.
	if _, err := db.Pool.Exec(context.Background(), `
		UPDATE commands SET answer = 'accepted', answered_at = now()
		WHERE pizzeria_id = 'paris-11' AND position = 1`); err != nil {
		t.Fatal(err)
	}
	purge(t, stream, "paris-11")
	checkFor(t, 10*time.Second, func() error {
		if p := pending(t, js, "paris-11"); p != 1 {
			return fmt.Errorf("paris-11 pending %d", p)
		}
		return nil
	})
	cons, err := js.Consumer(context.Background(), syncproto.DownStream, syncproto.DownConsumer("paris-11"))
	if err != nil {
		t.Fatal(err)
	}
	msg, err := cons.Next(jetstream.FetchMaxWait(5 * time.Second))
	if err != nil {
		t.Fatal(err)
	}
	if c, err := syncproto.DecodeCommand(msg.Data(), "paris-11"); err != nil || c.Position != 2 {
		t.Fatalf("resent command: %v, %+v", err, c)
	}
}

// purge removes a pizzeria's commands from the down stream, as a lost
// store would.
func purge(t *testing.T, stream jetstream.Stream, pizzeria string) {
	t.Helper()
	err := stream.Purge(context.Background(), jetstream.WithPurgeSubject(syncproto.DownSubject(pizzeria)))
	if err != nil {
		t.Fatal(err)
	}
}

// streamMessages returns how many messages the stream holds.
func streamMessages(t *testing.T, stream jetstream.Stream) uint64 {
	t.Helper()
	info, err := stream.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return info.State.Msgs
}
