package registry_test

import (
	"context"
	"database/sql"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// openTwice opens one database through two store handles and a bare
// database/sql pool, as three processes would.
func openTwice(t *testing.T, engine string) (serving, other *store.DB, raw *sql.DB) {
	t.Helper()
	dsn, driver := filepath.Join(t.TempDir(), "beian.db"), "sqlite"
	if engine == "postgres" {
		dsn, driver = testdb.Schema(t), "pgx"
	}
	for _, db := range []**store.DB{&serving, &other} {
		var err error
		if *db, err = store.Open(context.Background(), dsn); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { (*db).Close() })
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return serving, other, raw
}

// settled returns the watch's generation once it differs from before
// (before = 0 on a fresh watch: once it can give one at all). A write
// that advanced nothing fails the test at the deadline.
func settled(t *testing.T, w *store.QueryWatch, before uint64) uint64 {
	t.Helper()
	deadline := time.NewTimer(10 * time.Second)
	defer deadline.Stop()
	for {
		changed := w.Changed()
		if g, ok := w.Generation(context.Background()); ok && (g != before || before == 0) {
			return g
		}
		select {
		case <-changed:
			if w.Polled() {
				t.Fatalf("query generation still %d", before)
			}
		case <-deadline.C:
			t.Fatalf("query generation still %d", before)
		}
	}
}

// TestQueryCache_WritesFromElsewhere: the serving handle caches answers;
// writes through another handle (an import) and bare SQL (an UPDATE, a
// DELETE) are seen by the next query once the database has told the watch
// (at once on SQLite; on PostgreSQL when the notification arrives).
func TestQueryCache_WritesFromElsewhere(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			serving, other, raw := openTwice(t, engine)
			if _, err := registry.Import(ctx, serving, jsonl(t, person(t, 1)), importOpts(serving, false)); err != nil {
				t.Fatal(err)
			}
			w := serving.WatchQueries(ctx, nil)
			gen := settled(t, w, 0)
			cache := registry.NewQueryCache(w)
			reg := &registry.Registry{DB: serving, Cache: cache}
			ask := func(kw string) beian.QueryResult {
				t.Helper()
				res, err := reg.Query(ctx, registry.QueryParams{Keyword: kw})
				if err != nil {
					t.Fatal(err)
				}
				return res
			}
			if res := ask("blog1-example.cn"); res.Total != 1 {
				t.Fatalf("before: %+v", res)
			}
			if res := ask("blog2-example.cn"); res.Total != 0 {
				t.Fatalf("before: %+v", res)
			}
			if n, _ := cache.Len(); n != 2 {
				t.Fatalf("cache holds %d answers, want 2", n)
			}

			if _, err := registry.Import(ctx, other, jsonl(t, person(t, 2)), importOpts(other, false)); err != nil {
				t.Fatal(err)
			}
			gen = settled(t, w, gen)
			if res := ask("blog2-example.cn"); res.Total != 1 {
				t.Fatalf("after an import elsewhere: %+v", res)
			}

			if _, err := raw.ExecContext(ctx, `UPDATE services SET service_name = '改名博客' WHERE service_name = '个人博客'`); err != nil {
				t.Fatal(err)
			}
			gen = settled(t, w, gen)
			if res := ask("blog1-example.cn"); res.Total != 1 || res.Rows[0].ServiceName != "改名博客" {
				t.Fatalf("after an UPDATE elsewhere: %+v", res)
			}

			if _, err := raw.ExecContext(ctx, `DELETE FROM domains WHERE domain = 'blog2-example.cn'`); err != nil {
				t.Fatal(err)
			}
			settled(t, w, gen)
			if res := ask("blog2-example.cn"); res.Total != 0 {
				t.Fatalf("after a DELETE elsewhere: %+v", res)
			}
		})
	}
}

// fixedGeneration is a watch whose generation moves only when the test
// says so.
type fixedGeneration struct {
	gen uint64
	ok  bool
}

func (f *fixedGeneration) Generation(context.Context) (uint64, bool) { return f.gen, f.ok }

// TestQueryCache_Generations: within a generation the cache answers
// without the store (a write it is not told of stays unseen, which is why
// the database must tell it), a new generation forgets everything, and
// with no generation to give nothing is cached.
func TestQueryCache_Generations(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "sqlite")
	if _, err := registry.Import(ctx, db, jsonl(t, person(t, 1)), importOpts(db, false)); err != nil {
		t.Fatal(err)
	}
	g := &fixedGeneration{gen: 7, ok: true}
	cache := registry.NewQueryCache(g)
	reg := &registry.Registry{DB: db, Cache: cache}
	total := func() int {
		res, err := reg.Query(ctx, registry.QueryParams{Keyword: "blog2-example.cn"})
		if err != nil {
			t.Fatal(err)
		}
		return res.Total
	}
	steps := []struct {
		name    string
		step    func()
		total   int
		entries int
	}{
		{"Miss", func() {}, 0, 1},
		{"UntoldWriteUnseen", func() {
			if _, err := registry.Import(ctx, db, jsonl(t, person(t, 2)), importOpts(db, false)); err != nil {
				t.Fatal(err)
			}
		}, 0, 1},
		{"NoGenerationNothingCached", func() { g.ok = false }, 1, 0},
		{"NewGenerationReads", func() { g.gen, g.ok = 8, true }, 1, 1},
		{"OlderGenerationNotStored", func() { g.gen = 6 }, 1, 1},
	}
	for _, s := range steps {
		s.step()
		if got := total(); got != s.total {
			t.Fatalf("%s: total %d, want %d", s.name, got, s.total)
		}
		if n, _ := cache.Len(); n != s.entries {
			t.Fatalf("%s: %d answers cached, want %d", s.name, n, s.entries)
		}
	}
}

// TestQueryCache_Bounds: neither the number of answers nor their bytes
// pass the bounds.
func TestQueryCache_Bounds(t *testing.T) {
	ctx := context.Background()
	db := testdb.Open(t, "sqlite")
	var lines []any
	for i := range 30 {
		lines = append(lines, person(t, i))
	}
	if _, err := registry.Import(ctx, db, jsonl(t, lines...), importOpts(db, false)); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		name              string
		entries, maxBytes int
	}{
		{"Entries", 5, 1 << 20},
		{"Bytes", 1000, 64 * 1500},
	} {
		t.Run(test.name, func(t *testing.T) {
			cache := &registry.QueryCache{Watch: &fixedGeneration{gen: 1, ok: true}, MaxEntries: test.entries, MaxBytes: test.maxBytes}
			reg := &registry.Registry{DB: db, Cache: cache}
			for i := range 30 {
				kw := strings.Replace("blogN-example.cn", "N", string(rune('a'+i%26))+string(rune('0'+i/26)), 1)
				if _, err := reg.QueryEncoded(ctx, registry.QueryParams{Keyword: kw}, func(beian.QueryResult) ([]byte, error) {
					return make([]byte, 500), nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			n, b := cache.Len()
			if n == 0 || n > test.entries || b > test.maxBytes {
				t.Fatalf("%d answers, %d bytes; bounds %d, %d", n, b, test.entries, test.maxBytes)
			}
		})
	}
}
