package main

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
)

// runCmd runs the program with args and stdin, returning what it printed.
func runCmd(t testing.TB, stdin string, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out)
	return out.String(), err
}

// emptyDatabase creates a database with no schema on the test server and
// returns its URL; it is dropped when the test ends.
func emptyDatabase(t testing.TB) string {
	t.Helper()
	admin := os.Getenv("OCPIZZA_TEST_DATABASE_URL")
	if admin == "" {
		admin = pgtest.DefaultURL
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		t.Fatalf("connect to %s: %v", admin, err)
	}
	defer conn.Close(ctx)
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "ocpizza_test_cmd_" + hex.EncodeToString(suffix)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		conn, err := pgx.Connect(ctx, admin)
		if err != nil {
			t.Logf("drop %s: %v", name, err)
			return
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
			t.Logf("drop %s: %v", name, err)
		}
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

func TestHelpOnEverySubcommand(t *testing.T) {
	for _, c := range program.Helps {
		out, err := runCmd(t, "", c.Name, "--help")
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s --help: error %v, want flag.ErrHelp", c.Name, err)
		}
		if !strings.Contains(out, "Usage: ocpizza-central "+c.Usage) {
			t.Errorf("%s --help printed %q, want its usage line", c.Name, out)
		}
	}
	out, err := runCmd(t, "", "--help")
	if !errors.Is(err, flag.ErrHelp) || !strings.Contains(out, "backup") {
		t.Errorf("--help: %q, %v", out, err)
	}
	if _, err := runCmd(t, "", "bake"); err == nil || !strings.Contains(err.Error(), "unknown subcommand") {
		t.Errorf("unknown subcommand: error %v", err)
	}
	out, err = runCmd(t, "", "version")
	if err != nil || !strings.HasPrefix(out, "ocpizza-central ") || !strings.Contains(out, "sync protocol") {
		t.Errorf("version: %q, %v", out, err)
	}
}

func TestBadFlagsAreRefusedBeforeAnythingIsOpened(t *testing.T) {
	creds := filepath.Join(t.TempDir(), "creds")
	if err := os.WriteFile(creds, []byte("no password here\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// An address where nothing answers: a flag that got through would
	// make the command fail on connecting, with another message.
	db := "postgres://nobody@127.0.0.1:1/none"
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"no database":    {[]string{"migrate", "--db", ""}, "--db"},
		"not a URL":      {[]string{"migrate", "--db", "host=x dbname=y"}, "--db"},
		"bad log level":  {[]string{"migrate", "--db", db, "--log-level", "loud"}, "log level"},
		"bad log format": {[]string{"migrate", "--db", db, "--log-format", "xml"}, "log format"},
		"bad nats url":   {[]string{"serve", "--db", db, "--nats-url", "http://x"}, "--nats-url"},
		"bad address":    {[]string{"serve", "--db", db, "--http-addr", "8090"}, "--http-addr"},
		"bad creds":      {[]string{"serve", "--db", db, "--nats-creds", creds}, "--nats-creds"},
		"missing creds":  {[]string{"serve", "--db", db, "--nats-creds", creds + ".missing"}, "--nats-creds"},
		"extra argument": {[]string{"serve", "now", "--db", db}, "no argument"},
		"bad pizzeria":   {[]string{"pizzeria", "add", "Paris 11", "--name", "P", "--db", db}, "slug"},
		"backup no file": {[]string{"backup", "--db", db}, "FILE"},
	} {
		_, err := runCmd(t, "", tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one about %s", name, err, tc.want)
		}
	}
}

func TestMigrateTwiceAndEnvironmentFallback(t *testing.T) {
	dbURL := emptyDatabase(t)
	t.Setenv("OCPIZZA_DB", dbURL)
	t.Setenv("OCPIZZA_LOG_LEVEL", "warn")

	out, err := runCmd(t, "", "migrate")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out, " 0 migration(s)") || !strings.Contains(out, "migration(s) applied") {
		t.Errorf("first migrate: %q, want migrations applied", out)
	}
	out, err = runCmd(t, "", "migrate")
	if err != nil || !strings.Contains(out, ": 0 migration(s) applied") {
		t.Errorf("second migrate: %q, %v; want nothing applied", out, err)
	}

	// A flag wins over the environment.
	if _, err := runCmd(t, "", "migrate", "--db", "postgres://nobody@127.0.0.1:1/none"); err == nil {
		t.Error("--db was ignored for OCPIZZA_DB")
	}
}

