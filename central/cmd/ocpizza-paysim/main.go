// Command ocpizza-paysim runs the payment provider simulator that central
// takes online payments through in the demo and the tests: a JSON API, a
// hosted payment page with test cards, and signed webhooks. It keeps its
// state in memory; see docs/payments.md.
package main

import (
	"context"
	"io"

	"github.com/ocpizza/ocpizza/syncproto/cmdline"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// program is the command line: its subcommands in the order the usage
// lists them.
var program = &cmdline.Program{
	Name: "ocpizza-paysim",
	Helps: []cmdline.Help{
		{Name: "serve", Usage: "serve [flags]",
			Summary: "serve the payment API and the hosted payment page until stopped"},
		{Name: "version", Usage: "version", Summary: "print the version"},
	},
	Note: "Each subcommand takes --help. Flags fall back to OCPIZZA_PAYSIM_* environment\n" +
		"variables; prefer the environment for the API key and the webhook secret.",
}

// commands maps each subcommand to the function that runs it.
var commands = map[string]cmdline.Func{
	"serve": runServe, "version": runVersion,
}

func main() { program.Main(commands) }

// run runs the subcommand named by args[0], as main does; no subcommand
// reads standard input.
func run(ctx context.Context, args []string, stdout io.Writer) error {
	return program.Run(ctx, commands, args, nil, stdout)
}
