package nats_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/ocpizza/ocpizza/central"
	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestIngestAppliesValidEventsAndDeadLettersTheRest publishes the events
// of two pizzerias with a malformed message and a forged event among them:
// the valid events are applied, the other two dead-lettered, and every
// message acknowledged.
func TestIngestAppliesValidEventsAndDeadLettersTheRest(t *testing.T) {
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11", "lyon-2")
	srv := natstest.New(t)
	paris, lyon := newEdge(t, srv.URL(), "paris-11"), newEdge(t, srv.URL(), "lyon-2")
	paris.createStream(t)

	// Paris's events with the two bad messages in the middle, then Lyon's.
	paris.publishRange(t, 1, 150)
	paris.publishRaw(t, []byte(`{"id": "not an event`))
	forged := lyon.event(t, 1)
	forged.Seq = 99
	data, err := syncproto.Encode(forged)
	if err != nil {
		t.Fatal(err)
	}
	paris.publishRaw(t, data) // Lyon's event on Paris's subject
	paris.publishRange(t, 151, 300)
	lyon.publishRange(t, 1, 120)

	conn := connect(t, srv.URL())
	reg := prometheus.NewRegistry()
	startIngest(t, conn, db, reg, nil)

	consumerDone(t, paris.js, 20*time.Second)
	applied(t, db, "paris-11", 300, time.Second)
	applied(t, db, "lyon-2", 120, time.Second)

	// Projected once each, and the forged event nowhere but in the dead
	// letters.
	if n := count(t, db, `SELECT count(*) FROM stock_movements`); n != 420 {
		t.Errorf("%d stock movements, want 420", n)
	}
	if n := count(t, db, `SELECT max(on_hand) FROM stock_levels WHERE pizzeria_id = 'paris-11'`); n != 300_000 {
		t.Errorf("paris-11 has %d g of flour, want 300000", n)
	}
	if n := count(t, db, `SELECT count(*) FROM events WHERE id = $1`, forged.ID); n != 0 {
		t.Error("the forged event is in the log")
	}
	var codes []string
	rows, err := db.Pool.Query(context.Background(), `SELECT code FROM dead_letters ORDER BY code`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var code string
		if err := rows.Scan(&code); err != nil {
			t.Fatal(err)
		}
		codes = append(codes, code)
	}
	if want := []string{"malformed", "pizzeria_mismatch"}; !slices.Equal(codes, want) {
		t.Errorf("dead letters %v, want %v", codes, want)
	}

	// The metrics say the same.
	for name, want := range map[string]float64{
		"ocpizza_central_ingest_events_total":       420,
		"ocpizza_central_ingest_dead_letters_total": 2,
		"ocpizza_central_ingest_duplicates_total":   0,
		"ocpizza_central_ingest_errors_total":       0,
	} {
		if got := metric(t, reg, name); got != want {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	if metric(t, reg, "ocpizza_central_ingest_batches_total") < 1 ||
		metric(t, reg, "ocpizza_central_ingest_batch_seconds") < 1 {
		t.Error("no batch counted")
	}
}

// killedAfterCommit commits its first batch and then kills the ingest's
// connection before the ingest can acknowledge anything, as a central
// process killed between commit and ack.
type killedAfterCommit struct {
	central.SyncService
	kill func()

	mu        sync.Mutex
	committed int
}

func (s *killedAfterCommit) ApplyBatch(ctx context.Context, batch []central.Received) (
	central.BatchResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.committed > 0 {
		// Dead: a process killed applies nothing more, whatever its
		// goroutines still had in hand.
		return central.BatchResult{}, errors.New("killed")
	}
	res, err := s.SyncService.ApplyBatch(ctx, batch)
	if err != nil {
		return res, err
	}
	s.committed = len(batch)
	s.kill()
	return central.BatchResult{}, errors.New("killed after commit")
}

// TestIngestKilledBetweenCommitAndAck kills the ingest after its first
// batch committed and before it acked, then starts another: the first
// batch is delivered again, found applied, and every event is applied
// once.
func TestIngestKilledBetweenCommitAndAck(t *testing.T) {
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11")
	srv := natstest.New(t)
	paris := newEdge(t, srv.URL(), "paris-11")
	paris.createStream(t)
	paris.publishRange(t, 1, 1500)

	// A short AckWait, so that the messages of the dead ingest come back
	// soon.
	tune := func(in *centralnats.Ingest) {
		in.BatchSize = 400
		in.Consumer.AckWait = time.Second
	}

	// The first ingest commits one batch and dies.
	first := connect(t, srv.URL())
	killed := &killedAfterCommit{SyncService: db, kill: first.Conn.Close}
	_, stop := startIngest(t, first, killed, prometheus.NewRegistry(), tune)
	checkFor(t, 10*time.Second, func() error {
		killed.mu.Lock()
		defer killed.mu.Unlock()
		if killed.committed == 0 {
			return errors.New("no batch committed yet")
		}
		return nil
	})
	stop()
	applied(t, db, "paris-11", int64(killed.committed), time.Second)

	// The second takes over, from the unacknowledged batch.
	reg := prometheus.NewRegistry()
	startIngest(t, connect(t, srv.URL()), db, reg, tune)
	consumerDone(t, paris.js, 20*time.Second)
	applied(t, db, "paris-11", 1500, time.Second)
	if n := count(t, db, `SELECT count(*) FROM stock_movements`); n != 1500 {
		t.Errorf("%d stock movements, want 1500", n)
	}
	if got := metric(t, reg, "ocpizza_central_ingest_duplicates_total"); got != float64(killed.committed) {
		t.Errorf("%v duplicates, want the %d events of the killed batch", got, killed.committed)
	}
	if got := metric(t, reg, "ocpizza_central_ingest_events_total"); got != float64(1500-killed.committed) {
		t.Errorf("%v new events, want %d", got, 1500-killed.committed)
	}
}

// TestIngestStoppedMidStreamAndRestarted stops the ingest after its first
// batch and starts a new one in the same process: everything is applied
// once, and the metrics go on counting on the same series.
func TestIngestStoppedMidStreamAndRestarted(t *testing.T) {
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11", "lyon-2")
	srv := natstest.New(t)
	paris, lyon := newEdge(t, srv.URL(), "paris-11"), newEdge(t, srv.URL(), "lyon-2")
	paris.createStream(t)
	paris.publishRange(t, 1, 800)
	lyon.publishRange(t, 1, 800)

	conn := connect(t, srv.URL())
	reg := prometheus.NewRegistry()
	small := func(in *centralnats.Ingest) { in.BatchSize = 100 }
	_, stop := startIngest(t, conn, db, reg, small)
	checkFor(t, 10*time.Second, func() error {
		if metric(t, reg, "ocpizza_central_ingest_batches_total") == 0 {
			return errors.New("no batch yet")
		}
		return nil
	})
	stop()
	if b := branch(t, db, "paris-11"); b.LastSeq == 800 && branch(t, db, "lyon-2").LastSeq == 800 {
		t.Log("the ingest finished before it was stopped; the restart has nothing left")
	}

	startIngest(t, conn, db, reg, small)
	consumerDone(t, paris.js, 20*time.Second)
	applied(t, db, "paris-11", 800, time.Second)
	applied(t, db, "lyon-2", 800, time.Second)
	if got := metric(t, reg, "ocpizza_central_ingest_events_total"); got != 1600 {
		t.Errorf("%v events counted over both runs, want 1600", got)
	}
	if n := count(t, db, `SELECT count(*) FROM events`); n != 1600 {
		t.Errorf("%d events in the log, want 1600", n)
	}
}

// TestIngestThroughNATSRestart restarts the NATS server in the middle of
// a catch-up: the ingest reconnects and finishes.
func TestIngestThroughNATSRestart(t *testing.T) {
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11")
	srv := natstest.New(t)
	paris := newEdge(t, srv.URL(), "paris-11")
	paris.createStream(t)
	paris.publishRange(t, 1, 3000)

	conn := connect(t, srv.URL())
	reg := prometheus.NewRegistry()
	// A restarted server may have lost the last acks it received (it
	// saves consumer state asynchronously) and deliver those messages again
	// after AckWait: keep that wait short.
	startIngest(t, conn, db, reg, func(in *centralnats.Ingest) {
		in.BatchSize = 50
		in.Consumer.AckWait = 2 * time.Second
	})
	checkFor(t, 10*time.Second, func() error {
		if branch(t, db, "paris-11").LastSeq == 0 {
			return errors.New("nothing applied yet")
		}
		return nil
	})
	srv.Restart()

	applied(t, db, "paris-11", 3000, 30*time.Second)
	consumerDone(t, paris.js, 20*time.Second)
	if n := count(t, db, `SELECT count(*) FROM stock_movements`); n != 3000 {
		t.Errorf("%d stock movements, want 3000", n)
	}
}

// poisoned fails every batch that holds a given event, until cured: a
// batch that ApplyBatch cannot apply, such as a bug would make.
type poisoned struct {
	central.SyncService
	mu     sync.Mutex
	poison string // event id
}

func (s *poisoned) ApplyBatch(ctx context.Context, batch []central.Received) (central.BatchResult, error) {
	s.mu.Lock()
	poison := s.poison
	s.mu.Unlock()
	for _, r := range batch {
		if r.Event != nil && r.Event.ID == poison {
			return central.BatchResult{}, errors.New("poisoned batch")
		}
	}
	return s.SyncService.ApplyBatch(ctx, batch)
}

func (s *poisoned) cure() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.poison = ""
}

// TestIngestIsolatesABatchThatFails makes every batch holding one of
// Lyon's events fail: Paris's events all go through, Lyon's stop before
// that event, and once the fault is gone Lyon catches up.
func TestIngestIsolatesABatchThatFails(t *testing.T) {
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11", "lyon-2")
	srv := natstest.New(t)
	paris, lyon := newEdge(t, srv.URL(), "paris-11"), newEdge(t, srv.URL(), "lyon-2")
	paris.createStream(t)
	bad := lyon.event(t, 50)
	lyon.publishRange(t, 1, 49)
	lyon.publish(t, bad)
	lyon.publishRange(t, 51, 100)
	paris.publishRange(t, 1, 300)

	svc := &poisoned{SyncService: db, poison: bad.ID}
	reg := prometheus.NewRegistry()
	startIngest(t, connect(t, srv.URL()), svc, reg, nil)

	applied(t, db, "paris-11", 300, 20*time.Second)
	applied(t, db, "lyon-2", 49, 5*time.Second)
	if got := metric(t, reg, "ocpizza_central_ingest_errors_total", "stage", "apply"); got == 0 {
		t.Error("no apply error counted")
	}
	checkFor(t, 10*time.Second, func() error {
		if b := branch(t, db, "lyon-2"); b.Gaps == 0 {
			return fmt.Errorf("lyon-2 shows no gap while its event 50 is missing: %+v", b)
		}
		return nil
	})

	svc.cure()
	applied(t, db, "lyon-2", 100, 30*time.Second)
	consumerDone(t, paris.js, 20*time.Second)
}

// TestIngestCreatesStreamAndConsumer starts the ingest on an empty server:
// it creates the stream and its durable consumer as syncproto defines
// them.
func TestIngestCreatesStreamAndConsumer(t *testing.T) {
	db := pgtest.Open(t)
	srv := natstest.New(t)
	conn := connect(t, srv.URL())
	startIngest(t, conn, db, prometheus.NewRegistry(), nil)

	js, err := jetstream.New(conn.Conn)
	if err != nil {
		t.Fatal(err)
	}
	checkFor(t, 5*time.Second, func() error {
		cons, err := js.Consumer(context.Background(), "OCPIZZA_UP", "central-ingest")
		if err != nil {
			return err
		}
		cfg := cons.CachedInfo().Config
		if cfg.FilterSubject != "ocpizza.up.*" || cfg.AckPolicy != jetstream.AckExplicitPolicy {
			t.Fatalf("consumer config %+v", cfg)
		}
		return nil
	})
}
