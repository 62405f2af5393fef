// Command beian runs the Beian ICP filing system: the server (serve), the
// synthetic data generator (gen) and the bulk loader (import).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `beian — ICP filing (ICP备案) registry and agent

Usage:
  beian serve  [--addr HOST:PORT] [--data DIR] [--database-url URL] [--dev] [--demo]
  beian gen    --entities N [--seed S]
  beian import [--data DIR] [--database-url URL] [--skip-invalid] [--cache-mb N] FILE|-
  beian audit verify [--data DIR] [--database-url URL]
  beian user add --role ROLE --login LOGIN [--name N] [--provider P] [--provinces 浙江,广东] [--password-stdin]
  beian product add --owner LOGIN --provider NAME --ip IP --expires YYYY-MM-DD [--region TEXT] [--mainland=false]
  beian provider add|revoke --name NAME | beian provider list
  beian messages [--data DIR] [--database-url URL] [--to ADDRESS] [--state STATE] [--limit N]
  beian backup  [--data DIR | --database-url URL] --out FILE
  beian restore [--data DIR | --database-url URL] --in FILE [--force]
  beian health  [--addr HOST:PORT]

Run "beian COMMAND -h" for the flags of a command. Flags may also come from
BEIAN_* environment variables (see the README).
`

// usageError makes the process exit with status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

// exitError carries an exit status whose reason was already printed.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr, os.Getenv)
	stop()
	os.Exit(exitCode(err, os.Stderr))
}

func exitCode(err error, stderr io.Writer) int {
	var ue usageError
	var ee exitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &ee):
		return int(ee)
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "beian:", ue.msg)
		return 2
	}
	fmt.Fprintln(stderr, "beian:", err)
	return 1
}

// run dispatches a command line; tests call it directly.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return usageError{"no command given"}
	}
	switch args[0] {
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr, getenv, nil)
	case "gen":
		return runGen(args[1:], stdout, stderr, getenv)
	case "import":
		return runImport(ctx, args[1:], stdin, stdout, stderr, getenv)
	case "user":
		return runUser(ctx, args[1:], stdin, stdout, stderr, getenv)
	case "product":
		return runProduct(ctx, args[1:], stdout, stderr, getenv)
	case "provider":
		return runProvider(ctx, args[1:], stdout, stderr, getenv)
	case "audit":
		return runAudit(ctx, args[1:], stdout, stderr, getenv)
	case "messages":
		return runMessages(ctx, args[1:], stdout, stderr, getenv)
	case "backup":
		return runBackup(ctx, args[1:], stdout, stderr, getenv)
	case "restore":
		return runRestore(ctx, args[1:], stdout, stderr, getenv)
	case "health":
		return runHealth(ctx, args[1:], stdout, stderr, getenv)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return usageError{fmt.Sprintf("unknown command %q", args[0])}
}
