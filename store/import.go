package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/beianhq/beian"
)

// Importer loads many entities in one transaction: nothing is visible until
// Commit, and Rollback leaves the store as it was.
type Importer struct {
	db *DB
	tx *Tx
	in *inserter
	// conn is the connection the PostgreSQL import's transaction and COPYs
	// run on (import_copy.go); nil on SQLite, which inserts into the
	// store's tables as it goes.
	conn *sql.Conn
	// bigCache says the SQLite writer's page cache was raised for the
	// import and is to be set back when it ends.
	bigCache bool
}

// ImporterOptions tune an import.
type ImporterOptions struct {
	// CacheBytes is the page cache of the SQLite writer for the import's
	// transaction (0: the writer's own, 64 MiB). The importing process
	// holds it while the import runs; PostgreSQL ignores it.
	CacheBytes int64
}

// ImportItem is one entity to import and the input line it came from.
type ImportItem struct {
	Line   int
	Entity *beian.Entity
}

// Rejection says why the entity of one line was not imported.
type Rejection struct {
	Line int
	Err  *beian.Error
}

// NewImporter starts an import. On SQLite it holds the write lock until
// Commit or Rollback.
func (db *DB) NewImporter(ctx context.Context, opts ImporterOptions) (*Importer, error) {
	if db.dialect.name() == "postgres" {
		return db.newCopyImporter(ctx)
	}
	tx, err := db.begin(ctx)
	if err != nil {
		return nil, err
	}
	im := &Importer{db: db, tx: tx}
	if opts.CacheBytes > 0 {
		im.bigCache = true
		if err := setImportCache(ctx, tx, opts.CacheBytes); err != nil {
			im.Rollback()
			return nil, err
		}
	}
	if im.in, err = newInserter(ctx, tx); err != nil {
		im.Rollback()
		return nil, err
	}
	return im, nil
}

// Add writes the entities of items that take nothing already taken — a main
// or service number, a domain, a live certificate — by the store, by an
// earlier Add, or by an earlier item of the same call, and returns a
// rejection for each of the others.
func (im *Importer) Add(ctx context.Context, items []ImportItem) ([]Rejection, error) {
	taken, err := im.taken(ctx, items)
	if err != nil {
		return nil, err
	}
	var (
		rejected []Rejection
		ok       []*beian.Entity
		seen     = map[string]bool{}
	)
	for _, it := range items {
		if err := claim(it.Entity, taken, seen); err != nil {
			rejected = append(rejected, Rejection{Line: it.Line, Err: err})
			continue
		}
		ok = append(ok, it.Entity)
	}
	if err := im.in.insert(ctx, im.tx, ok); err != nil {
		return nil, im.db.conflict(err)
	}
	if im.conn != nil {
		if err := im.stageLines(ctx, items, ok); err != nil {
			return nil, err
		}
	}
	return rejected, nil
}

// Commit writes what is pending, indexes the new names and commits.
func (im *Importer) Commit(ctx context.Context) error {
	defer im.release()
	if err := im.in.finish(ctx, im.tx); err != nil {
		im.tx.Rollback()
		return im.db.conflict(err)
	}
	if im.conn != nil {
		if err := publishOrExplain(ctx, im.tx); err != nil {
			im.tx.Rollback()
			return im.db.conflict(err)
		}
	}
	return im.tx.Commit()
}

// Rollback abandons the import.
func (im *Importer) Rollback() error {
	defer im.release()
	return im.tx.Rollback()
}

// release returns the import's own connection to the pool, once its
// transaction has ended.
func (im *Importer) release() {
	if im.bigCache {
		im.db.resetImportCache()
		im.bigCache = false
	}
	if im.conn != nil {
		im.conn.Close()
		im.conn = nil
	}
}

// Keys of the things an entity takes, in one namespace per kind.
func mainKey(s string) string    { return "m:" + s }
func serviceKey(s string) string { return "s:" + s }
func domainKey(s string) string  { return "d:" + s }
func certKey(s string) string    { return "c:" + s }

// takenKeys are the numbers, domains and certificates a batch takes.
type takenKeys struct {
	mains, services, domains, certs []string
}

