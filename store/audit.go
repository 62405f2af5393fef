package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// AuditRecord is one line of the audit log.
type AuditRecord struct {
	At      time.Time
	Actor   string // "public" for anonymous requests
	Action  string // e.g. password.recover
	Object  string // e.g. the main number
	Client  string // client address
	Outcome string // e.g. matched, unmatched, limited, changed, wrong_password, locked
}

// Audit appends r to the audit log in tx, chained to the record before it:
// hash = SHA-256 of the previous hash and r's fields. The chain is taken in
// commit order: concurrent writers queue on a lock (SQLite's single writer,
// an advisory lock on PostgreSQL).
func (tx *Tx) Audit(ctx context.Context, r AuditRecord) error {
	if err := tx.db.dialect.lockAudit(ctx, tx); err != nil {
		return err
	}
	var prev string
	err := tx.queryRow(ctx, `SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&prev)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	r.At = tx.now
	_, err = tx.exec(ctx, `INSERT INTO audit_log (at, actor, action, object, client, outcome, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.now.Unix(), r.Actor, r.Action, r.Object, r.Client, r.Outcome, prev, auditHash(prev, r))
	return err
}

// auditHash chains a record to the hash before it. Fields are
// length-prefixed so no two records share an encoding.
func auditHash(prev string, r AuditRecord) string {
	h := sha256.New()
	for _, f := range []string{prev, strconv.FormatInt(r.At.Unix(), 10), r.Actor, r.Action, r.Object, r.Client, r.Outcome} {
		fmt.Fprintf(h, "%d:%s;", len(f), f)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// AuditBreak is the first record where the chain does not hold.
type AuditBreak struct {
	ID     int64
	Reason string
}

// VerifyAudit walks the audit log in order and returns the first broken
// link, or nil when every record's hash matches its contents and the record
// before it. It also returns how many records it checked.
func (db *DB) VerifyAudit(ctx context.Context) (*AuditBreak, int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT id, at, actor, action, object, client, outcome, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var (
		prev string
		n    int
	)
	for rows.Next() {
		var (
			id             int64
			at             int64
			r              AuditRecord
			prevHash, hash string
		)
		if err := rows.Scan(&id, &at, &r.Actor, &r.Action, &r.Object, &r.Client, &r.Outcome, &prevHash, &hash); err != nil {
			return nil, n, err
		}
		n++
		r.At = time.Unix(at, 0)
		switch {
		case prevHash != prev:
			return &AuditBreak{ID: id, Reason: "its link to the record before does not match (a record was removed or inserted)"}, n, nil
		case hash != auditHash(prev, r):
			return &AuditBreak{ID: id, Reason: "its contents do not match its hash (the record was edited)"}, n, nil
		}
		prev = hash
	}
	return nil, n, rows.Err()
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

// Exec runs a statement in tx; for tests that play an intruder with direct
// database access, and for maintenance.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := tx.exec(ctx, query, args...)
	return err
}
