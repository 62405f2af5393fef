// Package store keeps the registry in SQLite (the embedded default) or
// PostgreSQL, with hand-written SQL through database/sql. The few engine
// differences live in sqlite.go and postgres.go behind the dialect type.
package store

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
	"time"

	"github.com/beianhq/beian"
)

//go:embed migrations
var migrationFS embed.FS

// DB is an open store.
type DB struct {
	reader          // reads from the read pool
	write   *sql.DB // every transaction that writes
	read    *sql.DB // queries; the same pool as write on PostgreSQL
	dialect dialect
	stmts   stmtCache // prepared read statements, by SQL text
	dsn     string    // the PostgreSQL URL or SQLite path, for the query watch

	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// Open opens the store named by dsn: a PostgreSQL URL (postgres:// or
// postgresql://) or else a path of a SQLite database file. It runs the
// embedded migrations before returning.
func Open(ctx context.Context, dsn string) (*DB, error) {
	var (
		db  *DB
		err error
	)
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		db, err = openPostgres(ctx, dsn)
	} else {
		db, err = openSQLite(ctx, dsn)
	}
	if err != nil {
		return nil, err
	}
	if err := db.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// Engine names the database engine: "sqlite" or "postgres".
func (db *DB) Engine() string { return db.dialect.name() }

// Close closes the store.
func (db *DB) Close() error {
	db.stmts.close()
	err := db.write.Close()
	if db.read != db.write {
		if rerr := db.read.Close(); err == nil {
			err = rerr
		}
	}
	return err
}

// Ping checks that the database answers.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Tx is a write transaction with the time it started, so every timestamp it
// writes agrees.
type Tx struct {
	*sql.Tx
	reader // reads inside the transaction
	db     *DB
	now    time.Time
	ctx    context.Context // of begin, for what Commit writes
	audits []beian.AuditRecord
}

// begin starts a write transaction. On SQLite it takes the write lock at once
// (BEGIN IMMEDIATE, set in the DSN), so read-then-write steps cannot deadlock.
func (db *DB) begin(ctx context.Context) (*Tx, error) {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return nil, err
	}
	return db.newTx(ctx, tx), nil
}

// newTx wraps a transaction begun on the write pool or on one of its
// connections.
func (db *DB) newTx(ctx context.Context, tx *sql.Tx) *Tx {
	return &Tx{Tx: tx, reader: reader{tx, db.dialect}, db: db, now: db.Now().Truncate(time.Second), ctx: ctx}
}

// exec runs a statement written with ? placeholders.
func (tx *Tx) exec(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return tx.ExecContext(ctx, tx.db.dialect.rebind(query), args...)
}

// migrate applies the embedded migrations of the engine not yet recorded in
// schema_migrations, each in its own transaction, in name order.
func (db *DB) migrate(ctx context.Context) error {
	dir := "migrations/" + db.dialect.name()
	names, err := fs.Glob(migrationFS, dir+"/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)

	unlock, err := db.dialect.lockMigrations(ctx, db.write)
	if err != nil {
		return fmt.Errorf("lock migrations: %w", err)
	}
	defer unlock()

	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	for _, name := range names {
		if err := db.migrateFile(ctx, name); err != nil {
			return fmt.Errorf("migration %s: %w", name, err)
		}
	}
	return nil
}

func (db *DB) migrateFile(ctx context.Context, name string) error {
	tx, err := db.begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback()

	var n int
	if err := tx.queryRow(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE name = ?`, name).Scan(&n); err != nil {
		return err
	} else if n > 0 {
		return nil
	}
	body, err := migrationFS.ReadFile(name)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, string(body)); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)`, name, tx.now.Unix()); err != nil {
		return err
	}
	return tx.Commit()
}

// notFound is the error for a missing record.
func notFound(what string) error {
	return beian.Errorf(beian.ENOTFOUND, "未找到%s", what)
}
