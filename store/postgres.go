package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5/pgconn"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

type postgresDialect struct{}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(16)
	db.SetMaxIdleConns(16)
	db.SetConnMaxIdleTime(5 * time.Minute)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	return &DB{reader: reader{db, postgresDialect{}}, write: db, read: db, dialect: postgresDialect{}, dsn: dsn, Now: time.Now}, nil
}

func (postgresDialect) name() string { return "postgres" }

// rebind numbers the ? placeholders: $1, $2, … Our SQL has no ? inside
// string literals.
func (postgresDialect) rebind(q string) string {
	if !strings.Contains(q, "?") {
		return q
	}
	var b strings.Builder
	b.Grow(len(q) + 16)
	n := 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(q[i])
	}
	return b.String()
}

// migrationLockKey is an arbitrary constant for pg_advisory_lock.
const migrationLockKey = 0x6265_6961_6e

func (postgresDialect) lockMigrations(ctx context.Context, db *sql.DB) (func(), error) {
	conn, err := db.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, `SELECT pg_advisory_lock($1)`, migrationLockKey); err != nil {
		conn.Close()
		return nil, err
	}
	return func() {
		conn.ExecContext(context.Background(), `SELECT pg_advisory_unlock($1)`, migrationLockKey)
		conn.Close()
	}, nil
}

func (postgresDialect) uniqueViolation(err error) (string, bool) {
	var e *pgconn.PgError
	if errors.As(err, &e) && e.Code == "23505" {
		return e.ConstraintName, true
	}
	return "", false
}

// nameMatch uses the pg_trgm GIN index for three or more characters and the
// gram rows (migration 0100) for two, where trigrams cannot help. The gram
// rows come in entity id order, the query's, so a page stops at its rows
// instead of sorting every entity of a common pair.
func (postgresDialect) nameMatch(sub string) (string, []any) {
	like := "%" + escapeLike(sub) + "%"
	if utf8.RuneCountInString(sub) == 2 {
		// The re-check is written so that it cannot use the trigram index:
		// a prepared statement's generic plan does not know the pattern has
		// two characters, for which pg_trgm scans its whole index (seconds
		// at 1M entities, ANDed with the gram rows).
		return `e.id IN (SELECT g.entity_id FROM entity_name_grams g WHERE g.gram = lower(?)) AND (e.unit_name || '') ILIKE ?`, []any{sub, like}
	}
	return `e.unit_name ILIKE ?`, []any{like}
}

// indexNames has nothing to do: the GIN index follows the table.
func (postgresDialect) indexNames(context.Context, *Tx, int64, int64) error { return nil }

// unindexName has nothing to do either.
func (postgresDialect) unindexName(context.Context, *Tx, int64, string) error { return nil }

// reserveIDs names the sequence once (OFFSET 0 keeps the subquery from
// being folded into the select list): looked up per row, the name cost
// four times the nextval, seconds over an import of 100,000 entities.
func (postgresDialect) reserveIDs(ctx context.Context, tx *Tx, table string, n int) ([]int64, error) {
	rows, err := tx.query(ctx, `SELECT nextval(q.seq) FROM (SELECT pg_get_serial_sequence(?, 'id')::regclass AS seq OFFSET 0) q, generate_series(1, ?)`, table, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	ids := make([]int64, 0, n)
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// deferForeignKeys needs the references declared DEFERRABLE, as the
// migrations do.
func (postgresDialect) deferForeignKeys(ctx context.Context, tx *Tx) error {
	_, err := tx.exec(ctx, `SET CONSTRAINTS ALL DEFERRED`)
	return err
}

func (postgresDialect) skipLocked() string { return " FOR UPDATE SKIP LOCKED" }

func (postgresDialect) forUpdate() string { return " FOR UPDATE" }

func (postgresDialect) columnsQuery() string {
	return `SELECT table_name, column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`
}

// indexesQuery leaves out the indexes behind constraints (primary keys,
// UNIQUE), which SQLite makes unnamed.
func (postgresDialect) indexesQuery() string {
	return `SELECT i.relname, t.relname,
			array_to_string(ARRAY(SELECT pg_get_indexdef(x.indexrelid, k, true) FROM generate_series(1, x.indnkeyatts) AS k), ', ')
		FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
		JOIN pg_namespace ns ON ns.oid = t.relnamespace
		WHERE ns.nspname = current_schema() AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
		ORDER BY i.relname`
}
