package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// SMSCode is a live one-time code as stored: only a hash of the code.
type SMSCode struct {
	ID        int64
	Hash      string
	ExpiresAt time.Time
	Attempts  int
}

// AddSMSCode records a one-time code (its hash) for mobile and purpose,
// valid for ttl. Earlier unused codes of the same purpose stop working.
func (tx *Tx) AddSMSCode(ctx context.Context, purpose, mobile, hash string, ttl time.Duration) error {
	if _, err := tx.exec(ctx, `UPDATE sms_codes SET used = 1 WHERE mobile = ? AND purpose = ? AND used = 0`, mobile, purpose); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO sms_codes (purpose, mobile, code_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`,
		purpose, mobile, hash, tx.now.Add(ttl).Unix(), tx.now.Unix())
	return err
}

// LiveSMSCode returns the newest unused code of mobile and purpose, or nil
// when there is none.
func (r reader) LiveSMSCode(ctx context.Context, purpose, mobile string) (*SMSCode, error) {
	var (
		c       SMSCode
		expires int64
	)
	err := r.queryRow(ctx, `SELECT id, code_hash, expires_at, attempts FROM sms_codes
		WHERE mobile = ? AND purpose = ? AND used = 0 ORDER BY id DESC LIMIT 1`, mobile, purpose).Scan(&c.ID, &c.Hash, &expires, &c.Attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	c.ExpiresAt = time.Unix(expires, 0)
	return &c, nil
}

// CountSMSCodeAttempt counts one wrong try of a code.
func (tx *Tx) CountSMSCodeAttempt(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?`, id)
	return err
}

// UseSMSCode marks a code used.
func (tx *Tx) UseSMSCode(ctx context.Context, id int64) error {
	_, err := tx.exec(ctx, `UPDATE sms_codes SET used = 1 WHERE id = ?`, id)
	return err
}
