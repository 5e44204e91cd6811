// Command ocpizza-edge runs one pizzeria: its orders, kitchen, deliveries
// and stock, on its own SQLite database, with or without a link to central.
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
	Name: "ocpizza-edge",
	Helps: []cmdline.Help{
		{Name: "serve", Usage: "serve [flags]", Summary: "run the pizzeria's API until stopped"},
		{Name: "migrate", Usage: "migrate [flags]", Summary: "apply pending database migrations"},
		{Name: "user", Usage: "user add NAME --role ROLE [--pizzeria ID] | user list | user passwd NAME",
			Summary: "manage staff accounts (passwords on standard input)"},
		{Name: "catalog", Usage: "catalog import FILE", Summary: "apply a catalog document"},
		{Name: "demo-data", Usage: "demo-data [flags]",
			Summary: "load the demo catalog, stock and one account per role"},
		{Name: "backup", Usage: "backup FILE [flags]",
			Summary: "write a consistent, checked copy of the live database"},
		{Name: "version", Usage: "version", Summary: "print the version"},
	},
	Note: "Each subcommand takes --help. Flags fall back to OCPIZZA_* environment variables.",
}

// commands maps each subcommand to the function that runs it.
var commands = map[string]cmdline.Func{
	"serve": runServe, "migrate": runMigrate, "user": runUser, "catalog": runCatalog,
	"demo-data": runDemoData, "backup": runBackup, "version": runVersion,
}

func main() { program.Main(commands) }

// run runs the subcommand named by args[0], as main does.
func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	return program.Run(ctx, commands, args, stdin, stdout)
}
