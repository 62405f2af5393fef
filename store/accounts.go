package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
)

const accountSelect = `SELECT id, role, login, name, enterprise, provider, provinces, password_hash, totp_secret, disabled, created_at FROM accounts`

func scanAccount(row interface{ Scan(...any) error }) (*beian.Account, error) {
	var (
		a                    beian.Account
		enterprise, disabled int
		provinces            string
		created              int64
	)
	if err := row.Scan(&a.ID, &a.Role, &a.Login, &a.Name, &enterprise, &a.Provider, &provinces, &a.PasswordHash, &a.TOTPSecret, &disabled, &created); err != nil {
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
	err := tx.queryRow(ctx, `INSERT INTO accounts (role, login, name, enterprise, provider, provinces, password_hash, totp_secret, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, a.Role, a.Login, a.Name, boolInt(a.Enterprise), a.Provider,
		strings.Join(a.Provinces, " "), a.PasswordHash, a.TOTPSecret, tx.now.Unix(), tx.now.Unix()).Scan(&a.ID)
	if err != nil {
		return tx.db.conflict(err)
	}
	a.CreatedAt = tx.now
	return tx.Audit(ctx, AuditRecord{Actor: "system", Action: "account.create", Object: a.Login, Outcome: string(a.Role)})
}

// FindAccountByLogin in tx; see DB.FindAccountByLogin.
func (tx *Tx) FindAccountByLogin(ctx context.Context, login string) (*beian.Account, error) {
	a, err := scanAccount(tx.queryRow(ctx, accountSelect+` WHERE login = ?`, login))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("账号")
	}
	return a, err
}

// FindAccountByLogin returns an account. Returns ENOTFOUND.
func (db *DB) FindAccountByLogin(ctx context.Context, login string) (*beian.Account, error) {
	a, err := scanAccount(db.read.QueryRowContext(ctx, db.dialect.rebind(accountSelect+` WHERE login = ?`), login))
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

// tokenHash is what the sessions table keeps of a session token.
func tokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// CreateSession opens a session for account with token.
func (tx *Tx) CreateSession(ctx context.Context, accountID int64, token string) error {
	return tx.createSession(ctx, accountID, token, false)
}

// CreatePendingSession opens a session that has passed the password but
// still owes the second factor; SessionAccount does not accept it.
func (tx *Tx) CreatePendingSession(ctx context.Context, accountID int64, token string) error {
	return tx.createSession(ctx, accountID, token, true)
}

func (tx *Tx) createSession(ctx context.Context, accountID int64, token string, pending bool) error {
	_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, pending) VALUES (?, ?, ?, ?, ?)`,
		tokenHash(token), accountID, tx.now.Unix(), tx.now.Unix(), boolInt(pending))
	return err
}

// PendingSession returns the account of a pending session no older than
// maxAge, with its TOTP state. Returns EUNAUTHORIZED.
func (tx *Tx) PendingSession(ctx context.Context, token string, maxAge time.Duration) (*beian.Account, TOTPState, error) {
	var (
		accountID, created int64
		st                 TOTPState
	)
	err := tx.queryRow(ctx, `SELECT s.account_id, s.created_at, a.totp_pending, a.totp_last_step FROM sessions s
		JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ? AND s.pending = 1`, tokenHash(token)).
		Scan(&accountID, &created, &st.Pending, &st.LastStep)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && tx.now.Sub(time.Unix(created, 0)) > maxAge) {
		return nil, st, beian.Errorf(beian.EUNAUTHORIZED, "请重新登录")
	} else if err != nil {
		return nil, st, err
	}
	a, err := scanAccount(tx.queryRow(ctx, accountSelect+` WHERE id = ?`, accountID))
	return a, st, err
}

// TOTPState is the second-factor state of an account.
type TOTPState struct {
	Pending  string // secret shown for enrolment, not yet confirmed
	LastStep int64  // last time step accepted
}

