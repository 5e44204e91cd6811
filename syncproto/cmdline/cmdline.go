// Package cmdline is the command line that ocpizza-edge, ocpizza-central
// and ocpizza-paysim share: subcommands and their usage, flags that fall
// back to environment variables, flags written among the positional
// arguments, and the logger the log flags describe. Each binary's main
// package lists its subcommands and wires them; this package only reads
// the command line.
package cmdline

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

// Help is a subcommand's name, its synopsis and one line saying what it
// does.
type Help struct {
	Name, Usage, Summary string
}

// Func runs a subcommand with the arguments after its name.
type Func func(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error

// Program is a binary made of subcommands.
type Program struct {
	Name  string // as the usage writes it, such as ocpizza-edge
	Helps []Help // in the order the usage lists them
	Note  string // the usage's closing lines, about flags and the environment
}

// Main runs the subcommand of os.Args until it returns or the process is
// interrupted or terminated, and exits 1 with the error, if any, on
// standard error. Help asked for is not an error.
func (p *Program) Main(commands map[string]Func) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := p.Run(ctx, commands, os.Args[1:], os.Stdin, os.Stdout)
	stop()
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", p.Name, err)
		os.Exit(1)
	}
}

// Run dispatches to the subcommand named by args[0]. Without one, or with
// -h, --help or help, it prints the usage; help asked for returns
// flag.ErrHelp.
func (p *Program) Run(ctx context.Context, commands map[string]Func, args []string,
	stdin io.Reader, stdout io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		p.usage(stdout)
		if len(args) == 0 {
			return errors.New("a subcommand is required")
		}
		return flag.ErrHelp
	}
	if run, ok := commands[args[0]]; ok {
		return run(ctx, args[1:], stdin, stdout)
	}
	p.usage(stdout)
	return fmt.Errorf("unknown subcommand %q", args[0])
}

// usage lists the subcommands, their summaries in one column.
func (p *Program) usage(w io.Writer) {
	width := 0
	for _, h := range p.Helps {
		width = max(width, len(h.Name))
	}
	fmt.Fprintf(w, "Usage: %s SUBCOMMAND [flags]\n\n", p.Name)
	for _, h := range p.Helps {
		fmt.Fprintf(w, "  %-*s  %s\n", width, h.Name, h.Summary)
	}
	fmt.Fprintf(w, "\n%s\n", p.Note)
}

// FlagSet returns the flag set of a subcommand. Its --help prints the
// subcommand's usage and each flag, with its environment variable, to
// stdout.
func (p *Program) FlagSet(name string, stdout io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stdout)
	fs.Usage = func() {
		for _, h := range p.Helps {
			if h.Name == name {
				fmt.Fprintf(stdout, "Usage: %s %s\n\n%s.\n\nFlags:\n", p.Name, h.Usage, h.Summary)
			}
		}
		fs.PrintDefaults()
	}
	return fs
}
