package demo

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
)

// paysimSecrets are the demo payment provider's API key and webhook
// secret, which central holds too.
type paysimSecrets struct{ apiKey, webhookSecret string }

// paysimFile is where the secrets are kept under the var directory, in
// the format of an environment file, so that a second run, and a central
// started by hand, use the same ones.
const paysimFile = "paysim.env"

// loadPaysimSecrets reads the secrets of the var directory, or makes them
// on the first run.
func (s *Stack) loadPaysimSecrets() error {
	path := s.path(paysimFile)
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return s.makePaysimSecrets(path)
	}
	if err != nil {
		return fmt.Errorf("paysim secrets: %w", err)
	}
	env := map[string]string{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		if k, v, ok := strings.Cut(strings.TrimSpace(sc.Text()), "="); ok && !strings.HasPrefix(k, "#") {
			env[k] = v
		}
	}
	s.paysim = paysimSecrets{env["OCPIZZA_PAYSIM_API_KEY"], env["OCPIZZA_PAYSIM_WEBHOOK_SECRET"]}
	if len(s.paysim.apiKey) < 16 || len(s.paysim.webhookSecret) < 16 {
		return fmt.Errorf("%s: want OCPIZZA_PAYSIM_API_KEY and OCPIZZA_PAYSIM_WEBHOOK_SECRET "+
			"of 16 characters or more; delete the file to have new ones made", path)
	}
	return nil
}

// makePaysimSecrets draws new secrets and writes them, readable by their
// owner only.
func (s *Stack) makePaysimSecrets(path string) error {
	s.paysim = paysimSecrets{"sk_test_" + randomHex(16), "whsec_" + randomHex(24)}
	content := "# The demo payment provider's secrets, made by ocpizza-demo; central holds them too.\n" +
		"OCPIZZA_PAYSIM_API_KEY=" + s.paysim.apiKey + "\n" +
		"OCPIZZA_PAYSIM_WEBHOOK_SECRET=" + s.paysim.webhookSecret + "\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		return fmt.Errorf("paysim secrets: %w", err)
	}
	return nil
}

// randomHex returns n random bytes in hexadecimal.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // never fails (crypto/rand)
	return hex.EncodeToString(b)
}
