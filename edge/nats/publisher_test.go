package nats_test

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	edgenats "github.com/ocpizza/ocpizza/edge/nats"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestPublishAndConfirm sends an outbox up and checks each message: its
// subject, message id and body, in order, each once. The events stay in
// the outbox after JetStream's ack, and leave it once central has applied
// them and says so.
func TestPublishAndConfirm(t *testing.T) {
	db := openDB(t)
	writeEvents(t, db, 20)
	want := outbox(t, db)
	srv := natstest.New(t)
	central := startCentral(t, srv.URL())
	// Hellos far enough apart that central, which takes nothing until the
	// test says, does not look stalled (which would send events again).
	p := startPublisher(t, db, srv.URL(), func(c *edgenats.Config) { c.HelloInterval = 500 * time.Millisecond })

	// Published and acked, but kept until central confirms.
	waitFor(t, "21 events in the stream", func() bool { return central.streamMsgs() == 21 })
	if s := syncStatus(t, db); s.LastConfirmedSeq != 0 || len(outbox(t, db)) != 21 {
		t.Fatalf("before central applied anything: status %+v, outbox of %d", s, len(outbox(t, db)))
	}
	if !p.Online() || p.metric(t, "ocpizza_edge_sync_online") != 1 {
		t.Error("publisher not online")
	}

	// Central applies them, and the next hello confirms them.
	waitFor(t, "central applies 21", func() bool { return central.applied(db.Epoch()) == 21 })
	waitFor(t, "confirmation", func() bool {
		s := syncStatus(t, db)
		return s.LastConfirmedSeq == 21 && s.Backlog == 0 && len(outbox(t, db)) == 0
	})

	// Each message, in order, once.
	msgs := central.messages()
	if len(msgs) != len(want) {
		t.Fatalf("central took %d messages, want %d", len(msgs), len(want))
	}
	for i, m := range msgs {
		e := want[i]
		body, _ := json.Marshal(e)
		if m.subject != "ocpizza.up."+testPizzeria || m.msgID != e.MsgID() ||
			m.msgID != fmt.Sprintf("%s:%s:%d", testPizzeria, db.Epoch(), i+1) || string(m.data) != string(body) {
			t.Errorf("message %d = %s %s %s, want %s %s", i+1, m.subject, m.msgID, m.data, e.MsgID(), body)
		}
	}
	if got := p.metric(t, "ocpizza_edge_sync_published_total"); got != 21 {
		t.Errorf("published_total = %v, want 21", got)
	}
	if got := p.metric(t, "ocpizza_edge_sync_publish_errors_total"); got != 0 {
		t.Errorf("publish_errors_total = %v, want 0", got)
	}
}

// TestPublishesAtOnce checks that a new event leaves as soon as it is
// committed: with hellos an hour apart, only the outbox's change signal
// can wake the publisher.
func TestPublishesAtOnce(t *testing.T) {
	db := openDB(t)
	srv := natstest.New(t)
	central := startCentral(t, srv.URL())
	startPublisher(t, db, srv.URL(), func(c *edgenats.Config) { c.HelloInterval = time.Hour })
	waitFor(t, "the catalog event", func() bool { return central.applied(db.Epoch()) == 1 })

	var worst time.Duration
	for i := range 20 {
		start := time.Now()
		writeEvents(t, db, 1)
		waitFor(t, "the new event", func() bool { return central.streamMsgs() == uint64(i+2) })
		worst = max(worst, time.Since(start))
	}
	t.Logf("slowest commit to JetStream: %v", worst)
	waitFor(t, "central applies 21", func() bool { return central.applied(db.Epoch()) == 21 })
	checkEvents(t, central, db.Epoch(), outbox(t, db)) // nothing confirmed: no hello since
}

