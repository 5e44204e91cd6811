package nats_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/nats-io/nats.go/jetstream"
	"github.com/prometheus/client_golang/prometheus"

	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// TestReplayUpAfterARestore is the restore of central: an ingest applied
// a pizzeria's events; ReplayUp refuses while it runs, deletes its
// consumer once it is stopped, and a central on an empty database (a
// restore from before every event) then applies them all again.
func TestReplayUpAfterARestore(t *testing.T) {
	srv := natstest.New(t)
	paris := newEdge(t, srv.URL(), "paris-11")
	paris.createStream(t)
	paris.publishRange(t, 1, 40)

	// Central applies them, and stays running.
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11")
	conn := connect(t, srv.URL())
	_, stop := startIngest(t, conn, db, prometheus.NewRegistry(), nil)
	consumerDone(t, paris.js, 20*time.Second)
	applied(t, db, "paris-11", 40, time.Second)

	// Refused while it runs: the consumer is still there.
	nc, err := centralnats.DialOnce(srv.URL(), "", "test replay")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	ctx := context.Background()
	if _, err := centralnats.ReplayUp(ctx, nc); !errors.Is(err, centralnats.ErrIngestRunning) {
		t.Fatalf("replay with the ingest running: %v, want ErrIngestRunning", err)
	}
	if _, err := paris.js.Consumer(ctx, syncproto.UpStream, syncproto.IngestConsumer); err != nil {
		t.Fatalf("consumer after a refused replay: %v", err)
	}

	// Stopped: deleted, with the whole stream to apply again.
	stop()
	r, err := centralnats.ReplayUp(ctx, nc)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Deleted || r.Events != 40 || r.First.IsZero() {
		t.Errorf("replay: %+v, want the consumer deleted and 40 events", r)
	}
	_, err = paris.js.Consumer(ctx, syncproto.UpStream, syncproto.IngestConsumer)
	if !errors.Is(err, jetstream.ErrConsumerNotFound) {
		t.Fatalf("consumer after the replay: %v, want not found", err)
	}

	// Again: nothing left to delete, which is no error.
	if r, err := centralnats.ReplayUp(ctx, nc); err != nil || r.Deleted || r.Events != 40 {
		t.Errorf("second replay: %+v, %v", r, err)
	}

	// The restored central, on a database that lacks every event, gets
	// them all from the stream.
	restored := pgtest.Open(t)
	openPizzerias(t, restored, "paris-11")
	startIngest(t, connect(t, srv.URL()), restored, prometheus.NewRegistry(), nil)
	applied(t, restored, "paris-11", 40, 20*time.Second)
}

func TestReplayUpWithoutStream(t *testing.T) {
	srv := natstest.New(t)
	nc, err := centralnats.DialOnce(srv.URL(), "", "test replay")
	if err != nil {
		t.Fatal(err)
	}
	defer nc.Close()
	_, err = centralnats.ReplayUp(context.Background(), nc)
	if !errors.Is(err, jetstream.ErrStreamNotFound) {
		t.Errorf("replay on a server without the up stream: %v, want stream not found", err)
	}

	// A server that is not there fails at once.
	if _, err := centralnats.DialOnce(natstest.Unstarted(t).URL(), "", "test"); err == nil {
		t.Error("dial of a stopped server: no error")
	}
}