// SetTOTPPending stores a secret being enrolled.
func (tx *Tx) SetTOTPPending(ctx context.Context, accountID int64, secret string) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET totp_pending = ?, updated_at = ? WHERE id = ?`, secret, tx.now.Unix(), accountID)
	return err
}

// AcceptTOTP records an accepted code: its time step (a code works once),
// and, when enrolling, the confirmed secret.
func (tx *Tx) AcceptTOTP(ctx context.Context, accountID, step int64, confirmSecret string) error {
	if confirmSecret != "" {
		_, err := tx.exec(ctx, `UPDATE accounts SET totp_secret = ?, totp_pending = '', totp_last_step = ?, updated_at = ? WHERE id = ?`,
			confirmSecret, step, tx.now.Unix(), accountID)
		return err
	}
	_, err := tx.exec(ctx, `UPDATE accounts SET totp_last_step = ?, updated_at = ? WHERE id = ?`, step, tx.now.Unix(), accountID)
	return err
}

// SessionAccount returns the account of the session with token if the
// session is no older than absolute and was seen within idle. Returns
// EUNAUTHORIZED otherwise (and forgets an expired session). The check reads
// from the reader pool; it writes only to expire a session or to move its
// last-seen time, at most once a minute, so logged-in page views do not
// queue on SQLite's single writer.
func (db *DB) SessionAccount(ctx context.Context, token string, idle, absolute time.Duration) (*beian.Account, error) {
	var (
		id, accountID, created, seenAt int64
		hash                           = tokenHash(token)
	)
	err := db.read.QueryRowContext(ctx, db.dialect.rebind(`SELECT id, account_id, created_at, last_seen_at FROM sessions WHERE token_hash = ? AND pending = 0`), hash).
		Scan(&id, &accountID, &created, &seenAt)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, beian.Errorf(beian.EUNAUTHORIZED, "请先登录")
	} else if err != nil {
		return nil, err
	}
	now := db.Now()
	if now.Sub(time.Unix(created, 0)) > absolute || now.Sub(time.Unix(seenAt, 0)) > idle {
		if err := db.InTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, `DELETE FROM sessions WHERE id = ?`, id)
			return err
		}); err != nil {
			return nil, err
		}
		return nil, beian.Errorf(beian.EUNAUTHORIZED, "登录已过期，请重新登录")
	}
	a, err := scanAccount(db.read.QueryRowContext(ctx, db.dialect.rebind(accountSelect+` WHERE id = ?`), accountID))
	if err != nil {
		return nil, fmt.Errorf("session account: %w", err)
	}
	if a.Disabled {
		return nil, beian.Errorf(beian.EUNAUTHORIZED, "账号已停用")
	}
	if now.Unix()-seenAt >= 60 {
		if err := db.InTx(ctx, func(tx *Tx) error {
			_, err := tx.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?`, tx.now.Unix(), id, tx.now.Unix())
			return err
		}); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// DeleteSession ends the session with token.
func (tx *Tx) DeleteSession(ctx context.Context, token string) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE token_hash = ?`, tokenHash(token))
	return err
}

// DeleteSessions ends every session of an account (logout everywhere).
func (tx *Tx) DeleteSessions(ctx context.Context, accountID int64) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE account_id = ?`, accountID)
	return err
}

// CountSessions returns how many sessions an account has open.
func (db *DB) CountSessions(ctx context.Context, accountID int64) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, db.dialect.rebind(`SELECT COUNT(*) FROM sessions WHERE account_id = ?`), accountID).Scan(&n)
	return n, err
}

// FindAccounts lists accounts by role and login, for administrators.
func (db *DB) FindAccounts(ctx context.Context) ([]*beian.Account, error) {
	rows, err := db.read.QueryContext(ctx, accountSelect+` ORDER BY role, login`)
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
func (tx *Tx) TOTPStateOf(ctx context.Context, accountID int64) (TOTPState, error) {
	var st TOTPState
	err := tx.queryRow(ctx, `SELECT totp_pending, totp_last_step FROM accounts WHERE id = ?`, accountID).Scan(&st.Pending, &st.LastStep)
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

// FindAccountByID returns an account in tx. Returns ENOTFOUND.
func (tx *Tx) FindAccountByID(ctx context.Context, id int64) (*beian.Account, error) {
	a, err := scanAccount(tx.queryRow(ctx, accountSelect+` WHERE id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("账号")
	}
	return a, err
}
