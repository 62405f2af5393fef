package store

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"github.com/beianhq/beian"
)

// PasswordHash returns the password hash of the live entity whose main
// number is licence: "" when it has none yet. Returns ENOTFOUND.
func (db *DB) PasswordHash(ctx context.Context, licence string) (string, error) {
	var hash sql.NullString
	err := db.read.QueryRowContext(ctx, db.dialect.rebind(`SELECT p.hash FROM entities e
		LEFT JOIN entity_passwords p ON p.entity_id = e.id WHERE e.main_licence = ? AND e.cancelled = 0`), licence).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", notFound("备案主体")
	}
	return hash.String, err
}

// SetPassword stores the hash of an entity's new password.
func (tx *Tx) SetPassword(ctx context.Context, entityID int64, hash string) error {
	_, err := tx.exec(ctx, `INSERT INTO entity_passwords (entity_id, hash, updated_at) VALUES (?, ?, ?)
		ON CONFLICT (entity_id) DO UPDATE SET hash = excluded.hash, updated_at = excluded.updated_at`, entityID, hash, tx.now.Unix())
	return err
}

// LiveEntityByLicence returns the live entity with main number licence in
// tx, with its password hash ("" if none). Returns ENOTFOUND.
func (tx *Tx) LiveEntityByLicence(ctx context.Context, licence string) (*beian.Entity, string, error) {
	var (
		e    beian.Entity
		hash sql.NullString
	)
	err := tx.queryRow(ctx, `SELECT e.id, e.unit_name, e.nature, e.province, e.cert_type, e.cert_no, e.main_licence,
		e.principal_name, e.principal_mobile, e.principal_email, p.hash
		FROM entities e LEFT JOIN entity_passwords p ON p.entity_id = e.id WHERE e.main_licence = ? AND e.cancelled = 0`, licence).
		Scan(&e.ID, &e.UnitName, &e.Nature, &e.Province, &e.CertType, &e.CertNo, &e.MainLicence,
			&e.Principal.Name, &e.Principal.Mobile, &e.Principal.Email, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", notFound("备案主体")
	}
	return &e, hash.String, err
}

// PasswordLock returns how many failures are on record for licence and until
// when it is locked.
func (tx *Tx) PasswordLock(ctx context.Context, licence string) (failures int, lockedUntil time.Time, err error) {
	var until int64
	err = tx.queryRow(ctx, `SELECT failures, locked_until FROM password_failures WHERE licence = ?`, licence).Scan(&failures, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	return failures, time.Unix(until, 0), err
}

// RecordPasswordFailure stores the failure count and lock of licence.
func (tx *Tx) RecordPasswordFailure(ctx context.Context, licence string, failures int, lockedUntil time.Time) error {
	_, err := tx.exec(ctx, `INSERT INTO password_failures (licence, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (licence) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
		licence, failures, timeOrZero(lockedUntil), tx.now.Unix())
	return err
}

// CountFailure records one more failed check against key (a main number,
// a login, a client address …). From the limit-th failure on, key is locked
// for base, doubling with each further failure, at most max. A limit of 0
// never locks.
func (tx *Tx) CountFailure(ctx context.Context, key string, limit int, base, max time.Duration) error {
	failures, _, err := tx.PasswordLock(ctx, key)
	if err != nil {
		return err
	}
	failures++
	var until time.Time
	if over := failures - limit; limit > 0 && over >= 0 {
		lock := base
		for i := 0; i < over && lock < max; i++ {
			lock *= 2
		}
		until = tx.now.Add(min(lock, max))
	}
	return tx.RecordPasswordFailure(ctx, key, failures, until)
}

// ClearPasswordFailures forgets the failures of licence after a success.
func (tx *Tx) ClearPasswordFailures(ctx context.Context, licence string) error {
	_, err := tx.exec(ctx, `DELETE FROM password_failures WHERE licence = ?`, licence)
	return err
}

func repeatPlaceholders(n int) string {
	b := make([]byte, 0, 3*n)
	for range n {
		b = append(b, ", ?"...)
	}
	return string(b)
}
