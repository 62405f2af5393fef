package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	"unicode/utf8"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

type sqliteDialect struct{}

// readConns is the size of the reader pool: enough to keep every core busy
// while some readers wait on the disk.
var readConns = max(4, 2*runtime.NumCPU())

// writerCacheKiB is the write connection's page cache, as PRAGMA cache_size
// takes it (negative: KiB). An import may raise it for its transaction
// (setImportCache).
const writerCacheKiB = -65536

// setImportCache gives the write connection a page cache of bytes for an
// import's transaction: an import inserts into
// indexes of random keys (certificate numbers, domains), and once those
// outgrow the cache every row costs page reads and writes — at 5,000,000
// entities the difference between minutes and hours.
func setImportCache(ctx context.Context, tx *Tx, bytes int64) error {
	_, err := tx.exec(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -max(bytes>>10, 1)))
	return err
}

// resetImportCache gives the write connection its own page cache back
// once the import's transaction has ended, freeing the import's pages.
func (db *DB) resetImportCache() {
	db.write.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", writerCacheKiB))
}

// openSQLite opens path with one writing connection and a pool of readers.
// WAL lets readers run beside the writer; a single writer connection turns
// SQLite's one-writer rule into a queue instead of SQLITE_BUSY errors.
func openSQLite(ctx context.Context, path string) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("create data directory: %w", err)
		}
	}
	pragmas := url.Values{}
	for _, p := range []string{
		"journal_mode(WAL)",
		"synchronous(NORMAL)", // durable at checkpoints; WAL keeps it consistent
		"busy_timeout(10000)",
		"foreign_keys(ON)",
		"temp_store(MEMORY)", // statement journals of multi-row inserts stay off disk
	} {
		pragmas.Add("_pragma", p)
	}
	readPragmas := url.Values{}
	for k, v := range pragmas {
		readPragmas[k] = append([]string(nil), v...)
	}
	// The writer gets a 64 MiB page cache (an import raises its own for its
	// transaction: setImportCache). Readers get a small one each and lean on the operating system's file cache, which all of
	// them share and which does not count against the server's memory.
	pragmas.Add("_pragma", fmt.Sprintf("cache_size(%d)", writerCacheKiB))
	readPragmas.Add("_pragma", "cache_size(-16384)")
	readPragmas.Add("_pragma", "query_only(ON)")
	base := "file:" + path + "?"
	write, err := sql.Open("sqlite", base+pragmas.Encode()+"&_txlock=immediate")
	if err != nil {
		return nil, err
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", base+readPragmas.Encode())
	if err != nil {
		write.Close()
		return nil, err
	}
	read.SetMaxOpenConns(readConns)
	read.SetMaxIdleConns(readConns)
	read.SetConnMaxIdleTime(5 * time.Minute)
	return &DB{reader: reader{read, sqliteDialect{}}, write: write, read: read, dialect: sqliteDialect{}, dsn: path, Now: time.Now}, nil
}

func (sqliteDialect) name() string           { return "sqlite" }
func (sqliteDialect) rebind(q string) string { return q }
func (sqliteDialect) lockMigrations(context.Context, *sql.DB) (func(), error) {
	// The single write connection and BEGIN IMMEDIATE already serialise.
	return func() {}, nil
}

func (sqliteDialect) uniqueViolation(err error) (string, bool) {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return "", false
	}
	switch e.Code() {
	case sqlite3.SQLITE_CONSTRAINT_UNIQUE, sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY:
		// "UNIQUE constraint failed: entities.main_licence"
		msg := e.Error()
		if i := strings.LastIndex(msg, ": "); i >= 0 {
			msg = msg[i+2:]
		}
		return strings.TrimSuffix(msg, ")"), true
	}
	return "", false
}

// nameMatch uses the FTS5 trigram index for three or more characters and the
// two-character gram index (grams.go) for two, re-checking with LIKE when the
// gram alone is not exact.
func (sqliteDialect) nameMatch(sub string) (string, []any) {
	if utf8.RuneCountInString(sub) >= 3 {
		return `e.id IN (SELECT rowid FROM entity_names WHERE unit_name MATCH ?)`,
			[]any{`"` + strings.ReplaceAll(sub, `"`, `""`) + `"`}
	}
	gram, exact := gramQuery(sub)
	cond := `e.id IN (SELECT rowid FROM entity_grams WHERE entity_grams MATCH ?)`
	if exact {
		return cond, []any{gram}
	}
	return cond + ` AND e.unit_name LIKE ? ESCAPE '\'`, []any{gram, "%" + escapeLike(sub) + "%"}
}

func (sqliteDialect) indexNames(ctx context.Context, tx *Tx, from, to int64) error {
	if _, err := tx.exec(ctx, `INSERT INTO entity_names (rowid, unit_name) SELECT id, unit_name FROM entities WHERE id BETWEEN ? AND ?`, from, to); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO entity_grams (rowid, grams) SELECT id, beian_grams(unit_name) FROM entities WHERE id BETWEEN ? AND ?`, from, to)
	return err
}

// unindexName deletes the old name from both indexes: the trigram index
// has external content and the gram index none, so each is told the values
// it holds.
func (sqliteDialect) unindexName(ctx context.Context, tx *Tx, id int64, old string) error {
	if _, err := tx.exec(ctx, `INSERT INTO entity_names (entity_names, rowid, unit_name) VALUES ('delete', ?, ?)`, id, old); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO entity_grams (entity_grams, rowid, grams) VALUES ('delete', ?, beian_grams(?))`, id, old)
	return err
}

func init() {
	sqlite.MustRegisterDeterministicScalarFunction("beian_grams", 1,
		func(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
			s, _ := args[0].(string)
			return nameGrams(s), nil
		})
}

// reserveIDs counts up from the largest id: the transaction holds SQLite's
// write lock, so nobody else can take them.
func (sqliteDialect) reserveIDs(ctx context.Context, tx *Tx, table string, n int) ([]int64, error) {
	var max int64
	if err := tx.queryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM `+table).Scan(&max); err != nil {
		return nil, err
	}
	ids := make([]int64, n)
	for i := range ids {
		ids[i] = max + 1 + int64(i)
	}
	return ids, nil
}

func (sqliteDialect) deferForeignKeys(ctx context.Context, tx *Tx) error {
	_, err := tx.exec(ctx, `PRAGMA defer_foreign_keys = ON`)
	return err
}

// skipLocked is empty: SQLite has a single writer.
func (sqliteDialect) skipLocked() string { return "" }

// forUpdate has nothing to add: the transaction holds the single write lock.
func (sqliteDialect) forUpdate() string { return "" }

func (sqliteDialect) columnsQuery() string {
	return `SELECT m.name, c.name, c.type FROM sqlite_master m, pragma_table_info(m.name) c
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, c.cid`
}

func (sqliteDialect) indexesQuery() string {
	return `SELECT m.name, m.tbl_name, (SELECT group_concat(name, ', ') FROM (SELECT name FROM pragma_index_info(m.name) ORDER BY seqno))
		FROM sqlite_master m WHERE m.type = 'index' AND m.sql IS NOT NULL ORDER BY m.name`
}
