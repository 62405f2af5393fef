package store

import (
	"context"
	"fmt"

	"github.com/beianhq/beian"
)

// filedOfAccount is the SQL condition of a live entity the account filed:
// one of its applications that the bureau approved names the entity's
// certificate (an applicant files only for their own entity).
const filedOfAccount = `e.cancelled = 0 AND e.cert_no IN (SELECT cert_no FROM applications WHERE account_id = ? AND status = 'approved')`

// FiledEntitiesOfAccount returns the live entities that account filed, at
// most limit, with their services, oldest first.
func (r reader) FiledEntitiesOfAccount(ctx context.Context, accountID int64, limit int) ([]*beian.Entity, error) {
	rows, err := r.query(ctx, `SELECT e.id FROM entities e WHERE `+filedOfAccount+` ORDER BY e.id LIMIT ?`, accountID, limit)
	if err != nil {
		return nil, fmt.Errorf("filed entities: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return nil, err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]*beian.Entity, 0, len(ids))
	for _, id := range ids {
		e, err := r.FindEntityByID(ctx, id)
		if err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, nil
}

// AccountFiledEntity reports whether account filed the live entity id.
func (r reader) AccountFiledEntity(ctx context.Context, accountID, id int64) (bool, error) {
	var n int
	err := r.queryRow(ctx, `SELECT COUNT(*) FROM entities e WHERE e.id = ? AND `+filedOfAccount, id, accountID).Scan(&n)
	return n > 0, err
}
