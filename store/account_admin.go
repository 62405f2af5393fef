package store

import (
	"context"
	"strings"
)

// What administrators change on a staff account: its scope, its password,
// its second factor. The checks of what is allowed are the callers'.

// SetAccountScope replaces an account's provider and provinces (codes).
// Returns ENOTFOUND.
func (tx *Tx) SetAccountScope(ctx context.Context, id int64, provider string, provinces []string) error {
	res, err := tx.exec(ctx, `UPDATE accounts SET provider = ?, provinces = ?, updated_at = ? WHERE id = ?`,
		provider, strings.Join(provinces, " "), tx.now.Unix(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("账号")
	}
	return nil
}

// ResetAccountTOTP forgets an account's authenticator: the confirmed and
// the pending secret and the last step used. Returns ENOTFOUND.
func (tx *Tx) ResetAccountTOTP(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `UPDATE accounts SET totp_secret = '', totp_pending = '', totp_last_step = 0, updated_at = ? WHERE id = ?`,
		tx.now.Unix(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("账号")
	}
	return nil
}
