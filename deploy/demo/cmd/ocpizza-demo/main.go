// Command ocpizza-demo runs OC Pizza on one machine for `make demo`:
// central, a NATS server, the payment provider simulator, two pizzerias
// with their demo catalog, stock and accounts, a demo customer, and a
// private PostgreSQL when DATABASE_URL is not set. It
// prints every address and log-in, and stops everything on Ctrl-C.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

	"github.com/ocpizza/ocpizza/deploy/demo"
)

func main() {
	cfg := demo.Defaults()
	flag.StringVar(&cfg.VarDir, "var", cfg.VarDir, "directory of the demo's databases, keys and logs")
	flag.StringVar(&cfg.BinDir, "bin", cfg.BinDir, "directory of ocpizza-central, ocpizza-edge and ocpizza-paysim")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "Usage: ocpizza-demo [--var DIR] [--bin DIR]")
		fmt.Fprintln(os.Stderr, "\nDATABASE_URL and NATS_URL, when set, are used instead of the private servers.")
		flag.PrintDefaults()
	}
	flag.Parse()
	cfg.Progress = os.Stdout

	if err := run(cfg, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "ocpizza-demo:", err)
		os.Exit(1)
	}
}

// run starts the demo, prints where to go, and stops it on a signal or
// when one of its processes stops by itself.
func run(cfg demo.Config, stdout io.Writer) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stack, err := demo.Start(ctx, cfg)
	if err != nil {
		return err
	}
	printSummary(stdout, stack, cfg)

	var failure error
	select {
	case <-ctx.Done():
		fmt.Fprintln(stdout, "\nStopping...")
	case p := <-stack.Exited():
		failure = fmt.Errorf("%s stopped by itself: %w", p.Name(), p.Err())
	}
	if err := stack.Stop(); err != nil {
		return fmt.Errorf("%w; stop: %w", failure, err)
	}
	if failure == nil {
		fmt.Fprintln(stdout, "Stopped. Run make demo again to go on where you left off.")
	}
	return failure
}

// printSummary prints every address and every log-in.
func printSummary(w io.Writer, stack *demo.Stack, cfg demo.Config) {
	fmt.Fprintln(w, "\nOC Pizza demo is running. Ctrl-C stops it.")
	fmt.Fprintln(w)
	for _, l := range stack.Links() {
		fmt.Fprintf(w, "  %-42s %s\n", l.Label, l.URL)
	}
	fmt.Fprintf(w, "  %-42s %s\n", "NATS", stack.NATSURL())
	fmt.Fprintf(w, "  %-42s %s\n", "PostgreSQL (central)", stack.DatabaseURL())
	fmt.Fprintf(w, "  %-42s %s\n", "logs", cfg.VarDir+"/log/")

	fmt.Fprintf(w, "\nEvery account's password is %s.\n", demo.Password)
	fmt.Fprint(w, "  on central:        siege (head_office), ops (ops)")
	for _, p := range cfg.Pizzerias {
		fmt.Fprintf(w, ", %s (driver)", demo.DriverAccount(p.ID))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  customer (central): %s (log in with \"email\")\n", demo.DemoCustomer.Email)
	fmt.Fprint(w, "  on each pizzeria: ")
	for _, a := range demo.EdgeAccounts {
		fmt.Fprintf(w, " %s (%s)", a[0], a[1])
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "\nTry it: log in and take an order on a pizzeria, then watch it reach central's console:")
	fmt.Fprintf(w, "  curl -s %s/api/v1/sessions -H 'Content-Type: application/json' \\\n", stack.EdgeURL(0))
	fmt.Fprintf(w, "    -d '{\"username\":\"caisse\",\"password\":\"%s\"}'\n", demo.Password)
	fmt.Fprintf(w, "\nThe payment provider's test cards are in docs/payments.md; its API key and\n"+
		"webhook secret are in %s/paysim.env.\n", cfg.VarDir)
}
