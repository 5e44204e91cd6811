package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ocpizza/ocpizza/central"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// runCustomer manages customer accounts of the website: add (as a
// sign-up does, for the demo and support) and list.
func runCustomer(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("customer", stdout)
	db := addDBFlags(fs)
	name := fs.String("name", "", "full name of a new customer")
	phone := fs.String("phone", "", "phone of a new customer, such as 06 12 34 56 78")
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
		return fmt.Errorf("unknown customer command %q", strings.Join(positional, " "))
	}

	// A new account is checked whole before the database is opened.
	c := &central.Customer{Name: *name, Phone: *phone}
	if verb == "add" {
		c.Email = rest[0]
		if err := c.ValidateProfile(); err != nil {
			return userError(err)
		}
	}

	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()
	if verb == "list" {
		return listCustomers(ctx, store, stdout)
	}
	return addCustomer(ctx, store, stdin, stdout, c)
}

// addCustomer creates an account with the password read from stdin, under
// the rules of the website's sign-up.
func addCustomer(ctx context.Context, customers central.CustomerService, stdin io.Reader, stdout io.Writer,
	c *central.Customer) error {
	password, err := readCustomerPassword(stdin, c.Email)
	if err != nil {
		return err
	}
	if c.PasswordHash, err = passhash.Hash(password, passhash.Default); err != nil {
		return err
	}
	if err := customers.CreateCustomer(ctx, c); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "customer %s added (%s, %s)\n", c.Email, c.Name, c.Phone)
	return nil
}

// readCustomerPassword reads a password from the first line of stdin and
// checks it as the sign-up does.
func readCustomerPassword(stdin io.Reader, email string) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if err := central.ValidateCustomerPassword(password, email); err != nil {
		return "", fmt.Errorf("password on standard input: %w", userError(err))
	}
	return password, nil
}

// listCustomers prints every customer account.
func listCustomers(ctx context.Context, customers central.CustomerService, stdout io.Writer) error {
	list, err := customers.FindCustomers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "EMAIL\tNAME\tPHONE\tDISABLED\tCREATED")
	for _, c := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\t%s\n", c.Email, c.Name, c.Phone, c.Disabled,
			c.CreatedAt.In(central.Paris).Format("2006-01-02 15:04"))
	}
	return tw.Flush()
}
