// Command soak drives one Beian server with mixed load for a fixed time —
// public queries, filing-password recoveries, logins and whole filings
// (application, materials, initial review, SMS verification, bureau
// approval) — and samples the server's resident memory and each kind's
// latency every minute. It prints a table a minute and a verdict: errors
// (5xx, transport failures, a flow that did not reach its state) and the
// growth of resident memory from the second minute to the last. Run it
// through bench/soak.sh, which starts the server and creates the accounts.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"strings"
	"sync"
	"time"
)

func main() {
	cfg := config{}
	flag.StringVar(&cfg.base, "url", "http://127.0.0.1:18090", "the server")
	flag.DurationVar(&cfg.duration, "d", 10*time.Minute, "how long to run")
	flag.DurationVar(&cfg.every, "sample", time.Minute, "sampling period")
	flag.IntVar(&cfg.pid, "pid", 0, "the server's process id, for its resident memory")
	flag.StringVar(&cfg.domains, "domains", "", "file: one filed domain a line")
	flag.StringVar(&cfg.entities, "entities", "", "file: province|licence|certType|certNo a line")
	flag.StringVar(&cfg.applicants, "applicants", "", "file: mobile|productId a line, password -password")
	flag.StringVar(&cfg.password, "password", "", "the password of every soak account")
	flag.StringVar(&cfg.reviewer, "reviewer", "soak-reviewer", "the provider reviewer's login")
	flag.StringVar(&cfg.bureau, "bureau", "soak-bureau", "the bureau reviewer's login (TOTP enrolled here)")
	flag.IntVar(&cfg.queryClients, "query-clients", 4, "concurrent query clients")
	flag.Parse()
	if err := run(cfg); err != nil {
		log.Fatal(err)
	}
}

type config struct {
	base, domains, entities, applicants, password, reviewer, bureau string
	duration, every                                                 time.Duration
	pid, queryClients                                               int
}

func run(cfg config) error {
	c, err := newClient(cfg)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.duration)
	defer cancel()
	st := newStats()
	var wg sync.WaitGroup
	loop := func(kind string, f func(ctx context.Context) error) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				t0 := time.Now()
				err := f(ctx)
				if ctx.Err() != nil {
					return // cut short by the end of the run
				}
				st.record(kind, time.Since(t0), err)
			}
		}()
	}
	for range cfg.queryClients {
		loop("query", c.query)
	}
	loop("recover", c.recover)
	loop("login", c.login)
	loop("filing", c.filing)
	fmt.Printf("%-6s %-9s %-8s %7s %6s %9s %9s\n", "minute", "rss-MiB", "kind", "count", "errors", "p50-ms", "p99-ms")
	tick := time.NewTicker(cfg.every)
	defer tick.Stop()
	var rss []float64
	for minute := 1; ; minute++ {
		select {
		case <-ctx.Done():
			wg.Wait()
			return verdict(st, rss)
		case <-tick.C:
			r := residentMiB(cfg.pid)
			rss = append(rss, r)
			st.print(minute, r)
		}
	}
}

// verdict prints the totals and fails the run on any error.
func verdict(st *stats, rss []float64) error {
	total, errs := st.totals()
	fmt.Printf("total: %d operations, %d errors\n", total, errs)
	if len(rss) >= 2 {
		fmt.Printf("resident memory: %.1f MiB after the first sample, %.1f MiB at the last (min %.1f, max %.1f)\n",
			rss[0], rss[len(rss)-1], minOf(rss), maxOf(rss))
	}
	for _, e := range st.firstErrors() {
		fmt.Println("error:", e)
	}
	if errs > 0 {
		return fmt.Errorf("%d errors", errs)
	}
	return nil
}

// residentMiB reads VmRSS of pid from /proc (0 when unknown).
func residentMiB(pid int) float64 {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "VmRSS:"); ok {
			var kb float64
			fmt.Sscanf(strings.TrimSpace(v), "%f", &kb)
			return kb / 1024
		}
	}
	return 0
}

func minOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		m = min(m, x)
	}
	return m
}

func maxOf(xs []float64) float64 {
	m := xs[0]
	for _, x := range xs {
		m = max(m, x)
	}
	return m
}
