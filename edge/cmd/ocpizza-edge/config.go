package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/ocpizza/ocpizza/edge/sqlite"
	"github.com/ocpizza/ocpizza/syncproto"
)

// flagSet returns a flag set for a subcommand that prints its usage, with
// each flag's environment variable, to stdout.
func flagSet(c string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		for _, cmd := range helps {
			if cmd.name == c {
				fmt.Fprintf(stdout, "Usage: ocpizza-edge %s\n\n%s.\n\nFlags:\n", cmd.usage, cmd.summary)
			}
		}
		fs.PrintDefaults()
	}
	return fs
}

// envString defines a string flag whose default comes from an environment
// variable when it is set.
func envString(fs *flag.FlagSet, name, env, def, usage string) *string {
	if v, ok := os.LookupEnv(env); ok {
		def = v
	}
	return fs.String(name, def, fmt.Sprintf("%s (env %s)", usage, env))
}

// dbFlags are the flags every command that opens the database takes.
type dbFlags struct {
	path, pizzeria, logLevel, logFormat *string
}

func addDBFlags(fs *flag.FlagSet) *dbFlags {
	return &dbFlags{
		path:      envString(fs, "db", "OCPIZZA_DB", "ocpizza-edge.db", "SQLite database file"),
		pizzeria:  envString(fs, "pizzeria", "OCPIZZA_PIZZERIA", "", "this pizzeria's id, such as paris-11"),
		logLevel:  envString(fs, "log-level", "OCPIZZA_LOG_LEVEL", "info", "log level: debug, info, warn or error"),
		logFormat: envString(fs, "log-format", "OCPIZZA_LOG_FORMAT", "text", "log format: text or json"),
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
	_, err := newLogger(*f.logLevel, *f.logFormat, io.Discard)
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
	positional, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	return positional, f.validate()
}

// parseInterspersed parses flags wherever they stand among the positional
// arguments, so that "user add anna --role manager" reads as it is written.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return positional, nil
		}
		positional = append(positional, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// newLogger returns a slog logger of the given level and format.
func newLogger(level, format string, w io.Writer) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level %q: use debug, info, warn or error", level)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: use text or json", format)
}
