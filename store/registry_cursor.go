package store

import (
	"context"
	"database/sql"
	"errors"
)

// RegistryCursor returns how far the agent has applied the feed of the
// registry named (0 before the first change).
func (r reader) RegistryCursor(ctx context.Context, registry string) (int64, error) {
	var c int64
	err := r.queryRow(ctx, `SELECT cursor FROM registry_cursors WHERE registry = ?`, registry).Scan(&c)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	return c, err
}

// SetRegistryCursor records that the feed of registry is applied up to
// cursor, in the transaction that applied it.
func (tx *Tx) SetRegistryCursor(ctx context.Context, registry string, cursor int64) error {
	_, err := tx.exec(ctx, `INSERT INTO registry_cursors (registry, cursor) VALUES (?, ?)
		ON CONFLICT (registry) DO UPDATE SET cursor = excluded.cursor`, registry, cursor)
	return err
}
