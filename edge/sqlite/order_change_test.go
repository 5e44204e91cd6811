package sqlite_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/edge/sqlite"
)

func TestCreateOrderIsIdempotent(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	start, seq := stockOf(t, db), lastSeq(t, db)

	// The till sends the same order twice after a network error.
	create := phoneOrder(line("margherita", 2))
	create.IdempotencyKey = "till-1:42"
	first, err := db.CreateOrder(t.Context(), orderTaker, create)
	if err != nil {
		t.Fatal(err)
	}
	again, err := db.CreateOrder(t.Context(), orderTaker, create)
	if err != nil {
		t.Fatal(err)
	}
	if again.ID != first.ID || again.Ticket != first.Ticket {
		t.Fatalf("retry made order %s ticket %d, want %s ticket %d", again.ID, again.Ticket, first.ID, first.Ticket)
	}
	if got := lastSeq(t, db); got != seq+1 {
		t.Errorf("outbox grew by %d events, want 1", got-seq)
	}
	checkStock(t, db, plus(start, times(2, margheritaUse)))

	// Another key is another order.
	create.IdempotencyKey = "till-1:43"
	other, err := db.CreateOrder(t.Context(), orderTaker, create)
	if err != nil {
		t.Fatal(err)
	}
	if other.ID == first.ID {
		t.Error("a new key returned the first order")
	}
}

func TestModifyKeepsAgreedPrices(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	o := createOrder(t, db, line("margherita", 1))

	// Head office raises the Margherita, then the customer adds a drink.
	c := testCatalog()
	c.Version = 2
	c.Products[0].PriceCents = 1050
	if err := db.ImportCatalog(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	lines := []edge.LineCreate{line("margherita", 2), line("coca-cola-33cl", 1)}
	changed, err := db.UpdateOrder(t.Context(), orderTaker, o.ID, edge.OrderUpdate{Lines: &lines})
	if err != nil {
		t.Fatal(err)
	}
	if got := changed.Lines[0].UnitPriceCents; got != 950 {
		t.Errorf("margherita repriced at %d cents, want the agreed 950", got)
	}
	if changed.TotalCents != 2*950+350 {
		t.Errorf("total = %d, want %d", changed.TotalCents, 2*950+350)
	}
}

func TestAcceptRefusesSwitchedOffProduct(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	o, err := db.ReceiveOrder(t.Context(), webOrder("web-1", line("reine", 1)))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetProductAvailability(t.Context(), manager, "reine", false); err != nil {
		t.Fatal(err)
	}
	start, seq := stockOf(t, db), lastSeq(t, db)

	_, err = db.TransitionOrder(t.Context(), orderTaker, o.ID, edge.TransitionRequest{To: edge.StatusAccepted})
	wantCode(t, err, edge.ECONFLICT)
	checkStock(t, db, start)
	if lastSeq(t, db) != seq {
		t.Error("a refused acceptance wrote an event")
	}
	if found, _ := db.FindOrderByID(t.Context(), o.ID); found.Status != edge.StatusPlaced {
		t.Errorf("status = %s, want placed", found.Status)
	}
}

func TestShrinkThenCancelGivesEverythingBack(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	start := stockOf(t, db)
	o := createOrder(t, db, line("reine", 3))

	// Three, then one, then two: the stock follows each time.
	for _, n := range []int64{1, 2} {
		lines := []edge.LineCreate{line("reine", n)}
		if _, err := db.UpdateOrder(t.Context(), orderTaker, o.ID, edge.OrderUpdate{Lines: &lines}); err != nil {
			t.Fatal(err)
		}
		checkStock(t, db, plus(start, times(n, reineUse)))
	}

	// Cancelled: all of it comes back.
	transition(t, db, orderTaker, o.ID, edge.StatusCancelled)
	checkStock(t, db, start)
}

func TestPathsWithURICharactersAreRefused(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a?_pragma=synchronous(OFF)", "a#b", "a%20b", ""} {
		path := filepath.Join(dir, name)
		if name == "" {
			path = ""
		}
		if err := sqlite.NewDB(path, "test-pizzeria").Open(t.Context()); err == nil {
			t.Errorf("Open(%q) accepted", path)
		}
		if err := sqlite.Backup(t.Context(), filepath.Join(dir, "src.db"), path); err == nil {
			t.Errorf("Backup to %q accepted", path)
		}
	}
}

func TestCheckIntegrityFindsCorruption(t *testing.T) {
	db := openTestDB(t)
	receive(t, db, ampleStock)
	for range 50 {
		createOrder(t, db, line("margherita", 1))
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	if err := sqlite.Backup(t.Context(), db.Path, copyPath); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.CheckIntegrity(t.Context(), copyPath); err != nil {
		t.Fatalf("a fresh backup fails its check: %v", err)
	}

	// Scribble over the middle of the file, past the header.
	f, err := os.OpenFile(copyPath, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	info, _ := f.Stat()
	junk := make([]byte, 4096)
	for i := range junk {
		junk[i] = byte(i * 7)
	}
	if _, err := f.WriteAt(junk, info.Size()/2); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if err := sqlite.CheckIntegrity(context.Background(), copyPath); err == nil {
		t.Fatal("a corrupted copy passes the integrity check")
	}
}