// TestStartsOffline starts the pizzeria with the NATS server down: orders
// go on, the outbox grows, and once the server is up every event arrives
// in order, once. The server is then restarted while the pizzeria keeps
// writing, with the same result.
func TestStartsOffline(t *testing.T) {
	db := openDB(t)
	srv := natstest.Unstarted(t)
	p := startPublisher(t, db, srv.URL())

	writeEvents(t, db, 30)
	if p.Online() {
		t.Fatal("online without a server")
	}
	if s := syncStatus(t, db); s.Backlog != 31 {
		t.Fatalf("backlog = %d, want 31", s.Backlog)
	}

	// The server comes up: everything arrives.
	srv.Start()
	central := startCentral(t, srv.URL())
	want := outbox(t, db)
	waitFor(t, "central applies 31", func() bool { return central.applied(db.Epoch()) == 31 })
	waitFor(t, "confirmation", func() bool { return syncStatus(t, db).LastConfirmedSeq == 31 })

	// The server restarts while events keep coming.
	writeEvents(t, db, 10)
	srv.Stop()
	waitFor(t, "the link to go down", func() bool { return !p.Online() })
	writeEvents(t, db, 10)
	want = append(want, outbox(t, db)...)
	srv.Start()
	waitFor(t, "central applies 51", func() bool { return central.applied(db.Epoch()) == 51 })
	waitFor(t, "confirmation", func() bool { return syncStatus(t, db).Backlog == 0 })

	checkEvents(t, central, db.Epoch(), want)
	checkOncePerKey(t, central)
}

// checkOncePerKey fails the test unless the stream held each event once:
// JetStream's deduplication kept out every message sent again.
func checkOncePerKey(tb testing.TB, c *testCentral) {
	tb.Helper()
	streamSeqs := map[string]map[uint64]bool{}
	for _, m := range c.messages() {
		key := m.event.MsgID()
		if streamSeqs[key] == nil {
			streamSeqs[key] = map[uint64]bool{}
		}
		streamSeqs[key][m.streamSeq] = true
	}
	for key, seqs := range streamSeqs {
		if len(seqs) != 1 {
			tb.Errorf("%s stored %d times in the stream", key, len(seqs))
		}
	}
}

// TestResendAfterStreamLoss purges the stream after JetStream acked
// events that central had not taken yet. Central's answers then stay
// below what was acked, and the publisher sends the missing events again.
func TestResendAfterStreamLoss(t *testing.T) {
	db := openDB(t)
	writeEvents(t, db, 9)
	srv := natstest.New(t)
	central := startCentral(t, srv.URL())
	startPublisher(t, db, srv.URL(), func(c *edgenats.Config) { c.HelloInterval = 200 * time.Millisecond })
	waitFor(t, "central applies 10", func() bool { return central.applied(db.Epoch()) == 10 })
	waitFor(t, "confirmation", func() bool { return syncStatus(t, db).LastConfirmedSeq == 10 })

	// Ten more reach JetStream, which loses them before central takes them.
	writeEvents(t, db, 10)
	want := outbox(t, db)
	waitFor(t, "20 messages in the stream", func() bool { return central.streamMsgs() >= 20 })
	if err := central.stream.Purge(context.Background()); err != nil {
		t.Fatalf("purge: %v", err)
	}

	waitFor(t, "central applies 20", func() bool { return central.applied(db.Epoch()) == 20 })
	waitFor(t, "confirmation", func() bool { return syncStatus(t, db).Backlog == 0 })
	got := central.events(db.Epoch())[10:]
	for i := range want {
		if !sameEvent(got[i], want[i]) {
			t.Errorf("event %d after the loss = %+v, want %+v", i+11, got[i], want[i])
		}
	}
}

