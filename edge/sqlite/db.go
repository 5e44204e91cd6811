// Package sqlite stores a pizzeria's data in SQLite and implements the
// services of the edge domain. Every state change writes its rows and one
// outbox event in the same immediate transaction, through a single writer
// connection, so the outbox sequence is gapless and is the commit order.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
	"github.com/pressly/goose/v3"
	_ "modernc.org/sqlite" // registers the "sqlite" driver

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/migrations"
	"github.com/ocpizza/ocpizza/syncproto"
)

// timeLayout stores times as UTC text of fixed width, so that they sort.
const timeLayout = "2006-01-02T15:04:05.000Z"

// DB is a pizzeria's database: one writer connection, and a pool of
// read-only connections that WAL lets run beside it.
type DB struct {
	write *sql.DB
	read  *sql.DB

	// Path is the database file; Pizzeria is the id the database belongs
	// to. A database opened under another pizzeria id is refused.
	Path     string
	Pizzeria string

	// Now returns the current time; tests replace it.
	Now func() time.Time

	// epoch caches sync_state.epoch for Epoch; the outbox reads the epoch
	// from sync_state itself, since StartNewEpoch may change it.
	epoch atomic.Pointer[string]
	stmts stmtCache

	// changes is signalled after each commit that wrote outbox events,
	// for the publisher; watchers are told too, for live screens.
	changes  chan struct{}
	watchers watchers
}

// NewDB returns a database for the file at path, not yet opened.
func NewDB(path, pizzeria string) *DB {
	return &DB{Path: path, Pizzeria: pizzeria, Now: time.Now, changes: make(chan struct{}, 1)}
}

// dsn returns the connection string with the pragmas every connection
// needs: WAL, full fsync at commit, foreign keys, a busy timeout, and
// immediate write transactions so that writers queue instead of failing.
func dsn(path string, readOnly bool) string {
	q := url.Values{}
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "synchronous(FULL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	q.Set("_txlock", "immediate")
	if readOnly {
		q.Add("_pragma", "query_only(1)")
	}
	return "file:" + path + "?" + q.Encode()
}

// CheckPath refuses a database path that the driver would read as more
// than a file name: '?' starts its options, '#' and '%' are special in the
// URI form, and an empty path is an in-memory database.
func CheckPath(path string) error {
	if path == "" || strings.ContainsAny(path, "?#%") {
		return fmt.Errorf("database path %q: must be a file name without ?, # or %%", path)
	}
	return nil
}

// Open opens the database, applies pending migrations and, on a new
// database, creates its epoch. It refuses a database that belongs to
// another pizzeria.
func (db *DB) Open(ctx context.Context) error {
	if !syncproto.ValidPizzeriaID(db.Pizzeria) {
		return fmt.Errorf("open db: pizzeria id %q is not a slug such as paris-11", db.Pizzeria)
	}
	if err := CheckPath(db.Path); err != nil {
		return fmt.Errorf("open db: %w", err)
	}
	if _, err := Migrate(ctx, db.Path, nil); err != nil {
		return err
	}

	// One writer: database/sql queues callers for the single connection.
	var err error
	if db.write, err = sql.Open("sqlite", dsn(db.Path, false)); err != nil {
		return fmt.Errorf("open db: %w", err)
	}
	db.write.SetMaxOpenConns(1)
	db.write.SetConnMaxIdleTime(0)
	if db.read, err = sql.Open("sqlite", dsn(db.Path, true)); err != nil {
		return fmt.Errorf("open db: %w", err)
	}
	db.read.SetMaxOpenConns(max(4, runtime.NumCPU()))

	if err := db.initEpoch(ctx); err != nil {
		_ = db.Close()
		return err
	}

	// A backup put back in place starts a new epoch before anything else
	// is written to it.
	var restored bool
	if err := db.write.QueryRowContext(ctx, `SELECT restored FROM sync_state`).Scan(&restored); err != nil {
		_ = db.Close()
		return fmt.Errorf("open db: %w", err)
	}
	if restored {
		if _, err := db.StartNewEpoch(ctx); err != nil {
			_ = db.Close()
			return fmt.Errorf("open restored db: %w", err)
		}
	}
	return nil
}

