package pgtest_test

import (
	"context"
	"testing"

	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
)

func TestNewDatabaseIsMigrated(t *testing.T) {
	db := pgtest.Open(t)
	var n int
	err := db.Pool.QueryRow(context.Background(),
		`SELECT count(*) FROM goose_db_version WHERE version_id > 0`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	if n < 1 {
		t.Fatalf("%d migrations recorded, want at least 1", n)
	}
}
