package nats_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// testLogger logs to stderr when OCPIZZA_TEST_LOG is set, and nowhere
// otherwise.
func testLogger() *slog.Logger {
	if os.Getenv("OCPIZZA_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// checkFor polls check until it succeeds or timeout passes.
func checkFor(tb testing.TB, timeout time.Duration, check func() error) {
	tb.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			tb.Fatalf("still failing after %s: %v", timeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// connect opens central's connection to url, closed when the test ends.
func connect(tb testing.TB, url string) *centralnats.Conn {
	tb.Helper()
	conn, err := centralnats.Connect(url, "", testLogger())
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(conn.Conn.Close)
	checkFor(tb, 5*time.Second, func() error {
		if !conn.IsConnected() {
			return fmt.Errorf("not connected to %s", url)
		}
		return nil
	})
	return conn
}

// edge is a pizzeria's side of the link: it publishes events and sends
// hellos and heartbeats from its own inbox, as an edge does.
type edge struct {
	pizzeria string
	epoch    string
	nc       *nats.Conn
	js       jetstream.JetStream
}

func newEdge(tb testing.TB, url, pizzeria string) *edge {
	tb.Helper()
	nc, err := nats.Connect(url, nats.CustomInboxPrefix(syncproto.InboxPrefix(pizzeria)))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(nc.Close)
	js, err := jetstream.New(nc)
	if err != nil {
		tb.Fatal(err)
	}
	return &edge{pizzeria: pizzeria, epoch: "epoch-" + pizzeria, nc: nc, js: js}
}

// createStream creates the up stream as central's ingest does, so that a
// test can publish before the ingest runs.
func (e *edge) createStream(tb testing.TB) {
	tb.Helper()
	if _, err := e.js.CreateOrUpdateStream(context.Background(), syncproto.UpStreamConfig()); err != nil {
		tb.Fatal(err)
	}
}

// event returns the stock.moved event of seq: a receipt of 1000 g of
// flour that leaves 1000×seq on hand.
func (e *edge) event(tb testing.TB, seq int64) *syncproto.Event {
	tb.Helper()
	at := time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC).Add(time.Duration(seq) * time.Second)
	payload, err := json.Marshal(syncproto.StockPayload{Movement: syncproto.StockMovement{
		ID: uuid.Must(uuid.NewV7()).String(), IngredientID: "flour", Kind: "receipt",
		Delta: 1000, OnHandAfter: 1000 * seq, By: "gerant", At: at,
	}})
	if err != nil {
		tb.Fatal(err)
	}
	return &syncproto.Event{
		ID: uuid.Must(uuid.NewV7()).String(), Pizzeria: e.pizzeria, Epoch: e.epoch, Seq: seq,
		Type: syncproto.EventStockMoved, SchemaVersion: 1, OccurredAt: at, Payload: payload,
	}
}

// publish sends events on the pizzeria's up subject, as the edge does.
func (e *edge) publish(tb testing.TB, events ...*syncproto.Event) {
	tb.Helper()
	for _, ev := range events {
		data, err := syncproto.Encode(ev)
		if err != nil {
			tb.Fatal(err)
		}
		e.publishRaw(tb, data, jetstream.WithMsgID(ev.MsgID()))
	}
}

// publishRange publishes the events of sequences from..to.
func (e *edge) publishRange(tb testing.TB, from, to int64) {
	tb.Helper()
	for seq := from; seq <= to; seq++ {
		e.publish(tb, e.event(tb, seq))
	}
}

// publishRaw sends any data on the pizzeria's up subject.
func (e *edge) publishRaw(tb testing.TB, data []byte, opts ...jetstream.PublishOpt) {
	tb.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := e.js.Publish(ctx, syncproto.UpSubject(e.pizzeria), data, opts...); err != nil {
		tb.Fatal(err)
	}
}

// openPizzerias registers pizzerias in db.
func openPizzerias(tb testing.TB, db *postgres.DB, ids ...string) {
	tb.Helper()
	for _, id := range ids {
		p := &central.Pizzeria{ID: id, Name: "OC Pizza " + id, Postcodes: []string{"75011"}}
		if err := db.CreatePizzeria(context.Background(), p); err != nil {
			tb.Fatal(err)
		}
	}
}

// startIngest runs an ingest until the test ends or stop is called, and
// returns it with stop, which waits until Run has returned.
func startIngest(tb testing.TB, conn *centralnats.Conn, svc central.SyncService,
	reg prometheus.Registerer, tune func(*centralnats.Ingest)) (*centralnats.Ingest, func()) {
	tb.Helper()
	in, err := centralnats.NewIngest(conn.Conn, svc, testLogger(), reg)
	if err != nil {
		tb.Fatal(err)
	}
	if tune != nil {
		tune(in)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- in.Run(ctx) }()
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("ingest: %v", err)
		}
	}
	tb.Cleanup(stop)
	return in, stop
}

// consumerDone waits until the ingest consumer has nothing pending and
// nothing unacknowledged.
func consumerDone(tb testing.TB, js jetstream.JetStream, timeout time.Duration) {
	tb.Helper()
	checkFor(tb, timeout, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		cons, err := js.Consumer(ctx, syncproto.UpStream, syncproto.IngestConsumer)
		if err != nil {
			return err
		}
		info, err := cons.Info(ctx)
		if err != nil {
			return err
		}
		if info.NumPending != 0 || info.NumAckPending != 0 || info.NumRedelivered != 0 {
			return fmt.Errorf("consumer: %d pending, %d unacknowledged, %d redelivered",
				info.NumPending, info.NumAckPending, info.NumRedelivered)
		}
		return nil
	})
}

// branch returns the sync state of one pizzeria.
func branch(tb testing.TB, svc central.SyncService, id string) *central.Branch {
	tb.Helper()
	branches, err := svc.FindBranches(context.Background())
	if err != nil {
		tb.Fatal(err)
	}
	for _, b := range branches {
		if b.ID == id {
			return b
		}
	}
	tb.Fatalf("no branch %s", id)
	return nil
}

// applied waits until central has applied seq events of a pizzeria.
func applied(tb testing.TB, svc central.SyncService, id string, seq int64, timeout time.Duration) {
	tb.Helper()
	checkFor(tb, timeout, func() error {
		if b := branch(tb, svc, id); b.LastSeq != seq {
			return fmt.Errorf("%s: last applied sequence %d, want %d", id, b.LastSeq, seq)
		}
		return nil
	})
}

// count returns the result of a count query.
func count(tb testing.TB, db *postgres.DB, query string, args ...any) int64 {
	tb.Helper()
	var n int64
	if err := db.Pool.QueryRow(context.Background(), query, args...).Scan(&n); err != nil {
		tb.Fatalf("%s: %v", strings.TrimSpace(query), err)
	}
	return n
}

// metric returns the sum of a metric's series in reg whose labels include
// the given name=value pairs.
func metric(tb testing.TB, reg *prometheus.Registry, name string, labels ...string) float64 {
	tb.Helper()
	families, err := reg.Gather()
	if err != nil {
		tb.Fatal(err)
	}
	var sum float64
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
	series:
		for _, m := range f.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				found := false
				for _, l := range m.GetLabel() {
					found = found || (l.GetName() == labels[i] && l.GetValue() == labels[i+1])
				}
				if !found {
					continue series
				}
			}
			switch {
			case m.GetCounter() != nil:
				sum += m.GetCounter().GetValue()
			case m.GetHistogram() != nil:
				sum += float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return sum
}
