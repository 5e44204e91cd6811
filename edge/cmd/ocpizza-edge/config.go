package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// dbFlags are the flags every command that opens the database takes.
type dbFlags struct {
	path, pizzeria, logLevel, logFormat *string
}

func addDBFlags(fs *flag.FlagSet) *dbFlags {
	return &dbFlags{
		path:      cmdline.EnvString(fs, "db", "OCPIZZA_DB", "ocpizza-edge.db", "SQLite database file"),
		pizzeria:  cmdline.EnvString(fs, "pizzeria", "OCPIZZA_PIZZERIA", "", "this pizzeria's id, such as paris-11"),
		logLevel:  cmdline.EnvString(fs, "log-level", "OCPIZZA_LOG_LEVEL", "info", "log level: debug, info, warn or error"),
		logFormat: cmdline.EnvString(fs, "log-format", "OCPIZZA_LOG_FORMAT", "text", "log format: text or json"),
	}
}

// validate checks the flags before anything is opened.
func (f *dbFlags) validate() error {
	switch {
	case *f.path == "":
		return errors.New("--db is required")
	case *f.pizzeria == "":
		return errors.New("--pizzeria (or OCPIZZA_PIZZERIA) is required")
	case !syncproto.ValidPizzeriaID(*f.pizzeria):
		return fmt.Errorf("--pizzeria %q is not a slug such as paris-11", *f.pizzeria)
	}
	_, err := cmdline.NewLogger(*f.logLevel, *f.logFormat, io.Discard)
	return err
}

// open opens and migrates the database.
func (f *dbFlags) open(ctx context.Context) (*sqlite.DB, error) {
	db := sqlite.NewDB(*f.path, *f.pizzeria)
	if err := db.Open(ctx); err != nil {
		_ = db.Close()
		return nil, err
	}
	return db, nil
}

// parse parses args, validates the database flags and returns the
// positional arguments.
func (f *dbFlags) parse(fs *flag.FlagSet, args []string) ([]string, error) {
	positional, err := cmdline.ParseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	return positional, f.validate()
}
