package sqlite_test

import (
	"slices"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
)

// writeEvents records n receipts of one dough ball, each one outbox event,
// and returns the whole outbox after them.
func writeEvents(tb testing.TB, db *sqlite.DB, n int) []*syncproto.Event {
	tb.Helper()
	for range n {
		receive(tb, db, map[string]int64{"pate": 1})
	}
	return outbox(tb, db)
}

// syncStatus returns the outbox position, failing the test on error.
func syncStatus(tb testing.TB, db *sqlite.DB) *edge.SyncStatus {
	tb.Helper()
	s, err := db.SyncStatus(tb.Context())
	if err != nil {
		tb.Fatalf("sync status: %v", err)
	}
	return s
}

// seqs returns the sequences of events, in their order.
func seqs(events []*syncproto.Event) []int64 {
	var out []int64
	for _, e := range events {
		out = append(out, e.Seq)
	}
	return out
}

func TestConfirm(t *testing.T) {
	db := openTestDB(t) // the catalog import is event 1
	ctx := t.Context()
	epoch := db.Epoch()
	writeEvents(t, db, 4)

	steps := []struct {
		name          string
		epoch         string
		applied       int64
		wantConfirmed int64
		wantSeqs      []int64 // left in the outbox
	}{
		{"nothing applied", epoch, 0, 0, []int64{1, 2, 3, 4, 5}},
		{"first two", epoch, 2, 2, []int64{3, 4, 5}},
		{"never backwards", epoch, 1, 2, []int64{3, 4, 5}},
		{"another epoch changes nothing", "0190aaaa-0000-7000-8000-000000000000", 5, 2, []int64{3, 4, 5}},
		{"never past the last sequence", epoch, 9, 5, nil},
	}
	for _, step := range steps {
		if err := db.Confirm(ctx, step.epoch, step.applied); err != nil {
			t.Fatalf("%s: confirm: %v", step.name, err)
		}
		s := syncStatus(t, db)
		if s.LastConfirmedSeq != step.wantConfirmed || s.LastSeq != 5 ||
			s.Backlog != 5-step.wantConfirmed {
			t.Errorf("%s: status = %+v, want confirmed %d of 5", step.name, s, step.wantConfirmed)
		}
		if got := seqs(outbox(t, db)); !slices.Equal(got, step.wantSeqs) {
			t.Errorf("%s: outbox holds %v, want %v", step.name, got, step.wantSeqs)
		}
	}

	// New events follow on, and are pending.
	events := writeEvents(t, db, 1)
	if len(events) != 1 || events[0].Seq != 6 || events[0].Epoch != epoch {
		t.Fatalf("outbox after one more event = %v, want seq 6 of %s", seqs(events), epoch)
	}
	if s := syncStatus(t, db); s.Backlog != 1 || s.OldestPendingAt == nil {
		t.Errorf("status = %+v, want a backlog of one with its time", s)
	}
}

func TestOutboxEventAt(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	events := writeEvents(t, db, 2)

	for _, e := range events {
		id, ok, err := db.OutboxEventAt(ctx, e.Epoch, e.Seq)
		if err != nil || !ok || id != e.ID {
			t.Errorf("event at %d = %q, %v, %v; want %s", e.Seq, id, ok, err, e.ID)
		}
	}
	for _, miss := range []struct {
		epoch string
		seq   int64
	}{{db.Epoch(), 4}, {"another", 1}} {
		if id, ok, err := db.OutboxEventAt(ctx, miss.epoch, miss.seq); err != nil || ok {
			t.Errorf("event at %s:%d = %q, %v, %v; want none", miss.epoch, miss.seq, id, ok, err)
		}
	}

	// A confirmed event is gone.
	if err := db.Confirm(ctx, db.Epoch(), 1); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := db.OutboxEventAt(ctx, db.Epoch(), 1); err != nil || ok {
		t.Errorf("confirmed event still found: %v, %v", ok, err)
	}
}

