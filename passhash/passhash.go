// Package passhash hashes secrets with argon2id (OWASP's minimum: 19 MiB, 2
// passes, 1 lane) in the PHC string format, and checks them in constant
// time. Filing passwords and account passwords both use it.
package passhash

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"math/big"
	"regexp"
	"strconv"

	"golang.org/x/crypto/argon2"
)

const (
	argonTime    = 2
	argonMemory  = 19 * 1024
	argonThreads = 1
	argonKeyLen  = 32
)

// Hash returns the argon2id hash of secret with a random salt.
func Hash(secret string) string {
	salt := make([]byte, 16)
	rand.Read(salt)
	key := argon2.IDKey([]byte(secret), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	enc := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		enc.EncodeToString(salt), enc.EncodeToString(key))
}

var phcRE = regexp.MustCompile(`^\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$`)

// dummy is checked against when there is no real hash, so a miss costs the
// same time as a hit.
var dummy = Hash("dummy secret that matches nothing")

// Check reports whether secret matches hash. An empty or malformed hash
// matches nothing but costs the same time as a real one.
func Check(hash, secret string) bool {
	m := phcRE.FindStringSubmatch(hash)
	real := m != nil
	if !real {
		m = phcRE.FindStringSubmatch(dummy)
	}
	mem, _ := strconv.Atoi(m[2])
	t, _ := strconv.Atoi(m[3])
	p, _ := strconv.Atoi(m[4])
	salt, err1 := base64.RawStdEncoding.DecodeString(m[5])
	want, err2 := base64.RawStdEncoding.DecodeString(m[6])
	if err1 != nil || err2 != nil || mem <= 0 || mem > 1<<20 || t <= 0 || t > 10 || p <= 0 || p > 16 || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(secret), salt, uint32(t), uint32(mem), uint8(p), uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1 && real
}

// randomChars are the characters of generated secrets: ASCII letters and
// digits without the look-alikes I, O, l, 0 and 1, so they can be read out
// and typed.
const randomChars = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789"

// Random returns n random characters of letters and digits (about 5.8 bits
// each).
func Random(n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(randomChars)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			panic(err) // crypto/rand does not fail on supported systems
		}
		b[i] = randomChars[k.Int64()]
	}
	return string(b)
}
