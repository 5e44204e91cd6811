package passhash

import (
	"errors"
	"strings"
	"testing"
)

// fast keeps the tests quick; the format is the same as with Default.
var fast = Params{Memory: 64, Time: 1, Threads: 1, SaltLen: 16, KeyLen: 32}

func TestHashVerify(t *testing.T) {
	hash, err := Hash("correct horse", fast)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("hash %q is not in PHC form", hash)
	}
	if ok, err := Verify(hash, "correct horse"); err != nil || !ok {
		t.Fatalf("Verify(right password) = %v, %v", ok, err)
	}
	if ok, err := Verify(hash, "correct horsE"); err != nil || ok {
		t.Fatalf("Verify(wrong password) = %v, %v", ok, err)
	}
	other, _ := Hash("correct horse", fast)
	if other == hash {
		t.Fatal("two hashes of one password share a salt")
	}
}

func TestDefaultParams(t *testing.T) {
	hash, err := Hash("pizza-2026", Default)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(hash, "$m=19456,t=2,p=1$") {
		t.Fatalf("default hash %q does not carry the OWASP parameters", hash)
	}
}

func TestVerifyMalformed(t *testing.T) {
	good, _ := Hash("x", fast)
	parts := strings.Split(good, "$")
	for name, hash := range map[string]string{
		"empty":        "",
		"bcrypt":       "$2a$10$abcdefghijklmnopqrstuv",
		"argon2i":      strings.Replace(good, "argon2id", "argon2i", 1),
		"version":      strings.Replace(good, "v=19", "v=16", 1),
		"huge memory":  strings.Replace(good, "m=64", "m=99999999", 1),
		"zero time":    strings.Replace(good, "t=1", "t=0", 1),
		"bad salt":     strings.Join([]string{"", parts[1], parts[2], parts[3], "!!", parts[5]}, "$"),
		"short key":    strings.Join([]string{"", parts[1], parts[2], parts[3], parts[4], "AAAA"}, "$"),
		"extra fields": good + "$x",
	} {
		if _, err := Verify(hash, "x"); !errors.Is(err, ErrMalformed) {
			t.Errorf("%s: Verify error = %v, want ErrMalformed", name, err)
		}
	}
}