func TestStartNewEpoch(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	old := db.Epoch()
	before := writeEvents(t, db, 5) // 1..6
	if err := db.Confirm(ctx, old, 2); err != nil {
		t.Fatal(err)
	}

	epoch, err := db.StartNewEpoch(ctx)
	if err != nil {
		t.Fatalf("start new epoch: %v", err)
	}
	if epoch == old || epoch == "" || db.Epoch() != epoch {
		t.Fatalf("new epoch = %q (Epoch() %q), want a new one, not %s", epoch, db.Epoch(), old)
	}

	// The four unconfirmed events moved, numbered 1..4, content unchanged.
	after := outbox(t, db)
	if got := seqs(after); !slices.Equal(got, []int64{1, 2, 3, 4}) {
		t.Fatalf("outbox after new epoch = %v, want 1..4", got)
	}
	for i, e := range after {
		was := before[i+2]
		if e.Epoch != epoch || e.ID != was.ID || e.Type != was.Type ||
			string(e.Payload) != string(was.Payload) || !e.OccurredAt.Equal(was.OccurredAt) {
			t.Errorf("event %d = %+v, want %+v moved into %s", e.Seq, e, was, epoch)
		}
	}
	s := syncStatus(t, db)
	if s.Epoch != epoch || s.LastSeq != 4 || s.LastConfirmedSeq != 0 || s.Backlog != 4 {
		t.Errorf("status = %+v, want epoch %s, last 4, none confirmed", s, epoch)
	}

	// The next event continues the new epoch; nothing of the old one is
	// left to be sent again.
	events := writeEvents(t, db, 1)
	last := events[len(events)-1]
	if last.Seq != 5 || last.Epoch != epoch {
		t.Errorf("next event = %s:%d, want %s:5", last.Epoch, last.Seq, epoch)
	}
	if _, ok, _ := db.OutboxEventAt(ctx, old, 3); ok {
		t.Error("an event of the old epoch is still in the outbox")
	}

	// The epoch stays when the database is reopened.
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	reopened := openDBAt(t, db.Path)
	if reopened.Epoch() != epoch {
		t.Errorf("epoch after reopen = %s, want %s", reopened.Epoch(), epoch)
	}
}

func TestStartNewEpochWithNothingPending(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	writeEvents(t, db, 2)
	if err := db.Confirm(ctx, db.Epoch(), 3); err != nil {
		t.Fatal(err)
	}
	epoch, err := db.StartNewEpoch(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if s := syncStatus(t, db); s.Epoch != epoch || s.LastSeq != 0 || s.Backlog != 0 {
		t.Errorf("status = %+v, want an empty new epoch", s)
	}
	if events := writeEvents(t, db, 1); len(events) != 1 || events[0].Seq != 1 || events[0].Epoch != epoch {
		t.Errorf("first event of the new epoch = %v, want seq 1", seqs(events))
	}
}

func TestChanges(t *testing.T) {
	db := openTestDB(t)
	ctx := t.Context()
	changed := func() bool {
		select {
		case <-db.Changes():
			return true
		default:
			return false
		}
	}
	changed() // the catalog import's signal

	// A change that writes an event signals once, however many commits
	// came before the signal was read.
	writeEvents(t, db, 3)
	if !changed() {
		t.Fatal("no signal after events were written")
	}
	if changed() {
		t.Error("signals do not coalesce")
	}

	// A transaction without an event, or rolled back, does not signal.
	_, err := db.CreateUser(ctx, edge.UserCreate{
		Username: "nina", Role: edge.RoleManager, Pizzeria: testPizzeria, PasswordHash: "x"})
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	_, err = db.CreateOrder(ctx, orderTaker, phoneOrder(line("margherita", 1))) // no stock
	wantCode(t, err, edge.ECONFLICT)
	if changed() {
		t.Error("signal without a committed event")
	}
	if err := db.Confirm(ctx, db.Epoch(), 1); err != nil {
		t.Fatal(err)
	}
	if changed() {
		t.Error("signal after a confirmation")
	}
}
