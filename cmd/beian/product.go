package main

import (
	"context"
	"fmt"
	"io"

	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/store"
)

const productUsage = "usage: beian product add [--data DIR | --database-url URL] --owner LOGIN --provider NAME --ip IP --expires YYYY-MM-DD [--region TEXT] [--mainland=false]"

// runProduct runs "beian product add": a server an applicant account holds
// at an access provider. It prints "product ID".
func runProduct(ctx context.Context, args []string, stdout, stderr io.Writer, getenv func(string) string) error {
	if len(args) == 0 || args[0] != "add" {
		return usageError{productUsage}
	}
	c := DefaultConfig()
	fs, env := flagSet("product add", &c, stderr, getenv)
	storeFlags(fs, &c, env)
	owner := fs.String("owner", "", "login (mobile) of the applicant account that holds the product")
	provider := fs.String("provider", "", "the access provider")
	ip := fs.String("ip", "", "the product's public IP")
	expires := fs.String("expires", "", "the last day it runs, YYYY-MM-DD")
	region := fs.String("region", "", "the region, e.g. 华东1（杭州）")
	mainland := fs.Bool("mainland", true, "the server is in mainland China")
	if err := parseFlags(fs, env, args[1:]); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("product add takes no arguments, got %q", fs.Args())}
	}
	if err := c.Validate(); err != nil {
		return usageError{err.Error()}
	}
	for _, f := range []struct{ name, v string }{{"--owner", *owner}, {"--provider", *provider}, {"--ip", *ip}, {"--expires", *expires}} {
		if f.v == "" {
			return usageError{f.name + " is required\n" + productUsage}
		}
	}
	exp, err := parseExpires(*expires)
	if err != nil {
		return usageError{"--expires: want YYYY-MM-DD, got " + *expires}
	}
	db, err := store.Open(ctx, c.DSN())
	if err != nil {
		return err
	}
	defer db.Close()
	s := agent.New(db, nil, nil, nil)
	p, err := s.AddProduct(ctx, nil, agent.NewProduct{Owner: *owner, Provider: *provider, IP: *ip, Region: *region, Mainland: *mainland, Expires: exp})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "product %s\n", p.ID)
	return nil
}
