package deploytest_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nats-io/nats.go"

	"github.com/ocpizza/ocpizza/syncproto"
)

// appliedSeq is what the test's central answers every hello.
const appliedSeq = 7

// serveHellos answers hellos the way ocpizza-central must, and sends every
// hello it receives on the returned channel. It answers only a reply
// subject in the inbox of the pizzeria named by the request's subject:
// the requester chooses the reply subject, and central may publish where
// pizzerias may not.
func serveHellos(tb testing.TB, c *client) <-chan *nats.Msg {
	tb.Helper()
	seen := make(chan *nats.Msg, 16)
	_, err := c.nc.Subscribe(syncproto.HelloSubjects, func(m *nats.Msg) {
		seen <- m
		id, err := syncproto.PizzeriaOfSubject(m.Subject)
		if err != nil || !strings.HasPrefix(m.Reply, syncproto.InboxPrefix(id)+".") {
			return
		}
		cur := syncproto.Cursor{Pizzeria: id}
		if h, err := syncproto.DecodeHello(m.Data, id); err != nil {
			cur.Error = &syncproto.Error{Code: syncproto.ErrorCode(err), Message: err.Error()}
		} else {
			cur.Epoch, cur.AppliedSeq = h.Epoch, appliedSeq
		}
		data, err := syncproto.Encode(cur)
		if err == nil {
			_ = m.Respond(data)
		}
	})
	if err != nil {
		tb.Fatal(err)
	}
	if err := c.nc.Flush(); err != nil {
		tb.Fatal(err)
	}
	return seen
}

// hello sends a hello naming pizzeria as the edge does, and returns
// central's answer.
func hello(tb testing.TB, c *client, subjectPizzeria, pizzeria string) (*syncproto.Cursor, error) {
	tb.Helper()
	data, err := syncproto.Encode(syncproto.Hello{
		Pizzeria: pizzeria, Epoch: "e1", LastSeq: 9, ProtocolVersion: syncproto.ProtocolVersion,
	})
	if err != nil {
		tb.Fatal(err)
	}
	reply, err := c.nc.Request(syncproto.HelloSubject(subjectPizzeria), data, waitTimeout)
	if err != nil {
		return nil, err
	}
	var cur syncproto.Cursor
	if err := json.Unmarshal(reply.Data, &cur); err != nil {
		tb.Fatalf("answer %q: %v", reply.Data, err)
	}
	return &cur, nil
}

// TestHandshake checks that a pizzeria's hello reaches central and that
// central's answer reaches the pizzeria's inbox, and no one else.
func TestHandshake(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		serveHellos(t, c)
		a := ts.connectAs(t, paris)
		b := ts.connectAs(t, lyon)

		// paris-11 tries to listen to every hello; the server refuses.
		snoop, err := a.nc.SubscribeSync(syncproto.HelloSubjects)
		if err != nil {
			t.Fatal(err)
		}
		a.waitViolation(t, "Subscription", syncproto.HelloSubjects)

		// Both pizzerias get their answer.
		for _, p := range []struct {
			id string
			c  *client
		}{{paris, a}, {lyon, b}} {
			cur, err := hello(t, p.c, p.id, p.id)
			if err != nil {
				t.Fatalf("hello of %s: %v", p.id, err)
			}
			if cur.Error != nil || cur.Pizzeria != p.id || cur.AppliedSeq != appliedSeq {
				t.Fatalf("answer to %s: %+v", p.id, cur)
			}
		}
		b.noViolation(t)
		c.noViolation(t)

		// lyon-2's hello, delivered before its answer, did not reach paris-11:
		// the flush returns after anything sent to paris-11 before it.
		if err := a.nc.Flush(); err != nil {
			t.Fatal(err)
		}
		if n, _, _ := snoop.Pending(); n != 0 {
			t.Fatalf("paris-11 read %d hellos of others", n)
		}
	})
}

// TestHandshakeForgedPizzeria checks that central refuses a hello naming
// another pizzeria than its subject, the only one a pizzeria may use.
func TestHandshakeForgedPizzeria(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		serveHellos(t, c)
		a := ts.connectAs(t, paris)

		cur, err := hello(t, a, paris, lyon)
		if err != nil {
			t.Fatal(err)
		}
		if cur.Error == nil || cur.Error.Code != syncproto.CodePizzeriaMismatch || cur.AppliedSeq != 0 {
			t.Fatalf("answer to a hello naming lyon-2 on paris-11's subject: %+v", cur)
		}
	})
}

// TestHandshakeNeedsPizzeriaInbox checks that an edge must connect with
// its own inbox prefix: the common _INBOX is central's, and the answer
// could not reach it.
func TestHandshakeNeedsPizzeriaInbox(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		serveHellos(t, c)
		a := ts.connectAs(t, paris, nats.CustomInboxPrefix("_INBOX"))

		data, _ := syncproto.Encode(syncproto.Hello{Pizzeria: paris, Epoch: "e1", ProtocolVersion: 1})
		if _, err := a.nc.Request(syncproto.HelloSubject(paris), data, 500*time.Millisecond); err == nil {
			t.Fatal("answer received in the common inbox")
		}
		a.waitViolation(t, "Subscription", "_INBOX.")
	})
}

