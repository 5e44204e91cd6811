package syncproto

import (
	"bytes"
	"fmt"
	"os"

	"github.com/nats-io/nats.go"
)

// credsMarker starts the user JWT of a NATS .creds file.
var credsMarker = []byte("-----BEGIN NATS USER JWT-----")

// Credentials returns the NATS authentication of a credentials file, the
// file OCPIZZA_NATS_CREDS names on the edge and on central. It holds one
// of:
//   - an nkey user seed (SU...), as deploy/nats gives every user: the
//     server knows the public key only;
//   - a NATS .creds file, a user JWT and its seed, for servers run with
//     operator accounts;
//   - one line user:password, for users listed with a password in the
//     server's configuration.
func Credentials(file string) (nats.Option, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("nats credentials: %w", err)
	}
	defer clear(data)

	if bytes.Contains(data, credsMarker) {
		return nats.UserCredentials(file), nil
	}
	if opt, err := nats.NkeyOptionFromSeed(file); err == nil {
		return opt, nil
	}
	line := bytes.TrimSpace(data)
	user, password, ok := bytes.Cut(line, []byte(":"))
	if !ok || len(user) == 0 || len(password) == 0 || bytes.ContainsAny(line, "\r\n") {
		return nil, fmt.Errorf("nats credentials %s: want an nkey seed, a .creds file "+
			"or one line user:password", file)
	}
	return nats.UserInfo(string(user), string(password)), nil
}