// TestHandshake starts the publisher against a central that already holds
// some of the epoch, and checks what it sends: only what central lacks
// when central's events are the database's, and everything in a new epoch
// when central shows the database to be an older copy.
func TestHandshake(t *testing.T) {
	other := func(e *syncproto.Event) *syncproto.Event {
		o := *e
		o.ID = "0190ffff-0000-7000-8000-000000000000"
		o.Payload = json.RawMessage(`{"other":true}`)
		return &o
	}
	tests := []struct {
		name     string
		central  func(events []*syncproto.Event) []*syncproto.Event // what central holds
		newEpoch bool
	}{
		{"central has the first three", func(events []*syncproto.Event) []*syncproto.Event {
			return events[:3]
		}, false},
		{"central is ahead", func(events []*syncproto.Event) []*syncproto.Event {
			ahead := append([]*syncproto.Event{}, events...)
			for seq := int64(len(events)) + 1; seq <= 8; seq++ {
				e := *other(events[0])
				e.Seq = seq
				ahead = append(ahead, &e)
			}
			return ahead
		}, true},
		{"central holds another event", func(events []*syncproto.Event) []*syncproto.Event {
			return []*syncproto.Event{events[0], events[1], other(events[2])}
		}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			db := openDB(t)
			writeEvents(t, db, 5)
			mine, old := outbox(t, db), db.Epoch()
			srv := natstest.New(t)
			central := startCentral(t, srv.URL())
			held := tt.central(mine)
			central.hold(held...)
			p := startPublisher(t, db, srv.URL())

			if !tt.newEpoch {
				// Only what central lacks is sent, then confirmed.
				waitFor(t, "central applies 6", func() bool { return central.applied(old) == 6 })
				waitFor(t, "confirmation", func() bool { return syncStatus(t, db).Backlog == 0 })
				checkEvents(t, central, old, mine)
				for _, m := range central.messages() {
					if m.event.Seq <= 3 {
						t.Errorf("sent %s, which central had", m.msgID)
					}
				}
				return
			}

			// A new epoch holds every event, renumbered from 1; the old
			// epoch is left as central had it.
			waitFor(t, "a new epoch", func() bool { return db.Epoch() != old })
			epoch := db.Epoch()
			waitFor(t, "central applies 6 of the new epoch",
				func() bool { return central.applied(epoch) == 6 })
			waitFor(t, "confirmation", func() bool {
				s := syncStatus(t, db)
				return s.Epoch == epoch && s.LastConfirmedSeq == 6 && s.Backlog == 0
			})
			got := central.events(epoch)
			for i, e := range mine {
				if got[i].ID != e.ID || got[i].Seq != int64(i+1) || string(got[i].Payload) != string(e.Payload) {
					t.Errorf("new epoch event %d = %+v, want %s moved from %s:%d", i+1, got[i], e.ID, old, e.Seq)
				}
			}
			checkEvents(t, central, old, held)
			for _, m := range central.messages() {
				if m.event.Epoch == old {
					t.Errorf("sent %s of the old epoch", m.msgID)
				}
			}
			if n := p.metric(t, "ocpizza_edge_sync_epoch_changes_total"); n != 1 {
				t.Errorf("epoch_changes_total = %v, want 1", n)
			}
		})
	}
}

// TestRestoredFromBackup runs a pizzeria whose database is then replaced
// by a copy taken earlier, which goes on writing. The copy starts a new
// epoch: central keeps every event of the old one, gets the copy's events
// under new numbers, and no (epoch, seq) carries two events.
func TestRestoredFromBackup(t *testing.T) {
	srv := natstest.New(t)
	central := startCentral(t, srv.URL())
	db := openDB(t)
	writeEvents(t, db, 5)
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := sqlite.Backup(context.Background(), db.Path, backup); err != nil {
		t.Fatalf("backup: %v", err)
	}

	// The original goes on, and central gets all of it.
	writeEvents(t, db, 5)
	original, epoch := outbox(t, db), db.Epoch()
	p := startPublisher(t, db, srv.URL())
	waitFor(t, "central applies 11", func() bool { return central.applied(epoch) == 11 })
	p.stop()

	// The copy is restored, takes two more orders, and connects.
	restored := openDBAt(t, backup, false)
	writeEvents(t, restored, 2)
	mine := outbox(t, restored)
	startPublisher(t, restored, srv.URL())
	waitFor(t, "a new epoch", func() bool { return restored.Epoch() != epoch })
	waitFor(t, "central applies the copy's 8", func() bool { return central.applied(restored.Epoch()) == 8 })

	checkEvents(t, central, epoch, original)
	got := central.events(restored.Epoch())
	for i, e := range mine {
		if got[i].ID != e.ID || string(got[i].Payload) != string(e.Payload) {
			t.Errorf("new epoch event %d = %s, want %s", i+1, got[i].ID, e.ID)
		}
	}
}

// TestHeartbeat checks that heartbeats report the backlog, even while
// central does not answer and nothing can be published.
func TestHeartbeat(t *testing.T) {
	db := openDB(t)
	writeEvents(t, db, 4)
	srv := natstest.New(t)
	nc := connect(t, srv.URL())
	beats := make(chan *syncproto.Heartbeat, 100)
	_, err := nc.Subscribe(syncproto.BeatSubject(testPizzeria), func(msg *nats.Msg) {
		b, err := syncproto.DecodeHeartbeat(msg.Data, testPizzeria)
		if err != nil {
			t.Errorf("heartbeat: %v", err)
			return
		}
		select {
		case beats <- b:
		default:
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	startPublisher(t, db, srv.URL())

	select {
	case b := <-beats:
		if b.Pizzeria != testPizzeria || b.Epoch != db.Epoch() || b.LastSeq != 5 || b.Backlog != 5 ||
			b.OldestPendingAt == nil || b.SentAt.Before(start.Add(-time.Second)) {
			t.Errorf("heartbeat = %+v, want a backlog of 5", b)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("no heartbeat")
	}
}
