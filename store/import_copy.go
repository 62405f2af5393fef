package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// On PostgreSQL an import copies its rows (COPY, binary, through pgx's
// CopyFrom) into temporary staging tables of the same shape as the store's,
// and Commit moves each table's rows into the store with one INSERT …
// SELECT. Multi-row INSERTs spent most of their time in round trips and
// statement execution per chunk; COPY streams a batch per table in one
// exchange. Numbers and ids are allocated in Go exactly as on SQLite (the
// inserter, the counters), so only where the rows wait differs.
//
// COPY is not part of database/sql. The transaction is begun on one
// connection taken from the pool (sql.Conn), and (*sql.Conn).Raw hands out
// that connection's *pgx.Conn: a PostgreSQL transaction belongs to the
// session, so a COPY on the same connection runs inside it. Raw only holds
// the connection's lock while it runs, which the open *sql.Tx does not.

// stagedTables are the tables an import writes, parents first: the order
// Commit publishes them in.
var stagedTables = []struct {
	table string
	cols  []string
}{
	{"entities", entityCols},
	{"services", serviceCols},
	{"domains", domainCols},
	{"access_records", accessCols},
}

// stageOf names the staging table of a store table.
func stageOf(table string) string { return "import_" + table }

// stageSQL creates the staging tables. They take the store's columns and
// defaults (LIKE … INCLUDING DEFAULTS: the columns an import does not write,
// such as cancelled, get their defaults), not its constraints or its name
// indexes, and disappear with the transaction (ON COMMIT DROP; a rollback
// drops them too). The b-tree indexes serve the importer's duplicate check,
// which looks up each batch's numbers, domains and certificates among the
// rows staged by earlier batches. They are UNIQUE — what the check lets
// through is unique, and a record repeating its own domain fails its own
// checks — because temporary tables get no statistics (autovacuum does not
// analyse them) and a unique index is what tells the planner that a key
// matches one row: without it the planner expected most of the table to
// match a batch's thousand keys and hash-joined the whole staging tables
// for every batch, which grew with the square of the import.
var stageSQL = func() string {
	var b strings.Builder
	for _, t := range stagedTables {
		fmt.Fprintf(&b, "CREATE TEMP TABLE %s (LIKE %s INCLUDING DEFAULTS) ON COMMIT DROP;\n", stageOf(t.table), t.table)
	}
	b.WriteString(`CREATE UNIQUE INDEX ON import_entities (id);
CREATE UNIQUE INDEX ON import_entities (main_licence);
CREATE UNIQUE INDEX ON import_entities (cert_no);
CREATE UNIQUE INDEX ON import_services (id);
CREATE UNIQUE INDEX ON import_services (service_licence);
CREATE UNIQUE INDEX ON import_domains (domain);
`)
	return b.String()
}()

// newCopyImporter starts a PostgreSQL import on a connection of its own,
// with the staging tables created in its transaction.
func (db *DB) newCopyImporter(ctx context.Context) (*Importer, error) {
	conn, err := db.write.Conn(ctx)
	if err != nil {
		return nil, err
	}
	sqlTx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		conn.Close()
		return nil, err
	}
	tx := db.newTx(ctx, sqlTx)
	im := &Importer{db: db, tx: tx, conn: conn}
	if _, err := tx.ExecContext(ctx, stageSQL+linesSQL); err != nil {
		im.Rollback()
		return nil, fmt.Errorf("create staging tables: %w", err)
	}
	im.in, err = newInserterInto(ctx, tx, func(table string, cols []string) rowSink {
		return &copyStage{conn: conn, table: stageOf(table), cols: cols}
	})
	if err != nil {
		im.Rollback()
		return nil, err
	}
	return im, nil
}

// publish moves the staged rows into the store, one set-based INSERT per
// table, parents first. The unique indexes of the store check them here.
func publish(ctx context.Context, tx *Tx) error {
	for _, t := range stagedTables {
		cols := strings.Join(t.cols, ", ")
		q := "INSERT INTO " + t.table + " (" + cols + ") SELECT " + cols + " FROM " + stageOf(t.table)
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// copyStage collects the rows of one table and copies them into its
// staging table on flush.
type copyStage struct {
	conn  *sql.Conn
	table string
	cols  []string
	rows  [][]any
}

func (c *copyStage) add(_ context.Context, _ *Tx, values ...any) error {
	c.rows = append(c.rows, values)
	return nil
}

func (c *copyStage) flush(ctx context.Context, _ *Tx) error {
	if len(c.rows) == 0 {
		return nil
	}
	rows := c.rows
	c.rows = nil
	return copyRows(ctx, c.conn, c.table, c.cols, rows)
}

// copyRows copies rows into table over the pgx connection under conn.
func copyRows(ctx context.Context, conn *sql.Conn, table string, cols []string, rows [][]any) error {
	return conn.Raw(func(dc any) error {
		pc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("copy into %s: driver connection is %T, not pgx", table, dc)
		}
		// 'T': in a transaction block, which can only be the import's.
		if st := pc.Conn().PgConn().TxStatus(); st != 'T' {
			return fmt.Errorf("copy into %s: connection not in the import's transaction (status %q)", table, st)
		}
		n, err := pc.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		if err != nil {
			return fmt.Errorf("copy into %s: %w", table, err)
		}
		if n != int64(len(rows)) {
			return fmt.Errorf("copy into %s: %d of %d rows", table, n, len(rows))
		}
		return nil
	})
}

// takenSQL is the duplicate check of a PostgreSQL batch in one round trip:
// each kind of key looked up in the store and among the staged rows of
// earlier batches, as (kind, key, holder), kind the prefix of mainKey,
// serviceKey, domainKey and certKey. Arrays rather than lists of
// placeholders keep the text the same for every batch, so pgx prepares it
// once.
const takenSQL = `SELECT 'm', main_licence, main_licence FROM entities WHERE main_licence = ANY($1)
UNION ALL SELECT 'm', main_licence, main_licence FROM import_entities WHERE main_licence = ANY($1)
UNION ALL SELECT 's', service_licence, service_licence FROM services WHERE service_licence = ANY($2)
UNION ALL SELECT 's', service_licence, service_licence FROM import_services WHERE service_licence = ANY($2)
UNION ALL SELECT 'd', d.domain, e.main_licence FROM domains d JOIN services s ON s.id = d.service_id JOIN entities e ON e.id = s.entity_id WHERE d.domain = ANY($3)
UNION ALL SELECT 'd', d.domain, e.main_licence FROM import_domains d JOIN import_services s ON s.id = d.service_id JOIN import_entities e ON e.id = s.entity_id WHERE d.domain = ANY($3)
UNION ALL SELECT 'c', cert_no, main_licence FROM entities WHERE cancelled = 0 AND cert_no = ANY($4)
UNION ALL SELECT 'c', cert_no, main_licence FROM import_entities WHERE cancelled = 0 AND cert_no = ANY($4)`

// takenOrStaged records in taken the keys of k that the store or an
// earlier batch holds.
func (im *Importer) takenOrStaged(ctx context.Context, k takenKeys, taken map[string]string) error {
	rows, err := im.tx.QueryContext(ctx, takenSQL, k.mains, k.services, k.domains, k.certs)
	if err != nil {
		return fmt.Errorf("check existing: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind, key, holder string
		if err := rows.Scan(&kind, &key, &holder); err != nil {
			return err
		}
		taken[kind+":"+key] = holder
	}
	return rows.Err()
}
