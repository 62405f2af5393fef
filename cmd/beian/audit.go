package main

import (
	"context"
	"fmt"
	"io"

	"github.com/beianhq/beian/store"
)

// runAudit runs "beian audit verify": it checks the hash chain of the audit
// log and reports the first broken link (exit status 1).
func runAudit(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "verify" {
		return usageError{"usage: beian audit verify [--data DIR] [--database-url URL]"}
	}
	c := DefaultConfig()
	fs, env := flagSet("audit verify", &c, stderr, getenv)
	storeFlags(fs, &c, env)
	if err := parseFlags(fs, env, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("audit verify takes no arguments, got %q", fs.Args())}
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	db, err := store.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	brk, n, err := db.VerifyAudit(ctx)
	if err != nil {
		return err
	}
	if brk != nil {
		fmt.Fprintf(stderr, "audit log broken at record %d: %s (%d records read)\n", brk.ID, brk.Reason, n)
		return exitError(1)
	}
	fmt.Fprintf(stdout, "audit log intact: %d records\n", n)
	return nil
}
