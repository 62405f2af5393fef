package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/beianhq/beian"
)

// What administrators change on a staff account: its scope, its password,
// its second factor. The checks of what is allowed are the callers'.

// FindAccountByID returns an account. Returns ENOTFOUND.
func (db *DB) FindAccountByID(ctx context.Context, id int64) (*beian.Account, error) {
	a, err := scanAccount(db.read.QueryRowContext(ctx, db.dialect.rebind(accountSelect+` WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("账号")
	}
	return a, err
}

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

// ResetAccountTOTP forgets an account's authenticator (confirmed, pending
// and the last step used) and ends its sessions: the account enrols again
// at its next login. Returns ENOTFOUND.
func (tx *Tx) ResetAccountTOTP(ctx context.Context, id int64) error {
	res, err := tx.exec(ctx, `UPDATE accounts SET totp_secret = '', totp_pending = '', totp_last_step = 0, updated_at = ? WHERE id = ?`,
		tx.now.Unix(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("账号")
	}
	return tx.DeleteSessions(ctx, id)
}
