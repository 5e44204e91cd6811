package main

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/nats-io/nkeys"

	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
)

// TestNATSUserBlockMatchesTheDeployedOnes compares the block that
// pizzeria add prints with the paris-11 and lyon-2 blocks of
// deploy/nats/accounts.conf, whose permissions deploytest checks.
func TestNATSUserBlockMatchesTheDeployedOnes(t *testing.T) {
	conf, err := os.ReadFile("../../../deploy/nats/accounts.conf")
	if err != nil {
		t.Skipf("no deploy/nats/accounts.conf: %v", err)
	}
	for _, id := range []string{"paris-11", "lyon-2"} {
		block := regexp.MustCompile(`(?s)\n(      # ` + id + `\n      \{\n.*?\n      \}\n)`).FindSubmatch(conf)
		if block == nil {
			t.Errorf("no block of %s in accounts.conf", id)
			continue
		}
		key := regexp.MustCompile(`nkey: (U[A-Z0-9]{55})`).FindSubmatch(block[1])
		if key == nil {
			t.Errorf("no nkey in the block of %s", id)
			continue
		}
		if got := natsUserBlock(id, string(key[1])); got != string(block[1]) {
			t.Errorf("block of %s:\n%s\nin accounts.conf:\n%s", id, got, block[1])
		}
	}
}

func TestPizzeriaAddFillsInTheNKey(t *testing.T) {
	db := []string{"--db", pgtest.New(t), "--log-level", "warn"}
	user, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	public, _ := user.PublicKey()
	add := func(key string) []string {
		return append([]string{"pizzeria", "add", "nice-1", "--name", "Nice", "--nkey", key}, db...)
	}
	if _, err := runCmd(t, "", add("SUAB")...); err == nil || !strings.Contains(err.Error(), "--nkey") {
		t.Errorf("a bad key: %v", err)
	}
	out, err := runCmd(t, "", add(public)...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, natsUserBlock("nice-1", public)) || strings.Contains(out, "<PUBLIC NKEY>") {
		t.Errorf("pizzeria add printed:\n%s", out)
	}
}
