package systemtest

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/edge"
	edgenats "github.com/ocpizza/ocpizza/edge/nats"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
)

// logger discards logs unless OCPIZZA_TEST_LOG is set, to read a failure.
func logger() *slog.Logger {
	if os.Getenv("OCPIZZA_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// node is something running in the background until stopped.
type node struct {
	cancel context.CancelFunc
	done   chan struct{}
}

func run(fn func(ctx context.Context)) *node {
	ctx, cancel := context.WithCancel(context.Background())
	n := &node{cancel: cancel, done: make(chan struct{})}
	go func() {
		defer close(n.done)
		fn(ctx)
	}()
	return n
}

func (n *node) stop() {
	if n != nil {
		n.cancel()
		<-n.done
	}
}

// centralNode is ocpizza-central's sync side: ingest and responder.
type centralNode struct {
	t   testing.TB
	db  *postgres.DB
	url string
	n   *node
}

func newCentral(t testing.TB, natsURL string, pizzerias ...string) *centralNode {
	t.Helper()
	db := pgtest.Open(t)
	for _, id := range pizzerias {
		err := db.CreatePizzeria(context.Background(), &central.Pizzeria{ID: id, Name: "Pizzeria " + id,
			Postcodes: []string{"75011"}})
		if err != nil {
			t.Fatal(err)
		}
	}
	c := &centralNode{t: t, db: db, url: natsURL}
	t.Cleanup(c.stop)
	return c
}

// start runs the ingest and the responder on a connection of their own.
func (c *centralNode) start() { c.startWith(true) }

// startResponderOnly answers hellos and heartbeats without consuming the
// stream: central is up but its ingest is not.
func (c *centralNode) startResponderOnly() { c.startWith(false) }

func (c *centralNode) startWith(ingesting bool) {
	c.t.Helper()
	conn, err := centralnats.Connect(c.url, "", logger())
	if err != nil {
		c.t.Fatal(err)
	}
	reg := prometheus.NewRegistry()
	ingest, err := centralnats.NewIngest(conn.Conn, c.db, logger(), reg)
	if err != nil {
		c.t.Fatal(err)
	}
	ingest.Consumer.AckWait = 2 * time.Second
	responder := centralnats.NewResponder(conn.Conn, c.db, logger(), reg)

	// The report tables are refreshed beside the ingest, as serve does.
	refresher := postgres.NewReportRefresher(c.db, time.Second, logger())
	ingest.Changed = refresher.Wake
	c.n = run(func(ctx context.Context) {
		go func() { _ = responder.Run(ctx) }()
		go func() { _ = refresher.Run(ctx) }()
		if ingesting {
			_ = ingest.Run(ctx)
		} else {
			<-ctx.Done()
		}
		closeCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = conn.Close(closeCtx)
	})
}

func (c *centralNode) stop() {
	c.n.stop()
	c.n = nil
}

// edgeNode is a pizzeria: its database and its publisher.
type edgeNode struct {
	t    testing.TB
	id   string
	url  string
	path string
	db   *sqlite.DB
	n    *node
}

// staff is who acts on the test pizzerias.
var staff = &edge.User{Username: "gerant", Role: edge.RoleManager}

func newEdge(t testing.TB, id, natsURL string) *edgeNode {
	t.Helper()
	e := &edgeNode{t: t, id: id, url: natsURL, path: filepath.Join(t.TempDir(), id+".db")}
	e.open()
	ctx := context.Background()
	if err := e.db.ImportCatalog(ctx, syncproto.DemoCatalog()); err != nil {
		t.Fatal(err)
	}
	ingredients, err := e.db.FindIngredients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ing := range ingredients {
		_, err := e.db.RecordMovement(ctx, staff, edge.MovementCreate{
			IngredientID: ing.ID, Kind: edge.MovementReceipt, Quantity: edge.MaxMovementQty})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(e.close)
	return e
}

func (e *edgeNode) open() {
	e.t.Helper()
	e.db = sqlite.NewDB(e.path, e.id)
	if err := e.db.Open(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

// start runs the publisher, with short intervals so that tests are quick.
func (e *edgeNode) start() {
	pub := edgenats.NewPublisher(edgenats.Config{
		URL: e.url, Pizzeria: e.id, DB: e.db, Logger: logger(),
		HelloInterval: 200 * time.Millisecond, AckTimeout: 2 * time.Second,
	})
	e.n = run(func(ctx context.Context) { _ = pub.Run(ctx) })
}

func (e *edgeNode) stopPublisher() {
	e.n.stop()
	e.n = nil
}

func (e *edgeNode) close() {
	e.stopPublisher()
	if e.db != nil {
		_ = e.db.Close()
		e.db = nil
	}
}

// order takes order i and moves it along, so that every kind of order
// event goes up: some are prepared, some delivered and paid, some
// cancelled with their stock given back.
func (e *edgeNode) order(i int) {
	e.t.Helper()
	ctx := context.Background()
	o, err := e.db.CreateOrder(ctx, staff, edge.OrderCreate{
		Channel: edge.ChannelPhone, Fulfilment: edge.FulfilmentDelivery, PaymentMethod: edge.PaymentCash,
		Customer: edge.Customer{Name: fmt.Sprintf("Client %d", i%50), Phone: "0611223344",
			Address: fmt.Sprintf("%d rue Oberkampf, 75011 Paris", i%20+1)},
		Lines: []edge.LineCreate{{ProductID: "margherita", Quantity: int64(i%3 + 1)},
			{ProductID: "coca-cola-33cl", Quantity: 1}},
	})
	if err != nil {
		e.t.Fatalf("order %d: %v", i, err)
	}
	var steps []edge.Status
	switch i % 4 {
	case 1:
		steps = []edge.Status{edge.StatusPreparing}
	case 2:
		steps = []edge.Status{edge.StatusPreparing, edge.StatusReady, edge.StatusOutForDelivery, edge.StatusDelivered}
	case 3:
		steps = []edge.Status{edge.StatusCancelled}
	}
	for _, to := range steps {
		if _, err := e.db.TransitionOrder(ctx, staff, o.ID, edge.TransitionRequest{To: to}); err != nil {
			e.t.Fatalf("order %d to %s: %v", i, to, err)
		}
	}
	if i%4 == 2 {
		if _, err := e.db.RecordPayment(ctx, staff, o.ID, edge.PaymentRecord{Method: edge.PaymentCash}); err != nil {
			e.t.Fatalf("order %d payment: %v", i, err)
		}
	}
}

// status returns the edge's outbox position.
func (e *edgeNode) status() *edge.SyncStatus {
	e.t.Helper()
	st, err := e.db.SyncStatus(context.Background())
	if err != nil {
		e.t.Fatal(err)
	}
	return st
}

// waitFor polls check until it returns nil, failing the test after limit.
func waitFor(t testing.TB, limit time.Duration, what string, check func() error) {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: still not true after %s: %v", what, limit, err)
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// applied returns central's cursor for a pizzeria's epoch.
func (c *centralNode) applied(pizzeria, epoch string) int64 {
	c.t.Helper()
	var seq int64
	err := c.db.Pool.QueryRow(context.Background(),
		`SELECT coalesce(max(applied_seq), 0) FROM epochs WHERE pizzeria_id = $1 AND epoch = $2`,
		pizzeria, epoch).Scan(&seq)
	if err != nil {
		c.t.Fatal(err)
	}
	return seq
}

// waitConverged waits until central has applied everything the edge
// wrote and the edge knows it (its backlog is empty).
func waitConverged(t testing.TB, e *edgeNode, c *centralNode, limit time.Duration) {
	t.Helper()
	waitFor(t, limit, e.id+" converged", func() error {
		st := e.status()
		if got := c.applied(e.id, st.Epoch); got != st.LastSeq {
			return fmt.Errorf("central applied %d of %d", got, st.LastSeq)
		}
		if st.Backlog != 0 {
			return fmt.Errorf("edge backlog %d", st.Backlog)
		}
		return nil
	})
}

// orderRow is what both sides must agree on about an order.
type orderRow struct {
	Status, PaymentStatus string
	Total, Version        int64
}

// compare checks that central holds exactly the edge's orders and stock,
// and every event of each epoch once, from 1 without a gap.
func compare(t testing.TB, e *edgeNode, c *centralNode) {
	t.Helper()
	ctx := context.Background()

	// Orders on the edge, read from its file.
	raw, err := sql.Open("sqlite", "file:"+e.path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	edgeOrders := map[string]orderRow{}
	rows, err := raw.QueryContext(ctx, `SELECT id, status, payment_status, total_cents, version FROM orders`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var r orderRow
		if err := rows.Scan(&id, &r.Status, &r.PaymentStatus, &r.Total, &r.Version); err != nil {
			t.Fatal(err)
		}
		edgeOrders[id] = r
	}
	rows.Close()

	// Orders on central.
	centralOrders := map[string]orderRow{}
	crows, err := c.db.Pool.Query(ctx, `
		SELECT id::text, status, payment_status, total_cents, version FROM orders WHERE pizzeria_id = $1`, e.id)
	if err != nil {
		t.Fatal(err)
	}
	for crows.Next() {
		var id string
		var r orderRow
		if err := crows.Scan(&id, &r.Status, &r.PaymentStatus, &r.Total, &r.Version); err != nil {
			t.Fatal(err)
		}
		centralOrders[id] = r
	}
	crows.Close()
	if len(centralOrders) != len(edgeOrders) {
		t.Errorf("%s: central has %d orders, the edge %d", e.id, len(centralOrders), len(edgeOrders))
	}
	for id, want := range edgeOrders {
		if got, ok := centralOrders[id]; !ok || got != want {
			t.Errorf("%s: order %s on central %+v (found %v), on the edge %+v", e.id, id, got, ok, want)
			break
		}
	}

	// Stock on hand.
	ingredients, err := e.db.FindIngredients(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ing := range ingredients {
		var onHand int64
		err := c.db.Pool.QueryRow(ctx, `SELECT on_hand FROM stock_levels WHERE pizzeria_id = $1 AND ingredient_id = $2`,
			e.id, ing.ID).Scan(&onHand)
		if err != nil || onHand != ing.OnHand {
			t.Errorf("%s: %s on hand %d on central (%v), %d on the edge", e.id, ing.ID, onHand, err, ing.OnHand)
		}
	}

	// Every epoch's events from 1 to its cursor, each once.
	c.checkEpochsContiguous(t, e.id)
}
