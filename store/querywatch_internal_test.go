package store

import (
	"context"
	"database/sql"
	"os"
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

// TestWALIndex_Replaced: when the -shm file at the path is another file
// (SQLite deleted it when every connection closed and made a new one), the
// old one is let go: no answer from it, and the new one is read next.
func TestWALIndex_Replaced(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "beian.db-shm")
	hdr := make([]byte, 2*walHeaderSize)
	hdr[12], hdr[walHeaderSize+12] = 1, 1
	if err := os.WriteFile(path, hdr, 0o600); err != nil {
		t.Fatal(err)
	}
	var x walIndex
	x.open(path)
	defer x.close()
	if _, ok := x.header(); !ok {
		t.Fatal("no header from the first file")
	}
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	hdr[0], hdr[walHeaderSize] = 7, 7
	if err := os.WriteFile(path, hdr, 0o600); err != nil {
		t.Fatal(err)
	}
	if _, ok := x.header(); ok {
		t.Fatal("an answer from the deleted file")
	}
	if h, ok := x.header(); !ok || h[0] != 7 {
		t.Fatalf("the new file: %v %v", h[0], ok)
	}
}
