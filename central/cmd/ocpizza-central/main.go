// Command ocpizza-central runs head office's service: it applies the
// events of every pizzeria from NATS to PostgreSQL, answers their
// handshakes, and serves the API and the sync console.
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
	Name: "ocpizza-central",
	Helps: []cmdline.Help{
		{Name: "serve", Usage: "serve [flags]",
			Summary: "ingest the pizzerias' events and serve the API until stopped"},
		{Name: "migrate", Usage: "migrate [flags]", Summary: "apply pending database migrations"},
		{Name: "user", Usage: "user add NAME --role ROLE [--pizzeria ID] | user list | user passwd|disable|enable NAME",
			Summary: "manage staff accounts (passwords on standard input)"},
		{Name: "pizzeria", Usage: "pizzeria add ID --name NAME --postcodes 75001,75002 [--nkey KEY] | pizzeria list",
			Summary: "open a pizzeria, or list them"},
		{Name: "customer", Usage: "customer add EMAIL --name NAME --phone PHONE | customer list",
			Summary: "add a customer account of the website (password on standard input), or list them"},
		{Name: "catalog", Usage: "catalog import FILE [--publish] | catalog publish",
			Summary: "replace the catalog by a document, or publish it to every pizzeria as a new version"},
		{Name: "demo-data", Usage: "demo-data [flags]",
			Summary: "load the demo catalog and publish it to every pizzeria"},
		{Name: "backup", Usage: "backup FILE [flags]",
			Summary: "write a checked pg_dump of the database"},
		{Name: "sync", Usage: "sync replay [flags]",
			Summary: "after a restore of the database, make central apply again every event NATS still holds"},
		{Name: "gen-history", Usage: "gen-history [--pizzerias 8] [--days 730] [--orders-per-day 500] [--jobs 1] [--last DATE] [flags]",
			Summary: "fill the database with generated orders, for load tests and benchmarks"},
		{Name: "version", Usage: "version", Summary: "print the version"},
	},
	Note: "Each subcommand takes --help. Flags fall back to OCPIZZA_* environment variables.",
}

// commands maps each subcommand to the function that runs it.
var commands = map[string]cmdline.Func{
	"serve": runServe, "migrate": runMigrate, "user": runUser, "pizzeria": runPizzeria,
	"backup": runBackup, "version": runVersion, "catalog": runCatalog, "demo-data": runDemoData, "gen-history": runGenHistory,
	"customer": runCustomer, "sync": runSync,
}

func main() { program.Main(commands) }

// run runs the subcommand named by args[0], as main does.
func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	return program.Run(ctx, commands, args, stdin, stdout)
}
