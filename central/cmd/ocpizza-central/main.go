// Command ocpizza-central runs head office's service: it applies the
// events of every pizzeria from NATS to PostgreSQL, answers their
// handshakes, and serves the API and the sync console.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// help is a subcommand's synopsis and one line saying what it does.
type help struct{ usage, summary string }

// helps lists the subcommands in the order the usage shows them.
var helps = []struct {
	name string
	help
}{
	{"serve", help{"serve [flags]", "ingest the pizzerias' events and serve the API until stopped"}},
	{"migrate", help{"migrate [flags]", "apply pending database migrations"}},
	{"user", help{"user add NAME --role ROLE [--pizzeria ID] | user list | user passwd|disable|enable NAME",
		"manage staff accounts (passwords on standard input)"}},
	{"pizzeria", help{"pizzeria add ID --name NAME --postcodes 75001,75002 [--nkey KEY] | pizzeria list",
		"open a pizzeria, or list them"}},
	{"customer", help{"customer add EMAIL --name NAME --phone PHONE | customer list",
		"add a customer account of the website (password on standard input), or list them"}},
	{"catalog", help{"catalog import FILE [--publish] | catalog publish",
		"replace the catalog by a document, or publish it to every pizzeria as a new version"}},
	{"demo-data", help{"demo-data [flags]", "load the demo catalog and publish it to every pizzeria"}},
	{"backup", help{"backup FILE [flags]", "write a checked pg_dump of the database"}},
	{"sync", help{"sync replay [flags]",
		"after a restore of the database, make central apply again every event NATS still holds"}},
	{"gen-history", help{"gen-history [--pizzerias 8] [--days 730] [--orders-per-day 500] [--jobs 1] [--last DATE] [flags]",
		"fill the database with generated orders, for load tests and benchmarks"}},
	{"version", help{"version", "print the version"}},
}

// commands maps each subcommand to the function that runs it.
var commands = map[string]func(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error{
	"serve": runServe, "migrate": runMigrate, "user": runUser, "pizzeria": runPizzeria,
	"backup": runBackup, "version": runVersion, "catalog": runCatalog, "demo-data": runDemoData, "gen-history": runGenHistory,
	"customer": runCustomer, "sync": runSync,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ocpizza-central:", err)
		os.Exit(1)
	}
}

// run dispatches to the subcommand named by args[0].
func run(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return errors.New("a subcommand is required")
		}
		return flag.ErrHelp
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(ctx, args[1:], stdin, stdout)
	}
	usage(stdout)
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: ocpizza-central SUBCOMMAND [flags]")
	fmt.Fprintln(w)
	for _, c := range helps {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Each subcommand takes --help. Flags fall back to OCPIZZA_* environment variables.")
}