// TestReplySubjectIsTheRequesters shows why central checks the reply
// subject of a hello: a pizzeria chooses it, and central may publish where
// pizzerias may not. nats-server 2.15 refuses reply subjects under
// $JS. from clients; 2.9 lets them through to central.
func TestReplySubjectIsTheRequesters(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		createStreams(t, c)
		seen := serveHellos(t, c)
		a := ts.connectAs(t, paris)

		forged := []string{
			syncproto.DownSubject(lyon),                   // a command to lyon-2
			"$JS.API.STREAM.DELETE." + syncproto.UpStream, // deleting the up stream
		}
		data, _ := syncproto.Encode(syncproto.Hello{Pizzeria: paris, Epoch: "e1", ProtocolVersion: 1})
		for _, reply := range forged {
			if err := a.nc.PublishRequest(syncproto.HelloSubject(paris), reply, data); err != nil {
				t.Fatal(err)
			}
			refusal := fmt.Sprintf("Permissions Violation for Publish with Reply of %q", reply)
			checkFor(t, waitTimeout, func() error {
				select {
				case m := <-seen:
					if m.Reply != reply {
						t.Fatalf("central sees reply subject %q, want %q", m.Reply, reply)
					}
					return nil
				default:
					if a.hasError(refusal) {
						return nil // nats-server 2.15
					}
					return fmt.Errorf("hello with reply subject %q neither seen nor refused", reply)
				}
			})
		}

		// Central answers hellos in order: once it has answered the next
		// one, it has dealt with the forged ones.
		if _, err := hello(t, a, paris, paris); err != nil {
			t.Fatal(err)
		}
		if n := subjectMsgs(t, c, syncproto.DownStream, syncproto.DownSubject(lyon)); n != 0 {
			t.Errorf("%d commands for lyon-2, want none", n)
		}
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		if _, err := c.js.Stream(ctx, syncproto.UpStream); err != nil {
			t.Errorf("up stream: %v", err)
		}
		c.noViolation(t)
	})
}

// TestPizzeriaCannotRedirectItsCommands checks that a pizzeria pulling its
// commands with the up subject of another pizzeria as the reply subject
// does not write them into the up stream under that pizzeria's name.
func TestPizzeriaCannotRedirectItsCommands(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		createStreams(t, c)
		a := ts.connectAs(t, paris)
		ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
		defer cancel()
		if _, err := c.js.Publish(ctx, syncproto.DownSubject(paris), []byte(`{}`)); err != nil {
			t.Fatal(err)
		}

		// The command is delivered to the forged reply subject.
		consumer := syncproto.DownStream + ".edge-" + paris
		err := a.nc.PublishRequest("$JS.API.CONSUMER.MSG.NEXT."+consumer, syncproto.UpSubject(lyon),
			[]byte(`{"batch":1}`))
		if err != nil {
			t.Fatal(err)
		}
		cons, err := c.js.Consumer(ctx, syncproto.DownStream, "edge-"+paris)
		if err != nil {
			t.Fatal(err)
		}
		checkFor(t, waitTimeout, func() error {
			info, err := cons.Info(ctx)
			if err == nil && info.Delivered.Stream != 1 {
				err = fmt.Errorf("command not delivered: %+v", info.Delivered)
			}
			return err
		})

		// A publish acked after it shows that the stream has taken in what
		// came before (JetStream gives no stronger guarantee across
		// connections), and lyon-2's subject is empty.
		if _, err := a.js.Publish(ctx, syncproto.UpSubject(paris), []byte(`{}`)); err != nil {
			t.Fatal(err)
		}
		if n := subjectMsgs(t, c, syncproto.UpStream, syncproto.UpSubject(lyon)); n != 0 {
			t.Fatalf("%d messages on lyon-2's up subject, want none", n)
		}
		a.noViolation(t)
	})
}

// TestHeartbeat checks that a pizzeria's heartbeats reach central.
func TestHeartbeat(t *testing.T) {
	eachServer(t, func(t *testing.T, ts *testServer) {
		c := ts.connectAs(t, central)
		beats, err := c.nc.SubscribeSync(syncproto.BeatSubjects)
		if err != nil {
			t.Fatal(err)
		}
		c.noViolation(t)
		a := ts.connectAs(t, paris)

		data, _ := syncproto.Encode(syncproto.Heartbeat{
			Pizzeria: paris, Epoch: "e1", LastSeq: 9, Backlog: 2, SentAt: time.Now(),
		})
		if err := a.nc.Publish(syncproto.BeatSubject(paris), data); err != nil {
			t.Fatal(err)
		}
		m, err := beats.NextMsg(waitTimeout)
		if err != nil {
			t.Fatalf("no heartbeat: %v", err)
		}
		id, err := syncproto.PizzeriaOfSubject(m.Subject)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := syncproto.DecodeHeartbeat(m.Data, id); err != nil || id != paris {
			t.Fatalf("heartbeat on %s: %v", m.Subject, err)
		}
		a.noViolation(t)
	})
}
