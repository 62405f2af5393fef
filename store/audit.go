package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/beianhq/beian"
)

// Audit appends r to the audit log in tx, chained to the record before it:
// hash = SHA-256 of the previous hash and r's fields. The chain is taken in
// commit order: the one row of audit_head holds the newest hash, and the
// transaction that updates it holds its row lock until it commits, so the
// next writer reads the hash it committed. On SQLite the transaction holds
// the single write lock anyway. Call it late in a transaction: the row
// lock is held from here to the commit.
func (tx *Tx) Audit(ctx context.Context, r beian.AuditRecord) error {
	var prev string
	if err := tx.queryRow(ctx, `SELECT hash FROM audit_head WHERE id = 1`+tx.db.dialect.forUpdate()).Scan(&prev); err != nil {
		return fmt.Errorf("audit head: %w", err)
	}
	r.At = tx.now
	hash := auditHash(prev, r)
	if _, err := tx.exec(ctx, `INSERT INTO audit_log (at, actor, action, object, client, outcome, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
		tx.now.Unix(), r.Actor, r.Action, r.Object, r.Client, r.Outcome, prev, hash); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `UPDATE audit_head SET hash = ? WHERE id = 1`, hash)
	return err
}

// auditHash chains a record to the hash before it. Fields are
// length-prefixed so no two records share an encoding.
func auditHash(prev string, r beian.AuditRecord) string {
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
func (r reader) VerifyAudit(ctx context.Context) (*AuditBreak, int, error) {
	rows, err := r.query(ctx, `SELECT id, at, actor, action, object, client, outcome, prev_hash, hash FROM audit_log ORDER BY id`)
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
			a              beian.AuditRecord
			prevHash, hash string
		)
		if err := rows.Scan(&id, &at, &a.Actor, &a.Action, &a.Object, &a.Client, &a.Outcome, &prevHash, &hash); err != nil {
			return nil, n, err
		}
		n++
		a.At = time.Unix(at, 0)
		switch {
		case prevHash != prev:
			return &AuditBreak{ID: id, Reason: "its link to the record before does not match (a record was removed or inserted)"}, n, nil
		case hash != auditHash(prev, a):
			return &AuditBreak{ID: id, Reason: "its contents do not match its hash (the record was edited)"}, n, nil
		}
		prev = hash
	}
	return nil, n, rows.Err()
}

// FindAudit returns the newest audit records, for operators and tests.
func (r reader) FindAudit(ctx context.Context, limit int) ([]beian.AuditRecord, error) {
	rows, err := r.query(ctx, `SELECT at, actor, action, object, client, outcome FROM audit_log ORDER BY id DESC LIMIT ?`, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []beian.AuditRecord
	for rows.Next() {
		var (
			a  beian.AuditRecord
			at int64
		)
		if err := rows.Scan(&at, &a.Actor, &a.Action, &a.Object, &a.Client, &a.Outcome); err != nil {
			return nil, err
		}
		a.At = unixTime(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// Exec runs a statement in tx; for tests that play an intruder with direct
// database access, and for maintenance.
func (tx *Tx) Exec(ctx context.Context, query string, args ...any) error {
	_, err := tx.exec(ctx, query, args...)
	return err
}
