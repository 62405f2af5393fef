package store

import (
	"context"
	"database/sql"
	"fmt"
)

// PostgresRows counts the rows in the registry's data tables of the store
// at dsn without migrating it; -1 when it holds no Beian store at all.
func PostgresRows(ctx context.Context, dsn string) (int64, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var exists bool
	if err := db.QueryRowContext(ctx, `SELECT to_regclass('schema_migrations') IS NOT NULL`).Scan(&exists); err != nil {
		return 0, fmt.Errorf("open postgres: %w", err)
	}
	if !exists {
		return -1, nil
	}
	var total int64
	for _, t := range dataTables {
		var present bool
		if err := db.QueryRowContext(ctx, `SELECT to_regclass($1) IS NOT NULL`, t).Scan(&present); err != nil {
			return 0, err
		}
		if !present {
			continue
		}
		var n int64
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, nil
}
