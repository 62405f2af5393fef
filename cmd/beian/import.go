package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// defaultImportCacheMiB is the import's page cache on SQLite: the indexes
// of random keys (certificates, domains) of 5,000,000 entities, about 1 GB,
// fit, so each inserted row costs no page read (docs/BENCHMARKS.md).
const defaultImportCacheMiB = 1024

// runImport loads a JSONL file of import records (registry.Record).
func runImport(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer, getenv func(string) string) error {
	c := DefaultConfig()
	fs, env := flagSet("import", &c, stderr, getenv)
	storeFlags(fs, &c, env)
	fs.BoolVar(&c.SkipInvalid, "skip-invalid", false, "write the valid lines even if some are invalid")
	fs.IntVar(&c.ImportCacheMiB, "cache-mb", defaultImportCacheMiB, "SQLite: page cache in MiB while importing (the indexes of a large import should fit)")
	if err := parseFlags(fs, env, args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"import takes one FILE argument (- for standard input)"}
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	if c.ImportCacheMiB < 0 {
		return usageError{"--cache-mb must not be negative"}
	}

	in := stdin
	if name := fs.Arg(0); name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return err
		}
		defer f.Close()
		in = f
	}

	db, err := store.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()

	res, err := registry.Import(ctx, db, in, registry.ImportOptions{SkipInvalid: c.SkipInvalid, CacheBytes: int64(c.ImportCacheMiB) << 20})
	for _, le := range res.Errors {
		fmt.Fprintln(stderr, le.String())
	}
	if res.Rejected > len(res.Errors) {
		fmt.Fprintf(stderr, "… and %d more invalid lines\n", res.Rejected-len(res.Errors))
	}
	if errors.Is(err, registry.ErrImportInvalid) {
		fmt.Fprintln(stderr, "nothing imported: fix the lines above, or use --skip-invalid")
		return exitError(1)
	} else if err != nil {
		return err
	}
	if c.SkipInvalid {
		fmt.Fprintf(stdout, "imported %d entities, %d services, rejected %d lines\n", res.Entities, res.Services, res.Rejected)
	} else {
		fmt.Fprintf(stdout, "imported %d entities, %d services\n", res.Entities, res.Services)
	}
	return nil
}
