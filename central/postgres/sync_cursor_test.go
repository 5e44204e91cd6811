package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestCursor answers hellos: what central applied of the epoch, whether
// the pizzeria is behind it, and a protocol error for a pizzeria central
// does not know.
func TestCursor(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	o := newOutbox(t, "paris-11", "epoch-1")
	events := storyEvents(o, newUUID())[:3]
	apply(t, db, batchOf(t, events...)...)

	hello := func(pizzeria, epoch string, lastSeq int64) *syncproto.Hello {
		return &syncproto.Hello{Pizzeria: pizzeria, Epoch: epoch, LastSeq: lastSeq,
			ProtocolVersion: syncproto.ProtocolVersion}
	}
	tests := []struct {
		name  string
		hello *syncproto.Hello
		want  syncproto.Cursor // Error compared by code
	}{
		{"in step", hello("paris-11", "epoch-1", 3),
			syncproto.Cursor{AppliedSeq: 3, AppliedEventID: events[2].ID}},
		{"events to send", hello("paris-11", "epoch-1", 10),
			syncproto.Cursor{AppliedSeq: 3, AppliedEventID: events[2].ID}},
		{"restored from an older copy", hello("paris-11", "epoch-1", 2),
			syncproto.Cursor{AppliedSeq: 3, AppliedEventID: events[2].ID, Behind: true}},
		{"new epoch", hello("paris-11", "epoch-2", 0), syncproto.Cursor{}},
		{"unregistered pizzeria", hello("nantes-1", "epoch-1", 5),
			syncproto.Cursor{Error: &syncproto.Error{Code: syncproto.CodeUnknownPizzeria}}},
		{"invalid hello", hello("paris-11", "", 5),
			syncproto.Cursor{Error: &syncproto.Error{Code: syncproto.CodeInvalid}}},
		{"epoch PostgreSQL cannot store", hello("paris-11", "epoch\x00", 5),
			syncproto.Cursor{Error: &syncproto.Error{Code: syncproto.CodeInvalid}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cur, err := db.Cursor(context.Background(), tt.hello)
			if err != nil {
				t.Fatal(err)
			}
			if cur.Pizzeria != tt.hello.Pizzeria || cur.Epoch != tt.hello.Epoch {
				t.Fatalf("cursor for %s/%s", cur.Pizzeria, cur.Epoch)
			}
			if (cur.Error == nil) != (tt.want.Error == nil) ||
				cur.Error != nil && cur.Error.Code != tt.want.Error.Code {
				t.Fatalf("error = %v, want %v", cur.Error, tt.want.Error)
			}
			if cur.AppliedSeq != tt.want.AppliedSeq || cur.AppliedEventID != tt.want.AppliedEventID ||
				cur.Behind != tt.want.Behind {
				t.Fatalf("cursor = %+v, want %+v", cur, tt.want)
			}
		})
	}

	// The hello of the new epoch shows on the console before any event.
	if b := branch(t, db, "paris-11"); b.Epoch != "epoch-2" || b.Epochs != 2 || b.LastSeq != 0 {
		t.Fatalf("branch epoch %s of %d at %d, want epoch-2 of 2 at 0", b.Epoch, b.Epochs, b.LastSeq)
	}
}

// TestRecordHeartbeat keeps the latest heartbeat of each pizzeria.
func TestRecordHeartbeat(t *testing.T) {
	db, _ := openSyncDB(t, "paris-11")
	ctx := context.Background()
	beat := func(lastSeq, backlog int64, sentAt time.Time) *syncproto.Heartbeat {
		return &syncproto.Heartbeat{Pizzeria: "paris-11", Epoch: "epoch-1", LastSeq: lastSeq,
			Backlog: backlog, SentAt: sentAt}
	}
	if err := db.RecordHeartbeat(ctx, beat(10, 4, syncStart)); err != nil {
		t.Fatal(err)
	}
	if err := db.RecordHeartbeat(ctx, beat(12, 2, syncStart.Add(5*time.Second))); err != nil {
		t.Fatal(err)
	}
	// One that was overtaken on the way changes nothing.
	if err := db.RecordHeartbeat(ctx, beat(11, 3, syncStart.Add(time.Second))); err != nil {
		t.Fatal(err)
	}
	if b := branch(t, db, "paris-11"); b.Backlog != 2 {
		t.Fatalf("backlog = %d, want 2 from the latest heartbeat", b.Backlog)
	}

	unknown := beat(1, 0, syncStart)
	unknown.Pizzeria = "nantes-1"
	if code := central.ErrorCode(db.RecordHeartbeat(ctx, unknown)); code != central.ENOTFOUND {
		t.Fatalf("heartbeat of an unregistered pizzeria: code %q, want not found", code)
	}
	tooMany := beat(1, 5, syncStart)
	if code := central.ErrorCode(db.RecordHeartbeat(ctx, tooMany)); code != central.EINVALID {
		t.Fatalf("heartbeat with a backlog over its sequence: code %q, want invalid", code)
	}
}
