package demo

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/nats-io/nats-server/v2/server"
	"github.com/nats-io/nkeys"

	"github.com/ocpizza/ocpizza/syncproto"
)

// natsServer is the demo's NATS server, in process: JetStream, and the
// OCPIZZA account with central's user and one user per pizzeria, each
// authenticated by its own nkey and confined to its own subjects, as in
// deploy/nats/accounts.conf. TLS is left out: it listens on the loopback.
type natsServer struct {
	srv *server.Server
	dir string
	url string
}

// startNATS writes the server's configuration under dir, with a key pair
// per user kept from one run to the next, and starts the server from it.
func startNATS(dir, host string, port int, pizzerias []string) (*natsServer, error) {
	n := &natsServer{dir: dir, url: "nats://" + host + ":" + strconv.Itoa(port)}
	if err := os.MkdirAll(filepath.Join(dir, "keys"), 0o700); err != nil {
		return nil, fmt.Errorf("nats dir: %w", err)
	}

	// The configuration, from the users' public keys.
	var users []string
	central, err := n.publicKey("central")
	if err != nil {
		return nil, err
	}
	users = append(users, centralUser(central))
	for _, id := range pizzerias {
		key, err := n.publicKey(id)
		if err != nil {
			return nil, err
		}
		users = append(users, PizzeriaUser(id, key))
	}
	conf := filepath.Join(dir, "nats-server.conf")
	if err := os.WriteFile(conf, []byte(serverConfig(host, port, dir, users)), 0o600); err != nil {
		return nil, fmt.Errorf("nats config: %w", err)
	}

	// The server, as nats-server -c would start it.
	opts, err := server.ProcessConfigFile(conf)
	if err != nil {
		return nil, fmt.Errorf("nats config: %w", err)
	}
	opts.NoSigs, opts.NoLog = true, true
	srv, err := server.NewServer(opts)
	if err != nil {
		return nil, fmt.Errorf("nats: %w", err)
	}
	srv.Start()
	if !srv.ReadyForConnections(10 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("nats: not ready on %s after 10s (port taken?)", n.url)
	}
	n.srv = srv
	return n, nil
}

// publicKey returns the public key of a user, making its key pair on the
// first run. The seed file is what the user's service is given.
func (n *natsServer) publicKey(user string) (string, error) {
	path := n.seedFile(user)
	seed, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		kp, err := nkeys.CreateUser()
		if err != nil {
			return "", fmt.Errorf("nkey of %s: %w", user, err)
		}
		if seed, err = kp.Seed(); err != nil {
			return "", fmt.Errorf("nkey of %s: %w", user, err)
		}
		if err := os.WriteFile(path, append(seed, '\n'), 0o600); err != nil {
			return "", fmt.Errorf("nkey of %s: %w", user, err)
		}
	} else if err != nil {
		return "", fmt.Errorf("nkey of %s: %w", user, err)
	}
	kp, err := nkeys.FromSeed([]byte(strings.TrimSpace(string(seed))))
	if err != nil {
		return "", fmt.Errorf("nkey of %s in %s: %w", user, path, err)
	}
	return kp.PublicKey()
}

// seedFile is where a user's seed is kept.
func (n *natsServer) seedFile(user string) string {
	return filepath.Join(n.dir, "keys", user+".nk")
}

func (n *natsServer) stop() {
	n.srv.Shutdown()
	n.srv.WaitForShutdown()
}

// serverConfig is the demo server's configuration file.
func serverConfig(host string, port int, dir string, users []string) string {
	return fmt.Sprintf(`# Written by the demo launcher at each start; deploy/nats/ holds production's.
listen: %s:%d
jetstream {
  store_dir: %q
}
accounts {
  OCPIZZA {
    jetstream: enabled
    users: [
%s    ]
  }
}
`, host, port, filepath.Join(dir, "jetstream"), strings.Join(users, ""))
}

// centralUser is central's user block: it manages the streams, consumes
// the events, sends commands and answers the handshakes.
func centralUser(publicKey string) string {
	return userBlock("central", publicKey,
		[]string{syncproto.DownSubjects, "$JS.API.>", "$JS.ACK.>"},
		[]string{syncproto.HelloSubjects, syncproto.BeatSubjects, "_INBOX.>"},
		"allow_responses: true")
}

// PizzeriaUser is a pizzeria's user block, the same as in
// deploy/nats/accounts.conf: its own up, hello and beat subjects, pulls
// from its own command consumer, and its own inbox, nothing else.
func PizzeriaUser(id, publicKey string) string {
	consumer := syncproto.DownStream + ".edge-" + id
	return userBlock(id, publicKey,
		[]string{
			syncproto.UpSubject(id), syncproto.HelloSubject(id), syncproto.BeatSubject(id),
			"$JS.API.CONSUMER.INFO." + consumer, "$JS.API.CONSUMER.MSG.NEXT." + consumer,
			"$JS.ACK." + consumer + ".>",
		},
		[]string{syncproto.InboxPrefix(id) + ".>"}, "")
}

// userBlock writes one user of the account's users list.
func userBlock(name, publicKey string, publish, subscribe []string, extra string) string {
	quote := func(subjects []string) string {
		var b strings.Builder
		for _, s := range subjects {
			fmt.Fprintf(&b, "            %q\n", s)
		}
		return b.String()
	}
	if extra != "" {
		extra = "        " + extra + "\n"
	}
	return fmt.Sprintf(`      # %s
      {
        nkey: %s
        permissions: {
          publish: {
            allow: [
%s            ]
          }
          subscribe: {
            allow: [
%s            ]
          }
%s        }
      }
`, name, publicKey, quote(publish), quote(subscribe), extra)
}
