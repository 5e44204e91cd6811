package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// BenchmarkApplyBatch measures a catch-up: 100,000 events of one pizzeria
// applied in batches of 1,000, as the ingest does when a pizzeria comes
// back after a long outage. In the same run it copies as many rows of the
// raw log's shape into a scratch table with CopyFrom, the fastest way
// into PostgreSQL, and prints both rates and their ratio. Decoding the
// messages is the ingest's work and is left out of the timing.
//
//	go test ./postgres -run '^$' -bench ApplyBatch -benchtime 1x
func BenchmarkApplyBatch(b *testing.B) {
	const total, size = 100_000, 1_000
	db, _ := openSyncDB(b, "paris-11")
	ctx := context.Background()

	for i := 0; i < b.N; i++ {
		b.StopTimer()
		events := catchUpEvents(b, fmt.Sprintf("epoch-%d", i), total)
		var batches [][]central.Received
		for start := 0; start < total; start += size {
			batches = append(batches, batchOf(b, events[start:start+size]...))
		}
		b.StartTimer()

		start := time.Now()
		for _, batch := range batches {
			res, err := db.ApplyBatch(ctx, batch)
			if err != nil {
				b.Fatal(err)
			}
			if res.Projected != size {
				b.Fatalf("batch result %+v, want %d projected", res, size)
			}
		}
		applied := time.Since(start)

		b.StopTimer()
		copied := copyScratch(b, db, events)
		applyRate := float64(total) / applied.Seconds()
		copyRate := float64(total) / copied.Seconds()
		b.ReportMetric(applyRate, "events/s")
		b.ReportMetric(copyRate, "copy-rows/s")
		fmt.Printf("catch-up %d events in batches of %d: %.0f events/s (%s); "+
			"CopyFrom %d rows: %.0f rows/s (%s); ratio %.2f\n",
			total, size, applyRate, applied.Round(time.Millisecond),
			total, copyRate, copied.Round(time.Millisecond), applyRate/copyRate)
		b.StartTimer()
	}
}

// catchUpEvents returns n events of a busy evening: orders taken at the
// counter with their stock, prepared, made ready and picked up, four
// events each.
func catchUpEvents(tb testing.TB, epoch string, n int) []*syncproto.Event {
	o := newOutbox(tb, "paris-11", epoch)
	events := make([]*syncproto.Event, 0, n)
	onHand := int64(1_000_000)
	for len(events) < n {
		id := newUUID()
		onHand -= 300
		steps := []*syncproto.Event{
			o.order(syncproto.EventOrderCreated, transition(testOrder(id, 1, ""), "", "accepted"),
				movement("pate", "consumption", -250, onHand, id),
				movement("mozzarella", "consumption", -120, onHand, id),
				movement("tomate", "consumption", -80, onHand, id)),
			o.order(syncproto.EventOrderStatusChanged,
				transition(testOrder(id, 2, ""), "accepted", "preparing")),
			o.order(syncproto.EventOrderStatusChanged,
				transition(testOrder(id, 3, ""), "preparing", "ready")),
			o.order(syncproto.EventOrderStatusChanged,
				transition(testOrder(id, 4, ""), "ready", "picked_up")),
		}
		events = append(events, steps[:min(len(steps), n-len(events))]...)
	}
	return events
}

// copyScratch copies rows like the raw log's, one per event, into a new
// table with the same primary key, and returns how long it took.
func copyScratch(tb testing.TB, db *postgres.DB, events []*syncproto.Event) time.Duration {
	ctx := context.Background()
	_, err := db.Pool.Exec(ctx, `
		DROP TABLE IF EXISTS scratch_events;
		CREATE TABLE scratch_events (LIKE events INCLUDING ALL)`)
	if err != nil {
		tb.Fatal(err)
	}
	now := time.Now()
	rows := make([][]any, len(events))
	for i, e := range events {
		rows[i] = []any{e.Pizzeria, e.Epoch, e.Seq, e.ID, e.Type, int32(e.SchemaVersion), e.OccurredAt,
			[]byte(e.Payload), []byte("0123456789abcdef0123456789abcdef"), now}
	}
	columns := []string{"pizzeria_id", "epoch", "seq", "id", "type", "schema_version", "occurred_at",
		"payload", "payload_hash", "received_at"}

	start := time.Now()
	n, err := db.Pool.CopyFrom(ctx, pgx.Identifier{"scratch_events"}, columns, pgx.CopyFromRows(rows))
	if err != nil || n != int64(len(events)) {
		tb.Fatalf("copy: %d rows, %v", n, err)
	}
	return time.Since(start)
}
