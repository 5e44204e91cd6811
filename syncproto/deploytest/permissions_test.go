package deploytest_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/syncproto"
)

// createStreams creates the up and down streams as central does, and a
// down consumer for each example pizzeria.
func createStreams(tb testing.TB, c *client) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if _, err := c.js.CreateStream(ctx, syncproto.UpStreamConfig()); err != nil {
		tb.Fatalf("create up stream as central: %v", err)
	}
	if _, err := c.js.CreateStream(ctx, syncproto.DownStreamConfig()); err != nil {
		tb.Fatalf("create down stream as central: %v", err)
	}
	for _, id := range []string{paris, lyon} {
		_, err := c.js.CreateOrUpdateConsumer(ctx, syncproto.DownStream, jetstream.ConsumerConfig{
			Durable:       "edge-" + id,
			AckPolicy:     jetstream.AckExplicitPolicy,
			FilterSubject: syncproto.DownSubject(id),
		})
		if err != nil {
			tb.Fatalf("create down consumer of %s as central: %v", id, err)
		}
	}
}

// subjectMsgs counts the messages of stream on subject.
func subjectMsgs(tb testing.TB, c *client, stream, subject string) uint64 {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	s, err := c.js.Stream(ctx, stream)
	if err != nil {
		tb.Fatalf("stream %s: %v", stream, err)
	}
	info, err := s.Info(ctx, jetstream.WithSubjectFilter(subject))
	if err != nil {
		tb.Fatalf("stream %s: %v", stream, err)
	}
	return info.State.Subjects[subject]
}

// TestPizzeriaPublishesItsEvents checks that a pizzeria's events reach the
// up stream, published as the edge does: asynchronously, with the
// message id of each event, the acks arriving in its own inbox.
func TestPizzeriaPublishesItsEvents(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		createStreams(t, c)
		a := ts.connectAs(t, paris)

		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		for seq := int64(1); seq <= 3; seq++ {
			e := syncproto.Event{Pizzeria: paris, Epoch: "e1", Seq: seq}
			f, err := a.js.PublishAsync(syncproto.UpSubject(paris), []byte(`{}`),
				jetstream.WithMsgID(e.MsgID()))
			if err != nil {
				t.Fatalf("publish: %v", err)
			}
			select {
			case ack := <-f.Ok():
				if ack.Stream != syncproto.UpStream || ack.Sequence != uint64(seq) {
					t.Fatalf("ack %+v, want %s sequence %d", ack, syncproto.UpStream, seq)
				}
			case err := <-f.Err():
				t.Fatalf("publish %d: %v", seq, err)
			case <-ctx.Done():
				t.Fatal("no publish ack")
			}
		}
		if n := subjectMsgs(t, c, syncproto.UpStream, syncproto.UpSubject(paris)); n != 3 {
			t.Fatalf("%d events of %s in the stream, want 3", n, paris)
		}
		a.noViolation(t)
	})
}

// TestPizzeriaCannotPublishElsewhere checks that a pizzeria may publish on
// nothing but its own subjects: not as another pizzeria, not as central,
// and not to the JetStream API beyond its own consumer.
func TestPizzeriaCannotPublishElsewhere(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		createStreams(t, c)
		a := ts.connectAs(t, paris)

		refused := []string{
			// Another pizzeria's subjects.
			syncproto.UpSubject(lyon),
			syncproto.HelloSubject(lyon),
			syncproto.BeatSubject(lyon),
			// Below its own subject, outside the stream.
			syncproto.UpSubject(paris) + ".x",
			// Commands, its own included: only central sends them.
			syncproto.DownSubject(lyon),
			syncproto.DownSubject(paris),
			// Managing streams and consumers.
			"$JS.API.INFO",
			"$JS.API.STREAM.CREATE.EVIL",
			"$JS.API.STREAM.UPDATE." + syncproto.UpStream,
			"$JS.API.STREAM.DELETE." + syncproto.UpStream,
			"$JS.API.STREAM.PURGE." + syncproto.UpStream,
			"$JS.API.STREAM.MSG.DELETE." + syncproto.UpStream,
			"$JS.API.STREAM.MSG.GET." + syncproto.DownStream,
			"$JS.API.DIRECT.GET." + syncproto.DownStream,
			"$JS.API.CONSUMER.CREATE." + syncproto.DownStream,
			"$JS.API.CONSUMER.DURABLE.CREATE." + syncproto.DownStream + ".edge-" + paris,
			"$JS.API.CONSUMER.DELETE." + syncproto.DownStream + ".edge-" + paris,
			// Another pizzeria's consumer.
			"$JS.API.CONSUMER.INFO." + syncproto.DownStream + ".edge-" + lyon,
			"$JS.API.CONSUMER.MSG.NEXT." + syncproto.DownStream + ".edge-" + lyon,
			"$JS.ACK." + syncproto.DownStream + ".edge-" + lyon + ".1.1.1.1.0",
			// Central's inbox.
			"_INBOX.x",
		}
		for _, subject := range refused {
			t.Run(subject, func(t *testing.T) {
				if err := a.nc.Publish(subject, []byte(`{}`)); err != nil {
					t.Fatal(err)
				}
				a.waitViolation(t, "Publish", subject)
			})
		}

		// The refused publishes left nothing in the streams, which still exist.
		for _, subject := range []string{syncproto.UpSubject(lyon), syncproto.UpSubject(paris) + ".x"} {
			if n := subjectMsgs(t, c, syncproto.UpStream, subject); n != 0 {
				t.Errorf("%d messages on %s in the up stream, want none", n, subject)
			}
		}
		for _, id := range []string{lyon, paris} {
			if n := subjectMsgs(t, c, syncproto.DownStream, syncproto.DownSubject(id)); n != 0 {
				t.Errorf("%d commands for %s in the down stream, want none", n, id)
			}
		}
	})
}

