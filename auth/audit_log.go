package auth

import (
	"context"

	"github.com/beianhq/beian/store"
)

// AuditLog is one page of the audit log and whether its chain holds.
type AuditLog struct {
	Entries []store.AuditEntry
	Total   int // records matching the filter
	// Checked records were verified; Break is the first that does not
	// hold, nil when the whole chain does.
	Checked int
	Break   *store.AuditBreak
}

// ReadAuditLog returns limit records from offset, newest first, of the
// given action and actor (any when empty), and verifies the whole chain
// (a walk of every record: the page is for administrators, not a hot path).
func (s *Accounts) ReadAuditLog(ctx context.Context, action, actor string, offset, limit int) (AuditLog, error) {
	var l AuditLog
	var err error
	f := store.AuditFilter{Action: action, Actor: actor, Offset: offset, Limit: limit}
	if l.Entries, l.Total, err = s.DB.FindAuditEntries(ctx, f); err != nil {
		return l, err
	}
	l.Break, l.Checked, err = s.DB.VerifyAudit(ctx)
	return l, err
}
