package systemtest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestPoisonEventIsDeadLettered: a malformed message, an event of an
// unknown schema version and an event forged for another pizzeria arrive
// among the real ones; they are dead-lettered with their reason and both
// pizzerias keep flowing.
func TestPoisonEventIsDeadLettered(t *testing.T) {
	h := natstest.Unstarted(t)
	h.Start()
	c := newCentral(t, h.URL(), "paris-11", "lyon-2")
	c.start()
	a, b := newEdge(t, "paris-11", h.URL()), newEdge(t, "lyon-2", h.URL())
	a.start()
	b.start()
	for i := range 50 {
		a.order(i)
		b.order(i)
	}

	// The poison, published on paris-11's subject.
	nc, err := nats.Connect(h.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	future := syncproto.Event{ID: "x", Pizzeria: "paris-11", Epoch: "e", Seq: 1, Type: syncproto.EventStockMoved,
		SchemaVersion: 99, OccurredAt: time.Now(), Payload: json.RawMessage(`{}`)}
	forged := future
	forged.Pizzeria, forged.SchemaVersion = "lyon-2", 1
	for _, v := range []any{"{not json", future, forged} {
		data, _ := json.Marshal(v)
		if s, ok := v.(string); ok {
			data = []byte(s)
		}
		if err := nc.Publish(syncproto.UpSubject("paris-11"), data); err != nil {
			t.Fatal(err)
		}
	}

	for i := 50; i < 100; i++ {
		a.order(i)
		b.order(i)
	}
	waitConverged(t, a, c, time.Minute)
	waitConverged(t, b, c, time.Minute)
	compare(t, a, c)
	compare(t, b, c)

	want := map[string]bool{syncproto.CodeMalformed: true, syncproto.CodeUnsupportedVersion: true,
		syncproto.CodePizzeriaMismatch: true}
	rows, err := c.db.Pool.Query(context.Background(), `SELECT code FROM dead_letters`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	got := map[string]bool{}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			t.Fatal(err)
		}
		got[code] = true
	}
	for code := range want {
		if !got[code] {
			t.Errorf("no dead letter with code %s; have %v", code, got)
		}
	}
}
