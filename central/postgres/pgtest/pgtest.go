// Package pgtest gives tests a fresh, migrated PostgreSQL database of
// their own on the server named by OCPIZZA_TEST_DATABASE_URL (by default
// the local server as user postgres), dropped when the test ends.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/ocpizza/ocpizza/central/postgres"
)

// DefaultURL is the maintenance database tests connect to when
// OCPIZZA_TEST_DATABASE_URL is not set.
const DefaultURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// New creates a database, applies central's migrations and returns its
// URL. The database is dropped when the test ends.
func New(tb testing.TB) string {
	tb.Helper()
	admin := os.Getenv("OCPIZZA_TEST_DATABASE_URL")
	if admin == "" {
		admin = DefaultURL
	}
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		tb.Fatalf("pgtest: connect to %s: %v (set OCPIZZA_TEST_DATABASE_URL)", admin, err)
	}
	defer conn.Close(ctx)

	// A database of the test's own.
	suffix := make([]byte, 6)
	_, _ = rand.Read(suffix)
	name := "ocpizza_test_" + hex.EncodeToString(suffix)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+name); err != nil {
		tb.Fatalf("pgtest: create database: %v", err)
	}
	tb.Cleanup(func() { drop(tb, admin, name) })

	u, err := url.Parse(admin)
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	u.Path = "/" + name
	if _, err := postgres.Migrate(ctx, u.String(), nil); err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	return u.String()
}

// Open returns a DB on a new test database, closed when the test ends.
func Open(tb testing.TB) *postgres.DB {
	tb.Helper()
	db, err := postgres.Open(context.Background(), New(tb))
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(db.Close)
	return db
}

func drop(tb testing.TB, admin, name string) {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		tb.Logf("pgtest: drop %s: %v", name, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)"); err != nil {
		tb.Logf("pgtest: drop %s: %v", name, err)
	}
}
