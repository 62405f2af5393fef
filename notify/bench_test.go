package notify_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// BenchmarkDeliverSMTP measures queued → delivered email to a local SMTP
// sink: b.N messages are enqueued (not timed), then the worker delivers them
// all. Reported as messages/s per engine; see docs/BENCHMARKS.md.
func BenchmarkDeliverSMTP(b *testing.B) {
	for _, engine := range testdb.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			db := testdb.Open(b, engine)
			db.Now = time.Now
			sink, err := startBenchSink()
			if err != nil {
				b.Fatal(err)
			}
			defer sink.Stop()
			n := mustNew(b)
			n.Email = true
			ctx := context.Background()
			for i := range b.N {
				err := db.InTx(ctx, func(tx *store.Tx) error {
					_, err := n.Notify(ctx, tx, fmt.Sprintf("bench-%d", i), notify.Recipient{Email: fmt.Sprintf("u%d@example.cn", i)},
						notify.StatusChanged{ApplicationNo: "A1", UnitName: "某某公司", Status: "管局审核中"})
					return err
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			w := &notify.Worker{DB: db, Email: benchSender(b, sink.Addr()), Batch: 64}
			b.ResetTimer()
			start := time.Now()
			for delivered := 0; delivered < b.N; {
				k, err := w.RunOnce(ctx)
				if err != nil {
					b.Fatal(err)
				}
				if k == 0 {
					b.Fatalf("worker idle after %d of %d", delivered, b.N)
				}
				delivered += k
			}
			b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "msgs/s")
			if got := len(sink.Mails()); got != b.N {
				b.Fatalf("sink got %d, want %d", got, b.N)
			}
		})
	}
}
