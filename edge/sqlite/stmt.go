package sqlite

import (
	"context"
	"database/sql"
	"sync"
)

// maxCachedStmts bounds the statement cache; queries built with a varying
// number of placeholders could otherwise fill it.
const maxCachedStmts = 256

// stmtCache keeps the statements of the write path prepared on the single
// writer connection; parsing SQL was a third of an order's cost without
// it. A statement cannot be prepared on the pool while a transaction holds
// its only connection, so a transaction runs a new query unprepared and
// notes it, and the query is prepared once the transaction has ended.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

// lookup returns the prepared form of query, or nil.
func (c *stmtCache) lookup(query string) *sql.Stmt {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.stmts[query]
}

// prepare prepares the queries not cached yet, while the cache has room.
// It waits for the writer connection, so it must not run inside a
// transaction, and it does not hold the cache's lock while it waits, since
// a transaction holding the connection may be looking a query up.
func (c *stmtCache) prepare(ctx context.Context, db *sql.DB, queries []string) error {
	for _, query := range queries {
		c.mu.Lock()
		_, known := c.stmts[query]
		full := len(c.stmts) >= maxCachedStmts
		c.mu.Unlock()
		if known || full {
			continue
		}

		stmt, err := db.PrepareContext(ctx, query)
		if err != nil {
			return err
		}
		c.mu.Lock()
		if _, known := c.stmts[query]; known {
			_ = stmt.Close()
		} else {
			if c.stmts == nil {
				c.stmts = map[string]*sql.Stmt{}
			}
			c.stmts[query] = stmt
		}
		c.mu.Unlock()
	}
	return nil
}

func (c *stmtCache) close() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, stmt := range c.stmts {
		_ = stmt.Close()
	}
	c.stmts = nil
}

// stmt returns the transaction's form of a cached statement, or nil when
// the query is to run unprepared this time.
func (tx *Tx) stmt(ctx context.Context, query string) *sql.Stmt {
	stmt := tx.db.stmts.lookup(query)
	if stmt == nil {
		tx.uncached = append(tx.uncached, query)
		return nil
	}
	return tx.Tx.StmtContext(ctx, stmt)
}

// ExecContext runs a statement of the transaction through the cache.
func (tx *Tx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	stmt := tx.stmt(ctx, query)
	if stmt == nil {
		return tx.Tx.ExecContext(ctx, query, args...)
	}
	return stmt.ExecContext(ctx, args...)
}

// QueryContext runs a query of the transaction through the cache.
func (tx *Tx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	stmt := tx.stmt(ctx, query)
	if stmt == nil {
		return tx.Tx.QueryContext(ctx, query, args...)
	}
	return stmt.QueryContext(ctx, args...)
}

// QueryRowContext runs a one-row query of the transaction through the
// cache.
func (tx *Tx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	stmt := tx.stmt(ctx, query)
	if stmt == nil {
		return tx.Tx.QueryRowContext(ctx, query, args...)
	}
	return stmt.QueryRowContext(ctx, args...)
}
