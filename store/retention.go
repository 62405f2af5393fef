package store

import (
	"context"
	"database/sql"
	"strings"
	"time"
)

// The retention queries forget (or, for message bodies, blank) what is no
// longer needed once it is older than a cut-off. Each reports how many rows
// it changed.

// PurgeSMSReceipts forgets delivery receipts received before before: a
// receipt waits here only until the attempt it answers is recorded, and
// its outcome is then on the message itself.
func (tx *Tx) PurgeSMSReceipts(ctx context.Context, before time.Time) (int64, error) {
	return rowsAffected(tx.exec(ctx, `DELETE FROM sms_receipts WHERE received_at < ?`, before.Unix()))
}

// PurgeSMSCodes forgets one-time codes that expired before before, used or
// not.
func (tx *Tx) PurgeSMSCodes(ctx context.Context, before time.Time) (int64, error) {
	return rowsAffected(tx.exec(ctx, `DELETE FROM sms_codes WHERE expires_at < ?`, before.Unix()))
}

// PurgeLockouts forgets the failure counts of subjects that have not
// failed since before and whose lock, if any, ended before then.
func (tx *Tx) PurgeLockouts(ctx context.Context, before time.Time) (int64, error) {
	return rowsAffected(tx.exec(ctx, `DELETE FROM lockouts WHERE updated_at < ? AND locked_until < ?`, before.Unix(), before.Unix()))
}

// RedactMessageBodies replaces the text (and HTML) of the messages of the
// given templates that are no longer waiting to be sent and whose delivery
// record last changed before before with redacted; the delivery record
// itself (recipient, state, gateway id, times) stays as it was.
func (tx *Tx) RedactMessageBodies(ctx context.Context, templates []string, before time.Time, redacted string) (int64, error) {
	if len(templates) == 0 {
		return 0, nil
	}
	args := []any{redacted}
	for _, t := range templates {
		args = append(args, t)
	}
	args = append(args, before.Unix(), redacted)
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(templates)), ", ")
	return rowsAffected(tx.exec(ctx, `UPDATE messages SET body = ?, html = '' WHERE template IN (`+marks+`)
		AND state <> 'queued' AND updated_at < ? AND body <> ?`, args...))
}

func rowsAffected(res sql.Result, err error) (int64, error) {
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
