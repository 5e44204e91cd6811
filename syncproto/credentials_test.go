package syncproto

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nats-io/nkeys"
)

func TestCredentials(t *testing.T) {
	dir := t.TempDir()
	kp, err := nkeys.CreateUser()
	if err != nil {
		t.Fatal(err)
	}
	seed, _ := kp.Seed()
	write := func(name string, data []byte) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return path
	}

	if _, err := Credentials(write("seed", append(seed, '\n'))); err != nil {
		t.Errorf("an nkey seed is refused: %v", err)
	}
	jwt := "-----BEGIN NATS USER JWT-----\neyJ0\n------END NATS USER JWT------\n"
	if _, err := Credentials(write("user.creds", []byte(jwt))); err != nil {
		t.Errorf("a .creds file is refused: %v", err)
	}
	if _, err := Credentials(write("password", []byte("paris-11:s3cret:with:colons\n"))); err != nil {
		t.Errorf("user:password is refused: %v", err)
	}
	for name, data := range map[string]string{"no password": "paris-11:", "no user": ":secret",
		"empty": "", "two lines": "a:b\nc:d"} {
		if _, err := Credentials(write(name, []byte(data))); err == nil {
			t.Errorf("%s file accepted as credentials", name)
		}
	}
	if _, err := Credentials(filepath.Join(dir, "missing")); err == nil {
		t.Error("a missing file accepted")
	}
}
