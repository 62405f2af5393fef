package store_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// TestAuditLockOrder: two transactions that audit the same two chains in
// opposite orders both commit. Each would hold one chain's head row and
// wait for the other's if the heads were locked as records are added (a
// PostgreSQL deadlock, answered as a 500); they are locked at commit, in
// the chains' order. PostgreSQL only: SQLite has one writer at a time.
func TestAuditLockOrder(t *testing.T) {
	ctx := context.Background()
	for _, engine := range testdb.Engines(t) {
		if engine != "postgres" {
			continue
		}
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			a, b := "entity:1", ""
			for i := 2; b == ""; i++ {
				if o := fmt.Sprintf("entity:%d", i); store.AuditChain(o) != store.AuditChain(a) {
					b = o
				}
			}
			rec := func(object string) beian.AuditRecord {
				return beian.AuditRecord{Actor: "test", Action: "order", Object: object, Outcome: "ok"}
			}
			firstDone, secondDone := make(chan struct{}), make(chan struct{})
			errs := make(chan error, 2)
			go func() {
				errs <- db.InTx(ctx, func(tx *store.Tx) error {
					if err := tx.Audit(ctx, rec(a)); err != nil {
						return err
					}
					close(firstDone)
					<-secondDone
					return tx.Audit(ctx, rec(b))
				})
			}()
			go func() {
				errs <- db.InTx(ctx, func(tx *store.Tx) error {
					<-firstDone
					if err := tx.Audit(ctx, rec(b)); err != nil {
						return err
					}
					close(secondDone)
					return tx.Audit(ctx, rec(a))
				})
			}()
			for range 2 {
				if err := <-errs; err != nil {
					t.Errorf("a transaction auditing both chains: %v", err)
				}
			}
			if brk, n, err := db.VerifyAudit(ctx); err != nil || brk != nil || n != 4 {
				t.Errorf("audit log after both: %+v, %d records, %v", brk, n, err)
			}
		})
	}
}
