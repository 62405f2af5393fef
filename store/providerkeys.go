package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/beianhq/beian"
)

// InsertProviderKey records the SHA-256 (hex) of a new key of provider. A
// provider with a key that works already is ECONFLICT: revoke it first.
func (tx *Tx) InsertProviderKey(ctx context.Context, provider, keyHash string) (*beian.ProviderKey, error) {
	k := &beian.ProviderKey{Provider: provider, CreatedAt: tx.now}
	err := tx.queryRow(ctx, `INSERT INTO provider_keys (provider, key_hash, created_at) VALUES (?, ?, ?) RETURNING id`,
		provider, keyHash, tx.now.Unix()).Scan(&k.ID)
	if _, ok := tx.db.dialect.uniqueViolation(err); ok {
		return nil, &beian.Error{Code: beian.ECONFLICT, Field: "name", Message: "name: 接入商 " + provider + " 已有可用的密钥，请先吊销"}
	} else if err != nil {
		return nil, fmt.Errorf("insert provider key: %w", err)
	}
	return k, nil
}

// RevokeProviderKey revokes the working key of provider; ENOTFOUND when it
// has none.
func (tx *Tx) RevokeProviderKey(ctx context.Context, provider string) error {
	res, err := tx.exec(ctx, `UPDATE provider_keys SET revoked_at = ? WHERE provider = ? AND revoked_at = 0`, tx.now.Unix(), provider)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return notFound("该接入商可用的密钥")
	}
	return nil
}

// ProviderOfKey returns the provider whose working key has the SHA-256
// keyHash; ENOTFOUND for an unknown or revoked key.
func (r reader) ProviderOfKey(ctx context.Context, keyHash string) (string, error) {
	var provider string
	err := r.queryRow(ctx, `SELECT provider FROM provider_keys WHERE key_hash = ? AND revoked_at = 0`, keyHash).Scan(&provider)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("接入商密钥")
	}
	return provider, err
}

// ProviderKeys lists every key, working or revoked, by provider and age.
func (r reader) ProviderKeys(ctx context.Context) ([]beian.ProviderKey, error) {
	rows, err := r.query(ctx, `SELECT id, provider, created_at, revoked_at FROM provider_keys ORDER BY provider, id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []beian.ProviderKey
	for rows.Next() {
		var (
			k                beian.ProviderKey
			created, revoked int64
		)
		if err := rows.Scan(&k.ID, &k.Provider, &created, &revoked); err != nil {
			return nil, err
		}
		k.CreatedAt = time.Unix(created, 0)
		if revoked != 0 {
			k.RevokedAt = time.Unix(revoked, 0)
		}
		out = append(out, k)
	}
	return out, rows.Err()
}
