package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ocpizza/ocpizza/edge/sqlite"
)

// runCmd runs the program with args and stdin, returning what it printed.
func runCmd(t testing.TB, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out)
	return out.String(), err
}

func TestHelpOnEverySubcommand(t *testing.T) {
	for _, c := range program.Helps {
		out, err := runCmd(t, "", c.Name, "--help")
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s --help: error %v, want flag.ErrHelp", c.Name, err)
		}
		if !strings.Contains(out, "Usage: ocpizza-edge "+c.Usage) {
			t.Errorf("%s --help printed %q, want its usage line", c.Name, out)
		}
	}
	if _, err := runCmd(t, "", "bake"); err == nil || !strings.Contains(err.Error(), "unknown subcommand") {
		t.Errorf("unknown subcommand: error %v", err)
	}
}

func TestFlagsFallBackToEnvironment(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("OCPIZZA_DB", filepath.Join(dir, "env.db"))
	t.Setenv("OCPIZZA_PIZZERIA", "lyon-2")
	out, err := runCmd(t, "", "migrate")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, filepath.Join(dir, "env.db")) {
		t.Fatalf("migrate used another database: %s", out)
	}

	// A flag wins over the environment.
	other := filepath.Join(dir, "flag.db")
	if _, err := runCmd(t, "", "migrate", "--db", other); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(other); err != nil {
		t.Fatalf("--db was not used: %v", err)
	}
}

func TestBadFlagsAreRefusedBeforeAnythingIsWritten(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	for name, args := range map[string][]string{
		"no pizzeria":    {"migrate", "--db", db, "--pizzeria", ""},
		"bad pizzeria":   {"migrate", "--db", db, "--pizzeria", "Paris 11"},
		"bad log level":  {"migrate", "--db", db, "--pizzeria", "p1", "--log-level", "loud"},
		"bad log format": {"migrate", "--db", db, "--pizzeria", "p1", "--log-format", "xml"},
		"bad nats url":   {"serve", "--db", db, "--pizzeria", "p1", "--nats-url", "http://x"},
		"bad address":    {"serve", "--db", db, "--pizzeria", "p1", "--http-addr", "8080"},
	} {
		if _, err := runCmd(t, "", args...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := os.Stat(db); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("a refused command created the database: %v", err)
	}
}

func TestUserCatalogDemoAndBackup(t *testing.T) {
	dir := t.TempDir()
	db := []string{"--db", filepath.Join(dir, "p.db"), "--pizzeria", "paris-11"}
	with := func(args ...string) []string { return append(args, db...) }

	// Accounts: password on stdin, checked for length, names unique.
	if _, err := runCmd(t, "long enough password\n", with("user", "add", "anna", "--role", "manager")...); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "short\n", with("user", "add", "bob", "--role", "manager")...); err == nil {
		t.Error("a 5-character password was accepted")
	}
	if _, err := runCmd(t, "long enough password\n", with("user", "add", "anna", "--role", "driver")...); err == nil {
		t.Error("a second anna was accepted")
	}
	if _, err := runCmd(t, "long enough password\n", with("user", "add", "carl", "--role", "chef")...); err == nil {
		t.Error("an unknown role was accepted")
	}
	if _, err := runCmd(t, "another password\n", with("user", "passwd", "anna")...); err != nil {
		t.Fatal(err)
	}
	out, err := runCmd(t, "", with("user", "list")...)
	if err != nil || !strings.Contains(out, "anna") || strings.Contains(out, "bob") {
		t.Fatalf("user list = %q, %v", out, err)
	}

	// A catalog file: a broken one is refused, the demo one applies.
	broken := filepath.Join(dir, "broken.json")
	if err := os.WriteFile(broken, []byte(`{"version": 1, "products": [{"id": "x"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "", with("catalog", "import", broken)...); err == nil {
		t.Error("a broken catalog was imported")
	}
	out, err = runCmd(t, "", with("demo-data")...)
	if err != nil || !strings.Contains(out, "gerant") {
		t.Fatalf("demo-data = %q, %v", out, err)
	}

	// Demo data twice leaves the stock where it was.
	store := openStore(t, dir)
	before, err := store.FindIngredients(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	store.Close()
	if _, err := runCmd(t, "", with("demo-data")...); err != nil {
		t.Fatal(err)
	}
	store = openStore(t, dir)
	after, _ := store.FindIngredients(context.Background())
	store.Close()
	for i := range before {
		if before[i].OnHand != after[i].OnHand {
			t.Errorf("%s: %d on hand before a second demo-data, %d after", before[i].ID, before[i].OnHand, after[i].OnHand)
		}
	}

	// A backup is written once, and never over an existing file.
	copyPath := filepath.Join(dir, "copy.db")
	if _, err := runCmd(t, "", "backup", copyPath, "--db", db[1]); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.CheckIntegrity(context.Background(), copyPath); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, "", "backup", copyPath, "--db", db[1]); err == nil {
		t.Error("backup overwrote an existing file")
	}
}

func openStore(t testing.TB, dir string) *sqlite.DB {
	t.Helper()
	store := sqlite.NewDB(filepath.Join(dir, "p.db"), "paris-11")
	if err := store.Open(context.Background()); err != nil {
		t.Fatal(err)
	}
	return store
}

func TestServeAnswersAndStopsGracefully(t *testing.T) {
	dir := t.TempDir()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--db", filepath.Join(dir, "s.db"), "--pizzeria", "paris-11",
			"--http-addr", addr, "--log-level", "warn"}, strings.NewReader(""), &bytes.Buffer{})
	}()

	// Ready, and ready offline.
	var ready struct{ Status, Link string }
	waitFor(t, func() error {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %d", resp.StatusCode)
		}
		return json.NewDecoder(resp.Body).Decode(&ready)
	})
	if ready.Status != "ready" || ready.Link != "offline" {
		t.Fatalf("readyz = %+v, want ready and offline", ready)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("serve returned %v after a stop", err)
		}
	case <-time.After(shutdownTimeout + 5*time.Second):
		t.Fatal("serve did not stop")
	}
}

func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

// waitFor polls check until it succeeds or five seconds pass.
func waitFor(t testing.TB, check func() error) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing after 5s: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
