package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// runBackup writes a consistent copy of the live database and checks it.
// It runs beside a serving process: the copy is one read snapshot.
func runBackup(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("backup", stdout)
	path := cmdline.EnvString(fs, "db", "OCPIZZA_DB", "ocpizza-edge.db", "SQLite database file")
	positional, err := cmdline.ParseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		fs.Usage()
		return errors.New("backup takes exactly one FILE")
	}
	if _, err := os.Stat(*path); err != nil {
		return fmt.Errorf("--db: %w", err)
	}
	if err := sqlite.Backup(ctx, *path, positional[0]); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "backup of %s written to %s; integrity check ok\n", *path, positional[0])
	return nil
}
