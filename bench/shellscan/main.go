// Command shellscan runs the shell clean-up's scan (registry.ShellCleanup)
// over a store -runs times, one after another, and prints each run's
// seconds and counts: the figure docs/BENCHMARKS.md reports for the
// national-scale store, while bench/shellscan.sh measures the public
// query beside it. No notices are sent (no notifier).
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"time"

	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

func main() {
	dsn := flag.String("dsn", "", "the store: a SQLite file or a postgres:// URL")
	runs := flag.Int("runs", 2, "scans, one after another")
	flag.Parse()
	ctx := context.Background()
	db, err := store.Open(ctx, *dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()
	c := &registry.ShellCleanup{DB: db}
	for i := 1; i <= *runs; i++ {
		t0 := time.Now()
		res, err := c.Scan(ctx)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("scan %d: %.2f s, %+v\n", i, time.Since(t0).Seconds(), res)
	}
}
