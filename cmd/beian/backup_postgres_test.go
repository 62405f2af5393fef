package main

import (
	"bytes"
	"context"
	"database/sql"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// TestPGArgs: the password leaves the URL (for PGPASSWORD) and search_path,
// which libpq refuses in a URL, becomes the schema to dump.
func TestPGArgs(t *testing.T) {
	for _, tc := range []struct {
		tool, url, password string
		want                []string
	}{
		{"pg_dump", "postgres://beian:s3cret@db:5432/beian?sslmode=require", "s3cret",
			[]string{"--format=custom", "--file=out.dump", "--dbname=postgres://beian@db:5432/beian?sslmode=require"}},
		{"pg_dump", "postgres://db/beian?password=s3cret&search_path=tenant%2Cpublic", "s3cret",
			[]string{"--format=custom", "--file=out.dump", "--schema=tenant", "--dbname=postgres://db/beian"}},
		{"pg_restore", "postgresql://db/beian", "",
			[]string{"--single-transaction", "--exit-on-error", "--no-owner", "--clean", "--if-exists", "--dbname=postgresql://db/beian", "out.dump"}},
	} {
		args, password, err := pgArgs(tc.tool, tc.url, "out.dump", true)
		if err != nil || password != tc.password || !slices.Equal(args, tc.want) {
			t.Errorf("%s %s:\n got %q %q %v\nwant %q %q", tc.tool, tc.url, args, password, err, tc.want, tc.password)
		}
	}
	if _, _, err := pgArgs("pg_dump", "mysql://db/beian", "x", false); err == nil {
		t.Error("a mysql:// URL was taken")
	}
}

// TestPostgresBackupRestore: beian backup runs pg_dump on the store's
// schema; beian restore refuses to overwrite data without --force and with
// it brings back the rows as they were.
func TestPostgresBackupRestore(t *testing.T) {
	if !slices.Contains(testdb.Engines(t), "postgres") {
		t.Logf("%s is not set: the round trip runs on PostgreSQL only", testdb.EnvURL)
		return
	}
	ctx := context.Background()
	dsn := testdb.Schema(t)
	var gen, stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"gen", "--entities", "200", "--seed", "5"}, nil, &gen, &stderr, env(nil)); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"import", "--database-url", dsn, "-"}, &gen, &stdout, &stderr, env(nil)); err != nil {
		t.Fatalf("import: %v %s", err, stderr.String())
	}
	rows := func() (int64, string) {
		t.Helper()
		n, err := store.PostgresRows(ctx, dsn)
		if err != nil {
			t.Fatal(err)
		}
		db, err := sql.Open("pgx", dsn)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var names, grams string
		if err := db.QueryRow(`SELECT string_agg(unit_name || '/' || (SELECT COUNT(*) FROM domains d JOIN services s ON s.id = d.service_id WHERE s.entity_id = e.id), '|' ORDER BY id) FROM entities e`).Scan(&names); err != nil {
			t.Fatal(err)
		}
		// The two-character name index, kept by triggers, follows the names
		// through the rename and the restore (neither doubled nor lost).
		if err := db.QueryRow(`SELECT md5(string_agg(gram || '/' || entity_id, '|' ORDER BY gram, entity_id)) FROM entity_name_grams`).Scan(&grams); err != nil {
			t.Fatal(err)
		}
		var want string
		if err := db.QueryRow(`SELECT md5(string_agg(g || '/' || id, '|' ORDER BY g, id)) FROM entities, unnest(beian_grams(unit_name)) AS g`).Scan(&want); err != nil {
			t.Fatal(err)
		}
		if grams != want {
			t.Fatalf("the gram rows do not match the names")
		}
		return n, names
	}
	wantN, wantNames := rows()
	out := filepath.Join(t.TempDir(), "beian.dump")
	if err := run(ctx, []string{"backup", "--database-url", dsn, "--out", out}, nil, &stdout, &stderr, env(nil)); err != nil {
		t.Fatalf("backup: %v %s", err, stderr.String())
	}
	db, err := store.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	db.InTx(ctx, func(tx *store.Tx) error { return tx.Exec(ctx, `DELETE FROM domains`) })
	db.InTx(ctx, func(tx *store.Tx) error {
		return tx.Exec(ctx, `UPDATE entities SET unit_name = '改过的名称' WHERE id % 2 = 0`)
	})
	db.Close()
	if _, names := rows(); names == wantNames {
		t.Fatal("the changes after the backup did not take")
	}

	err = run(ctx, []string{"restore", "--database-url", dsn, "--in", out}, nil, &stdout, &stderr, env(nil))
	if err == nil || !strings.Contains(err.Error(), "--force") {
		t.Fatalf("restore over data without --force: %v", err)
	}
	stderr.Reset()
	if err := run(ctx, []string{"restore", "--database-url", dsn, "--in", out, "--force"}, nil, &stdout, &stderr, env(nil)); err != nil {
		t.Fatalf("restore: %v %s", err, stderr.String())
	}
	if n, names := rows(); n != wantN || names != wantNames {
		t.Fatalf("after the round trip %d rows, want %d (names equal: %v)", n, wantN, names == wantNames)
	}
}

// FuzzPGArgs: any URL either is refused or gives arguments that carry no
// password.
func FuzzPGArgs(f *testing.F) {
	for _, s := range []string{"postgres://u:pw@h/db?search_path=a,b", "postgresql://h/db?password=pw", "mysql://h", "postgres://%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, tool := range []string{"pg_dump", "pg_restore"} {
			args, password, err := pgArgs(tool, s, "out.dump", true)
			if err != nil {
				continue
			}
			for _, a := range args {
				dbname, ok := strings.CutPrefix(a, "--dbname=")
				if !ok {
					continue
				}
				u, err := url.Parse(dbname)
				if err != nil {
					t.Fatalf("%s %q: --dbname %q does not parse: %v", tool, s, dbname, err)
				}
				if _, has := u.User.Password(); has || u.Query().Has("password") {
					t.Fatalf("%s %q: a password is on the command line: %q (%q taken out)", tool, s, args, password)
				}
			}
		}
	})
}
