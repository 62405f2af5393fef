package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestQueryWatch_WALHeader: on SQLite, Generation reads the counter only
// when the WAL index says something was committed since it last did, and a
// commit through another connection (another process) is seen at once.
func TestQueryWatch_WALHeader(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	path := filepath.Join(t.TempDir(), "beian.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	other, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	w := db.WatchQueries(ctx, nil)

	gen := func() uint64 {
		t.Helper()
		g, ok := w.Generation(ctx)
		if !ok {
			t.Fatal("no generation")
		}
		return g
	}
	steps := []struct {
		name  string
		write string // through the other connection, before Generation
		moved bool   // the generation changes
		reads int64  // counter reads so far
	}{
		{"First", "", false, 1},
		{"Unchanged", "", false, 1},
		{"UnrelatedCommit", `UPDATE schema_migrations SET applied_at = applied_at + 1`, false, 2},
		{"UnchangedAgain", "", false, 2},
		{"RecordWrite", `INSERT INTO domains (domain, service_id, position) VALUES ('x.cn', 1, 0)`, true, 3},
		{"InsertElsewhere", `INSERT INTO licence_counters (prefix, year, next_seq) VALUES ('浙ICP备', 2026, 1)`, false, 4},
	}
	last := gen()
	w.shm.reads.Store(0)
	w.shm.last.Store(nil)
	for _, s := range steps {
		if s.write != "" {
			if _, err := other.ExecContext(ctx, s.write); err != nil {
				t.Fatal(err)
			}
		}
		g := gen()
		if moved := g != last; moved != s.moved {
			t.Errorf("%s: generation %d after %d, want moved=%v", s.name, g, last, s.moved)
		}
		if n := w.shm.reads.Load(); n != s.reads {
			t.Errorf("%s: %d counter reads, want %d", s.name, n, s.reads)
		}
		last = g
	}
}