func TestPizzeriasAndUsers(t *testing.T) {
	db := []string{"--db", pgtest.New(t), "--log-level", "warn"}
	with := func(args ...string) []string { return append(args, db...) }

	// A pizzeria, with the way to its NATS credentials.
	out, err := runCmd(t, "", with("pizzeria", "add", "paris-11", "--name", "OC Pizza Paris 11",
		"--postcodes", "75011, 75012")...)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"paris-11", "deploy/nats/add-pizzeria.md", `"ocpizza.up.paris-11"`, "OCPIZZA_NATS_CREDS", "<PUBLIC NKEY>",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("pizzeria add said %q, missing %q", out, want)
		}
	}
	if _, err := runCmd(t, "", with("pizzeria", "add", "paris-11", "--name", "Again")...); err == nil {
		t.Error("a second paris-11 was accepted")
	}
	if _, err := runCmd(t, "", with("pizzeria", "add", "lyon-2")...); err == nil {
		t.Error("a pizzeria without a name was accepted")
	}
	out, err = runCmd(t, "", with("pizzeria", "list")...)
	if err != nil || !strings.Contains(out, "OC Pizza Paris 11") || !strings.Contains(out, "75011,75012") {
		t.Errorf("pizzeria list = %q, %v", out, err)
	}

	// Accounts: password on stdin, checked for length, names unique,
	// scopes checked.
	const password = "long enough password\n"
	add := func(name, role, pizzeria string) []string {
		args := []string{"user", "add", name, "--role", role}
		if pizzeria != "" {
			args = append(args, "--pizzeria", pizzeria)
		}
		return args
	}
	if _, err := runCmd(t, password, with(add("anna", "manager", "paris-11")...)...); err != nil {
		t.Fatal(err)
	}
	if _, err := runCmd(t, password, with(add("siege", "head_office", "")...)...); err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		stdin string
		args  []string
	}{
		"short password":        {"short\n", add("bob", "driver", "paris-11")},
		"name taken":            {password, add("anna", "driver", "paris-11")},
		"unknown role":          {password, add("carl", "chef", "paris-11")},
		"manager of nowhere":    {password, add("dora", "manager", "")},
		"unknown pizzeria":      {password, add("emma", "manager", "nice-1")},
		"head office scoped":    {password, add("fred", "head_office", "paris-11")},
		"passwd of nobody":      {password, []string{"user", "passwd", "nobody"}},
		"user without a verb":   {"", []string{"user"}},
		"pizzeria with no verb": {"", []string{"pizzeria"}},
	} {
		if _, err := runCmd(t, tc.stdin, with(tc.args...)...); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := runCmd(t, "another password\n", with("user", "passwd", "anna")...); err != nil {
		t.Fatal(err)
	}
	out, err = runCmd(t, "", with("user", "list")...)
	if err != nil || !strings.Contains(out, "anna") || !strings.Contains(out, "siege") ||
		strings.Contains(out, "bob") {
		t.Fatalf("user list = %q, %v", out, err)
	}
}

func TestBackup(t *testing.T) {
	if _, err := exec.LookPath("pg_dump"); err != nil {
		t.Skip("pg_dump not in PATH")
	}
	dbURL := pgtest.New(t)
	_, err := runCmd(t, "", "pizzeria", "add", "paris-11", "--name", "Paris 11", "--db", dbURL, "--log-level", "warn")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "central.dump")

	out, err := runCmd(t, "", "backup", file, "--db", dbURL)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, file) || strings.Contains(out, "password") {
		t.Errorf("backup said %q", out)
	}
	toc, err := exec.Command("pg_restore", "--list", file).Output()
	if err != nil || !bytes.Contains(toc, []byte("TABLE DATA public pizzerias")) {
		t.Fatalf("pg_restore --list: %v\n%s", err, toc)
	}
	if st, err := os.Stat(file); err != nil || st.Mode().Perm()&0o077 != 0 {
		t.Errorf("backup file mode %v, %v: want readable by its owner only", st.Mode(), err)
	}

	// Never over a file, and nothing left behind.
	before, _ := os.ReadFile(file)
	_, err = runCmd(t, "", "backup", file, "--db", dbURL)
	if err == nil || !strings.Contains(err.Error(), "exists") {
		t.Errorf("a second backup to the same file: %v", err)
	}
	if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
		t.Error("the existing backup was changed")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("%d files in the backup directory, want 1", len(entries))
	}

	// A database that does not answer leaves no file.
	bad := filepath.Join(dir, "bad.dump")
	if _, err := runCmd(t, "", "backup", bad, "--db", "postgres://nobody@127.0.0.1:1/none"); err == nil {
		t.Error("a backup of an unreachable database succeeded")
	}
	if _, err := os.Stat(bad); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("a failed backup left %s: %v", bad, err)
	}

	// Without the PostgreSQL tools, a clear message.
	t.Setenv("PATH", t.TempDir())
	_, err = runCmd(t, "", "backup", bad, "--db", dbURL)
	if err == nil || !strings.Contains(err.Error(), "pg_dump not found") {
		t.Errorf("backup without pg_dump: %v", err)
	}
}

func TestPGConnectionKeepsThePasswordOutOfTheArguments(t *testing.T) {
	conn, env := pgConnection("postgres://ocpizza:s3cret@db:5432/ocpizza?sslmode=disable")
	if strings.Contains(conn, "s3cret") || !strings.Contains(conn, "ocpizza@db:5432/ocpizza") {
		t.Errorf("connection %q", conn)
	}
	if !strings.Contains(strings.Join(env, "\n"), "PGPASSWORD=s3cret") {
		t.Error("no PGPASSWORD in the environment")
	}
	conn, env = pgConnection("postgres://ocpizza@db/ocpizza?password=p%40ss&sslmode=require")
	if strings.Contains(conn, "p%40ss") || strings.Contains(conn, "password") ||
		!strings.Contains(strings.Join(env, "\n"), "PGPASSWORD=p@ss") {
		t.Errorf("connection %q, password in query not moved", conn)
	}
	if _, env := pgConnection("postgres://ocpizza@db/ocpizza"); env != nil {
		t.Error("an environment without a password to carry")
	}
}

// waitFor polls check until it succeeds or timeout passes.
func waitFor(t testing.TB, timeout time.Duration, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still failing after %s: %v", timeout, err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