// initEpoch creates the sync state of a new database with a fresh epoch,
// or checks that an existing one belongs to this pizzeria.
func (db *DB) initEpoch(ctx context.Context) error {
	return db.update(ctx, func(tx *Tx) error {
		var pizzeria, epoch string
		err := tx.QueryRowContext(ctx, `SELECT pizzeria, epoch FROM sync_state WHERE id = 1`).
			Scan(&pizzeria, &epoch)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			epoch = uuid.Must(uuid.NewV7()).String()
			_, err = tx.ExecContext(ctx, `
				INSERT INTO sync_state (id, pizzeria, epoch, created_at) VALUES (1, ?, ?, ?)`,
				db.Pizzeria, epoch, tx.nowText())
			if err != nil {
				return err
			}
		case err != nil:
			return err
		case pizzeria != db.Pizzeria:
			return fmt.Errorf("open db: %s belongs to pizzeria %q, not %q", db.Path, pizzeria, db.Pizzeria)
		}
		db.epoch.Store(&epoch)
		return nil
	})
}

// Epoch returns the epoch of the database: made when it was created, and
// made again by StartNewEpoch.
func (db *DB) Epoch() string {
	if e := db.epoch.Load(); e != nil {
		return *e
	}
	return ""
}

// Close closes both connection pools.
func (db *DB) Close() error {
	db.stmts.close()
	var errs []error
	for _, pool := range []*sql.DB{db.read, db.write} {
		if pool != nil {
			errs = append(errs, pool.Close())
		}
	}
	return errors.Join(errs...)
}

// Ping checks that the database answers a query.
func (db *DB) Ping(ctx context.Context) error {
	var one int
	return db.read.QueryRowContext(ctx, `SELECT 1 FROM sync_state`).Scan(&one)
}

// Migrate applies the pending edge migrations to the database at path and
// returns the versions it applied. Migrations are recorded by goose in the
// goose_db_version table.
func Migrate(ctx context.Context, path string, log *slog.Logger) ([]int64, error) {
	if err := CheckPath(path); err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	conn, err := sql.Open("sqlite", dsn(path, false))
	if err != nil {
		return nil, fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)

	provider, err := goose.NewProvider(goose.DialectSQLite3, conn, migrations.Edge())
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

// Tx is a write transaction. Its time is fixed when it begins, so that all
// rows of one change carry the same instant.
type Tx struct {
	*sql.Tx
	db       *DB
	now      time.Time
	uncached []string // queries run unprepared, to prepare after the end
	emitted  bool     // the transaction wrote outbox events
}

// update runs fn in an immediate write transaction and commits it when fn
// returns nil.
func (db *DB) update(ctx context.Context, fn func(*Tx) error) error {
	sqlTx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	tx := &Tx{Tx: sqlTx, db: db, now: db.Now().UTC().Truncate(time.Millisecond)}
	err = fn(tx)
	if err != nil {
		_ = sqlTx.Rollback()
	} else if err = sqlTx.Commit(); err != nil {
		err = fmt.Errorf("commit: %w", err)
	} else if tx.emitted {
		db.signalChanges()
	}

	// With the writer free again, prepare what ran unprepared. A failure
	// only means that the query runs unprepared again next time.
	if len(tx.uncached) > 0 {
		_ = db.stmts.prepare(ctx, db.write, tx.uncached)
	}
	return err
}

func (tx *Tx) nowText() string { return formatTime(tx.now) }

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

func parseTime(s string) time.Time {
	t, err := time.Parse(timeLayout, s)
	if err != nil {
		// Only this package writes these columns, always with timeLayout.
		panic(fmt.Sprintf("sqlite: stored time %q: %v", s, err))
	}
	return t
}

// newID returns a UUIDv7: time-ordered, so inserts stay at the end of the
// index.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// notFound maps sql.ErrNoRows to an ENOTFOUND application error.
func notFound(err error, key edge.MessageKey) error {
	if errors.Is(err, sql.ErrNoRows) {
		return edge.Errorf(edge.ENOTFOUND, key)
	}
	return err
}
