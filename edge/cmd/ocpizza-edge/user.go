package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/ocpizza/ocpizza/edge"
	"github.com/ocpizza/ocpizza/syncproto/passhash"
)

// runUser manages staff accounts: add, list, passwd.
func runUser(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) error {
	fs := program.FlagSet("user", stdout)
	db := addDBFlags(fs)
	role := fs.String("role", "", "role of a new account: "+roleList())
	positional, err := db.parse(fs, args)
	if err != nil {
		return err
	}
	if len(positional) == 0 {
		fs.Usage()
		return errors.New("user needs add, list or passwd")
	}

	store, err := db.open(ctx)
	if err != nil {
		return err
	}
	defer store.Close()

	switch verb, rest := positional[0], positional[1:]; {
	case verb == "add" && len(rest) == 1:
		hash, err := readPasswordHash(stdin)
		if err != nil {
			return err
		}
		// Staff belong to this pizzeria; head office and ops to every one.
		scope := *db.pizzeria
		if edge.Role(*role).AllPizzerias() {
			scope = ""
		}
		u, err := store.CreateUser(ctx, edge.UserCreate{
			Username: rest[0], Role: edge.Role(*role), Pizzeria: scope, PasswordHash: hash,
		})
		if err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "user %s added with role %s\n", u.Username, u.Role)
	case verb == "list" && len(rest) == 0:
		users, err := store.FindUsers(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "USERNAME\tROLE\tPIZZERIA\tDISABLED")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%v\n", u.Username, u.Role, u.Pizzeria, u.Disabled)
		}
		return tw.Flush()
	case verb == "passwd" && len(rest) == 1:
		hash, err := readPasswordHash(stdin)
		if err != nil {
			return err
		}
		if err := store.SetPasswordHash(ctx, rest[0], hash); err != nil {
			return userError(err)
		}
		fmt.Fprintf(stdout, "password of %s changed; their sessions are closed\n", rest[0])
	default:
		fs.Usage()
		return fmt.Errorf("unknown user command %q", strings.Join(positional, " "))
	}
	return nil
}

// readPasswordHash reads a password from the first line of stdin, checks
// its length and returns its argon2id hash.
func readPasswordHash(stdin io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(stdin, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("read password: %w", err)
	}
	password := strings.TrimRight(line, "\r\n")
	if err := edge.ValidatePassword(password); err != nil {
		return "", fmt.Errorf("password on standard input: must be %d to %d characters",
			edge.MinPasswordLen, edge.MaxPasswordLen)
	}
	return passhash.Hash(password, passhash.Default)
}

// userError says an application error's field along with its message.
func userError(err error) error {
	if f := edge.ErrorField(err); f != "" {
		return fmt.Errorf("%s: %s", f, edge.ErrorMessage(err))
	}
	return err
}

func roleList() string {
	names := make([]string, len(edge.Roles))
	for i, r := range edge.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}
