package main

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// flagSet returns a flag set for a subcommand that prints its usage, with
// each flag's environment variable, to stdout.
func flagSet(c string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		for _, cmd := range helps {
			if cmd.name == c {
				fmt.Fprintf(stdout, "Usage: ocpizza-paysim %s\n\n%s.\n\nFlags:\n", cmd.usage, cmd.summary)
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
