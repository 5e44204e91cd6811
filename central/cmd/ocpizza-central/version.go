package main

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/ocpizza/ocpizza/syncproto"
)

// runVersion prints the build's version, Go version and sync protocol.
func runVersion(_ context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("version", stdout)
	if err := fs.Parse(args); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "ocpizza-central %s (%s, sync protocol %d)\n",
		version, runtime.Version(), syncproto.ProtocolVersion)
	return nil
}