// TestPizzeriaCannotUseJetStreamAPI checks, through the JetStream client
// this time, that a pizzeria can neither create nor delete a stream, nor
// create a consumer to read another pizzeria's commands.
func TestPizzeriaCannotUseJetStreamAPI(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		createStreams(t, c)
		a := ts.connectAs(t, paris)

		// Each attempt is refused by the server, and the client, getting no
		// answer, gives up at its timeout.
		attempts := []struct {
			name    string
			subject string // the refused one, or its beginning
			attempt func(ctx context.Context) error
		}{
			{"create stream", "$JS.API.STREAM.CREATE.EVIL", func(ctx context.Context) error {
				_, err := a.js.CreateStream(ctx, jetstream.StreamConfig{Name: "EVIL", Subjects: []string{"evil"}})
				return err
			}},
			{"delete stream", "$JS.API.STREAM.DELETE." + syncproto.UpStream, func(ctx context.Context) error {
				return a.js.DeleteStream(ctx, syncproto.UpStream)
			}},
			{"read another pizzeria's commands", "$JS.API.CONSUMER.CREATE." + syncproto.DownStream + ".",
				func(ctx context.Context) error {
					_, err := a.js.CreateConsumer(ctx, syncproto.DownStream, jetstream.ConsumerConfig{
						FilterSubject: syncproto.DownSubject(lyon),
					})
					return err
				}},
		}
		for _, tt := range attempts {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
				defer cancel()
				if err := tt.attempt(ctx); err == nil {
					t.Fatal("allowed")
				}
				a.waitViolation(t, "Publish", tt.subject)
			})
		}
		t.Cleanup(func() {
			// Central still finds both streams, and no other.
			ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
			defer cancel()
			for _, name := range []string{syncproto.UpStream, syncproto.DownStream} {
				if _, err := c.js.Stream(ctx, name); err != nil {
					t.Errorf("stream %s: %v", name, err)
				}
			}
			if _, err := c.js.Stream(ctx, "EVIL"); !errors.Is(err, jetstream.ErrStreamNotFound) {
				t.Errorf("stream EVIL: %v, want not found", err)
			}
		})
	})
}

// TestPizzeriaReadsOnlyItsCommands checks that a pizzeria pulls and acks
// its own commands from its durable consumer, as the edge will, and can
// neither pull another pizzeria's nor subscribe to their subjects.
func TestPizzeriaReadsOnlyItsCommands(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		createStreams(t, c)
		a := ts.connectAs(t, paris)

		// Central sends a command to each pizzeria.
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		for _, id := range []string{paris, lyon} {
			if _, err := c.js.Publish(ctx, syncproto.DownSubject(id), []byte(`"for `+id+`"`)); err != nil {
				t.Fatalf("send command to %s: %v", id, err)
			}
		}

		// paris-11 pulls its command and acks it.
		cons, err := a.js.Consumer(ctx, syncproto.DownStream, "edge-"+paris)
		if err != nil {
			t.Fatalf("find own consumer: %v", err)
		}
		batch, err := cons.Fetch(1, jetstream.FetchMaxWait(waitTimeout))
		if err != nil {
			t.Fatalf("fetch: %v", err)
		}
		var got []string
		for msg := range batch.Messages() {
			got = append(got, string(msg.Data()))
			if err := msg.DoubleAck(ctx); err != nil {
				t.Fatalf("ack: %v", err)
			}
		}
		if batch.Error() != nil || len(got) != 1 || got[0] != `"for paris-11"` {
			t.Fatalf("fetched %q (%v), want the command for paris-11", got, batch.Error())
		}
		info, err := cons.Info(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if info.AckFloor.Stream != 1 || info.NumAckPending != 0 {
			t.Fatalf("ack floor %d, %d pending: the ack was lost", info.AckFloor.Stream, info.NumAckPending)
		}
		a.noViolation(t)

		// paris-11 cannot pull lyon-2's command, which stays waiting.
		next := "$JS.API.CONSUMER.MSG.NEXT." + syncproto.DownStream + ".edge-" + lyon
		if err := a.nc.PublishRequest(next, a.nc.NewInbox(), []byte(`{"batch":1}`)); err != nil {
			t.Fatal(err)
		}
		a.waitViolation(t, "Publish", next)
		lyonCons, err := c.js.Consumer(ctx, syncproto.DownStream, "edge-"+lyon)
		if err != nil {
			t.Fatal(err)
		}
		if info, err := lyonCons.Info(ctx); err != nil || info.NumPending != 1 || info.Delivered.Stream != 0 {
			t.Fatalf("lyon-2's consumer %+v (%v): want its command undelivered", info, err)
		}
	})
}