// taken returns the keys of items already present in the store, mapped to
// the number of the entity that holds them where known.
func (im *Importer) taken(ctx context.Context, items []ImportItem) (map[string]string, error) {
	var k takenKeys
	for _, it := range items {
		e := it.Entity
		if e.MainLicence != "" {
			k.mains = append(k.mains, e.MainLicence)
		}
		k.certs = append(k.certs, e.CertNo)
		for _, s := range e.Services {
			if s.Licence != "" {
				k.services = append(k.services, s.Licence)
			}
			k.domains = append(k.domains, s.Domains...)
		}
	}
	// Pending rows must be in the tables to be seen.
	if err := im.in.flushRows(ctx, im.tx); err != nil {
		return nil, err
	}
	taken := map[string]string{}
	if im.conn != nil {
		return taken, im.takenOrStaged(ctx, k, taken)
	}
	for _, q := range []struct {
		sql  string
		args []string
		key  func(string) string
	}{
		{`SELECT main_licence, main_licence FROM entities WHERE main_licence IN (%s)`, k.mains, mainKey},
		{`SELECT service_licence, service_licence FROM services WHERE service_licence IN (%s)`, k.services, serviceKey},
		{`SELECT d.domain, e.main_licence FROM domains d JOIN services s ON s.id = d.service_id JOIN entities e ON e.id = s.entity_id WHERE d.domain IN (%s)`, k.domains, domainKey},
		{`SELECT cert_no, main_licence FROM entities WHERE cancelled = 0 AND cert_no IN (%s)`, k.certs, certKey},
	} {
		args := make([]any, len(q.args))
		for i, a := range q.args {
			args[i] = a
		}
		if err := im.lookUp(ctx, q.sql, args, q.key, taken); err != nil {
			return nil, err
		}
	}
	return taken, nil
}

// lookUp runs query, a SELECT of (key, holder) with one %s for a list of
// placeholders, for args in chunks, and records what it finds in taken.
func (im *Importer) lookUp(ctx context.Context, query string, args []any, key func(string) string, taken map[string]string) error {
	for len(args) > 0 {
		chunk := args[:min(len(args), 5000)]
		args = args[len(chunk):]
		rows, err := im.tx.query(ctx, fmt.Sprintf(query, strings.TrimSuffix(strings.Repeat("?, ", len(chunk)), ", ")), chunk...)
		if err != nil {
			return fmt.Errorf("check existing: %w", err)
		}
		for rows.Next() {
			var k, holder string
			if err := rows.Scan(&k, &holder); err != nil {
				rows.Close()
				return err
			}
			taken[key(k)] = holder
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

// claim checks e against what the store holds (taken) and what earlier items
// of the batch claimed (seen), then records e's keys in seen.
func claim(e *beian.Entity, taken map[string]string, seen map[string]bool) *beian.Error {
	conflict := func(field, format string, args ...any) *beian.Error {
		err := beian.FieldErrorf(field, format, args...)
		err.Code = beian.ECONFLICT
		return err
	}
	var keys []string
	if e.MainLicence != "" {
		k := mainKey(e.MainLicence)
		if _, ok := taken[k]; ok || seen[k] {
			return conflict("mainLicence", "备案号 %s 已属于其他主体", e.MainLicence)
		}
		keys = append(keys, k)
	}
	k := certKey(e.CertNo)
	if holder, ok := taken[k]; ok {
		return conflict("certNo", "该证件号码已有备案主体（%s）", holder)
	} else if seen[k] {
		return conflict("certNo", "该证件号码在本次导入中重复出现")
	}
	keys = append(keys, k)
	for i, s := range e.Services {
		if s.Licence != "" {
			k := serviceKey(s.Licence)
			if _, ok := taken[k]; ok || seen[k] {
				return conflict(fmt.Sprintf("services[%d].serviceLicence", i), "备案号 %s 已属于其他主体", s.Licence)
			}
			keys = append(keys, k)
		}
		for j, d := range s.Domains {
			k := domainKey(d)
			if holder, ok := taken[k]; ok {
				return conflict(fmt.Sprintf("services[%d].domains[%d]", i, j), "域名 %s 已由其他主体备案（%s）", d, holder)
			} else if seen[k] {
				return conflict(fmt.Sprintf("services[%d].domains[%d]", i, j), "域名 %s 重复出现", d)
			}
			keys = append(keys, k)
		}
	}
	for _, k := range keys {
		seen[k] = true
	}
	return nil
}
