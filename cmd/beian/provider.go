package main

import (
	"context"
	"fmt"
	"io"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

const providerUsage = "usage: beian provider add|revoke --name NAME | beian provider list  [--data DIR | --database-url URL]"

// runProvider runs "beian provider add|revoke|list": the API keys with
// which a provider's own agent submits to this registry. add prints the key
// once; the store keeps only its SHA-256.
func runProvider(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || (args[0] != "add" && args[0] != "revoke" && args[0] != "list") {
		return usageError{providerUsage}
	}
	c := DefaultConfig()
	fs, env := flagSet("provider "+args[0], &c, stderr, getenv)
	storeFlags(fs, &c, env)
	name := fs.String("name", "", "the access provider, as its products and reviewers name it")
	if err := parseFlags(fs, env, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("provider %s takes no arguments, got %q", args[0], fs.Args())}
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	if args[0] != "list" && *name == "" {
		return usageError{"--name is required\n" + providerUsage}
	}
	db, err := store.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	keys := &registry.ProviderKeys{DB: db}
	switch args[0] {
	case "add":
		key, err := keys.Add(ctx, *name)
		if err != nil {
			return providerFailure(err, stderr)
		}
		fmt.Fprintf(stdout, "key: %s\n(shown once; the store keeps only its SHA-256)\n", key)
	case "revoke":
		if err := keys.Revoke(ctx, *name); err != nil {
			return providerFailure(err, stderr)
		}
		fmt.Fprintf(stdout, "revoked the key of %s\n", *name)
	default:
		list, err := keys.List(ctx)
		if err != nil {
			return err
		}
		for _, k := range list {
			state := "active"
			if !k.RevokedAt.IsZero() {
				state = "revoked " + k.RevokedAt.In(beian.Shanghai).Format("2006-01-02 15:04:05")
			}
			fmt.Fprintf(stdout, "%s\tcreated %s\t%s\n", k.Provider, k.CreatedAt.In(beian.Shanghai).Format("2006-01-02 15:04:05"), state)
		}
	}
	return nil
}

func providerFailure(err error, stderr io.Writer) error {
	switch beian.ErrorCode(err) {
	case beian.EINVALID, beian.ECONFLICT, beian.ENOTFOUND:
		fmt.Fprintln(stderr, "beian provider:", beian.ErrorMessage(err))
		return exitError(1)
	}
	return err
}
