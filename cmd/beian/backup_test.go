package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// TestBackupUnderConcurrentWrites: a backup taken while a writer commits
// transactions of several rows each opens, passes SQLite's integrity check
// and the audit chain check, holds every transaction committed before it
// began and no part of any transaction.
func TestBackupUnderConcurrentWrites(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	db, err := store.Open(ctx, filepath.Join(data, "beian.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	const perTx = 5
	committed, stop, done, warm := startWriter(ctx, db, perTx)
	select {
	case <-warm:
	case err := <-done:
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "copy.db")
	before := committed.Load()
	var stdout, stderr bytes.Buffer
	err = run(ctx, []string{"backup", "--data", data, "--out", out}, nil, &stdout, &stderr, env(nil))
	after := committed.Load()
	close(stop)
	if werr := <-done; werr != nil {
		t.Fatal(werr)
	}
	if err != nil {
		t.Fatalf("backup: %v %s", err, stderr.String())
	}
	t.Logf("%d transactions before the backup, %d when it returned; %s", before, after, stdout.String())

	if _, err := store.CheckSQLite(ctx, out); err != nil {
		t.Fatalf("the copy does not check: %v", err)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("the copy's mode: %v %v, want 0600", fi.Mode(), err)
	}
	copyDir := filepath.Dir(out)
	os.Rename(out, filepath.Join(copyDir, "beian.db"))
	stdout.Reset()
	if err := run(ctx, []string{"audit", "verify", "--data", copyDir}, nil, &stdout, &stderr, env(nil)); err != nil {
		t.Fatalf("audit verify on the copy: %v %s", err, stderr.String())
	}
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(copyDir, "beian.db")+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var txs, minRows, maxRows, maxK, audits int64
	if err := raw.QueryRow(`SELECT COUNT(*), MIN(n), MAX(n), MAX(CAST(subject AS INTEGER)) FROM
		(SELECT subject, COUNT(*) AS n FROM rate_events WHERE bucket = 'backup' GROUP BY subject)`).Scan(&txs, &minRows, &maxRows, &maxK); err != nil {
		t.Fatal(err)
	}
	raw.QueryRow(`SELECT COUNT(*) FROM audit_log WHERE action = 'backup.test'`).Scan(&audits)
	if minRows != perTx || maxRows != perTx {
		t.Errorf("a transaction is torn in the copy: %d to %d rows each, want %d", minRows, maxRows, perTx)
	}
	if txs != maxK || audits != txs {
		t.Errorf("the copy holds %d transactions (%d audit records) up to number %d: a gap", txs, audits, maxK)
	}
	if txs < before || txs > after {
		t.Errorf("the copy holds %d transactions; %d were committed before it began and %d when it ended", txs, before, after)
	}
	if !strings.Contains(stdout.String(), fmt.Sprintf("intact: %d records", audits)) {
		t.Errorf("audit verify on the copy said %q", stdout.String())
	}
}

// startWriter commits transactions 1, 2, … of perTx rate events and one
// audit record each until stop is closed (then done receives nil) or one
// fails (done receives its error); committed is the last one committed and
// warm closes after the 200th.
func startWriter(ctx context.Context, db *store.DB, perTx int) (committed *atomic.Int64, stop chan struct{}, done chan error, warm chan struct{}) {
	write := func(k int64) error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			for range perTx {
				if err := tx.AddRateEvent(ctx, "backup", fmt.Sprint(k), 1000*time.Hour); err != nil {
					return err
				}
			}
			return tx.Audit(ctx, beian.AuditRecord{Actor: "test", Action: "backup.test", Object: fmt.Sprint(k), Outcome: "ok"})
		})
	}
	committed = new(atomic.Int64)
	stop, done, warm = make(chan struct{}), make(chan error, 1), make(chan struct{})
	go func() {
		for k := int64(1); ; k++ {
			select {
			case <-stop:
				done <- nil
				return
			default:
			}
			if err := write(k); err != nil {
				done <- err
				return
			}
			committed.Store(k)
			if k == 200 { // a store with something in it
				close(warm)
			}
		}
	}()
	return committed, stop, done, warm
}

