package store

import (
	"context"
	"strings"

	"github.com/beianhq/beian"
)

// AuditFilter selects audit records for the administrators' page: by
// action and actor (exact, when non-empty), newest first.
type AuditFilter struct {
	Action, Actor string
	Offset, Limit int
}

// AuditEntry is an audit record with its position in the chain.
type AuditEntry struct {
	ID int64
	beian.AuditRecord
}

// FindAuditEntries returns one page of the audit log, newest first, and how
// many records match the filter.
func (r reader) FindAuditEntries(ctx context.Context, f AuditFilter) ([]AuditEntry, int, error) {
	var (
		where []string
		args  []any
	)
	if f.Action != "" {
		where, args = append(where, "action = ?"), append(args, f.Action)
	}
	if f.Actor != "" {
		where, args = append(where, "actor = ?"), append(args, f.Actor)
	}
	cond := ""
	if len(where) > 0 {
		cond = " WHERE " + strings.Join(where, " AND ")
	}
	var total int
	if err := r.queryRow(ctx, `SELECT COUNT(*) FROM audit_log`+cond, args...).Scan(&total); err != nil {
		return nil, 0, err
	}
	rows, err := r.query(ctx, `SELECT id, at, actor, action, object, client, outcome FROM audit_log`+cond+
		` ORDER BY id DESC LIMIT ? OFFSET ?`, append(args, max(f.Limit, 1), max(f.Offset, 0))...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var out []AuditEntry
	for rows.Next() {
		var (
			e  AuditEntry
			at int64
		)
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.Action, &e.Object, &e.Client, &e.Outcome); err != nil {
			return nil, 0, err
		}
		e.At = unixTime(at)
		out = append(out, e)
	}
	return out, total, rows.Err()
}
