package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"github.com/beianhq/beian"
)

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
// still owes the second factor; FindSession does not return it.
func (tx *Tx) CreatePendingSession(ctx context.Context, accountID int64, token string) error {
	return tx.createSession(ctx, accountID, token, true)
}

func (tx *Tx) createSession(ctx context.Context, accountID int64, token string, pending bool) error {
	_, err := tx.exec(ctx, `INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at, pending) VALUES (?, ?, ?, ?, ?)`,
		tokenHash(token), accountID, tx.now.Unix(), tx.now.Unix(), boolInt(pending))
	return err
}

// FindSession returns the full (pending false) or pending session with
// token. Returns ENOTFOUND.
func (r reader) FindSession(ctx context.Context, token string, pending bool) (*beian.Session, error) {
	var (
		s             beian.Session
		created, seen int64
	)
	err := r.queryRow(ctx, `SELECT id, account_id, created_at, last_seen_at FROM sessions WHERE token_hash = ? AND pending = ?`,
		tokenHash(token), boolInt(pending)).Scan(&s.ID, &s.AccountID, &created, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound("会话")
	} else if err != nil {
		return nil, err
	}
	s.CreatedAt, s.LastSeen = time.Unix(created, 0), time.Unix(seen, 0)
	return &s, nil
}

// TouchSession moves a session's last-seen time to the transaction's time.
func (tx *Tx) TouchSession(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `UPDATE sessions SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?`, tx.now.Unix(), id, tx.now.Unix())
	return err
}

// DeleteSessionByID ends one session.
func (tx *Tx) DeleteSessionByID(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	return err
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
