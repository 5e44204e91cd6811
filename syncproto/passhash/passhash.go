// Package passhash hashes staff and customer passwords with argon2id and
// encodes each hash with its parameters in the PHC string form
// ($argon2id$v=19$m=19456,t=2,p=1$salt$key). Central creates the hashes and
// sends them down, so edge and central must read the same form.
package passhash

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Params are the argon2id cost parameters.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes
	Threads uint8
	SaltLen uint32
	KeyLen  uint32
}

// Default follows the OWASP minimum for argon2id: 19 MiB, 2 passes, 1 lane.
var Default = Params{Memory: 19 * 1024, Time: 2, Threads: 1, SaltLen: 16, KeyLen: 32}

// ErrMalformed is returned for a stored hash that is not an argon2id PHC
// string this package can read.
var ErrMalformed = errors.New("passhash: malformed hash")

// Limits on parameters read from a stored hash, so that a crafted hash
// cannot make verification take unbounded memory or time.
const (
	maxMemory = 256 * 1024
	maxTime   = 10
)

var b64 = base64.RawStdEncoding

// Hash returns the PHC string of password under p with a fresh salt.
func Hash(password string, p Params) (string, error) {
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("passhash: salt: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify reports whether password matches the PHC string hash, comparing in
// constant time. It returns ErrMalformed for a hash it cannot read.
func Verify(hash, password string) (bool, error) {
	p, salt, key, err := decode(hash)
	if err != nil {
		return false, err
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// decode splits a PHC string into its parameters, salt and key.
func decode(hash string) (Params, []byte, []byte, error) {
	var p Params
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrMalformed
	}
	var version int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return p, nil, nil, ErrMalformed
	}
	_, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads)
	if err != nil || p.Memory == 0 || p.Memory > maxMemory || p.Time == 0 || p.Time > maxTime ||
		p.Threads == 0 {
		return p, nil, nil, ErrMalformed
	}
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, ErrMalformed
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, ErrMalformed
	}
	return p, salt, key, nil
}
