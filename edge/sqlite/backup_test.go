package sqlite_test

import (
	"bytes"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
)

func TestBackupWhileWriting(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, map[string]int64{"pate": 5000, "sauce-tomate": 500_000, "mozzarella": 700_000})
	dst := filepath.Join(t.TempDir(), "backup.db")

	// An order taker takes orders until told to stop; the backup starts
	// once twenty are in.
	stop, twenty := make(chan struct{}), make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := 1; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := db.CreateOrder(t.Context(), orderTaker, phoneOrder(line("margherita", 1))); err != nil {
				t.Errorf("order %d during backup: %v", i, err)
				return
			}
			if i == 20 {
				close(twenty)
			}
		}
	})
	stopWriter := sync.OnceFunc(func() { close(stop); wg.Wait() })
	t.Cleanup(stopWriter)
	<-twenty

	// What was committed before the backup starts must be in the copy.
	before := lastSeq(t, db)
	ordersBefore, err := db.FindOrders(t.Context(), edge.OrderFilter{Limit: 1000})
	if err != nil {
		t.Fatalf("find orders: %v", err)
	}
	if err := sqlite.Backup(t.Context(), db.Path, dst); err != nil {
		t.Fatalf("backup: %v", err)
	}
	stopWriter()

	// The copy is sound and opens as the same pizzeria's database.
	if err := sqlite.CheckIntegrity(t.Context(), dst); err != nil {
		t.Fatalf("integrity of the copy: %v", err)
	}
	copied := openDBAt(t, dst)
	if got := lastSeq(t, copied); got < before {
		t.Errorf("copy's last seq = %d, want at least %d", got, before)
	}
	if got, want := lastSeq(t, copied), lastSeq(t, db); got > want {
		t.Errorf("copy's last seq %d is ahead of the source's %d", got, want)
	}
	checkOutboxGapless(t, copied)
	for _, o := range ordersBefore {
		if _, err := copied.FindOrderByID(t.Context(), o.ID); err != nil {
			t.Errorf("order %d committed before the backup is not in the copy: %v", o.Ticket, err)
		}
	}

	// The copy's stock is its own ledger's sum: every order in it took
	// exactly one ball of dough.
	orders, err := copied.FindOrders(t.Context(), edge.OrderFilter{Limit: 1000})
	if err != nil {
		t.Fatalf("find orders in the copy: %v", err)
	}
	if got, want := stockOf(t, copied)["pate"], int64(5000-len(orders)); got != want {
		t.Errorf("dough in the copy = %d with %d orders, want %d", got, len(orders), want)
	}
}

func TestBackupRefusesExistingFile(t *testing.T) {
	db := openTestDB(t)
	dst := filepath.Join(t.TempDir(), "backup.db")
	previous := []byte("yesterday's backup")
	if err := os.WriteFile(dst, previous, 0o600); err != nil {
		t.Fatal(err)
	}

	if err := sqlite.Backup(t.Context(), db.Path, dst); err == nil {
		t.Fatal("backup over an existing file succeeded, want it refused")
	}
	if got, err := os.ReadFile(dst); err != nil || !bytes.Equal(got, previous) {
		t.Errorf("existing file changed to %q, %v", got, err)
	}

	// A missing source is refused too, and leaves no file behind.
	missing := filepath.Join(t.TempDir(), "copy.db")
	if err := sqlite.Backup(t.Context(), filepath.Join(t.TempDir(), "nope.db"), missing); err == nil {
		t.Error("backup of a missing database succeeded")
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a failed backup left %s behind", missing)
	}
}

func TestRestoredBackupStartsNewEpoch(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	for range 3 {
		createOrder(t, db, line("margherita", 1))
	}
	if err := db.Confirm(t.Context(), db.Epoch(), 2); err != nil {
		t.Fatal(err)
	}
	pending := outbox(t, db)

	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := sqlite.Backup(t.Context(), db.Path, copyPath); err != nil {
		t.Fatal(err)
	}

	// The copy, put in place and opened, has an epoch of its own and the
	// unconfirmed events renumbered from 1, ids and payloads unchanged.
	restored := sqlite.NewDB(copyPath, db.Pizzeria)
	if err := restored.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	if restored.Epoch() == db.Epoch() {
		t.Fatal("a restored backup kept the epoch of its source")
	}
	moved := outbox(t, restored)
	if len(moved) != len(pending) {
		t.Fatalf("%d events moved, want the %d unconfirmed", len(moved), len(pending))
	}
	for i, e := range moved {
		if e.Epoch != restored.Epoch() || e.Seq != int64(i+1) || e.ID != pending[i].ID ||
			string(e.Payload) != string(pending[i].Payload) {
			t.Errorf("event %d = %s/%d %s, want %s/%d %s", i, e.Epoch, e.Seq, e.ID, restored.Epoch(), i+1, pending[i].ID)
		}
	}

	// Opened again, it keeps that epoch; the source never changed.
	epoch := restored.Epoch()
	restored.Close()
	again := sqlite.NewDB(copyPath, db.Pizzeria)
	if err := again.Open(t.Context()); err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	if again.Epoch() != epoch {
		t.Errorf("reopened restored database moved to epoch %s from %s", again.Epoch(), epoch)
	}
	source := outbox(t, db)
	if len(source) == 0 || source[0].Epoch != db.Epoch() {
		t.Error("the backup changed its source's outbox")
	}
}
