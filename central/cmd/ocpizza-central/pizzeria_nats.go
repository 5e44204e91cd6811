package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/nats-io/nkeys"

	"github.com/ocpizza/ocpizza/syncproto"
)

// natsUserBlock returns the block of deploy/nats/accounts.conf that gives
// a pizzeria its NATS user: its own up, hello and beat subjects, pulls
// from its own command consumer, and its own inbox, nothing else.
func natsUserBlock(id, publicKey string) string {
	consumer := syncproto.DownStream + ".edge-" + id
	lines := []string{
		"# " + id,
		"{",
		"  nkey: " + publicKey,
		"  permissions: {",
		"    publish: {",
		"      allow: [",
		`        "` + syncproto.UpSubject(id) + `"`,
		`        "` + syncproto.HelloSubject(id) + `"`,
		`        "` + syncproto.BeatSubject(id) + `"`,
		`        "$JS.API.CONSUMER.INFO.` + consumer + `"`,
		`        "$JS.API.CONSUMER.MSG.NEXT.` + consumer + `"`,
		`        "$JS.ACK.` + consumer + `.>"`,
		"      ]",
		"    }",
		"    subscribe: {",
		"      allow: [",
		`        "` + syncproto.InboxPrefix(id) + `.>"`,
		"      ]",
		"    }",
		"  }",
		"}",
	}
	return "      " + strings.Join(lines, "\n      ") + "\n"
}

// validNKey checks a pizzeria's public nkey, when one is given.
func validNKey(key string) error {
	if key != "" && !nkeys.IsValidPublicUserKey(key) {
		return fmt.Errorf("--nkey %q: want the public user key (U..., 56 characters) printed by nk -pubout", key)
	}
	return nil
}

// printNATSSteps says how to let a new pizzeria reach NATS, with its
// accounts.conf block (deploy/nats/add-pizzeria.md tells the same at
// length).
func printNATSSteps(w io.Writer, id, publicKey string) {
	key, step1 := publicKey, "make its key pair (nk -gen user); the seed file stays there"
	if key == "" {
		key = "<PUBLIC NKEY>"
		step1 += ",\n    and its public key (nk -pubout) goes in the block below, or run this\n" +
			"    command again with --nkey to have it filled in"
	}
	fmt.Fprintf(w, `
Before it can sync, %[1]s needs a NATS user of its own
(deploy/nats/add-pizzeria.md; deploy/nats/README.md explains the scheme):

 1. on the pizzeria's machine, %[2]s;
 2. add this block to accounts.conf on the NATS server:

%[3]s
 3. check and reload the server:
    nats-server -t -c /etc/nats/nats-server.conf && systemctl reload nats-server
 4. on the pizzeria's machine set OCPIZZA_PIZZERIA=%[1]s and
    OCPIZZA_NATS_CREDS to the seed file, and start ocpizza-edge.
`, id, step1, natsUserBlock(id, key))
}
