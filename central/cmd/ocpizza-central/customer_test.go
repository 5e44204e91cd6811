package main

import (
	"strings"
	"testing"

	"github.com/ocpizza/ocpizza/central/postgres/pgtest"
)

func TestCustomerAddAndList(t *testing.T) {
	db := []string{"--db", pgtest.New(t), "--log-level", "warn"}
	add := func(email, name, phone string) []string {
		return append([]string{"customer", "add", email, "--name", name, "--phone", phone}, db...)
	}

	// A customer as the sign-up makes one, normalized.
	out, err := runCmd(t, "ocpizza-demo\n", add(" Client@OCPizza.fr", "Client Démo", "+33 6 11 22 33 44")...)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "client@ocpizza.fr") || !strings.Contains(out, "0611223344") {
		t.Errorf("customer add said %q", out)
	}

	// Refused: each with the field at fault, and nothing written.
	for name, tc := range map[string]struct {
		stdin, want string
		args        []string
	}{
		"email taken":       {"another password\n", "existe", add("client@ocpizza.fr", "B", "0611223344")},
		"bad email":         {"another password\n", "email", add("anna@", "Anna", "0611223344")},
		"no name":           {"another password\n", "name", add("anna@ocpizza.fr", " ", "0611223344")},
		"bad phone":         {"another password\n", "phone", add("anna@ocpizza.fr", "Anna", "12345")},
		"short password":    {"short\n", "password", add("anna@ocpizza.fr", "Anna", "0611223344")},
		"password is email": {"anna@ocpizza.fr\n", "password", add("anna@ocpizza.fr", "Anna", "0611223344")},
		"no verb":           {"", "customer", append([]string{"customer"}, db...)},
		"two emails":        {"", "customer", append([]string{"customer", "add", "a@b.fr", "c@d.fr"}, db...)},
	} {
		_, err := runCmd(t, tc.stdin, tc.args...)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error about %s", name, err, tc.want)
		}
	}

	out, err = runCmd(t, "", append([]string{"customer", "list"}, db...)...)
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(strings.TrimSpace(out), "\n"); len(lines) != 2 ||
		!strings.Contains(lines[1], "client@ocpizza.fr") || !strings.Contains(lines[1], "Client Démo") {
		t.Errorf("customer list = %q, want the one customer", out)
	}
}

func TestCustomerAddRefusesBadInputBeforeOpening(t *testing.T) {
	// Nothing answers at this address: only a check made before opening
	// the database can give the field's error.
	db := "postgres://nobody@127.0.0.1:1/none"
	_, err := runCmd(t, "long enough\n", "customer", "add", "anna@", "--name", "A", "--phone", "0611223344",
		"--db", db)
	if err == nil || !strings.Contains(err.Error(), "email") {
		t.Errorf("bad email: %v", err)
	}
}
