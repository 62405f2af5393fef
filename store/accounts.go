package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"

	"github.com/beianhq/beian"
)

const accountSelect = `SELECT id, role, login, name, enterprise, provider, provinces, password_hash, totp_secret, disabled, created_at, email FROM accounts`

func scanAccount(row interface{ Scan(...any) error }) (*beian.Account, error) {
	var (
		a                    beian.Account
		enterprise, disabled int
		provinces            string
		created              int64
	)
	if err := row.Scan(&a.ID, &a.Role, &a.Login, &a.Name, &enterprise, &a.Provider, &provinces, &a.PasswordHash, &a.TOTPSecret, &disabled, &created, &a.Email); err != nil {
		return nil, err
	}
	a.Enterprise, a.Disabled = enterprise != 0, disabled != 0
	a.Provinces = strings.Fields(provinces)
	a.CreatedAt = unixTime(created)
	return &a, nil
}

// CreateAccount adds a. Returns ECONFLICT when its login is taken.
func (db *DB) CreateAccount(ctx context.Context, a *beian.Account) error {
	return db.InTx(ctx, func(tx *Tx) error { return tx.InsertAccount(ctx, a) })
}

// InsertAccount adds a in tx, audited. Returns ECONFLICT when its login is
// taken.
func (tx *Tx) InsertAccount(ctx context.Context, a *beian.Account) error {
	var exists int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM accounts WHERE login = ?`, a.Login).Scan(&exists); err != nil {
		return err
	} else if exists > 0 {
		return &beian.Error{Code: beian.ECONFLICT, Field: "login", Message: "login: 该账号已存在"}
	}
	err := tx.queryRow(ctx, `INSERT INTO accounts (role, login, name, enterprise, provider, provinces, password_hash, totp_secret, created_at, updated_at, email)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.Role, a.Login, a.Name, boolInt(a.Enterprise), a.Provider,
		strings.Join(a.Provinces, " "), a.PasswordHash, a.TOTPSecret, tx.now.Unix(), tx.now.Unix(), a.Email).Scan(&a.ID)
	if err != nil {
		return tx.db.conflict(err)
	}
	a.CreatedAt = tx.now
	return tx.Audit(ctx, beian.AuditRecord{Actor: "system", Action: "account.create", Object: a.Login, Outcome: string(a.Role)})
}

// FindAccountByLogin returns an account. Returns ENOTFOUND.
func (r reader) FindAccountByLogin(ctx context.Context, login string) (*beian.Account, error) {
	a, err := scanAccount(r.queryRow(ctx, accountSelect+` WHERE login = ?`, login))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("账号")
	}
	return a, err
}

// SetAccountPassword replaces an account's password hash and ends its
// sessions: a changed password logs out everywhere.
func (tx *Tx) SetAccountPassword(ctx context.Context, id int64, hash string) error {
	if _, err := tx.exec(ctx, `UPDATE accounts SET password_hash = ?, updated_at = ? WHERE id = ?`, hash, tx.now.Unix(), id); err != nil {
		return err
	}
	return tx.DeleteSessions(ctx, id)
}

// CountSessions returns how many sessions an account has open.
func (r reader) CountSessions(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM sessions WHERE account_id = ?`, accountID).Scan(&n)
	return n, err
}

// FindAccounts lists accounts by role and login, for administrators.
func (r reader) FindAccounts(ctx context.Context) ([]*beian.Account, error) {
	rows, err := r.query(ctx, accountSelect+` ORDER BY role, login`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []*beian.Account
	for rows.Next() {
		a, err := scanAccount(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// TOTPStateOf returns the second-factor state of an account.
func (r reader) TOTPStateOf(ctx context.Context, accountID int64) (beian.TOTPState, error) {
	var st beian.TOTPState
	err := r.queryRow(ctx, `SELECT totp_pending, totp_last_step FROM accounts WHERE id = ?`, accountID).Scan(&st.Pending, &st.LastStep)
	return st, err
}

// SetAccountDisabled disables or re-enables an account; disabling ends its
// sessions.
func (tx *Tx) SetAccountDisabled(ctx context.Context, id int64, disabled bool) error {
	res, err := tx.exec(ctx, `UPDATE accounts SET disabled = ?, updated_at = ? WHERE id = ?`, boolInt(disabled), tx.now.Unix(), id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("账号")
	}
	if disabled {
		return tx.DeleteSessions(ctx, id)
	}
	return nil
}

// FindAccountByID returns an account. Returns ENOTFOUND.
func (r reader) FindAccountByID(ctx context.Context, id int64) (*beian.Account, error) {
	a, err := scanAccount(r.queryRow(ctx, accountSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("账号")
	}
	return a, err
}
