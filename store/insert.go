package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
)

// The column lists of the multi-row inserts, in the order rows append values.
var (
	entityCols  = []string{"id", "unit_name", "nature", "province", "cert_type", "cert_no", "cert_address", "address", "main_licence", "principal_name", "principal_cert_type", "principal_cert_no", "principal_mobile", "principal_email", "next_service", "created_at", "updated_at"}
	serviceCols = []string{"id", "entity_id", "service_type", "service_name", "service_licence", "home_url", "principal_name", "principal_cert_type", "principal_cert_no", "principal_mobile", "principal_email", "content_types", "approved_at", "limit_access"}
	domainCols  = []string{"domain", "service_id", "position"}
	accessCols  = []string{"service_id", "position", "provider", "ips"}
)

// rowBuffer collects the rows of one table and writes them with a prepared
// multi-row INSERT of chunk rows, the remainder with a prepared one-row
// INSERT. Preparing once per transaction matters: parsing a long VALUES list
// for every batch cost more than executing it.
type rowBuffer struct {
	table string
	cols  []string
	chunk int
	args  []any
	rows  int
	// many and one are prepared on first use inside the transaction.
	many, one *sql.Stmt
}

func newRowBuffer(table string, cols []string) *rowBuffer {
	// About 1000 bind parameters a statement, well under both engines'
	// limits (SQLite 32766, PostgreSQL 65535).
	return &rowBuffer{table: table, cols: cols, chunk: max(1, 1000/len(cols))}
}

func (b *rowBuffer) insertSQL(rows int) string {
	var q strings.Builder
	q.WriteString("INSERT INTO " + b.table + " (" + strings.Join(b.cols, ", ") + ") VALUES ")
	row := "(" + strings.Repeat("?, ", len(b.cols)-1) + "?)"
	for i := 0; i < rows; i++ {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString(row)
	}
	return q.String()
}

func (b *rowBuffer) add(ctx context.Context, tx *Tx, values ...any) error {
	b.args = append(b.args, values...)
	b.rows++
	if b.rows < b.chunk {
		return nil
	}
	if b.many == nil {
		stmt, err := tx.PrepareContext(ctx, tx.db.dialect.rebind(b.insertSQL(b.chunk)))
		if err != nil {
			return err
		}
		b.many = stmt
	}
	_, err := b.many.ExecContext(ctx, b.args...)
	b.args, b.rows = b.args[:0], 0
	return err
}

// flush writes the rows that did not fill a chunk.
func (b *rowBuffer) flush(ctx context.Context, tx *Tx) error {
	if b.rows == 0 {
		return nil
	}
	if b.one == nil {
		stmt, err := tx.PrepareContext(ctx, tx.db.dialect.rebind(b.insertSQL(1)))
		if err != nil {
			return err
		}
		b.one = stmt
	}
	n := len(b.cols)
	for i := 0; i < b.rows; i++ {
		if _, err := b.one.ExecContext(ctx, b.args[i*n:(i+1)*n]...); err != nil {
			b.args, b.rows = b.args[:0], 0
			return err
		}
	}
	b.args, b.rows = b.args[:0], 0
	return nil
}

// rowSink takes the rows of one table for an inserter: a rowBuffer writes
// them to the table with multi-row INSERTs, a copyStage (the PostgreSQL
// import) copies them into a staging table. After flush every row added is
// where the sink puts it.
type rowSink interface {
	add(ctx context.Context, tx *Tx, values ...any) error
	flush(ctx context.Context, tx *Tx) error
}

// inserter writes whole entities with their services, domains and access
// records, allocating the numbers they lack.
type inserter struct {
	counters *counters
	entities rowSink
	services rowSink
	domains  rowSink
	access   rowSink
	// firstID and lastID span the entity ids written, for the name index.
	firstID, lastID int64
}

// newInserter starts writing entities in tx. Foreign keys are checked at
// commit, so the buffers may reach the database in any order.
func newInserter(ctx context.Context, tx *Tx) (*inserter, error) {
	return newInserterInto(ctx, tx, func(table string, cols []string) rowSink { return newRowBuffer(table, cols) })
}

// newInserterInto is newInserter writing each table's rows to the sink
// sinkFor returns for it.
func newInserterInto(ctx context.Context, tx *Tx, sinkFor func(table string, cols []string) rowSink) (*inserter, error) {
	if err := tx.db.dialect.deferForeignKeys(ctx, tx); err != nil {
		return nil, err
	}
	in := &inserter{
		counters: newCounters(),
		entities: sinkFor("entities", entityCols),
		services: sinkFor("services", serviceCols),
		domains:  sinkFor("domains", domainCols),
		access:   sinkFor("access_records", accessCols),
	}
	return in, nil
}

