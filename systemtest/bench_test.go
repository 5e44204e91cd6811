package systemtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// BenchmarkSync measures, in one run on this machine (make bench-sync):
//
//   - catch-up: 100,000 events queued in one edge's outbox while the link
//     was down, sent and applied by central, in events per second;
//   - beside it, the same machine's plain rates: PostgreSQL CopyFrom of
//     100,000 rows of the raw log's shape, and JetStream asynchronous
//     publishes of 100,000 messages of an event's size;
//   - live lag from edge commit to central commit (p50, p99) with 20
//     pizzerias taking orders at a steady rate.
//
// It prints them side by side with the ratios.
func BenchmarkSync(b *testing.B) {
	const events = 100_000
	catchUp := benchCatchUp(b, events)
	copyRate := benchCopyFrom(b, events)
	publishRate := benchPublish(b, events)
	p50, p99, n := benchLiveLag(b, 20, 10*time.Second)

	b.ReportMetric(catchUp, "catch-up-events/s")
	b.ReportMetric(float64(p99.Milliseconds()), "lag-p99-ms")
	fmt.Printf("BenchmarkSync: catch-up %.0f events/s; plain CopyFrom %.0f rows/s (ratio %.2f); "+
		"plain JetStream async publish %.0f msgs/s (ratio %.2f); live lag over 20 pizzerias, %d events: "+
		"p50 %s, p99 %s\n",
		catchUp, copyRate, catchUp/copyRate, publishRate, catchUp/publishRate, n,
		p50.Round(time.Millisecond), p99.Round(time.Millisecond))
}

// benchCatchUp queues n events in an offline edge's outbox, then starts
// the hub and central and times until central has applied them all.
func benchCatchUp(b *testing.B, n int) float64 {
	h := natstest.Unstarted(b)
	c := newCentral(b, h.URL(), "paris-11")
	e := newEdge(b, "paris-11", h.URL())
	queueEvents(b, e, n)
	target := e.status().LastSeq

	h.Start()
	c.start()
	start := time.Now()
	e.start()
	waitFor(b, 5*time.Minute, "catch-up", func() error {
		if got := c.applied(e.id, e.status().Epoch); got < target {
			return fmt.Errorf("applied %d of %d", got, target)
		}
		return nil
	})
	return float64(n) / time.Since(start).Seconds()
}

