package registry

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"unicode/utf8"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// keyPrefix marks a provider API key, so a leaked one is recognisable in
// logs and secret scanners.
const keyPrefix = "beianpk_"

// ProviderKeys are the API keys with which access providers that run only
// the agent submit to this registry over HTTP (Authorization: Bearer KEY,
// over TLS). A key is 256 random bits shown once; only its SHA-256 is kept.
//
// Bearer over TLS rather than a signature per request: a provider needs no
// signing code, only a header; TLS gives confidentiality and stops replays
// on the wire; a replayed submission changes nothing anyway, since the
// registry takes a filing once per provider, application and version. A
// revoked key is refused on the very next request: every request looks the
// key up, nothing is cached.
type ProviderKeys struct {
	DB *store.DB
}

// Add makes a new key for the provider name and returns it; ECONFLICT when
// name has a working key already.
func (p *ProviderKeys) Add(ctx context.Context, name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return "", beian.FieldErrorf("name", "请填写接入商名称（不超过 100 个字符）")
	}
	b := make([]byte, 32)
	rand.Read(b) // crypto/rand does not fail
	key := keyPrefix + base64.RawURLEncoding.EncodeToString(b)
	err := p.DB.InTx(ctx, func(tx *store.Tx) error {
		if _, err := tx.InsertProviderKey(ctx, name, KeyHash(key)); err != nil {
			return err
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: "cli", Action: "provider.key.add", Object: "provider:" + name, Outcome: "created"})
	})
	if err != nil {
		return "", err
	}
	return key, nil
}

// Revoke ends the working key of name at once; ENOTFOUND when it has none.
func (p *ProviderKeys) Revoke(ctx context.Context, name string) error {
	name = strings.TrimSpace(name)
	return p.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.RevokeProviderKey(ctx, name); err != nil {
			return err
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: "cli", Action: "provider.key.revoke", Object: "provider:" + name, Outcome: "revoked"})
	})
}

// List returns every key, working or revoked.
func (p *ProviderKeys) List(ctx context.Context) ([]beian.ProviderKey, error) {
	return p.DB.ProviderKeys(ctx)
}

// Authenticate returns the provider of a working key; EUNAUTHORIZED for
// anything else (unknown, revoked, malformed), with one message.
func (p *ProviderKeys) Authenticate(ctx context.Context, key string) (string, error) {
	if !strings.HasPrefix(key, keyPrefix) || len(key) > 100 {
		return "", errBadKey
	}
	provider, err := p.DB.ProviderOfKey(ctx, KeyHash(key))
	if beian.ErrorCode(err) == beian.ENOTFOUND {
		return "", errBadKey
	}
	return provider, err
}

var errBadKey = beian.Errorf(beian.EUNAUTHORIZED, "接入商密钥无效或已吊销")

// KeyHash is what the store keeps of a key.
func KeyHash(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}
