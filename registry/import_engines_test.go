package registry_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
	"github.com/beianhq/beian/synth"
)

// engineImportEntities crosses several of the import's batches
// (engineImportBatch lines).
const engineImportEntities, engineImportBatch = 2500, 700

// engineImportFile returns a generated import file in two parts. Every
// tenth record brings its own main number, far up its province's 2019
// sequence, so the counters must step past given numbers as well as hand
// out their own.
func engineImportFile(t *testing.T) (first, second *bytes.Buffer) {
	var gen bytes.Buffer
	if err := synth.Generate(&gen, engineImportEntities, 7); err != nil {
		t.Fatal(err)
	}
	first, second = &bytes.Buffer{}, &bytes.Buffer{}
	sc := bufio.NewScanner(&gen)
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		var r registry.Record
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			t.Fatal(err)
		}
		if i%10 == 0 {
			p, ok := rules.LookupProvince(r.Province)
			if !ok {
				t.Fatalf("record %d: province %q", i, r.Province)
			}
			r.MainLicence = rules.FilingNumber(p.Prefix, 2019, 900000+i)
		}
		out := first
		if i >= engineImportEntities*3/5 {
			out = second
		}
		out.Write(line(t, r))
		out.WriteByte('\n')
	}
	return first, second
}

// TestImport_EnginesAgree imports the same generated file on every engine —
// SQLite inserts rows as it goes, PostgreSQL copies them into staging tables
// and publishes them at commit — in two imports into one store (the second
// continues the counters the first wrote back, perhaps on the connection
// whose staging tables the first dropped), and holds the public query's
// answers equal: the same entities, services, domains and ids under the
// same numbers, and the same name-search results.
func TestImport_EnginesAgree(t *testing.T) {
	engines := testdb.Engines(t)
	if len(engines) < 2 {
		t.Skip("needs PostgreSQL too (" + testdb.EnvURL + ")")
	}
	ctx := context.Background()
	answers := map[string][]any{}
	for _, engine := range engines {
		db := testdb.Open(t, engine)
		first, second := engineImportFile(t)
		for _, part := range []*bytes.Buffer{first, second} {
			opts := importOpts(db, false)
			opts.Batch = engineImportBatch
			res, err := registry.Import(ctx, db, part, opts)
			if err != nil || res.Rejected != 0 {
				t.Fatalf("%s: import: %+v, %v", engine, res, err)
			}
		}
		answers[engine] = queryAll(t, db)
	}
	want, got := answers["sqlite"], answers["postgres"]
	if len(got) != len(want) {
		t.Fatalf("%d answers on postgres, %d on sqlite", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Fatalf("answer %d differs:\npostgres %s\nsqlite   %s", i, clip(got[i]), clip(want[i]))
		}
	}
}

// queryAll reads every entity in id order, with its services, domains and
// access records, and asks the public query for it by its main number, then
// for every service number and domain those answers listed, then for two-
// and three-character pieces of some names.
func queryAll(t *testing.T, db *store.DB) []any {
	t.Helper()
	ctx := context.Background()
	ask := func(q beian.Query) beian.QueryResult {
		q.PageNum, q.PageSize = 1, beian.MaxPageSize
		res, err := db.Query(ctx, q)
		if err != nil {
			t.Fatalf("query %+v: %v", q, err)
		}
		return res
	}
	var out []any
	var services, domains, names []string
	for id := int64(1); ; id++ {
		e, err := db.FindEntityByID(ctx, id)
		if beian.ErrorCode(err) == beian.ENOTFOUND {
			break
		} else if err != nil {
			t.Fatal(err)
		}
		res := ask(beian.Query{Kind: beian.QueryLicence, Licence: e.MainLicence, MainOnly: true})
		if res.Total == 0 {
			t.Fatalf("entity %d: main number %s answers nothing", id, e.MainLicence)
		}
		out = append(out, e, res)
		for _, r := range res.Rows {
			services = append(services, r.ServiceLicence)
			if r.Domain != "" {
				domains = append(domains, r.Domain)
			}
		}
		// Past the place name, where the trade name begins; single
		// characters are left out, since the engines' name searches are
		// built for two or more.
		if rs := []rune(e.UnitName); id%50 == 0 && len(rs) >= 5 {
			names = append(names, string(rs[2:4]), string(rs[2:5]))
		}
	}
	if len(out) != 2*engineImportEntities {
		t.Fatalf("%d entities found by id, want %d", len(out)/2, engineImportEntities)
	}
	for _, s := range services {
		out = append(out, ask(beian.Query{Kind: beian.QueryLicence, Licence: s}))
	}
	for _, d := range domains {
		out = append(out, ask(beian.Query{Kind: beian.QueryDomain, Domain: d}))
	}
	for _, n := range names {
		out = append(out, ask(beian.Query{Kind: beian.QueryName, Name: n}))
	}
	out = append(out, beian.QueryResult{Total: len(services) + len(domains) + len(names)})
	return out
}

// clip prints v for a failure message, cut short.
func clip(v any) string {
	s := fmt.Sprintf("%+v", v)
	if p, ok := v.(*beian.Entity); ok {
		s = fmt.Sprintf("%+v", *p)
		for _, sv := range p.Services {
			s += fmt.Sprintf(" %+v", *sv)
		}
	}
	if len(s) > 3000 {
		s = s[:3000] + "…"
	}
	return s
}
