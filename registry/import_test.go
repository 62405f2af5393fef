package registry_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// person returns a valid record of an individual numbered i.
func person(t testing.TB, i int) registry.Record {
	first17 := fmt.Sprintf("330106199001%02d%03d", i%28+1, i%1000)
	id := first17 + string(rules.ResidentIDCheckDigit(first17))
	return registry.Record{
		UnitName: "王小明", NatureName: "个人", Province: "浙江", CertType: "居民身份证", CertNo: id,
		Principal: &registry.PrincipalRecord{Name: "王小明", CertType: "居民身份证", CertNo: id, Mobile: fmt.Sprintf("139%08d", i), Email: fmt.Sprintf("u%d@example.cn", i)},
		Services: []registry.ServiceRecord{{
			ServiceType: 1, ServiceName: "个人博客", Domains: []string{fmt.Sprintf("blog%d-example.cn", i)},
			ApprovedAt: "2022-05-01T10:00:00+08:00",
		}},
	}
}

func jsonl(t testing.TB, lines ...any) *bytes.Buffer {
	var b bytes.Buffer
	for _, l := range lines {
		switch l := l.(type) {
		case string:
			b.WriteString(l)
		case registry.Record:
			b.Write(line(t, l))
		}
		b.WriteByte('\n')
	}
	return &b
}

func importOpts(db *store.DB, skip bool) registry.ImportOptions {
	return registry.ImportOptions{SkipInvalid: skip, Now: func() time.Time { return asOf }}
}

