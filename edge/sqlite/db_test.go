package sqlite_test

import (
	"path/filepath"
	"testing"

	"github.com/ocpizza/ocpizza/edge/sqlite"
)

func TestEpoch(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "edge.db")

	// A new database gets an epoch, and keeps it when reopened.
	first := sqlite.NewDB(path, testPizzeria)
	if err := first.Open(t.Context()); err != nil {
		t.Fatalf("open: %v", err)
	}
	epoch := first.Epoch()
	if epoch == "" {
		t.Fatal("new database has no epoch")
	}
	if err := first.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	reopened := openDBAt(t, path)
	if reopened.Epoch() != epoch {
		t.Errorf("epoch after reopen = %s, want %s", reopened.Epoch(), epoch)
	}
	if err := reopened.Ping(t.Context()); err != nil {
		t.Errorf("ping: %v", err)
	}

	// Another file is another epoch.
	other := openDBAt(t, filepath.Join(dir, "other.db"))
	if other.Epoch() == "" || other.Epoch() == epoch {
		t.Errorf("fresh database epoch = %q, want a new one (not %s)", other.Epoch(), epoch)
	}

	// The file belongs to its pizzeria; a bad pizzeria id opens nothing.
	for _, pizzeria := range []string{"lyon-2", "Paris 11", ""} {
		db := sqlite.NewDB(path, pizzeria)
		if err := db.Open(t.Context()); err == nil {
			t.Errorf("opening %s as pizzeria %q succeeded, want it refused", path, pizzeria)
		}
		_ = db.Close()
	}
	if reopened.Epoch() != epoch {
		t.Errorf("epoch changed after refused opens")
	}
}

func TestMigrateIsIdempotent(t *testing.T) {
	path := filepath.Join(t.TempDir(), "edge.db")
	applied, err := sqlite.Migrate(t.Context(), path, nil)
	if err != nil || len(applied) == 0 {
		t.Fatalf("first migrate applied %v, %v; want at least one version", applied, err)
	}
	again, err := sqlite.Migrate(t.Context(), path, nil)
	if err != nil || len(again) != 0 {
		t.Errorf("second migrate applied %v, %v; want nothing", again, err)
	}
}
