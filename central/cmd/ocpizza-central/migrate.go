package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/ocpizza/ocpizza/central/postgres"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// runMigrate applies pending migrations. It runs as the role that owns the
// schema, which the service's role need not be.
func runMigrate(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("migrate", stdout)
	db := addDBFlags(fs)
	positional, err := db.parse(fs, args)
	if err != nil {
		return err
	}
	if len(positional) != 0 {
		fs.Usage()
		return fmt.Errorf("migrate takes no argument, got %q", positional[0])
	}
	log, _ := cmdline.NewLogger(*db.logLevel, *db.logFormat, os.Stderr)
	applied, err := postgres.Migrate(ctx, *db.url, log)
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d migration(s) applied\n", redacted(*db.url), len(applied))
	return nil
}
