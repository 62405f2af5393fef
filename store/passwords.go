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

// ClearPasswordFailures forgets the failures of licence after a success.
func (tx *Tx) ClearPasswordFailures(ctx context.Context, licence string) error {
	_, err := tx.exec(ctx, `DELETE FROM password_failures WHERE licence = ?`, licence)
	return err
}

// AuditRecord is one line of the audit log.
type AuditRecord struct {
	At      time.Time
	Actor   string // "public" for anonymous requests
	Action  string // e.g. password.recover
	Object  string // e.g. the main number
	Client  string // client address
	Outcome string // e.g. matched, unmatched, limited, changed, wrong_password, locked
}

// Audit appends r to the audit log in tx.
func (tx *Tx) Audit(ctx context.Context, r AuditRecord) error {
	_, err := tx.exec(ctx, `INSERT INTO audit_log (at, actor, action, object, client, outcome) VALUES (?, ?, ?, ?, ?, ?)`,
		tx.now.Unix(), r.Actor, r.Action, r.Object, r.Client, r.Outcome)
	return err
}

// CountAudit counts audit records of action since a time, by object or by
// client (whichever is non-empty), with one of the outcomes (any when none).
func (tx *Tx) CountAudit(ctx context.Context, action, object, client string, since time.Time, outcomes ...string) (int, error) {
	q, args := `SELECT COUNT(*) FROM audit_log WHERE action = ? AND at >= ?`, []any{action, since.Unix()}
	if object != "" {
		q += ` AND object = ?`
		args = append(args, object)
	}
	if client != "" {
		q += ` AND client = ?`
		args = append(args, client)
	}
	if len(outcomes) > 0 {
		q += ` AND outcome IN (?` + repeatPlaceholders(len(outcomes)-1) + `)`
		for _, o := range outcomes {
			args = append(args, o)
		}
	}
	var n int
	err := tx.queryRow(ctx, q, args...).Scan(&n)
	return n, err
}

// FindAudit returns the newest audit records, for operators and tests.
func (db *DB) FindAudit(ctx context.Context, limit int) ([]AuditRecord, error) {
	rows, err := db.read.QueryContext(ctx, db.dialect.rebind(`SELECT at, actor, action, object, client, outcome FROM audit_log ORDER BY id DESC LIMIT ?`), limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []AuditRecord
	for rows.Next() {
		var (
			r  AuditRecord
			at int64
		)
		if err := rows.Scan(&at, &r.Actor, &r.Action, &r.Object, &r.Client, &r.Outcome); err != nil {
			return nil, err
		}
		r.At = unixTime(at)
		out = append(out, r)
	}
	return out, rows.Err()
}

func repeatPlaceholders(n int) string {
	b := make([]byte, 0, 3*n)
	for range n {
		b = append(b, ", ?"...)
	}
	return string(b)
}
