package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
)

// runVersion prints the build's version and Go version.
func runVersion(_ context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("version", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		return fmt.Errorf("version takes no argument, got %q", fs.Arg(0))
	}
	fmt.Fprintf(stdout, "ocpizza-paysim %s (%s)\n", version, runtime.Version())
	return nil
}
