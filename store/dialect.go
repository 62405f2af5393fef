package store

import (
	"context"
	"database/sql"
)

// dialect is what differs between SQLite and PostgreSQL. Everything else in
// this package is shared SQL written with ? placeholders.
type dialect interface {
	// name is "sqlite" or "postgres", also the migrations directory.
	name() string
	// rebind turns ? placeholders into the engine's own.
	rebind(query string) string
	// lockMigrations keeps two processes from migrating at once.
	lockMigrations(ctx context.Context, db *sql.DB) (unlock func(), err error)
	// uniqueViolation reports whether err broke a unique constraint, and
	// names the index or column it broke.
	uniqueViolation(err error) (what string, ok bool)
	// nameMatch returns a condition on e.id that holds for entities whose
	// name contains sub, with its arguments.
	nameMatch(sub string) (cond string, args []any)
	// indexNames adds the names of entities with ids in [from, to] to the
	// name index where the engine does not do it itself.
	indexNames(ctx context.Context, tx *Tx, from, to int64) error
	// unindexName takes the old name of entity id out of the name index
	// where the engine does not do it itself (before a rename).
	unindexName(ctx context.Context, tx *Tx, id int64, old string) error
	// deferForeignKeys makes tx check foreign keys at commit.
	deferForeignKeys(ctx context.Context, tx *Tx) error
	// columnsQuery lists (table, column, type) of the store's tables;
	// indexesQuery lists (index, table, "col, col") of its named indexes.
	columnsQuery() string
	indexesQuery() string
	// forUpdate is appended to a SELECT of one row to lock it until the
	// transaction ends.
	forUpdate() string
	// skipLocked is appended to a row-locking subquery so concurrent
	// claimers pass over each other's rows.
	skipLocked() string
	// reserveIDs returns n fresh ids for table, for bulk inserts.
	reserveIDs(ctx context.Context, tx *Tx, table string, n int) ([]int64, error)
}

// escapeLike escapes the LIKE wildcards in s with backslash.
func escapeLike(s string) string {
	b := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '%', '_', '\\':
			b = append(b, '\\')
		}
		b = append(b, s[i])
	}
	return string(b)
}
