package store

import (
	"context"
	"path/filepath"
	"testing"
)

// TestImportCache: on SQLite an import's transaction runs with the page
// cache it asked for, and the writer has its own back once the import ends,
// committed or rolled back, so a server that imports does not keep the
// import's memory.
func TestImportCache(t *testing.T) {
	ctx := context.Background()
	db, err := Open(ctx, filepath.Join(t.TempDir(), "beian.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	writer := func() (n int64) {
		t.Helper()
		if err := db.write.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, end := range []string{"commit", "rollback"} {
		im, err := db.NewImporter(ctx, ImporterOptions{CacheBytes: 32 << 20})
		if err != nil {
			t.Fatal(err)
		}
		var during int64
		if err := im.tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&during); err != nil {
			t.Fatal(err)
		}
		if during != -32768 {
			t.Errorf("%s: cache_size %d during the import, want -32768 (32 MiB)", end, during)
		}
		if end == "commit" {
			err = im.Commit(ctx)
		} else {
			err = im.Rollback()
		}
		if err != nil {
			t.Fatal(err)
		}
		if got := writer(); got != writerCacheKiB {
			t.Errorf("after %s: cache_size %d, want the writer's own %d", end, got, writerCacheKiB)
		}
	}
	// Without CacheBytes the writer's cache is left alone.
	im, err := db.NewImporter(ctx, ImporterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var during int64
	if err := im.tx.QueryRowContext(ctx, `PRAGMA cache_size`).Scan(&during); err != nil {
		t.Fatal(err)
	}
	im.Rollback()
	if during != writerCacheKiB {
		t.Errorf("cache_size %d without CacheBytes, want %d", during, writerCacheKiB)
	}
}