// queueEvents writes n order.created events straight into the edge's
// outbox, as if that many orders had been taken offline: real payloads,
// written in one transaction so that the benchmark does not wait for them.
func queueEvents(b *testing.B, e *edgeNode, n int) {
	b.Helper()
	raw, err := sql.Open("sqlite", "file:"+e.path)
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	tx, err := raw.Begin()
	if err != nil {
		b.Fatal(err)
	}
	st := e.status()
	insert, err := tx.Prepare(`INSERT INTO outbox (seq, id, pizzeria, epoch, type, schema_version, occurred_at, payload)
		VALUES (?, ?, ?, ?, ?, 1, ?, ?)`)
	if err != nil {
		b.Fatal(err)
	}
	now := time.Now().UTC()
	for i := range n {
		payload, _ := json.Marshal(orderPayload(i, now))
		_, err := insert.Exec(st.LastSeq+int64(i)+1, uuid.Must(uuid.NewV7()).String(), e.id, st.Epoch,
			syncproto.EventOrderCreated, now.Format("2006-01-02T15:04:05.000Z"), string(payload))
		if err != nil {
			b.Fatal(err)
		}
	}
	if _, err := tx.Exec(`UPDATE sync_state SET last_seq = last_seq + ?`, n); err != nil {
		b.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
}

// orderPayload is a delivery order of a pizza and a drink, as the edge
// reports it when taken, with its stock movements.
func orderPayload(i int, at time.Time) syncproto.OrderPayload {
	id := uuid.Must(uuid.NewV7()).String()
	return syncproto.OrderPayload{
		Order: syncproto.Order{
			ID: id, Ticket: int64(i + 1), BusinessDate: at.Format(time.DateOnly), Channel: "phone",
			Fulfilment: "delivery", Status: "accepted", CustomerName: "Client", CustomerPhone: "0611223344",
			Address: "12 rue Oberkampf, 75011 Paris", TotalCents: 1300, PaymentMethod: "cash",
			PaymentStatus: "pending", Version: 1, CreatedAt: at, UpdatedAt: at,
			Lines: []syncproto.OrderLine{
				{ProductID: "margherita", ProductName: "Margherita", Quantity: 1, UnitPriceCents: 950},
				{ProductID: "coca-cola-33cl", ProductName: "Coca-Cola 33 cl", Quantity: 1, UnitPriceCents: 350},
			},
			Transition: &syncproto.Transition{To: "accepted", By: "caisse", At: at},
		},
		Movements: []syncproto.StockMovement{
			{ID: uuid.Must(uuid.NewV7()).String(), IngredientID: "pate", Kind: "consumption", Delta: -1,
				OnHandAfter: int64(10_000_000 - i), OrderID: id, At: at},
			{ID: uuid.Must(uuid.NewV7()).String(), IngredientID: "coca-cola-33cl", Kind: "consumption", Delta: -1,
				OnHandAfter: int64(10_000_000 - i), OrderID: id, At: at},
		},
	}
}

// benchCopyFrom times a plain CopyFrom of n rows shaped like the raw log.
func benchCopyFrom(b *testing.B, n int) float64 {
	ctx := context.Background()
	db := pgtest.Open(b)
	_, err := db.Pool.Exec(ctx, `CREATE TABLE plain (pizzeria_id text, epoch text, seq bigint, id text,
		type text, occurred_at timestamptz, payload bytea, PRIMARY KEY (pizzeria_id, epoch, seq))`)
	if err != nil {
		b.Fatal(err)
	}
	payload, _ := json.Marshal(orderPayload(0, time.Now()))
	rows := make([][]any, n)
	for i := range rows {
		rows[i] = []any{"paris-11", "e", int64(i + 1), uuid.NewString(), syncproto.EventOrderCreated,
			time.Now(), payload}
	}
	start := time.Now()
	copied, err := db.Pool.CopyFrom(ctx, pgx.Identifier{"plain"},
		[]string{"pizzeria_id", "epoch", "seq", "id", "type", "occurred_at", "payload"}, pgx.CopyFromRows(rows))
	if err != nil || copied != int64(n) {
		b.Fatalf("copy: %d rows, %v", copied, err)
	}
	return float64(n) / time.Since(start).Seconds()
}

// benchPublish times n asynchronous JetStream publishes of an event's size.
func benchPublish(b *testing.B, n int) float64 {
	ctx := context.Background()
	h := natstest.Unstarted(b)
	h.Start()
	nc, err := nats.Connect(h.URL())
	if err != nil {
		b.Fatal(err)
	}
	defer nc.Close()
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncMaxPending(256))
	if err != nil {
		b.Fatal(err)
	}
	cfg := syncproto.UpStreamConfig()
	if _, err := js.CreateStream(ctx, cfg); err != nil {
		b.Fatal(err)
	}
	event, _ := json.Marshal(orderPayload(0, time.Now()))
	data := []byte(strings.Repeat("x", len(event)+200))
	start := time.Now()
	for i := range n {
		if _, err := js.PublishAsync(syncproto.UpSubject("paris-11"), data,
			jetstream.WithMsgID(fmt.Sprint(i))); err != nil {
			b.Fatal(err)
		}
	}
	select {
	case <-js.PublishAsyncComplete():
	case <-time.After(time.Minute):
		b.Fatal("publishes not acknowledged")
	}
	return float64(n) / time.Since(start).Seconds()
}

