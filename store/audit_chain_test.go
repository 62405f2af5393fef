package store_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// TestAuditChain_Concurrent: writers appending at once, about many objects
// and about one, leave every chain whole.
func TestAuditChain_Concurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		const writers, each = 8, 15
		var wg sync.WaitGroup
		errs := make(chan error, writers*each)
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					object := "shared"
					if i%2 == 0 {
						object = fmt.Sprintf("object-%d-%d", w, i)
					}
					errs <- db.InTx(ctx, func(tx *store.Tx) error {
						return tx.Audit(ctx, beian.AuditRecord{Actor: "test", Action: "test.concurrent", Object: object, Outcome: "ok"})
					})
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if brk, n, err := db.VerifyAudit(ctx); err != nil || brk != nil || n != writers*each {
			t.Fatalf("after concurrent appends: %+v, %d records, %v", brk, n, err)
		}
	})
}

// TestAuditChain_TailRemoved: removing the newest records of a chain shows,
// because audit_head still holds the hash they ended at.
func TestAuditChain_TailRemoved(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			for _, outcome := range []string{"a", "b", "c"} {
				if err := db.InTx(ctx, func(tx *store.Tx) error {
					return tx.Audit(ctx, beian.AuditRecord{Actor: "test", Action: "test.tail", Object: "x", Outcome: outcome})
				}); err != nil {
					t.Fatal(err)
				}
			}
			drop := []string{`DROP TRIGGER audit_log_no_delete`}
			if engine == "postgres" {
				drop = []string{`DROP TRIGGER audit_log_no_change ON audit_log`}
			}
			if err := db.InTx(ctx, func(tx *store.Tx) error {
				for _, s := range append(drop, `DELETE FROM audit_log WHERE id = (SELECT MAX(id) FROM audit_log)`) {
					if err := tx.Exec(ctx, s); err != nil {
						return err
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			if brk, _, err := db.VerifyAudit(ctx); err != nil || brk == nil {
				t.Fatalf("removed newest record not found: %+v %v", brk, err)
			}
		})
	}
}
