package store

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
)

// InsertBlacklist adds e (checked by the caller) and sets its id and time.
func (tx *Tx) InsertBlacklist(ctx context.Context, e *beian.BlacklistEntry) error {
	e.CreatedAt = tx.now
	err := tx.queryRow(ctx, `INSERT INTO blacklist (kind, value, province, reason, created_by, created_at, expires_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, string(e.Kind), e.Value, e.Province, e.Reason, e.CreatedBy,
		tx.now.Unix(), timeOrZero(e.ExpiresAt)).Scan(&e.ID)
	if err != nil {
		return fmt.Errorf("insert blacklist: %w", err)
	}
	return nil
}

// RemoveBlacklist ends entry id by account by. Returns ENOTFOUND.
func (tx *Tx) RemoveBlacklist(ctx context.Context, id, by int64) error {
	res, err := tx.exec(ctx, `UPDATE blacklist SET removed_at = ?, removed_by = ? WHERE id = ? AND removed_at = 0`, tx.now.Unix(), by, id)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return notFound("黑名单记录")
	}
	return nil
}

const blacklistSelect = `SELECT id, kind, value, province, reason, created_by, created_at, expires_at, removed_at FROM blacklist`

// FindBlacklistEntry returns entry id. Returns ENOTFOUND.
func (r reader) FindBlacklistEntry(ctx context.Context, id int64) (*beian.BlacklistEntry, error) {
	list, err := r.scanBlacklist(ctx, blacklistSelect+` WHERE id = ?`, id)
	if err != nil {
		return nil, err
	}
	if len(list) == 0 {
		return nil, notFound("黑名单记录")
	}
	return &list[0], nil
}

// FindBlacklist lists the entries in force at now kept by provinces (nil:
// every province), newest first.
func (r reader) FindBlacklist(ctx context.Context, provinces []string, now time.Time) ([]beian.BlacklistEntry, error) {
	q := blacklistSelect + ` WHERE removed_at = 0 AND (expires_at = 0 OR expires_at > ?)`
	args := []any{now.Unix()}
	if provinces != nil {
		if len(provinces) == 0 {
			return nil, nil
		}
		q += ` AND province IN (?` + strings.Repeat(", ?", len(provinces)-1) + `)`
		for _, p := range provinces {
			args = append(args, p)
		}
	}
	return r.scanBlacklist(ctx, q+` ORDER BY id DESC LIMIT 1000`, args...)
}

// BlacklistHit returns the entry in force at now that bars value of kind,
// or nil.
func (r reader) BlacklistHit(ctx context.Context, kind beian.BlacklistKind, value string, now time.Time) (*beian.BlacklistEntry, error) {
	list, err := r.scanBlacklist(ctx, blacklistSelect+` WHERE kind = ? AND value = ? AND removed_at = 0
		AND (expires_at = 0 OR expires_at > ?) ORDER BY id LIMIT 1`, string(kind), value, now.Unix())
	if err != nil || len(list) == 0 {
		return nil, err
	}
	return &list[0], nil
}

func (r reader) scanBlacklist(ctx context.Context, q string, args ...any) ([]beian.BlacklistEntry, error) {
	rows, err := r.query(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("blacklist: %w", err)
	}
	defer rows.Close()
	var out []beian.BlacklistEntry
	for rows.Next() {
		var (
			e                         beian.BlacklistEntry
			kind                      string
			created, expires, removed int64
		)
		if err := rows.Scan(&e.ID, &kind, &e.Value, &e.Province, &e.Reason, &e.CreatedBy, &created, &expires, &removed); err != nil {
			return nil, err
		}
		e.Kind = beian.BlacklistKind(kind)
		e.CreatedAt, e.ExpiresAt, e.RemovedAt = unixTime(created), timeOrNone(expires), timeOrNone(removed)
		out = append(out, e)
	}
	return out, rows.Err()
}
