package store

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"database/sql"
	"encoding/hex"
	"errors"
	"time"

	"github.com/beianhq/beian"
)

func codeHash(purpose, mobile, code string) string {
	sum := sha256.Sum256([]byte(purpose + "\x00" + mobile + "\x00" + code))
	return hex.EncodeToString(sum[:])
}

// AddSMSCode records a one-time code for mobile and purpose, valid for ttl.
// Earlier unused codes of the same purpose stop working.
func (tx *Tx) AddSMSCode(ctx context.Context, purpose, mobile, code string, ttl time.Duration) error {
	if _, err := tx.exec(ctx, `UPDATE sms_codes SET used = 1 WHERE mobile = ? AND purpose = ? AND used = 0`, mobile, purpose); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO sms_codes (purpose, mobile, code_hash, expires_at, created_at) VALUES (?, ?, ?, ?, ?)`,
		purpose, mobile, codeHash(purpose, mobile, code), tx.now.Add(ttl).Unix(), tx.now.Unix())
	return err
}

// UseSMSCode checks code against the live code of mobile and purpose: it
// must be unused, unexpired and have fewer than maxAttempts wrong tries.
// A match uses it up; a miss counts an attempt. The answer is nil or an
// EINVALID naming "code"; err is a database failure. A refused code still
// commits its counted attempt, so callers commit and then return answer.
func (tx *Tx) UseSMSCode(ctx context.Context, purpose, mobile, code string, maxAttempts int) (answer, err error) {
	var (
		id, expires int64
		hash        string
		attempts    int
	)
	err = tx.queryRow(ctx, `SELECT id, code_hash, expires_at, attempts FROM sms_codes
		WHERE mobile = ? AND purpose = ? AND used = 0 ORDER BY id DESC LIMIT 1`, mobile, purpose).Scan(&id, &hash, &expires, &attempts)
	if errors.Is(err, sql.ErrNoRows) {
		return beian.FieldErrorf("code", "验证码无效，请重新获取"), nil
	} else if err != nil {
		return nil, err
	}
	if tx.now.Unix() > expires {
		return beian.FieldErrorf("code", "验证码已过期，请重新获取"), nil
	}
	if attempts >= maxAttempts {
		return beian.FieldErrorf("code", "验证码错误次数过多，请重新获取"), nil
	}
	if subtle.ConstantTimeCompare([]byte(hash), []byte(codeHash(purpose, mobile, code))) != 1 {
		_, err = tx.exec(ctx, `UPDATE sms_codes SET attempts = attempts + 1 WHERE id = ?`, id)
		return beian.FieldErrorf("code", "验证码错误"), err
	}
	_, err = tx.exec(ctx, `UPDATE sms_codes SET used = 1 WHERE id = ?`, id)
	return nil, err
}
