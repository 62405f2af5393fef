package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"

	"github.com/beianhq/beian/store"
)

// runRestore runs "beian restore": it puts a backup in place of the store.
// On SQLite the file must check as a Beian store of a migration this build
// knows; the store it replaces must not be open (a server running on it
// would go on with a database swapped under it) and must hold no data
// unless --force says to discard it. The file is copied beside the store
// and renamed over it, so a crash leaves the old store or the new one.
// On PostgreSQL it runs pg_restore.
func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	c := DefaultConfig()
	fs, env := flagSet("restore", &c, stderr, getenv)
	storeFlags(fs, &c, env)
	in := fs.String("in", "", "the backup to restore (from beian backup)")
	force := fs.Bool("force", false, "replace a store that holds data")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("restore takes no arguments, got %q", fs.Args())}
	}
	if *in == "" {
		return usageError{"--in FILE is required: the backup to restore"}
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	if c.DatabaseURL != "" {
		return restorePostgres(ctx, c.DatabaseURL, *in, *force, stdout, stderr)
	}
	info, err := store.CheckSQLite(ctx, *in)
	if err != nil {
		return fmt.Errorf("%s is not a Beian store to restore: %w", *in, err)
	}
	target := c.DSN()
	if err := releaseTarget(ctx, target, *force); err != nil {
		return err
	}
	if err := store.ReplaceSQLite(*in, target); err != nil {
		return fmt.Errorf("restore into %s: %w", target, err)
	}
	fmt.Fprintf(stdout, "restored %s into %s: migration %s, %d rows of data\n", *in, target, info.Level, info.Rows)
	return nil
}

// releaseTarget checks that the store at target may be replaced: absent, or
// closed and empty (or force).
func releaseTarget(ctx context.Context, target string, force bool) error {
	if _, err := os.Stat(target); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := store.ReleaseSQLite(ctx, target); err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	if force {
		return nil
	}
	cur, err := store.CheckSQLite(ctx, target)
	if err != nil {
		return fmt.Errorf("the store at %s does not check (%v): add --force to replace it", target, err)
	}
	if cur.Rows > 0 {
		return fmt.Errorf("the store at %s holds %d rows of data: add --force to replace it", target, cur.Rows)
	}
	return nil
}

// restorePostgres runs pg_restore into the database, refusing to restore
// over a Beian store that holds data unless force.
func restorePostgres(ctx context.Context, dbURL, in string, force bool, stdout, stderr io.Writer) error {
	if _, err := os.Stat(in); err != nil {
		return err
	}
	rows, err := store.PostgresRows(ctx, dbURL)
	if err != nil {
		return err
	}
	if rows > 0 && !force {
		return fmt.Errorf("the database holds a Beian store with %d rows of data: add --force to replace it", rows)
	}
	// --clean drops what the dump recreates, so a schema that exists (empty,
	// or replaced with --force) takes the dump whole.
	return pgTool(ctx, "pg_restore", dbURL, in, true, stdout, stderr)
}
