package store_test

import (
	"testing"
	"time"

	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// TestRateEvents: events count within their window, a subject's old ones
// are trimmed as it adds more, and a purge forgets the rest.
func TestRateEvents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		now := testdb.Now
		db.Now = func() time.Time { return now }
		add := func(subject string) {
			t.Helper()
			if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.AddRateEvent(ctx, "b", subject, time.Hour) }); err != nil {
				t.Fatal(err)
			}
		}
		add("x")
		add("y")
		now = now.Add(30 * time.Minute)
		add("x")
		if got, err := db.RateEvents(ctx, "b", "x", now.Add(-time.Hour)); err != nil || len(got) != 2 || !got[0].Before(got[1]) {
			t.Fatalf("events of x: %v %v", got, err)
		}
		// An event exactly a window old has left it.
		if got, _ := db.RateEvents(ctx, "b", "x", now.Add(-30*time.Minute)); len(got) != 1 {
			t.Fatalf("window start: %v", got)
		}
		now = now.Add(2 * time.Hour)
		var purged int64
		if err := db.InTx(ctx, func(tx *store.Tx) (err error) {
			purged, err = tx.PurgeRateEvents(ctx, now.Add(-time.Hour))
			return err
		}); err != nil || purged != 3 {
			t.Fatalf("purged %d: %v", purged, err)
		}
	})
}