// serveOn runs "beian serve" on data until the returned stop is called.
func serveOn(t *testing.T, data string) (base string, stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	addrc, done := make(chan string, 1), make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--addr", "127.0.0.1:0", "--data", data}, io.Discard, &stderr, env(nil), func(a string) { addrc <- a })
	}()
	select {
	case addr := <-addrc:
		stopped := false
		stop = func() {
			if stopped {
				return
			}
			stopped = true
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v\n%s", err, stderr.String())
			}
		}
		t.Cleanup(stop)
		return "http://" + addr, stop
	case err := <-done:
		cancel()
		t.Fatalf("serve exited: %v\n%s", err, stderr.String())
	}
	return "", nil
}

func queryBody(t *testing.T, base string) string {
	t.Helper()
	resp, err := http.Get(base + "/api/v1/query?keyword=%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8&pageSize=100")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"total"`) || strings.Contains(string(b), `"total":0`) {
		t.Fatalf("query: %d %s", resp.StatusCode, b)
	}
	return string(b)
}

// TestRestore: a backup taken while the server runs restores into a new
// data directory, not over a store in use nor one with data (unless
// --force), only from a Beian store this build knows, and a server on the
// restored store answers a query with the same rows.
func TestRestore(t *testing.T) {
	ctx := context.Background()
	live, tmp := t.TempDir(), t.TempDir()
	var gen, stdout, stderr bytes.Buffer
	if err := run(ctx, []string{"gen", "--entities", "300", "--seed", "3"}, nil, &gen, &stderr, env(nil)); err != nil {
		t.Fatal(err)
	}
	if err := run(ctx, []string{"import", "--data", live, "-"}, &gen, &stdout, &stderr, env(nil)); err != nil {
		t.Fatalf("import: %v %s", err, stderr.String())
	}
	base, _ := serveOn(t, live)
	want := queryBody(t, base)
	backup := filepath.Join(tmp, "beian-backup.db")
	if err := run(ctx, []string{"backup", "--data", live, "--out", backup}, nil, &stdout, &stderr, env(nil)); err != nil {
		t.Fatalf("backup: %v %s", err, stderr.String())
	}

	junk := filepath.Join(tmp, "junk.db")
	os.WriteFile(junk, []byte("not a database at all, just some bytes that are long enough to look like one"), 0o600)
	future := filepath.Join(tmp, "future.db")
	copyFile(t, backup, future)
	fdb, _ := sql.Open("sqlite", "file:"+future)
	if _, err := fdb.Exec(`INSERT INTO schema_migrations (name, applied_at) VALUES ('migrations/sqlite/9999_future.sql', 0)`); err != nil {
		t.Fatal(err)
	}
	fdb.Close()
	restored := t.TempDir()
	for _, tc := range []struct {
		name string
		args []string
		want string // in the error; "" for success
	}{
		{"no file", []string{"--data", restored}, "--in FILE is required"},
		{"over the running store", []string{"--in", backup, "--data", live, "--force"}, "open in another process"},
		{"not a store", []string{"--in", junk, "--data", restored}, "not a Beian store"},
		{"from a newer Beian", []string{"--in", future, "--data", restored}, "9999_future.sql is unknown"},
		{"into a new directory", []string{"--in", backup, "--data", restored}, ""},
		{"over data", []string{"--in", backup, "--data", restored}, "add --force"},
		{"over data, forced", []string{"--in", backup, "--data", restored, "--force"}, ""},
	} {
		stderr.Reset()
		err := run(ctx, append([]string{"restore"}, tc.args...), nil, &stdout, &stderr, env(nil))
		if tc.want == "" && err != nil {
			t.Fatalf("%s: %v %s", tc.name, err, stderr.String())
		}
		if tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)) {
			t.Fatalf("%s: %v, want an error saying %q", tc.name, err, tc.want)
		}
	}
	if got := queryBody(t, base); got != want {
		t.Fatal("the live store changed under a refused restore")
	}
	base2, _ := serveOn(t, restored)
	if got := queryBody(t, base2); got != want {
		t.Fatalf("the restored store answers\n%s\nwant\n%s", got, want)
	}
}

func copyFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dst, b, 0o600); err != nil {
		t.Fatal(err)
	}
}
