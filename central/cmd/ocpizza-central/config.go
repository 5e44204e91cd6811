package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"strconv"
	"strings"

	"github.com/ocpizza/ocpizza/central/postgres"
)

// flagSet returns a flag set for a subcommand that prints its usage, with
// each flag's environment variable, to stdout.
func flagSet(c string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		for _, cmd := range helps {
			if cmd.name == c {
				fmt.Fprintf(stdout, "Usage: ocpizza-central %s\n\n%s.\n\nFlags:\n", cmd.usage, cmd.summary)
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

// envBool defines a boolean flag whose default comes from an environment
// variable when it is set to a boolean.
func envBool(fs *flag.FlagSet, name, env string, def bool, usage string) *bool {
	if v, err := strconv.ParseBool(os.Getenv(env)); err == nil {
		def = v
	}
	return fs.Bool(name, def, fmt.Sprintf("%s (env %s)", usage, env))
}

// dbFlags are the flags every command that opens the database takes.
type dbFlags struct {
	url, logLevel, logFormat *string
}

func addDBFlags(fs *flag.FlagSet) *dbFlags {
	return &dbFlags{
		url: envString(fs, "db", "OCPIZZA_DB", "",
			"PostgreSQL URL, such as postgres://ocpizza@localhost/ocpizza"),
		logLevel: envString(fs, "log-level", "OCPIZZA_LOG_LEVEL", "info",
			"log level: debug, info, warn or error"),
		logFormat: envString(fs, "log-format", "OCPIZZA_LOG_FORMAT", "text",
			"log format: text or json"),
	}
}

// validate checks the flags before anything is opened.
func (f *dbFlags) validate() error {
	if err := validateDBURL(*f.url); err != nil {
		return err
	}
	_, err := newLogger(*f.logLevel, *f.logFormat, io.Discard)
	return err
}

// validateDBURL checks that a database URL is given and is a PostgreSQL
// URL; the error never shows the password.
func validateDBURL(raw string) error {
	if raw == "" {
		return errors.New("--db (or OCPIZZA_DB) is required: a PostgreSQL URL")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return errors.New("--db: want a URL postgres://user@host:port/database")
	}
	return nil
}

// redacted returns a database URL fit for the log: without its password.
func redacted(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unreadable URL)"
	}
	return u.Redacted()
}

// open connects to the database.
func (f *dbFlags) open(ctx context.Context) (*postgres.DB, error) {
	return postgres.Open(ctx, *f.url)
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