func TestImport(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			t.Run("OK", func(t *testing.T) {
				db := testdb.Open(t, engine)
				res, err := registry.Import(ctx, db, jsonl(t, person(t, 1), "", person(t, 2), "  ", person(t, 3)), importOpts(db, false))
				if err != nil {
					t.Fatal(err)
				}
				if res.Entities != 3 || res.Services != 3 || res.Rejected != 0 || !res.Committed {
					t.Fatalf("result=%+v", res)
				}
				e, err := db.FindEntityByLicence(ctx, "浙ICP备2022000003号")
				if err != nil || e.Services[0].Licence != "浙ICP备2022000003号-1" {
					t.Fatalf("third entity: %+v, %v", e, err)
				}
			})
			t.Run("AllOrNothing", func(t *testing.T) {
				db := testdb.Open(t, engine)
				bad := person(t, 2)
				bad.Principal.Mobile = "12345"
				dup := person(t, 4)
				dup.Services[0].Domains = person(t, 1).Services[0].Domains
				res, err := registry.Import(ctx, db, jsonl(t, person(t, 1), bad, "{not json", dup, person(t, 5)), importOpts(db, false))
				if !errors.Is(err, registry.ErrImportInvalid) {
					t.Fatalf("err=%v, want ErrImportInvalid", err)
				}
				want := []string{
					"line 2: principal.mobile: ",
					"line 3: JSON: ",
					"line 4: services[0].domains[0]: ",
				}
				if len(res.Errors) != len(want) {
					t.Fatalf("errors=%v, want %d", res.Errors, len(want))
				}
				for i, w := range want {
					if got := res.Errors[i].String(); !strings.HasPrefix(got, w) {
						t.Errorf("error %d = %q, want prefix %q", i, got, w)
					}
				}
				if n, s, _ := db.Counts(ctx); n != 0 || s != 0 {
					t.Fatalf("counts=%d,%d, want nothing written", n, s)
				}
			})
			t.Run("SkipInvalid", func(t *testing.T) {
				db := testdb.Open(t, engine)
				bad := person(t, 2)
				bad.Services[0].Domains = []string{"example.io"}
				res, err := registry.Import(ctx, db, jsonl(t, person(t, 1), bad, person(t, 3)), importOpts(db, true))
				if err != nil {
					t.Fatal(err)
				}
				if res.Entities != 2 || res.Rejected != 1 || res.Errors[0].Line != 2 {
					t.Fatalf("result=%+v", res)
				}
				if n, _, _ := db.Counts(ctx); n != 2 {
					t.Fatalf("entities=%d, want 2", n)
				}
			})
			t.Run("ReportsAtMost100", func(t *testing.T) {
				db := testdb.Open(t, engine)
				var lines []any
				for range 250 {
					lines = append(lines, `{"unitName": 1}`)
				}
				res, err := registry.Import(ctx, db, jsonl(t, lines...), importOpts(db, false))
				if !errors.Is(err, registry.ErrImportInvalid) || len(res.Errors) != 100 || res.Errors[99].Line != 100 {
					t.Fatalf("err=%v errors=%d", err, len(res.Errors))
				}
				if res.Rejected != 250 {
					t.Errorf("Rejected = %d, want all 250 invalid lines counted", res.Rejected)
				}
			})
			t.Run("CountsEveryInvalidLine", func(t *testing.T) {
				// 1,500 invalid lines over two batches, the last one a
				// duplicate that only the second batch can see.
				db := testdb.Open(t, engine)
				lines := []any{person(t, 1)}
				for range 1498 {
					lines = append(lines, `{"unitName": 1}`)
				}
				dup := person(t, 2)
				dup.Services[0].Domains = person(t, 1).Services[0].Domains
				lines = append(lines, dup)
				for _, skip := range []bool{false, true} {
					res, err := registry.Import(ctx, db, jsonl(t, lines...), importOpts(db, skip))
					if skip != (err == nil) || res.Rejected != 1499 || len(res.Errors) != 100 {
						t.Fatalf("skip=%v: err=%v rejected=%d errors=%d, want 1499 counted, 100 reported", skip, err, res.Rejected, len(res.Errors))
					}
				}
			})
			t.Run("LineOrder", func(t *testing.T) {
				db := testdb.Open(t, engine)
				if _, err := registry.Import(ctx, db, jsonl(t, person(t, 1)), importOpts(db, false)); err != nil {
					t.Fatal(err)
				}
				taken := person(t, 2)
				taken.Services[0].Domains = person(t, 1).Services[0].Domains
				bad := person(t, 4)
				bad.Principal.Mobile = "12345"
				res, err := registry.Import(ctx, db, jsonl(t, taken, "{not json", person(t, 3), bad), importOpts(db, true))
				if err != nil {
					t.Fatal(err)
				}
				var got []int
				for _, e := range res.Errors {
					got = append(got, e.Line)
				}
				if fmt.Sprint(got) != "[1 2 4]" || res.Entities != 1 {
					t.Fatalf("error lines %v (%v), entities %d; want [1 2 4] in line order, 1 entity", got, res.Errors, res.Entities)
				}
			})
			t.Run("DuplicateNamesItsLine", func(t *testing.T) {
				db := testdb.Open(t, engine)
				near := person(t, 3)
				near.Services[0].Domains = append(near.Services[0].Domains, person(t, 1).Services[0].Domains[0])
				lines := []any{person(t, 1), person(t, 2), near}
				for range 1200 {
					lines = append(lines, "")
				}
				far := person(t, 5)
				far.Services[0].Domains = person(t, 2).Services[0].Domains
				lines = append(lines, far)
				res, err := registry.Import(ctx, db, jsonl(t, lines...), importOpts(db, true))
				if err != nil {
					t.Fatal(err)
				}
				want := []string{
					"line 3: services[0].domains[1]: 域名 blog1-example.cn 与第 1 行重复",
					"line 1204: services[0].domains[0]: 域名 blog2-example.cn 与第 2 行重复",
				}
				if len(res.Errors) != len(want) || res.Entities != 2 {
					t.Fatalf("errors=%v entities=%d, want %q", res.Errors, res.Entities, want)
				}
				for i, w := range want {
					if got := res.Errors[i].String(); got != w {
						t.Errorf("error %d = %q, want %q", i, got, w)
					}
				}
			})
		})
	}
}
