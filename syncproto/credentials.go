package syncproto

import (
	"bytes"
	"fmt"
	"os"

	"github.com/nats-io/nats.go"
)

// Credentials returns the NATS option that authenticates with the file at
// path: an nkey seed (one line starting with "SU", the scheme of
// deploy/nats), or a JWT credentials file (.creds) for an operator-managed
// server. Edge and central both read OCPIZZA_NATS_CREDS through it.
func Credentials(path string) (nats.Option, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("nats credentials: %w", err)
	}
	switch {
	case bytes.HasPrefix(bytes.TrimSpace(data), []byte("SU")):
		opt, err := nats.NkeyOptionFromSeed(path)
		if err != nil {
			return nil, fmt.Errorf("nats credentials %s: %w", path, err)
		}
		return opt, nil
	case bytes.Contains(data, []byte("BEGIN NATS USER JWT")):
		return nats.UserCredentials(path), nil
	}
	return nil, fmt.Errorf("nats credentials %s: neither an nkey seed (SU…) nor a .creds file", path)
}
