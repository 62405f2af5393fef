package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strings"

	"github.com/beianhq/beian/store"
)

// runBackup runs "beian backup": on SQLite an online copy through VACUUM
// INTO, safe while the server runs; on PostgreSQL pg_dump in its custom
// format. pg_dump is the tool that takes a consistent snapshot of a
// PostgreSQL database and the one its operators know; Beian runs it when it
// is on PATH, so one command backs up either engine (from a timer, say),
// and otherwise prints the exact command and fails, so no script takes the
// lack of a backup for one.
func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	c := DefaultConfig()
	fs, env := flagSet("backup", &c, stderr, getenv)
	storeFlags(fs, &c, env)
	out := fs.String("out", "", "file to write the backup to; it must not exist")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("backup takes no arguments, got %q", fs.Args())}
	}
	if *out == "" {
		return usageError{"--out FILE is required: where to write the backup"}
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	if c.DatabaseURL != "" {
		return pgTool(ctx, "pg_dump", c.DatabaseURL, *out, false, stdout, stderr)
	}
	if err := store.BackupSQLite(ctx, c.DSN(), *out); err != nil {
		return err
	}
	info, err := store.CheckSQLite(ctx, *out)
	if err != nil {
		return fmt.Errorf("the backup %s does not check: %w", *out, err)
	}
	fmt.Fprintf(stdout, "backup written to %s: migration %s, %d rows of data\n", *out, info.Level, info.Rows)
	return nil
}

// pgTool runs pg_dump (into file) or pg_restore (from file) on the database
// of dbURL, or prints the command when the tool is not on PATH.
func pgTool(ctx context.Context, tool, dbURL, file string, clean bool, stdout, stderr io.Writer) error {
	args, password, err := pgArgs(tool, dbURL, file, clean)
	if err != nil {
		return usageError{err.Error()}
	}
	path, err := exec.LookPath(tool)
	if err != nil {
		shown := tool + " " + strings.Join(args, " ")
		if password != "" {
			shown = "PGPASSWORD=… " + shown
		}
		fmt.Fprintf(stderr, "%s is not on PATH; install the PostgreSQL client tools of the server's version and run:\n  %s\n", tool, shown)
		return exitError(1)
	}
	cmd := exec.CommandContext(ctx, path, args...)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	// The password goes in the environment, not on a command line that
	// every user of the machine can read.
	cmd.Env = os.Environ()
	if password != "" {
		cmd.Env = append(cmd.Env, "PGPASSWORD="+password)
	}
	if err := cmd.Run(); err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			return fmt.Errorf("%s failed (%v)", tool, err)
		}
		return err
	}
	if tool == "pg_dump" {
		fmt.Fprintf(stdout, "backup written to %s (pg_dump custom format; restore with beian restore or pg_restore)\n", file)
	} else {
		fmt.Fprintf(stdout, "restored %s into the database\n", file)
	}
	return nil
}

// pgArgs turns Beian's database URL into pg_dump or pg_restore arguments:
// the password comes out (it is returned, for PGPASSWORD), and search_path,
// which libpq does not take in a URL, becomes the schema to dump (its first
// element is where Beian's tables are).
func pgArgs(tool, dbURL, file string, clean bool) (args []string, password string, err error) {
	u, err := url.Parse(dbURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, "", errors.New("--database-url must be a postgres:// URL")
	}
	if p, ok := u.User.Password(); ok {
		password = p
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if p := q.Get("password"); p != "" {
		password = p
		q.Del("password")
	}
	schema, _, _ := strings.Cut(q.Get("search_path"), ",")
	q.Del("search_path")
	u.RawQuery = q.Encode()
	switch tool {
	case "pg_dump":
		args = []string{"--format=custom", "--file=" + file}
		if schema != "" {
			args = append(args, "--schema="+strings.TrimSpace(schema))
		}
	case "pg_restore":
		args = []string{"--single-transaction", "--exit-on-error", "--no-owner"}
		if clean {
			args = append(args, "--clean", "--if-exists")
		}
	}
	args = append(args, "--dbname="+u.String())
	if tool == "pg_restore" {
		args = append(args, file)
	}
	return args, password, nil
}
