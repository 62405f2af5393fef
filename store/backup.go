package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// BackupSQLite writes a consistent copy of the SQLite store src to dst,
// which must not exist, while servers keep using src: VACUUM INTO reads one
// snapshot (WAL lets writers go on meanwhile), so the copy holds exactly
// the transactions committed when it began. The copy is written beside dst
// and renamed into place, so dst is either absent or whole.
func BackupSQLite(ctx context.Context, src, dst string) error {
	if _, err := os.Stat(src); err != nil {
		return fmt.Errorf("no store at %s: %w", src, err)
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s exists: choose a new file for the backup", dst)
	}
	db, err := sql.Open("sqlite", "file:"+src+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := sqliteLevel(ctx, db); err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".partial")
	os.Remove(tmp) // left by an interrupted backup
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, tmp); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("copy %s: %w", src, err)
	}
	// It holds password hashes and personal data: the owner's alone.
	if err := os.Chmod(tmp, 0o600); err != nil {
		os.Remove(tmp)
		return err
	}
	return commitFile(tmp, dst)
}

// SQLiteInfo is what CheckSQLite found in a file.
type SQLiteInfo struct {
	Level string // the newest migration applied, e.g. "0021_entity_in_flight.sql"
	Rows  int64  // rows in the tables that hold the registry's data
}

// dataTables are the tables whose rows make a store "not empty".
var dataTables = []string{"entities", "accounts", "applications", "messages", "audit_log"}

// CheckSQLite reads path without changing it and checks that it is a whole
// Beian store: SQLite's integrity check passes and every migration it
// records is one this build knows (so it is not from a newer Beian).
func CheckSQLite(ctx context.Context, path string) (*SQLiteInfo, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(10000)")
	if err != nil {
		return nil, err
	}
	defer db.Close()
	var check string
	if err := db.QueryRowContext(ctx, `PRAGMA integrity_check(1)`).Scan(&check); err != nil {
		return nil, fmt.Errorf("not a SQLite database: %w", err)
	}
	if check != "ok" {
		return nil, fmt.Errorf("integrity check failed: %s", check)
	}
	info := &SQLiteInfo{}
	if info.Level, err = sqliteLevel(ctx, db); err != nil {
		return nil, err
	}
	for _, t := range dataTables {
		var n int64
		// The table may come with a later migration than the file has.
		if err := db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err == nil {
			info.Rows += n
		}
	}
	return info, nil
}

// sqliteLevel returns the newest migration db records, checking that each
// one it records is a migration of this build.
func sqliteLevel(ctx context.Context, db *sql.DB) (string, error) {
	known, err := fs.Glob(migrationFS, "migrations/sqlite/*.sql")
	if err != nil {
		return "", err
	}
	rows, err := db.QueryContext(ctx, `SELECT name FROM schema_migrations ORDER BY name`)
	if err != nil {
		return "", fmt.Errorf("not a Beian store (no migrations recorded): %w", err)
	}
	defer rows.Close()
	var level string
	for rows.Next() {
		if err := rows.Scan(&level); err != nil {
			return "", err
		}
		if !slices.Contains(known, level) {
			return "", fmt.Errorf("migration %s is unknown to this build: the store is from a newer Beian or not Beian's", path.Base(level))
		}
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if level == "" {
		return "", errors.New("not a Beian store: no migration recorded")
	}
	return path.Base(level), nil
}

// ErrInUse is the error of ReleaseSQLite when a process has the store open.
var ErrInUse = errors.New("the store is open in another process: stop the server first")

// ReleaseSQLite makes sure no connection has the SQLite store at path open
// and leaves it in one file: leaving WAL mode needs every other connection
// closed, and it checkpoints the write-ahead log into the database, so the
// file can then be replaced without a stale log beside it. A server opening
// the store again goes back to WAL.
func ReleaseSQLite(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=busy_timeout(0)")
	if err != nil {
		return err
	}
	defer db.Close()
	var mode string
	if err := db.QueryRowContext(ctx, `PRAGMA journal_mode = DELETE`).Scan(&mode); err != nil {
		if strings.Contains(err.Error(), "locked") || strings.Contains(err.Error(), "busy") {
			return ErrInUse
		}
		return err
	}
	if mode != "delete" {
		return ErrInUse
	}
	return nil
}

// ReplaceSQLite copies the checked store src over dst atomically: into a
// file beside dst first, synced, then renamed. Call ReleaseSQLite on dst
// first when it exists.
func ReplaceSQLite(src, dst string) error {
	if err := os.MkdirAll(filepath.Dir(dst), 0o750); err != nil {
		return err
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	tmp := filepath.Join(filepath.Dir(dst), "."+filepath.Base(dst)+".restore")
	out, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := out.ReadFrom(in); err != nil {
		out.Close()
		os.Remove(tmp)
		return err
	}
	if err := out.Close(); err != nil {
		os.Remove(tmp)
		return err
	}
	// A log or shared-memory file beside dst belongs to the old database.
	for _, suffix := range []string{"-wal", "-shm", "-journal"} {
		if err := os.Remove(dst + suffix); err != nil && !errors.Is(err, fs.ErrNotExist) {
			os.Remove(tmp)
			return err
		}
	}
	return commitFile(tmp, dst)
}

// commitFile syncs tmp, renames it to dst and syncs the directory, so after
// a crash dst is the old file or the whole new one.
func commitFile(tmp, dst string) error {
	f, err := os.OpenFile(tmp, os.O_RDWR, 0)
	if err == nil {
		err = f.Sync()
		f.Close()
	}
	if err == nil {
		err = os.Rename(tmp, dst)
	}
	if err != nil {
		os.Remove(tmp)
		return err
	}
	if d, err := os.Open(filepath.Dir(dst)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}
