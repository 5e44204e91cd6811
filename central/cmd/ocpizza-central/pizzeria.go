package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto"
)

// runPizzeria opens pizzerias and lists them.
func runPizzeria(ctx context.Context, args []string, _ io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("pizzeria", stdout)
	db := addDBFlags(fs)
	name := fs.String("name", "", "name of a new pizzeria, such as \"OC Pizza Paris 11\"")
	postcodes := fs.String("postcodes", "", "postcodes a new pizzeria delivers, comma-separated")
	nkey := fs.String("nkey", "",
		"public nkey of a new pizzeria's NATS user, to fill in its accounts.conf block")
	positional, err := db.parse(fs, args)
	if err != nil {
		return err
	}
	verb, rest := "", positional
	if len(positional) > 0 {
		verb, rest = positional[0], positional[1:]
	}
	if !(verb == "add" && len(rest) == 1) && !(verb == "list" && len(rest) == 0) {
		fs.Usage()
		return fmt.Errorf("unknown pizzeria command %q", strings.Join(positional, " "))
	}

	p := &central.Pizzeria{Name: *name, Postcodes: splitList(*postcodes)}
	if verb == "add" {
		if p.ID = rest[0]; !syncproto.ValidPizzeriaID(p.ID) {
			return fmt.Errorf("pizzeria id %q: want a slug such as paris-11", p.ID)
		}
		if p.Name == "" {
			return errors.New("--name is required")
		}
		if err := validNKey(*nkey); err != nil {
			return err
		}
	}

	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if verb == "list" {
		return listPizzerias(ctx, store, stdout)
	}
	return addPizzeria(ctx, store, stdout, p, *nkey)
}

// addPizzeria registers a pizzeria and says how to let it reach NATS.
func addPizzeria(ctx context.Context, accounts central.AccountService, stdout io.Writer,
	p *central.Pizzeria, publicKey string) error {
	if err := accounts.CreatePizzeria(ctx, p); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "pizzeria %s (%s) added, delivering %s\n",
		p.ID, p.Name, strings.Join(p.Postcodes, ", "))
	printNATSSteps(stdout, p.ID, publicKey)
	return nil
}

// listPizzerias prints every pizzeria.
func listPizzerias(ctx context.Context, accounts central.AccountService, stdout io.Writer) error {
	pizzerias, err := accounts.FindPizzerias(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tPOSTCODES")
	for _, p := range pizzerias {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", p.ID, p.Name, strings.Join(p.Postcodes, ","))
	}
	return tw.Flush()
}

// splitList splits a comma-separated list, dropping blanks.
func splitList(s string) []string {
	var items []string
	for _, item := range strings.Split(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			items = append(items, item)
		}
	}
	return items
}
