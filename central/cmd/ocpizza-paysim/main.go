// Command ocpizza-paysim runs the payment provider simulator that central
// takes online payments through in the demo and the tests: a JSON API, a
// hosted payment page with test cards, and signed webhooks. It keeps its
// state in memory; see docs/payments.md.
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
	{"serve", help{"serve [flags]", "serve the payment API and the hosted payment page until stopped"}},
	{"version", help{"version", "print the version"}},
}

// commands maps each subcommand to the function that runs it.
var commands = map[string]func(ctx context.Context, args []string, stdout io.Writer) error{
	"serve": runServe, "version": runVersion,
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "ocpizza-paysim:", err)
		os.Exit(1)
	}
}

// run dispatches to the subcommand named by args[0].
func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return errors.New("a subcommand is required")
		}
		return flag.ErrHelp
	}
	if cmd, ok := commands[args[0]]; ok {
		return cmd(ctx, args[1:], stdout)
	}
	usage(stdout)
	return fmt.Errorf("unknown subcommand %q", args[0])
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "Usage: ocpizza-paysim SUBCOMMAND [flags]")
	fmt.Fprintln(w)
	for _, c := range helps {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Each subcommand takes --help. Flags fall back to OCPIZZA_PAYSIM_* environment")
	fmt.Fprintln(w, "variables; prefer the environment for the API key and the webhook secret.")
}