// insert queues ents for writing, setting their ids and numbers. Call flushRows
// before reading them back.
func (in *inserter) insert(ctx context.Context, tx *Tx, ents []*beian.Entity) error {
	if len(ents) == 0 {
		return nil
	}
	// Pending rows would hide from SQLite's MAX(id).
	if err := in.entities.flush(ctx, tx); err != nil {
		return err
	}
	entityIDs, err := tx.db.dialect.reserveIDs(ctx, tx, "entities", len(ents))
	if err != nil {
		return fmt.Errorf("reserve entity ids: %w", err)
	}
	nsvc := 0
	for _, e := range ents {
		nsvc += len(e.Services)
	}
	var serviceIDs []int64
	if nsvc > 0 {
		if err := in.services.flush(ctx, tx); err != nil {
			return err
		}
		if serviceIDs, err = tx.db.dialect.reserveIDs(ctx, tx, "services", nsvc); err != nil {
			return fmt.Errorf("reserve service ids: %w", err)
		}
	}
	for i, e := range ents {
		e.ID = entityIDs[i]
		if in.firstID == 0 || e.ID < in.firstID {
			in.firstID = e.ID
		}
		in.lastID = max(in.lastID, e.ID)
		for _, s := range e.Services {
			s.ID, serviceIDs = serviceIDs[0], serviceIDs[1:]
			s.EntityID = e.ID
		}
		if err := in.insertEntity(ctx, tx, e); err != nil {
			return err
		}
	}
	return nil
}

func (in *inserter) insertEntity(ctx context.Context, tx *Tx, e *beian.Entity) error {
	if err := in.number(ctx, tx, e); err != nil {
		return err
	}
	e.CreatedAt, e.UpdatedAt = tx.now, tx.now
	nextService := e.NextServiceNumber()
	p := e.Principal
	if err := in.entities.add(ctx, tx, e.ID, e.UnitName, e.Nature, e.Province, e.CertType, e.CertNo, e.CertAddress, e.Address,
		e.MainLicence, p.Name, p.CertType, p.CertNo, p.Mobile, p.Email, nextService, tx.now.Unix(), tx.now.Unix()); err != nil {
		return err
	}
	for _, s := range e.Services {
		var sp beian.Principal
		if s.Principal != nil {
			sp = *s.Principal
		}
		approved := s.ApprovedAt
		if approved.IsZero() {
			approved = tx.now
			s.ApprovedAt = approved
		}
		if err := in.services.add(ctx, tx, s.ID, s.EntityID, int(s.Type), s.Name, s.Licence, s.HomeURL,
			sp.Name, sp.CertType, sp.CertNo, sp.Mobile, sp.Email, strings.Join(s.ContentTypes, "、"),
			approved.Unix(), boolInt(s.LimitAccess)); err != nil {
			return err
		}
		for i, d := range s.Domains {
			if err := in.domains.add(ctx, tx, d, s.ID, i); err != nil {
				return err
			}
		}
		for i, a := range s.Access {
			if err := in.access.add(ctx, tx, s.ID, i, a.Provider, strings.Join(a.IPs, " ")); err != nil {
				return err
			}
		}
	}
	return nil
}

// number gives e and its services the numbers they lack, by the domain's
// rules (Entity.NumberingYear, Entity.NumberServices); the counter rows
// hand out main-number sequences.
func (in *inserter) number(ctx context.Context, tx *Tx, e *beian.Entity) error {
	if e.MainLicence == "" {
		p, ok := rules.LookupProvince(e.Province)
		if !ok {
			return beian.FieldErrorf("province", "未知的省份代码 %q", e.Province)
		}
		var err error
		if e.MainLicence, err = in.counters.allocate(ctx, tx, p.Prefix, e.NumberingYear(tx.now)); err != nil {
			return err
		}
	} else {
		l, err := rules.ParseLicence(e.MainLicence)
		if err != nil {
			return beian.FieldError("mainLicence", err)
		}
		if err := in.counters.observe(ctx, tx, l); err != nil {
			return err
		}
	}
	return e.NumberServices()
}

// flushRows writes every queued row. The counters stay in memory until
// finish: an import touches hundreds of sequences, and writing them back
// after every batch cost one statement per sequence per batch.
func (in *inserter) flushRows(ctx context.Context, tx *Tx) error {
	for _, b := range []rowSink{in.entities, in.services, in.domains, in.access} {
		if err := b.flush(ctx, tx); err != nil {
			return err
		}
	}
	return nil
}

// finish writes the queued rows and the counters, and indexes the names of
// the entities written.
func (in *inserter) finish(ctx context.Context, tx *Tx) error {
	if err := in.flushRows(ctx, tx); err != nil {
		return err
	}
	if err := in.counters.flush(ctx, tx); err != nil {
		return err
	}
	if in.lastID == 0 {
		return nil
	}
	return tx.db.dialect.indexNames(ctx, tx, in.firstID, in.lastID)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func unixTime(sec int64) time.Time { return time.Unix(sec, 0).In(beian.Shanghai) }
