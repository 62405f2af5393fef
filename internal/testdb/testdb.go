// Package testdb opens fresh stores for tests: SQLite in a temporary
// directory always, and PostgreSQL in a schema of its own when
// BEIAN_TEST_DATABASE_URL is set. Under CI=true an unset or unreachable
// PostgreSQL fails the test instead of skipping it.
package testdb

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/beianhq/beian/store"
	_ "github.com/jackc/pgx/v5/stdlib"
)

// EnvURL names the PostgreSQL server tests use.
const EnvURL = "BEIAN_TEST_DATABASE_URL"

// Engines returns the engines to run a store suite on.
func Engines(t testing.TB) []string {
	engines := []string{"sqlite"}
	if os.Getenv(EnvURL) != "" {
		engines = append(engines, "postgres")
	} else if os.Getenv("CI") != "" {
		t.Fatalf("%s is not set: the PostgreSQL suite must run in CI", EnvURL)
	}
	return engines
}

// Now is the fixed clock of test stores: 2026-11-27 10:00 in Shanghai.
var Now = time.Date(2026, 11, 27, 2, 0, 0, 0, time.UTC)

// Open returns a migrated, empty store on engine, closed (and dropped) when
// the test ends. Its clock is fixed at Now.
func Open(t testing.TB, engine string) *store.DB {
	t.Helper()
	var dsn string
	switch engine {
	case "sqlite":
		dsn = filepath.Join(t.TempDir(), "beian.db")
	case "postgres":
		dsn = Schema(t)
	default:
		t.Fatalf("unknown engine %q", engine)
	}
	db, err := store.Open(context.Background(), dsn)
	if err != nil {
		t.Fatalf("open %s: %v", engine, err)
	}
	db.Now = func() time.Time { return Now }
	t.Cleanup(func() { db.Close() })
	return db
}

// Schema creates a PostgreSQL schema for one test and returns a URL whose
// search_path points into it; the schema is dropped when the test ends.
func Schema(t testing.TB) string {
	t.Helper()
	base := os.Getenv(EnvURL)
	if base == "" {
		t.Fatalf("%s is not set", EnvURL)
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	t.Cleanup(func() { admin.Close() })
	ctx := context.Background()
	// The extension lives in public for every test schema; a parallel
	// package may create it at the same moment, so check rather than fail.
	if _, err := admin.ExecContext(ctx, `CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`); err != nil {
		var n int
		if qerr := admin.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_extension WHERE extname = 'pg_trgm'`).Scan(&n); qerr != nil || n == 0 {
			t.Fatalf("postgres at %s: %v", EnvURL, err)
		}
	}
	b := make([]byte, 6)
	rand.Read(b)
	schema := "beian_test_" + hex.EncodeToString(b)
	if _, err := admin.ExecContext(ctx, `CREATE SCHEMA `+schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		if _, err := admin.ExecContext(context.Background(), `DROP SCHEMA `+schema+` CASCADE`); err != nil {
			t.Errorf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvURL, err)
	}
	q := u.Query()
	q.Set("search_path", schema+",public")
	u.RawQuery = q.Encode()
	return u.String()
}
