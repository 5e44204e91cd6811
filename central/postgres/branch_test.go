package postgres_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestFindBranches checks every figure of the console for three
// pizzerias: one never heard of, one offline, and one online with a gap,
// a dead letter, a divergence and a backlog.
func TestFindBranches(t *testing.T) {
	db, clock := openSyncDB(t, "lyon-1", "paris-11", "paris-15")
	ctx := context.Background()

	// paris-15 sent two events and a heartbeat, then went quiet.
	p15 := newOutbox(t, "paris-15", "epoch-a")
	apply(t, db, batchOf(t, storyEvents(p15, newUUID())[:2]...)...)
	appliedAt15 := clock.now
	mustBeat(t, db, &syncproto.Heartbeat{Pizzeria: "paris-15", Epoch: "epoch-a", LastSeq: 2,
		SentAt: clock.now})
	clock.now = clock.now.Add(10 * time.Minute)

	// paris-11 restarted its epoch; its new one has events 1 to 3 applied
	// and 5 held behind the missing 4, a dead letter and a divergence; the
	// edge reports 8 events of which 5 unconfirmed.
	old := newOutbox(t, "paris-11", "epoch-old")
	apply(t, db, batchOf(t, old.stock(movement("pate", "receipt", 1, 1, "")))...)
	clock.now = clock.now.Add(time.Minute)
	o := newOutbox(t, "paris-11", "epoch-new")
	events := storyEvents(o, newUUID())
	apply(t, db, batchOf(t, events[0], events[1], events[2], events[4])...)
	appliedAt11 := clock.now
	forged := *events[0]
	forged.ID = newUUID()
	apply(t, db, batchOf(t, &forged)...)
	apply(t, db, central.Received{Subject: syncproto.UpSubject("paris-11"), Pizzeria: "paris-11",
		Data: []byte("{"), Err: &syncproto.Error{Code: syncproto.CodeMalformed, Message: "EOF"}})
	clock.now = clock.now.Add(20 * time.Second)
	mustBeat(t, db, &syncproto.Heartbeat{Pizzeria: "paris-11", Epoch: "epoch-new", LastSeq: 8,
		Backlog: 5, SentAt: clock.now})
	beatAt11 := clock.now
	clock.now = clock.now.Add(5 * time.Second)

	branches, err := db.FindBranches(ctx)
	if err != nil {
		t.Fatal(err)
	}
	at := func(t time.Time) *time.Time { return &t }
	// The newest event applied of paris-11's epoch is event 3, made at
	// syncStart+3s on the edge's clock.
	lag := clock.now.Sub(syncStart.Add(3 * time.Second)).Seconds()
	want := []central.Branch{
		{ID: "lyon-1", Name: "Pizzeria lyon-1"},
		{ID: "paris-11", Name: "Pizzeria paris-11", Online: true, LastSeenAt: at(beatAt11),
			Epoch: "epoch-new", Epochs: 2, LastSeq: 3, Backlog: 5, LagSeconds: lag, Gaps: 1,
			DeadLetters: 1, Divergences: 1, LastAppliedAt: at(appliedAt11)},
		{ID: "paris-15", Name: "Pizzeria paris-15", LastSeenAt: at(appliedAt15),
			Epoch: "epoch-a", Epochs: 1, LastSeq: 2, LastAppliedAt: at(appliedAt15)},
	}
	if len(branches) != len(want) {
		t.Fatalf("%d branches, want %d", len(branches), len(want))
	}
	for i, b := range branches {
		if !sameBranch(b, &want[i]) {
			t.Errorf("branch %d = %s\nwant %s", i, showBranch(b), showBranch(&want[i]))
		}
	}
}

// TestFindBranchesLagWithoutApplied reports, for an epoch with nothing
// applied yet, the age of the oldest event the pizzeria has pending.
func TestFindBranchesLagWithoutApplied(t *testing.T) {
	db, clock := openSyncDB(t, "paris-11")
	oldest := syncStart.Add(-time.Minute)
	mustBeat(t, db, &syncproto.Heartbeat{Pizzeria: "paris-11", Epoch: "epoch-1", LastSeq: 4, Backlog: 4,
		OldestPendingAt: &oldest, SentAt: clock.now})
	if b := branch(t, db, "paris-11"); b.LagSeconds != 60 || !b.Online || b.Backlog != 4 {
		t.Fatalf("branch = %s, want online, backlog 4 and 60 s of lag", showBranch(b))
	}
}

// mustBeat records a heartbeat.
func mustBeat(tb testing.TB, db *postgres.DB, beat *syncproto.Heartbeat) {
	tb.Helper()
	if err := db.RecordHeartbeat(context.Background(), beat); err != nil {
		tb.Fatal(err)
	}
}

// sameBranch compares branches, their times by instant.
func sameBranch(a, b *central.Branch) bool {
	sameTime := func(x, y *time.Time) bool {
		return x == nil && y == nil || x != nil && y != nil && x.Equal(*y)
	}
	x, y := *a, *b
	x.LastSeenAt, y.LastSeenAt, x.LastAppliedAt, y.LastAppliedAt = nil, nil, nil, nil
	return x == y && sameTime(a.LastSeenAt, b.LastSeenAt) && sameTime(a.LastAppliedAt, b.LastAppliedAt)
}

// showBranch prints a branch with its times readable.
func showBranch(b *central.Branch) string {
	show := func(t *time.Time) string {
		if t == nil {
			return "nil"
		}
		return t.Format(time.RFC3339)
	}
	c := *b
	c.LastSeenAt, c.LastAppliedAt = nil, nil
	return fmt.Sprintf("%+v seen %s applied %s", c, show(b.LastSeenAt), show(b.LastAppliedAt))
}
