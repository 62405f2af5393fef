package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
	"github.com/beianhq/beian/synth"
)

// demoEntities is the size of the demo registry.
const demoEntities = 500

// loadDemo fills an empty store with synthetic filings and says how to look
// at them.
func loadDemo(ctx context.Context, db *store.DB, stdout io.Writer) error {
	n, _, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	if n == 0 {
		var buf bytes.Buffer
		if err := synth.Generate(&buf, demoEntities, 2026); err != nil {
			return err
		}
		res, err := registry.Import(ctx, db, &buf, registry.ImportOptions{})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "demo: loaded %d entities, %d services\n", res.Entities, res.Services)
	} else {
		fmt.Fprintf(stdout, "demo: store already holds %d entities; left as it is\n", n)
	}
	sample, err := db.Query(ctx, demoSample())
	if err == nil && len(sample.Rows) > 0 {
		r := sample.Rows[0]
		fmt.Fprintf(stdout, "demo: try the query page with %s, %s or %q\n", r.Domain, r.MainLicence, []rune(r.UnitName)[:min(4, len([]rune(r.UnitName)))])
	}
	fmt.Fprintln(stdout, "demo: no demo accounts yet (accounts arrive with the agent side)")
	return nil
}

// demoSample finds one company website to suggest as a query.
func demoSample() beian.Query {
	return beian.Query{Kind: beian.QueryName, Name: "有限公司", ServiceType: beian.ServiceWebsite, PageNum: 1, PageSize: 1}
}
