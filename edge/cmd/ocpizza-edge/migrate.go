package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// runMigrate applies pending migrations and creates the epoch of a new
// database.
func runMigrate(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("migrate", stdout)
	db := addDBFlags(fs)
	if _, err := db.parse(fs, args); err != nil {
		return err
	}
	log, _ := cmdline.NewLogger(*db.logLevel, *db.logFormat, os.Stderr)
	applied, err := sqlite.Migrate(ctx, *db.path, log)
	if err != nil {
		return err
	}
	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	fmt.Fprintf(stdout, "%s: %d migration(s) applied, epoch %s\n", store.Path, len(applied), store.Epoch())
	return nil
}
