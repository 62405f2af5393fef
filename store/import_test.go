package store_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

func TestImporter(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		mustCreate(t, db, newEntity(1, "330000", "old.com"))

		im, err := db.NewImporter(ctx, store.ImporterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		rej, err := im.Add(ctx, []store.ImportItem{
			{Line: 1, Entity: newEntity(2, "330000", "a.com")},
			{Line: 2, Entity: newEntity(3, "330000", "old.com")}, // taken in the store
			{Line: 3, Entity: newEntity(4, "330000", "a.com")},   // taken by line 1
			{Line: 4, Entity: newEntity(2, "330000", "b.com")},   // certificate of line 1
		})
		if err != nil {
			t.Fatal(err)
		}
		rej2, err := im.Add(ctx, []store.ImportItem{
			{Line: 5, Entity: newEntity(5, "330000", "a.com")}, // taken by an earlier batch
			{Line: 6, Entity: newEntity(6, "330000", "c.com")},
		})
		if err != nil {
			t.Fatal(err)
		}
		rej = append(rej, rej2...)
		wantFields := map[int]string{2: "services[0].domains[0]", 3: "services[0].domains[0]", 4: "certNo", 5: "services[0].domains[0]"}
		if len(rej) != len(wantFields) {
			t.Fatalf("rejections=%+v, want lines 2–5", rej)
		}
		for _, r := range rej {
			if r.Err.Code != beian.ECONFLICT || r.Err.Field != wantFields[r.Line] {
				t.Errorf("line %d: %v (field %q), want conflict on %q", r.Line, r.Err, r.Err.Field, wantFields[r.Line])
			}
		}
		if err := im.Commit(ctx); err != nil {
			t.Fatal(err)
		}
		if n, s, _ := db.Counts(ctx); n != 3 || s != 3 {
			t.Fatalf("counts=%d,%d, want 3,3", n, s)
		}
		// Imported names are searchable.
		if res := query(t, db, beian.Query{Kind: beian.QueryName, Name: "测试0006"}); res.Total != 1 {
			t.Fatalf("imported name not found: total %d", res.Total)
		}
	})
}

func TestImporter_RollbackWritesNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		im, err := db.NewImporter(ctx, store.ImporterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := im.Add(ctx, []store.ImportItem{{Line: 1, Entity: newEntity(1, "330000", "a.com")}}); err != nil {
			t.Fatal(err)
		}
		if err := im.Rollback(); err != nil {
			t.Fatal(err)
		}
		if n, s, _ := db.Counts(ctx); n != 0 || s != 0 {
			t.Fatalf("counts=%d,%d after rollback, want 0,0", n, s)
		}
		// Nor did it use a number.
		e := mustCreate(t, db, newEntity(2, "330000", "b.com"))
		if e.MainLicence != "浙ICP备2021000001号" {
			t.Fatalf("MainLicence=%q after a rolled-back import", e.MainLicence)
		}
	})
}

// TestImporter_ConflictAtCommit: on PostgreSQL the staged rows meet the
// store's unique indexes only at Commit, so a writer that takes a staged
// domain and certificate in between makes Commit write nothing and name
// the lines that lost, as the check would have. (SQLite's import holds the
// write lock throughout: nobody can write in between.)
func TestImporter_ConflictAtCommit(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		if engine != "postgres" {
			continue // nobody can write in between on SQLite
		}
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			im, err := db.NewImporter(ctx, store.ImporterOptions{})
			if err != nil {
				t.Fatal(err)
			}
			items := []store.ImportItem{
				{Line: 3, Entity: newEntity(1, "330000", "a.com")},
				{Line: 5, Entity: newEntity(2, "330000", "b.com", "taken.com")},
				{Line: 8, Entity: newEntity(3, "330000", "c.com")},
			}
			if rej, err := im.Add(ctx, items); err != nil || len(rej) != 0 {
				t.Fatalf("Add: %v, %v", rej, err)
			}
			other := newEntity(9, "110000", "taken.com")
			mustCreate(t, db, other)
			mustCreate(t, db, newEntity(3, "110000", "d.com")) // line 8's certificate

			err = im.Commit(ctx)
			var ic *store.ImportConflicts
			if !errors.As(err, &ic) {
				t.Fatalf("Commit: %v, want ImportConflicts", err)
			}
			want := []struct {
				line  int
				field string
			}{{5, "services[1].domains[0]"}, {8, "certNo"}}
			if len(ic.Rejections) != len(want) {
				t.Fatalf("rejections=%+v, want lines 5 and 8", ic.Rejections)
			}
			for i, w := range want {
				r := ic.Rejections[i]
				if r.Line != w.line || r.Err.Field != w.field || r.Err.Code != beian.ECONFLICT {
					t.Errorf("rejection %d: line %d %v (field %q), want line %d on %q", i, r.Line, r.Err, r.Err.Field, w.line, w.field)
				}
			}
			if !strings.Contains(ic.Rejections[0].Err.Message, other.MainLicence) {
				t.Errorf("message %q does not name the holder %s", ic.Rejections[0].Err.Message, other.MainLicence)
			}
			if n, s, _ := db.Counts(ctx); n != 2 || s != 2 {
				t.Fatalf("counts=%d,%d, want only the two other writes", n, s)
			}
			// Nothing of the import remains, nor its numbers: the next
			// allocation in 浙 is the first.
			if e := mustCreate(t, db, newEntity(4, "330000", "e.com")); e.MainLicence != "浙ICP备2021000001号" {
				t.Fatalf("MainLicence=%q after a refused import", e.MainLicence)
			}
		})
	}
}