// TestPizzeriaCannotSubscribeElsewhere checks that a pizzeria may
// subscribe to its own inbox only: not to commands, events, handshakes or
// heartbeats of others, nor to other inboxes.
func TestPizzeriaCannotSubscribeElsewhere(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		a := ts.connectAs(t, paris)

		refused := []string{
			syncproto.DownSubject(lyon),
			syncproto.DownSubject(paris), // commands come through its consumer only
			syncproto.DownSubjects,
			syncproto.UpSubject(lyon),
			syncproto.UpSubjects,
			syncproto.HelloSubjects,
			syncproto.HelloSubject(lyon),
			syncproto.BeatSubjects,
			syncproto.InboxPrefix(lyon) + ".>",
			"_INBOX.>",
			"$JS.>",
			">",
		}
		for _, subject := range refused {
			t.Run(subject, func(t *testing.T) {
				if _, err := a.nc.SubscribeSync(subject); err != nil {
					t.Fatal(err)
				}
				a.waitViolation(t, "Subscription", subject)
			})
		}

		// Its own inbox is allowed.
		b := ts.connectAs(t, paris)
		if _, err := b.nc.SubscribeSync(syncproto.InboxPrefix(paris) + ".x"); err != nil {
			t.Fatal(err)
		}
		b.noViolation(t)
	})
}

// TestForgedEventRefusedByCentral checks the other half of the defence:
// NATS does not read payloads, so an event naming lyon-2 published on
// paris-11's subject reaches the up stream, and central, consuming it with
// its durable consumer, refuses it for its subject.
func TestForgedEventRefusedByCentral(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		createStreams(t, c)
		a := ts.connectAs(t, paris)
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()

		// paris-11 sends its own event and one naming lyon-2.
		for _, id := range []string{paris, lyon} {
			data, err := syncproto.Encode(syncproto.Event{
				ID: "ev-" + id, Pizzeria: id, Epoch: "e1", Seq: 1, Type: syncproto.EventStockMoved,
				SchemaVersion: 1, OccurredAt: time.Now(), Payload: []byte(`{}`),
			})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := a.js.Publish(ctx, syncproto.UpSubject(paris), data); err != nil {
				t.Fatalf("publish: %v", err)
			}
		}

		// Central pulls both with its consumer, refuses the forged one, and
		// acks both.
		cons, err := c.js.CreateOrUpdateConsumer(ctx, syncproto.UpStream, syncproto.IngestConsumerConfig())
		if err != nil {
			t.Fatalf("create ingest consumer: %v", err)
		}
		batch, err := cons.Fetch(2, jetstream.FetchMaxWait(waitTimeout))
		if err != nil {
			t.Fatal(err)
		}
		var pizzerias, codes []string
		for msg := range batch.Messages() {
			id, err := syncproto.PizzeriaOfSubject(msg.Subject())
			if err != nil {
				t.Fatal(err)
			}
			code := "accepted"
			if _, err := syncproto.DecodeEvent(msg.Data(), id); err != nil {
				code = syncproto.ErrorCode(err)
			}
			pizzerias, codes = append(pizzerias, id), append(codes, code)
			if err := msg.DoubleAck(ctx); err != nil {
				t.Fatalf("ack: %v", err)
			}
		}
		want := []string{"accepted", syncproto.CodePizzeriaMismatch}
		if batch.Error() != nil || !slices.Equal(codes, want) {
			t.Fatalf("events of %v: %v (%v), want %v", pizzerias, codes, batch.Error(), want)
		}
		c.noViolation(t)
	})
}
