package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
	"github.com/ocpizza/ocpizza/syncproto"
)

// TestCatalogAndStaffCommands imports and publishes catalogs and manages
// staff from the command line, and checks the commands each enqueues.
func TestCatalogAndStaffCommands(t *testing.T) {
	url := pgtest.New(t)
	db := []string{"--db", url, "--log-level", "warn"}
	with := func(args ...string) []string { return append(args, db...) }
	for _, id := range []string{"paris-11", "lyon-2"} {
		if _, err := runCmd(t, "", with("pizzeria", "add", id, "--name", "OC Pizza "+id)...); err != nil {
			t.Fatal(err)
		}
	}

	// demo-data: version 1 to both pizzerias.
	out, err := runCmd(t, "", with("demo-data")...)
	if err != nil || !strings.Contains(out, "catalog version 1 published") ||
		!strings.Contains(out, "sent to 2 pizzerias") {
		t.Fatalf("demo-data said %q, %v", out, err)
	}

	// A changed price imported, then published: version 2.
	c := syncproto.DemoCatalog()
	c.Products[0].PriceCents = 1490
	file := filepath.Join(t.TempDir(), "catalog.json")
	data, _ := json.Marshal(c)
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err = runCmd(t, "", with("catalog", "import", file)...); err != nil ||
		!strings.Contains(out, "catalog publish") {
		t.Fatalf("catalog import said %q, %v", out, err)
	}
	if out, err = runCmd(t, "", with("catalog", "publish")...); err != nil ||
		!strings.Contains(out, "catalog version 2 published") {
		t.Fatalf("catalog publish said %q, %v", out, err)
	}
	if err := os.WriteFile(file, []byte(`{"version":1,"categories":[],"ingredients":[],"products":[{"id":"x"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "", with("catalog", "import", file)...); err == nil {
		t.Error("an invalid catalog was imported")
	}

	// Staff: added, disabled, enabled, each sent to paris-11 only.
	const password = "long enough password\n"
	if _, err := runCmd(t, password, with("user", "add", "anna", "--role", "pizzaiolo",
		"--pizzeria", "paris-11")...); err != nil {
		t.Fatal(err)
	}
	for _, verb := range []string{"disable", "enable"} {
		if _, err := runCmd(t, "", with("user", verb, "anna")...); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := runCmd(t, "", with("user", "disable", "nobody")...); err == nil {
		t.Error("disabling nobody succeeded")
	}

	store, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	paris, _ := store.FindCommands(context.Background(), central.CommandFilter{Pizzeria: "paris-11"})
	lyon, _ := store.FindCommands(context.Background(), central.CommandFilter{Pizzeria: "lyon-2"})
	if len(paris) != 5 || len(lyon) != 2 || paris[0].Type != syncproto.CommandStaffAccount ||
		paris[0].Position != 5 {
		t.Errorf("paris-11 has %d commands (newest %+v), lyon-2 %d", len(paris), paris[0], len(lyon))
	}
}
