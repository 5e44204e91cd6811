package nats_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/prometheus/client_golang/prometheus"

	centralnats "github.com/ocpizza/ocpizza/central/nats"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/natstest"
)

// startResponder runs a responder until the test ends.
func startResponder(tb testing.TB, conn *centralnats.Conn, r *centralnats.Responder) {
	tb.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	tb.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			tb.Errorf("responder: %v", err)
		}
	})
}

// hello sends data as a hello on the subject of pizzeria and decodes the
// answer.
func (e *edge) hello(subjectPizzeria string, data []byte) (*syncproto.Cursor, error) {
	msg, err := e.nc.Request(syncproto.HelloSubject(subjectPizzeria), data, 2*time.Second)
	if err != nil {
		return nil, err
	}
	var cur syncproto.Cursor
	if err := json.Unmarshal(msg.Data, &cur); err != nil {
		return nil, err
	}
	return &cur, nil
}

func (e *edge) helloData(tb testing.TB, lastSeq int64) []byte {
	tb.Helper()
	data, err := syncproto.Encode(syncproto.Hello{
		Pizzeria: e.pizzeria, Epoch: e.epoch, LastSeq: lastSeq, ProtocolVersion: syncproto.ProtocolVersion,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// beat publishes a heartbeat and flushes it.
func (e *edge) beat(tb testing.TB, subjectPizzeria string, b syncproto.Heartbeat) {
	tb.Helper()
	data, err := syncproto.Encode(b)
	if err != nil {
		tb.Fatal(err)
	}
	if err := e.nc.Publish(syncproto.BeatSubject(subjectPizzeria), data); err != nil {
		tb.Fatal(err)
	}
	if err := e.nc.Flush(); err != nil {
		tb.Fatal(err)
	}
}

func TestResponderAnswersHellosFromPostgreSQL(t *testing.T) {
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11", "lyon-2")
	srv := natstest.New(t)
	paris, lyon := newEdge(t, srv.URL(), "paris-11"), newEdge(t, srv.URL(), "lyon-2")
	paris.createStream(t)
	paris.publishRange(t, 1, 40)

	conn := connect(t, srv.URL())
	reg := prometheus.NewRegistry()
	startIngest(t, conn, db, reg, nil)
	startResponder(t, conn, centralnats.NewResponder(conn.Conn, db, testLogger(), reg))
	applied(t, db, "paris-11", 40, 10*time.Second)

	// Paris holds 45 events, central has applied 40.
	var cur *syncproto.Cursor
	checkFor(t, 5*time.Second, func() (err error) {
		cur, err = paris.hello("paris-11", paris.helloData(t, 45))
		return err
	})
	if cur.Error != nil || cur.Pizzeria != "paris-11" || cur.Epoch != paris.epoch ||
		cur.AppliedSeq != 40 || cur.Behind {
		t.Errorf("cursor %+v, want 40 applied of %s", cur, paris.epoch)
	}

	// Lyon, never heard of, starts from zero.
	cur, err := lyon.hello("lyon-2", lyon.helloData(t, 3))
	if err != nil || cur.Error != nil || cur.AppliedSeq != 0 {
		t.Errorf("lyon-2 cursor %+v, %v; want 0 applied", cur, err)
	}

	// Bad hellos are answered with their reason.
	for name, tc := range map[string]struct {
		subject string
		data    []byte
		code    string
	}{
		"malformed":        {"paris-11", []byte(`{"pizzeria": `), syncproto.CodeMalformed},
		"another pizzeria": {"paris-11", lyon.helloData(t, 3), syncproto.CodePizzeriaMismatch},
		"no version": {"paris-11", []byte(`{"pizzeria":"paris-11","epoch":"e","last_seq":1}`),
			syncproto.CodeUnsupportedVersion},
	} {
		cur, err := paris.hello(tc.subject, tc.data)
		if err != nil || cur.Error == nil || cur.Error.Code != tc.code {
			t.Errorf("%s: cursor %+v, %v; want error %s", name, cur, err, tc.code)
		}
	}
	if got := metric(t, reg, "ocpizza_central_sync_messages_total", "kind", "hello", "result", "ok"); got < 2 {
		t.Errorf("%v hellos counted ok, want 2 or more", got)
	}
	malformed := metric(t, reg, "ocpizza_central_sync_messages_total", "kind", "hello", "result", "malformed")
	if got := malformed; got != 1 {
		t.Errorf("%v malformed hellos counted, want 1", got)
	}
}

// TestResponderAnswersOnlyIntoThePizzeriasInbox sends a hello whose reply
// subject is not in the inbox of the pizzeria of its subject: central does
// not answer it, since it would publish where the pizzeria may not.
func TestResponderAnswersOnlyIntoThePizzeriasInbox(t *testing.T) {
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11")
	srv := natstest.New(t)
	paris := newEdge(t, srv.URL(), "paris-11")
	conn := connect(t, srv.URL())
	reg := prometheus.NewRegistry()
	startResponder(t, conn, centralnats.NewResponder(conn.Conn, db, testLogger(), reg))
	checkFor(t, 5*time.Second, func() error {
		_, err := paris.hello("paris-11", paris.helloData(t, 0))
		return err
	})

	// A client with the default inbox, and one asking for a reply on a
	// subject of its choice.
	plain, err := nats.Connect(srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	_, err = plain.Request(syncproto.HelloSubject("paris-11"), paris.helloData(t, 0), 200*time.Millisecond)
	if !errors.Is(err, nats.ErrTimeout) {
		t.Errorf("hello with a reply outside the inbox: %v, want no answer", err)
	}
	forged, err := plain.SubscribeSync(syncproto.DownSubject("paris-11"))
	if err != nil {
		t.Fatal(err)
	}
	if err := plain.PublishRequest(syncproto.HelloSubject("paris-11"), syncproto.DownSubject("paris-11"),
		paris.helloData(t, 0)); err != nil {
		t.Fatal(err)
	}
	checkFor(t, 5*time.Second, func() error {
		got := metric(t, reg, "ocpizza_central_sync_messages_total", "kind", "hello", "result", "invalid")
		if got != 2 {
			return fmt.Errorf("%v hellos refused, want 2", got)
		}
		return nil
	})
	if msg, err := forged.NextMsg(0); err == nil {
		t.Errorf("central answered on %s: %s", msg.Subject, msg.Data)
	}
}

func TestResponderRecordsHeartbeats(t *testing.T) {
	db := pgtest.Open(t)
	openPizzerias(t, db, "paris-11", "lyon-2")
	srv := natstest.New(t)
	paris := newEdge(t, srv.URL(), "paris-11")
	conn := connect(t, srv.URL())
	reg := prometheus.NewRegistry()
	r := centralnats.NewResponder(conn.Conn, db, testLogger(), reg)
	changed := make(chan struct{}, 16)
	r.Changed = func() {
		select {
		case changed <- struct{}{}:
		default:
		}
	}
	startResponder(t, conn, r)

	// A good heartbeat, sent until the responder is up.
	checkFor(t, 5*time.Second, func() error {
		paris.beat(t, "paris-11", syncproto.Heartbeat{
			Pizzeria: "paris-11", Epoch: paris.epoch, LastSeq: 20, Backlog: 7, SentAt: time.Now(),
		})
		if b := branch(t, db, "paris-11"); b.Backlog != 7 || !b.Online {
			return fmt.Errorf("paris-11: backlog %d, online %v; want 7 and online", b.Backlog, b.Online)
		}
		return nil
	})
	// Changed is called once the heartbeat is written, so a moment after
	// the row can be read.
	select {
	case <-changed:
	case <-time.After(5 * time.Second):
		t.Error("Changed not called after a heartbeat")
	}

	// Bad ones are counted with their code and change nothing.
	paris.beat(t, "paris-11", syncproto.Heartbeat{
		Pizzeria: "paris-11", Epoch: paris.epoch, LastSeq: 2, Backlog: 9, SentAt: time.Now(),
	})
	paris.beat(t, "paris-11", syncproto.Heartbeat{
		Pizzeria: "lyon-2", Epoch: "e", LastSeq: 2, Backlog: 1, SentAt: time.Now(),
	})
	checkFor(t, 5*time.Second, func() error {
		invalid := metric(t, reg, "ocpizza_central_sync_messages_total", "kind", "beat", "result", "invalid")
		forged := metric(t, reg, "ocpizza_central_sync_messages_total", "kind", "beat", "result", "pizzeria_mismatch")
		if invalid != 1 || forged != 1 {
			return fmt.Errorf("%v invalid and %v forged heartbeats counted, want 1 and 1", invalid, forged)
		}
		return nil
	})
	if b := branch(t, db, "paris-11"); b.Backlog != 7 {
		t.Errorf("paris-11 backlog %d after bad heartbeats, want 7", b.Backlog)
	}
	if b := branch(t, db, "lyon-2"); b.Backlog != 0 || b.Online {
		t.Errorf("lyon-2 changed by a heartbeat forged by paris-11: %+v", b)
	}
}
