package nats_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

const staffHash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2V5a2U"

// startDown runs a down publisher that polls every poll, set up further
// by configure, until the test ends or stop is called.
func startDown(tb testing.TB, conn *centralnats.Conn, db *postgres.DB, poll time.Duration,
	configure ...func(*centralnats.DownPublisher)) (*centralnats.DownPublisher, func()) {
	tb.Helper()
	d, err := centralnats.NewDownPublisher(conn.Conn, db, testLogger(), prometheus.NewRegistry())
	if err != nil {
		tb.Fatal(err)
	}
	d.Poll = poll
	for _, c := range configure {
		c(d)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := d.Run(ctx); err != nil {
			tb.Errorf("down publisher: %v", err)
		}
	}()
	stop := func() {
		cancel()
		<-done
	}
	tb.Cleanup(stop)
	return d, stop
}

// addStaff adds n accounts of the pizzeria, one command each.
func addStaff(tb testing.TB, db *postgres.DB, pizzeria string, from, n int) {
	tb.Helper()
	for i := from; i < from+n; i++ {
		err := db.AddStaff(context.Background(), &central.User{Username: fmt.Sprintf("%s-%d", pizzeria, i),
			Role: central.RolePizzaiolo, PizzeriaID: pizzeria, PasswordHash: staffHash})
		if err != nil {
			tb.Fatal(err)
		}
	}
}

// downMessages returns the positions of the commands in the pizzeria's
// consumer, read without acking them.
func pending(tb testing.TB, js jetstream.JetStream, pizzeria string) uint64 {
	tb.Helper()
	cons, err := js.Consumer(context.Background(), syncproto.DownStream, syncproto.DownConsumer(pizzeria))
	if err != nil {
		tb.Fatalf("consumer of %s: %v", pizzeria, err)
	}
	info, err := cons.Info(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	return info.NumPending
}

// TestDownPublisher publishes the outbox to each pizzeria's consumer,
// marks it published, and after a restart publishes only what is new.
func TestDownPublisher(t *testing.T) {
	srv := natstest.New(t)
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11", "lyon-2")
	addStaff(t, db, "paris-11", 0, 3)
	addStaff(t, db, "lyon-2", 0, 2)

	conn := connect(t, srv.URL())
	js, err := jetstream.New(conn.Conn)
	if err != nil {
		t.Fatal(err)
	}
	_, stop := startDown(t, conn, db, 50*time.Millisecond)
	checkFor(t, 10*time.Second, func() error {
		if n := count(t, db, `SELECT count(*) FROM commands WHERE published_at IS NULL`); n != 0 {
			return fmt.Errorf("%d commands unpublished", n)
		}
		return nil
	})
	if p, l := pending(t, js, "paris-11"), pending(t, js, "lyon-2"); p != 3 || l != 2 {
		t.Errorf("pending: paris-11 %d, lyon-2 %d", p, l)
	}

	// Each message is its command, on its pizzeria's subject.
	cons, err := js.Consumer(context.Background(), syncproto.DownStream, syncproto.DownConsumer("paris-11"))
	if err != nil {
		t.Fatal(err)
	}
	batch, err := cons.Fetch(1, jetstream.FetchMaxWait(time.Second))
	if err != nil {
		t.Fatal(err)
	}
	for msg := range batch.Messages() {
		c, err := syncproto.DecodeCommand(msg.Data(), "paris-11")
		if err != nil || c.Position != 1 || msg.Headers().Get(jetstream.MsgIDHeader) != c.MsgID() {
			t.Errorf("first command: %v, %+v", err, c)
		}
	}

	// Restarted, the publisher sends only the new command; a command
	// notified is sent without waiting for the poll.
	stop()
	d, _ := startDown(t, conn, db, time.Hour)
	addStaff(t, db, "paris-11", 3, 1)
	d.Notify()
	checkFor(t, 10*time.Second, func() error {
		if n := pending(t, js, "paris-11"); n != 3 { // 4, less the one fetched above
			return fmt.Errorf("paris-11 pending %d", n)
		}
		return nil
	})
	stream, err := js.Stream(context.Background(), syncproto.DownStream)
	if err != nil {
		t.Fatal(err)
	}
	info, err := stream.Info(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if info.State.Msgs != 6 {
		t.Errorf("%d messages in the down stream, want 6", info.State.Msgs)
	}
}

// TestDownPublisherWaitsForNATS enqueues while NATS is down: the commands
// are published once it is up, into a stream and consumers made then.
func TestDownPublisherWaitsForNATS(t *testing.T) {
	srv := natstest.Unstarted(t)
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11")
	conn, err := centralnats.Connect(srv.URL(), "", testLogger())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(conn.Conn.Close)
	startDown(t, conn, db, 50*time.Millisecond)
	addStaff(t, db, "paris-11", 0, 2)

	srv.Start()
	checkFor(t, 15*time.Second, func() error {
		if n := count(t, db, `SELECT count(*) FROM commands WHERE published_at IS NOT NULL`); n != 2 {
			return fmt.Errorf("%d commands published", n)
		}
		return nil
	})
}
