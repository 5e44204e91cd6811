// Package postgres stores central's data in PostgreSQL with pgx and
// implements the services of the central domain.
package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"

	"github.com/ocpizza/ocpizza/migrations"
)

// DB is central's database: a pgx pool.
type DB struct {
	Pool *pgxpool.Pool

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open connects to the database at url and checks that it answers. It does
// not migrate: the service's role may not own the schema.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	// PostgreSQL's JIT compiler costs the report queries 20-100 ms each
	// and saves nothing on statements this short (docs/reports.md).
	cfg.ConnConfig.RuntimeParams["jit"] = "off"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open db: %w", err)
	}
	return &DB{Pool: pool, Now: time.Now}, nil
}

// Close closes the pool.
func (db *DB) Close() { db.Pool.Close() }

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.Pool.Ping(ctx) }

// Migrate applies the pending central migrations to the database at url
// and returns the versions applied; goose records them in
// goose_db_version.
func Migrate(ctx context.Context, url string, log *slog.Logger) ([]int64, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	conn := stdlib.OpenDB(*cfg.ConnConfig)
	defer conn.Close()
	return migrate(ctx, conn, log)
}

func migrate(ctx context.Context, conn *sql.DB, log *slog.Logger) ([]int64, error) {
	provider, err := goose.NewProvider(goose.DialectPostgres, conn, migrations.Central())
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	results, err := provider.Up(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	var applied []int64
	for _, r := range results {
		applied = append(applied, r.Source.Version)
		if log != nil {
			log.Info("migration applied", "version", r.Source.Version, "duration", r.Duration)
		}
	}
	return applied, nil
}
