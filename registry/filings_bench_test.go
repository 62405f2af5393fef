package registry_test

import (
	"context"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
)

// BenchmarkFilingToApproval takes filings from submission to approval, one
// after another: acceptance with two codes, both verifications, the
// bureau's approval with the national-record write and the password.
// filings/s is the figure docs/BENCHMARKS.md reports.
func BenchmarkFilingToApproval(b *testing.B) {
	for _, engine := range testdb.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			env := newFilingEnv(b, engine)
			env.fs.Policy = registry.FilingPolicy{} // no per-client limits: one client drives it all
			b.ResetTimer()
			start := time.Now()
			for i := 0; i < b.N; i++ {
				f := env.inBureau(firstFiling(100000 + i))
				if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "filings/s")
			if f := env.filing(int64(b.N)); f.Status != beian.StatusApproved {
				b.Fatalf("last filing %s", f.Status)
			}
		})
	}
}

// BenchmarkFilingToApprovalParallel is the same with four filings in flight
// at once, as several providers and reviewers would drive it.
func BenchmarkFilingToApprovalParallel(b *testing.B) {
	for _, engine := range testdb.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			ctx := context.Background()
			env := newFilingEnv(b, engine)
			env.fs.Policy = registry.FilingPolicy{}
			var next atomic.Int64
			b.SetParallelism(2) // 2 × GOMAXPROCS goroutines
			b.ResetTimer()
			start := time.Now()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					f := env.inBureau(firstFiling(200000 + int(next.Add(1))))
					if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true}); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "filings/s")
		})
	}
}
