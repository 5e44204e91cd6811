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

// Password lengths, the same as on the edge, where these accounts log in
// too.
const (
	minPasswordLen = 8
	maxPasswordLen = 128
)

// roles are the staff roles, for the usage text.
var roles = []central.Role{
	central.RoleOrderTaker, central.RolePizzaiolo, central.RoleDriver,
	central.RoleManager, central.RoleHeadOffice, central.RoleOps,
}

// runUser manages staff accounts: add, list, passwd.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("user", stdout)
	db := addDBFlags(fs)
	role := fs.String("role", "", "role of a new account: "+roleList())
	pizzeria := fs.String("pizzeria", "", "pizzeria of a new account; none for head_office and ops")
	positional, err := db.parse(fs, args)
	if err != nil {
		return err
	}
	if len(positional) == 0 {
		fs.Usage()
		return errors.New("user needs add, list, passwd, disable or enable")
	}

	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()

	switch verb, rest := positional[0], positional[1:]; {
	case verb == "add" && len(rest) == 1:
		return addUser(ctx, store, stdin, stdout, &central.User{
			Username: rest[0], Role: central.Role(*role), PizzeriaID: *pizzeria,
		})
	case verb == "list" && len(rest) == 0:
		return listUsers(ctx, store, stdout)
	case verb == "passwd" && len(rest) == 1:
		hash, err := readPasswordHash(stdin)
		if err != nil {
			return err
		}
		if err := store.SetStaffPassword(ctx, rest[0], hash); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "password of %s changed; their sessions are closed\n", rest[0])
		return nil
	case (verb == "disable" || verb == "enable") && len(rest) == 1:
		if err := store.SetStaffDisabled(ctx, rest[0], verb == "disable"); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "%s %sd; the change is sent to their pizzeria\n", rest[0], verb)
		return nil
	}
	fs.Usage()
	return fmt.Errorf("unknown user command %q", strings.Join(positional, " "))
}

// addUser creates an account with the password read from stdin; an
// account of a pizzeria's staff is sent down to that pizzeria.
func addUser(ctx context.Context, staff central.StaffService, stdin io.Reader, stdout io.Writer,
	u *central.User) error {
	hash, err := readPasswordHash(stdin)
	if err != nil {
		return err
	}
	u.PasswordHash = hash
	if err := staff.AddStaff(ctx, u); err != nil {
		return userError(err)
	}
	scope := "every pizzeria"
	if u.PizzeriaID != "" {
		scope = "pizzeria " + u.PizzeriaID
	}
	fmt.Fprintf(stdout, "user %s added with role %s (%s)\n", u.Username, u.Role, scope)
	return nil
}

// listUsers prints every account.
func listUsers(ctx context.Context, accounts central.AccountService, stdout io.Writer) error {
	users, err := accounts.FindUsers(ctx)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "USERNAME\tROLE\tPIZZERIA\tDISABLED")
	for _, u := range users {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%v\n", u.Username, u.Role, u.PizzeriaID, u.Disabled)
	}
	return tw.Flush()
}

// readPasswordHash reads a password from the first line of stdin, checks
// its length and returns its argon2id hash.
func readPasswordHash(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if n := len(password); n < minPasswordLen || n > maxPasswordLen {
		return "", fmt.Errorf("password on standard input: must be %d to %d characters",
			minPasswordLen, maxPasswordLen)
	}
	return passhash.Hash(password, passhash.Default)
}

// userError says an application error's field along with its message.
func userError(err error) error {
	var e *central.Error
	if errors.As(err, &e) && e.Code != central.EINTERNAL {
		if e.Field != "" {
			return fmt.Errorf("%s: %s", e.Field, e.Message)
		}
		return errors.New(e.Message)
	}
	return err
}

func roleList() string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}
