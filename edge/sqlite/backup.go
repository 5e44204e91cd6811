package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Backup writes a consistent copy of the live database at src to dst with
// VACUUM INTO, which reads one snapshot while writers go on; then it syncs
// the copy and its directory to disk and checks it with PRAGMA
// integrity_check. An existing dst is refused rather than overwritten, and
// a failed backup leaves no file behind.
func Backup(ctx context.Context, src, dst string) error {
	for _, path := range []string{src, dst} {
		if err := CheckPath(path); err != nil {
			return fmt.Errorf("backup: %w", err)
		}
	}
	if _, err := os.Stat(dst); err == nil {
		return fmt.Errorf("backup: %s already exists", dst)
	} else if !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("backup: %w", err)
	}
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	if err := copyAndCheck(ctx, src, dst); err != nil {
		_ = os.Remove(dst)
		return fmt.Errorf("backup: %w", err)
	}
	return nil
}

// copyAndCheck takes the copy, makes it durable and checks it.
func copyAndCheck(ctx context.Context, src, dst string) error {
	conn, err := sql.Open("sqlite", dsn(src, false))
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return err
	}
	if err := markRestored(ctx, dst); err != nil {
		return err
	}
	if err := syncPath(dst); err != nil {
		return err
	}
	if err := syncPath(filepath.Dir(dst)); err != nil {
		return err
	}
	return CheckIntegrity(ctx, dst)
}

// markRestored flags the copy so that, opened as a live database, it starts
// a new epoch. The source is not touched.
func markRestored(ctx context.Context, path string) error {
	conn, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, `UPDATE sync_state SET restored = 1`); err != nil {
		return fmt.Errorf("mark the copy restored: %w", err)
	}
	return nil
}

// CheckIntegrity runs PRAGMA integrity_check on the database file at path.
func CheckIntegrity(ctx context.Context, path string) error {
	if err := CheckPath(path); err != nil {
		return err
	}
	conn, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		return err
	}
	defer conn.Close()
	var result string
	if err := conn.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&result); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if result != "ok" {
		return fmt.Errorf("integrity check: %s", result)
	}
	return nil
}

// syncPath fsyncs a file, or a directory so that a new entry in it lasts.
func syncPath(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