// benchLiveLag runs pizzerias edges taking orders at a steady pace for d
// and measures, for every event, the time from its commit on the edge to
// the commit on central that applied it (seen by polling central's cursors
// every 2 ms).
func benchLiveLag(b *testing.B, pizzerias int, d time.Duration) (p50, p99 time.Duration, n int) {
	h := natstest.Unstarted(b)
	h.Start()
	ids := make([]string, pizzerias)
	for i := range ids {
		ids[i] = fmt.Sprintf("pizzeria-%02d", i+1)
	}
	c := newCentral(b, h.URL(), ids...)
	c.start()
	edges := make([]*edgeNode, pizzerias)
	for i, id := range ids {
		edges[i] = newEdge(b, id, h.URL())
		edges[i].start()
		waitConverged(b, edges[i], c, time.Minute)
	}

	// Each pizzeria takes an order every 100 ms; its commit times by seq.
	type commit struct {
		seq int64
		at  time.Time
	}
	commits := make([]chan commit, pizzerias)
	stop := time.Now().Add(d)
	for i, e := range edges {
		commits[i] = make(chan commit, 10_000)
		go func() {
			defer close(commits[i])
			for k := 0; time.Now().Before(stop); k++ {
				before := e.status().LastSeq
				e.order(k * 4) // an accepted order: one event
				at := time.Now()
				for seq := before + 1; seq <= e.status().LastSeq; seq++ {
					commits[i] <- commit{seq, at}
				}
				time.Sleep(100 * time.Millisecond)
			}
		}()
	}

	// Watch central's cursors and match them with the commits.
	var lags []time.Duration
	pendingBy := make([][]commit, pizzerias)
	epochs := make([]string, pizzerias)
	for i, e := range edges {
		epochs[i] = e.status().Epoch
	}
	open := pizzerias
	for open > 0 || slices.ContainsFunc(pendingBy, func(p []commit) bool { return len(p) > 0 }) {
		now := time.Now()
		cursors := c.cursors()
		for i := range edges {
		drain:
			for {
				select {
				case cm, ok := <-commits[i]:
					if !ok {
						commits[i] = nil
						open--
						break drain
					}
					pendingBy[i] = append(pendingBy[i], cm)
				default:
					break drain
				}
			}
			if len(pendingBy[i]) == 0 {
				continue
			}
			applied := cursors[ids[i]+"/"+epochs[i]]
			for len(pendingBy[i]) > 0 && pendingBy[i][0].seq <= applied {
				lags = append(lags, now.Sub(pendingBy[i][0].at))
				pendingBy[i] = pendingBy[i][1:]
			}
		}
		if time.Since(stop) > time.Minute {
			b.Fatal("central did not catch up with the live pizzerias")
		}
		time.Sleep(2 * time.Millisecond)
	}
	var recv50, recv99 float64
	_ = c.db.Pool.QueryRow(context.Background(), `SELECT
		percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM received_at - occurred_at)),
		percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM received_at - occurred_at))
		FROM events WHERE type = 'order.created'`).Scan(&recv50, &recv99)
	b.Logf("edge commit to central batch start: p50 %.0f ms, p99 %.0f ms", recv50*1000, recv99*1000)
	slices.Sort(lags)
	if len(lags) == 0 {
		b.Fatal("no events measured")
	}
	return lags[len(lags)/2], lags[len(lags)*99/100], len(lags)
}

// cursors returns central's cursor of every (pizzeria, epoch), keyed
// "pizzeria/epoch", in one query.
func (c *centralNode) cursors() map[string]int64 {
	c.t.Helper()
	rows, err := c.db.Pool.Query(context.Background(), `SELECT pizzeria_id, epoch, applied_seq FROM epochs`)
	if err != nil {
		c.t.Fatal(err)
	}
	defer rows.Close()
	cursors := map[string]int64{}
	for rows.Next() {
		var pizzeria, epoch string
		var seq int64
		if err := rows.Scan(&pizzeria, &epoch, &seq); err != nil {
			c.t.Fatal(err)
		}
		cursors[pizzeria+"/"+epoch] = seq
	}
	return cursors
}

// BenchmarkCatchUp is the catch-up part of BenchmarkSync alone, for
// profiling.
func BenchmarkCatchUp(b *testing.B) {
	b.ReportMetric(benchCatchUp(b, 50_000), "events/s")
}
