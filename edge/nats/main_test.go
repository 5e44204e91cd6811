package nats_test

import (
	"context"
	"io"
	"log/slog"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/edge"
	edgenats "github.com/ocpizza/ocpizza/edge/nats"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
)

// testPizzeria is the pizzeria of every test.
const testPizzeria = "paris-11"

// manager records the stock receipts that make the tests' events.
var manager = &edge.User{Username: "claire", Role: edge.RoleManager}

// openDB opens a new pizzeria database with the demo catalog, whose import
// is event 1.
func openDB(tb testing.TB) *sqlite.DB {
	tb.Helper()
	return openDBAt(tb, filepath.Join(tb.TempDir(), "edge.db"), true)
}

// openDBAt opens the database file at path, closed when the test ends.
func openDBAt(tb testing.TB, path string, withCatalog bool) *sqlite.DB {
	tb.Helper()
	db := sqlite.NewDB(path, testPizzeria)
	if err := db.Open(tb.Context()); err != nil {
		tb.Fatalf("open db: %v", err)
	}
	tb.Cleanup(func() { db.Close() })
	if withCatalog {
		if err := db.ImportCatalog(tb.Context(), syncproto.DemoCatalog()); err != nil {
			tb.Fatalf("import catalog: %v", err)
		}
	}
	return db
}

// writeEvents records n stock receipts, one event each.
func writeEvents(tb testing.TB, db *sqlite.DB, n int) {
	tb.Helper()
	for range n {
		_, err := db.RecordMovement(context.Background(), manager, edge.MovementCreate{
			IngredientID: "pate", Kind: edge.MovementReceipt, Quantity: 1})
		if err != nil {
			tb.Fatalf("record movement: %v", err)
		}
	}
}

// outbox returns the events of the outbox, in order.
func outbox(tb testing.TB, db *sqlite.DB) []*syncproto.Event {
	tb.Helper()
	events, err := db.FindOutboxEvents(context.Background(), 0, 100_000)
	if err != nil {
		tb.Fatalf("find outbox events: %v", err)
	}
	return events
}

// syncStatus returns the outbox position.
func syncStatus(tb testing.TB, db *sqlite.DB) *edge.SyncStatus {
	tb.Helper()
	s, err := db.SyncStatus(context.Background())
	if err != nil {
		tb.Fatalf("sync status: %v", err)
	}
	return s
}

// runningPublisher is a publisher running in the background, with the
// registry of its metrics.
type runningPublisher struct {
	*edgenats.Publisher
	reg  *prometheus.Registry
	stop func() // stops it and waits for Run to return; safe to call twice
}

// startPublisher runs a publisher of db's outbox against url until the
// test ends, with hellos every 50ms so that tests run fast.
func startPublisher(tb testing.TB, db *sqlite.DB, url string,
	configure ...func(*edgenats.Config)) *runningPublisher {
	tb.Helper()
	reg := prometheus.NewRegistry()
	cfg := edgenats.Config{
		URL: url, Pizzeria: testPizzeria, DB: db, Logger: testLogger(tb), Registry: reg,
		HelloInterval: 50 * time.Millisecond, AckTimeout: time.Second,
	}
	for _, f := range configure {
		f(&cfg)
	}
	p := edgenats.NewPublisher(cfg)

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- p.Run(ctx) }()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			select {
			case err := <-done:
				if err != nil {
					tb.Errorf("publisher: %v", err)
				}
			case <-time.After(20 * time.Second):
				tb.Error("publisher did not stop")
			}
		})
	}
	tb.Cleanup(stop)
	return &runningPublisher{Publisher: p, reg: reg, stop: stop}
}

// metric returns the value of a counter or gauge of the publisher.
func (p *runningPublisher) metric(tb testing.TB, name string) float64 {
	tb.Helper()
	families, err := p.reg.Gather()
	if err != nil {
		tb.Fatal(err)
	}
	for _, f := range families {
		if f.GetName() != name {
			continue
		}
		m := f.GetMetric()[0]
		if m.GetCounter() != nil {
			return m.GetCounter().GetValue()
		}
		return m.GetGauge().GetValue()
	}
	tb.Fatalf("no metric %s", name)
	return 0
}

// waitFor polls cond until it holds, failing the test after a while.
func waitFor(tb testing.TB, what string, cond func() bool) {
	tb.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// connect returns a plain connection to the server, closed when the test
// ends, that reconnects by itself when the server comes back.
func connect(tb testing.TB, url string) *nats.Conn {
	tb.Helper()
	nc, err := nats.Connect(url, nats.MaxReconnects(-1), nats.ReconnectWait(20*time.Millisecond))
	if err != nil {
		tb.Fatalf("connect: %v", err)
	}
	tb.Cleanup(nc.Close)
	return nc
}

// testLogger logs through the test, and drops what comes once it ended.
func testLogger(tb testing.TB) *slog.Logger {
	w := &testWriter{tb: tb}
	tb.Cleanup(w.close)
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct {
	mu     sync.Mutex
	tb     testing.TB
	closed bool
}

var _ io.Writer = (*testWriter)(nil)

func (w *testWriter) Write(b []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if !w.closed {
		w.tb.Log(strings.TrimSuffix(string(b), "\n"))
	}
	return len(b), nil
}

func (w *testWriter) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.closed = true
}
