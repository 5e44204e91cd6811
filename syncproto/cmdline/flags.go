package cmdline

import (
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strconv"
	"strings"
)

// EnvString defines a string flag whose default comes from an environment
// variable when it is set. The usage names the variable.
func EnvString(fs *flag.FlagSet, name, env, def, usage string) *string {
	if v, ok := os.LookupEnv(env); ok {
		def = v
	}
	return fs.String(name, def, fmt.Sprintf("%s (env %s)", usage, env))
}

// EnvBool defines a boolean flag whose default comes from an environment
// variable when it is set to a boolean.
func EnvBool(fs *flag.FlagSet, name, env string, def bool, usage string) *bool {
	if v, err := strconv.ParseBool(os.Getenv(env)); err == nil {
		def = v
	}
	return fs.Bool(name, def, fmt.Sprintf("%s (env %s)", usage, env))
}

// ParseInterspersed parses flags wherever they stand among the positional
// arguments, so that "user add anna --role manager" reads as it is
// written, and returns the positional arguments.
func ParseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
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

// NewLogger returns a slog logger of the given level (debug, info, warn or
// error) and format (text or json), writing to w.
func NewLogger(level, format string, w io.Writer) (*slog.Logger, error) {
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
