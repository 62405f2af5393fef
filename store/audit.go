package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash/fnv"
	"slices"
	"strconv"
	"time"

	"github.com/beianhq/beian"
)

// auditChains is how many hash chains the audit log is kept in (the
// migration that made audit_head seeds one row for each).
const auditChains = 16

// auditChain is the chain of records about object: one object's records
// stay in one chain, in order.
func auditChain(object string) int {
	h := fnv.New32a()
	h.Write([]byte(object))
	return int(h.Sum32() % auditChains)
}

// Audit appends r to the audit log when tx commits, chained to the record
// before it in its chain: hash = SHA-256 of the previous hash and r's
// fields. A chain is taken in commit order: its row of audit_head holds its
// newest hash, and the transaction that updates it holds the row lock until
// it commits, so the next writer of that chain reads the hash it committed.
// Writers on objects of other chains do not wait (on SQLite the transaction
// holds the single write lock anyway).
func (tx *Tx) Audit(ctx context.Context, r beian.AuditRecord) error {
	r.At = tx.now
	tx.audits = append(tx.audits, r)
	return nil
}

// AuditChain is the chain object's records go to; for the tests.
func AuditChain(object string) int { return auditChain(object) }

// Commit appends the transaction's audit records, chain after chain in the
// chains' order, then commits. Taking the head rows in one order and only at
// the end keeps two transactions that audit the same two chains from
// locking them in opposite orders (a deadlock on PostgreSQL), and holds each
// lock for the commit alone.
func (tx *Tx) Commit() error {
	if err := tx.writeAudit(tx.ctx); err != nil {
		tx.Tx.Rollback()
		return err
	}
	return tx.Tx.Commit()
}

func (tx *Tx) writeAudit(ctx context.Context) error {
	recs := tx.audits
	tx.audits = nil
	slices.SortStableFunc(recs, func(a, b beian.AuditRecord) int { return auditChain(a.Object) - auditChain(b.Object) })
	for i := 0; i < len(recs); {
		chain := auditChain(recs[i].Object)
		var prev string
		if err := tx.queryRow(ctx, `SELECT hash FROM audit_head WHERE chain = ?`+tx.db.dialect.forUpdate(), chain).Scan(&prev); err != nil {
			return fmt.Errorf("audit head %d: %w", chain, err)
		}
		for ; i < len(recs) && auditChain(recs[i].Object) == chain; i++ {
			r := recs[i]
			hash := auditHash(prev, r)
			if _, err := tx.exec(ctx, `INSERT INTO audit_log (at, actor, action, object, client, outcome, chain, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
				r.At.Unix(), r.Actor, r.Action, r.Object, r.Client, r.Outcome, chain, prev, hash); err != nil {
				return err
			}
			prev = hash
		}
		if _, err := tx.exec(ctx, `UPDATE audit_head SET hash = ? WHERE chain = ?`, prev, chain); err != nil {
			return err
		}
	}
	return nil
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
// before it in its chain, and each chain ends at the hash audit_head holds
// (so removing the newest records shows too). It also returns how many
// records it checked.
func (r reader) VerifyAudit(ctx context.Context) (*AuditBreak, int, error) {
	rows, err := r.query(ctx, `SELECT id, at, actor, action, object, client, outcome, chain, prev_hash, hash FROM audit_log ORDER BY id`)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var (
		prev = map[int]string{} // newest hash seen of each chain
		last = map[int]int64{}  // and its record
		n    int
	)
	for rows.Next() {
		var (
			id, at         int64
			chain          int
			a              beian.AuditRecord
			prevHash, hash string
		)
		if err := rows.Scan(&id, &at, &a.Actor, &a.Action, &a.Object, &a.Client, &a.Outcome, &chain, &prevHash, &hash); err != nil {
			return nil, n, err
		}
		n++
		a.At = time.Unix(at, 0)
		switch {
		case prevHash != prev[chain]:
			return &AuditBreak{ID: id, Reason: "its link to the record before does not match (a record was removed or inserted)"}, n, nil
		case hash != auditHash(prev[chain], a):
			return &AuditBreak{ID: id, Reason: "its contents do not match its hash (the record was edited)"}, n, nil
		}
		prev[chain], last[chain] = hash, id
	}
	if err := rows.Err(); err != nil {
		return nil, n, err
	}
	return r.verifyHeads(ctx, prev, last, n)
}

// verifyHeads checks that each chain ends where audit_head says.
func (r reader) verifyHeads(ctx context.Context, tail map[int]string, last map[int]int64, n int) (*AuditBreak, int, error) {
	rows, err := r.query(ctx, `SELECT chain, hash FROM audit_head ORDER BY chain`)
	if err != nil {
		return nil, n, err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			chain int
			hash  string
		)
		if err := rows.Scan(&chain, &hash); err != nil {
			return nil, n, err
		}
		if hash != tail[chain] {
			return &AuditBreak{ID: last[chain], Reason: fmt.Sprintf("chain %d does not end at its head: its newest records were removed", chain)}, n, nil
		}
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
