// Command auditchain measures what the audit hash chain costs write
// transactions on PostgreSQL under concurrent writers: the same small
// transaction (one upsert of the writer's own lock-out row) with and
// without an audit record, for 1, 2, 4 … writers.
//
//	go run ./bench/auditchain -url 'postgres://…/DB?sslmode=disable' [-writers 1,2,4,8,16] [-duration 5s]
//
// It makes (and drops) its own schema, bench_auditchain, in the database.
package main

import (
	"context"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

func main() {
	dsn := flag.String("url", os.Getenv("BEIAN_TEST_DATABASE_URL"), "PostgreSQL URL")
	writersFlag := flag.String("writers", "1,2,4,8,16", "numbers of concurrent writers")
	duration := flag.Duration("duration", 5*time.Second, "time per run")
	flag.Parse()
	if *dsn == "" {
		log.Fatal("-url is required")
	}
	ctx := context.Background()
	db := openSchema(ctx, *dsn)
	defer db.Close()

	fmt.Printf("%-7s %-8s %10s %9s %9s\n", "writers", "mode", "tx/s", "p50 ms", "p99 ms")
	for _, f := range strings.Split(*writersFlag, ",") {
		w, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || w < 1 {
			log.Fatalf("bad -writers %q", f)
		}
		for _, audited := range []bool{false, true} {
			n, lat := run(ctx, db, w, audited, *duration)
			mode := "plain"
			if audited {
				mode = "audited"
			}
			fmt.Printf("%-7d %-8s %10.0f %9.2f %9.2f\n", w, mode, float64(n)/duration.Seconds(), ms(lat, 0.50), ms(lat, 0.99))
		}
	}
	if brk, n, err := db.VerifyAudit(ctx); err != nil || brk != nil {
		log.Fatalf("chain broken after %d records: %+v %v", n, brk, err)
	} else {
		fmt.Printf("chain verified: %d records\n", n)
	}
}

// run has w writers run transactions for d; it returns how many committed
// and their latencies.
func run(ctx context.Context, db *store.DB, w int, audited bool, d time.Duration) (int, []time.Duration) {
	var (
		mu  sync.Mutex
		all []time.Duration
		wg  sync.WaitGroup
	)
	stop := time.Now().Add(d)
	for i := range w {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var lat []time.Duration
			subject := fmt.Sprintf("bench:%d", i)
			for n := 0; time.Now().Before(stop); n++ {
				t0 := time.Now()
				err := db.InTx(ctx, func(tx *store.Tx) error {
					if err := tx.SetLockout(ctx, subject, n, time.Time{}); err != nil {
						return err
					}
					if !audited {
						return nil
					}
					return tx.Audit(ctx, beian.AuditRecord{Actor: "bench", Action: "bench.write", Object: subject, Client: "192.0.2.1", Outcome: "ok"})
				})
				if err != nil {
					log.Fatal(err)
				}
				lat = append(lat, time.Since(t0))
			}
			mu.Lock()
			all = append(all, lat...)
			mu.Unlock()
		}()
	}
	wg.Wait()
	slices.Sort(all)
	return len(all), all
}

func ms(sorted []time.Duration, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	return float64(sorted[int(q*float64(len(sorted)-1))].Microseconds()) / 1000
}

// openSchema recreates the schema bench_auditchain and opens the store in it.
func openSchema(ctx context.Context, dsn string) *store.DB {
	admin, err := sql.Open("pgx", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer admin.Close()
	for _, q := range []string{`DROP SCHEMA IF EXISTS bench_auditchain CASCADE`, `CREATE SCHEMA bench_auditchain`, `CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public`} {
		if _, err := admin.ExecContext(ctx, q); err != nil {
			log.Fatal(err)
		}
	}
	u, err := url.Parse(dsn)
	if err != nil {
		log.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", "bench_auditchain,public")
	u.RawQuery = q.Encode()
	db, err := store.Open(ctx, u.String())
	if err != nil {
		log.Fatal(err)
	}
	return db
}
