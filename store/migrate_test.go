package store_test

import (
	"database/sql"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// TestMigrate_KeepsCounters: a store made before lock-outs and rate limits
// had tables of their own keeps its failure counts (password_failures
// became lockouts), its recent counted requests (the audit log no longer
// counts) and its audit chain across the upgrade.
func TestMigrate_KeepsCounters(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			dsn, driver := filepath.Join(t.TempDir(), "beian.db"), "sqlite"
			if engine == "postgres" {
				dsn, driver = testdb.Schema(t), "pgx"
			}
			raw, err := sql.Open(driver, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer raw.Close()
			// The schema as it was: every migration before 0010, by hand.
			names, _ := filepath.Glob(filepath.Join("migrations", engine, "*.sql"))
			sort.Strings(names)
			exec := func(q string, args ...any) {
				t.Helper()
				if _, err := raw.Exec(q, args...); err != nil {
					t.Fatalf("%.60s: %v", q, err)
				}
			}
			exec(`CREATE TABLE schema_migrations (name TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)`)
			for _, name := range names {
				if filepath.Base(name) >= "0010" {
					break
				}
				body, err := os.ReadFile(name)
				if err != nil {
					t.Fatal(err)
				}
				exec(string(body))
				exec(rebind(engine, `INSERT INTO schema_migrations (name, applied_at) VALUES (?, 0)`), filepath.ToSlash(name))
			}
			at := time.Now().Add(-time.Hour).Unix()
			exec(rebind(engine, `INSERT INTO password_failures (licence, failures, locked_until, updated_at) VALUES (?, 7, ?, ?)`), "login:admin", at+7200, at)
			exec(rebind(engine, `INSERT INTO audit_log (at, actor, action, object, client, outcome, prev_hash, hash) VALUES (?, 'public', 'password.recover', ?, '198.51.100.1', 'matched', '', 'h1')`), at, "浙ICP备2021012345号")

			db, err := store.Open(ctx, dsn)
			if err != nil {
				t.Fatalf("upgrade: %v", err)
			}
			defer db.Close()
			if n, until, err := db.Lockout(ctx, "login:admin"); err != nil || n != 7 || until.Unix() != at+7200 {
				t.Fatalf("lock-out after the upgrade: %d %v %v", n, until, err)
			}
			since := time.Now().Add(-24 * time.Hour)
			for bucket, subject := range map[string]string{"recover.client": "198.51.100.1", "recover.entity": "浙ICP备2021012345号"} {
				if ev, err := db.RateEvents(ctx, bucket, subject, since); err != nil || len(ev) != 1 {
					t.Errorf("%s after the upgrade: %v %v", bucket, ev, err)
				}
			}
			// The old chain goes on as chain 0, from its newest hash.
			var head string
			if err := raw.QueryRow(`SELECT hash FROM audit_head WHERE chain = 0`).Scan(&head); err != nil || head != "h1" {
				t.Fatalf("head of chain 0: %q %v", head, err)
			}
		})
	}
}

func rebind(engine, q string) string {
	if engine != "postgres" {
		return q
	}
	out, n := []byte{}, 0
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = append(out, '$')
			out = append(out, []byte(itoa(int64(n)))...)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}
