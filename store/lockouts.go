package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Lockout returns how many failures are on record for subject (a main
// number, "login:…", "client:…" …) and until when it is locked.
func (r reader) Lockout(ctx context.Context, subject string) (failures int, lockedUntil time.Time, err error) {
	var until int64
	err = r.queryRow(ctx, `SELECT failures, locked_until FROM lockouts WHERE subject = ?`, subject).Scan(&failures, &until)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, time.Time{}, nil
	}
	return failures, time.Unix(until, 0), err
}

// SetLockout stores the failure count and lock of subject.
func (tx *Tx) SetLockout(ctx context.Context, subject string, failures int, lockedUntil time.Time) error {
	var until int64
	if !lockedUntil.IsZero() {
		until = lockedUntil.Unix()
	}
	_, err := tx.exec(ctx, `INSERT INTO lockouts (subject, failures, locked_until, updated_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, updated_at = excluded.updated_at`,
		subject, failures, until, tx.now.Unix())
	return err
}

// ClearLockout forgets the failures of subject after a success.
func (tx *Tx) ClearLockout(ctx context.Context, subject string) error {
	_, err := tx.exec(ctx, `DELETE FROM lockouts WHERE subject = ?`, subject)
	return err
}

// RateEvents returns the times of the events of bucket and subject after
// since (a window's start: an event exactly that old has left it), oldest
// first.
func (r reader) RateEvents(ctx context.Context, bucket, subject string, since time.Time) ([]time.Time, error) {
	rows, err := r.query(ctx, `SELECT at FROM rate_events WHERE bucket = ? AND subject = ? AND at > ? ORDER BY at, id`, bucket, subject, since.Unix())
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var at int64
		if err := rows.Scan(&at); err != nil {
			return nil, err
		}
		out = append(out, time.Unix(at, 0))
	}
	return out, rows.Err()
}

// AddRateEvent counts one event of bucket and subject at the transaction's
// time, and forgets that subject's events older than keep.
func (tx *Tx) AddRateEvent(ctx context.Context, bucket, subject string, keep time.Duration) error {
	if _, err := tx.exec(ctx, `DELETE FROM rate_events WHERE bucket = ? AND subject = ? AND at < ?`, bucket, subject, tx.now.Add(-keep).Unix()); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO rate_events (bucket, subject, at) VALUES (?, ?, ?)`, bucket, subject, tx.now.Unix())
	return err
}

// PurgeRateEvents forgets every rate event older than before: those of
// subjects that never came back (AddRateEvent trims a subject's own). Run
// it now and then with before at least the longest window ago.
func (tx *Tx) PurgeRateEvents(ctx context.Context, before time.Time) (int64, error) {
	res, err := tx.exec(ctx, `DELETE FROM rate_events WHERE at < ?`, before.Unix())
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}
