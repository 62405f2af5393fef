package store_test

import (
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// TestAuditChain: the audit log is append-only, and when someone with
// database access edits or removes a record anyway, VerifyAudit names the
// first broken link.
func TestAuditChain(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			db := testdb.Open(t, engine)
			now := testdb.Now
			db.Now = func() time.Time { return now }
			for i, outcome := range []string{"matched", "unmatched", "wrong_password", "changed", "locked"} {
				now = now.Add(time.Minute)
				if err := db.InTx(ctx, func(tx *store.Tx) error {
					return tx.Audit(ctx, beian.AuditRecord{Actor: "public", Action: "password.test", Object: "浙ICP备2021012345号", Client: "192.0.2.1", Outcome: outcome})
				}); err != nil {
					t.Fatalf("audit %d: %v", i, err)
				}
			}
			if brk, n, err := db.VerifyAudit(ctx); err != nil || brk != nil || n != 5 {
				t.Fatalf("intact chain: %+v %d %v", brk, n, err)
			}
			// The store refuses to change history.
			if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.Exec(ctx, `UPDATE audit_log SET outcome = 'x'`) }); err == nil {
				t.Fatal("audit_log accepted an UPDATE")
			}
			if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.Exec(ctx, `DELETE FROM audit_log`) }); err == nil {
				t.Fatal("audit_log accepted a DELETE")
			}

			// Someone drops the guard and edits record 3.
			tamper := func(stmts ...string) {
				t.Helper()
				if err := db.InTx(ctx, func(tx *store.Tx) error {
					for _, s := range stmts {
						if err := tx.Exec(ctx, s); err != nil {
							return err
						}
					}
					return nil
				}); err != nil {
					t.Fatal(err)
				}
			}
			if engine == "sqlite" {
				tamper(`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`)
			} else {
				tamper(`DROP TRIGGER audit_log_no_change ON audit_log`)
			}
			tamper(`UPDATE audit_log SET outcome = 'matched' WHERE id = (SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2)`)
			brk, _, err := db.VerifyAudit(ctx)
			if err != nil || brk == nil {
				t.Fatalf("edited record not found: %v", err)
			}
			third := brk.ID
			// Removing a record instead breaks the link of the one after it.
			tamper(`UPDATE audit_log SET outcome = 'wrong_password' WHERE id = `+itoa(third),
				`DELETE FROM audit_log WHERE id = (SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 1)`)
			brk, _, _ = db.VerifyAudit(ctx)
			if brk == nil || brk.ID != third {
				t.Fatalf("removed record: break at %+v, want record %d", brk, third)
			}
		})
	}
}

func itoa(n int64) string {
	b := []byte{}
	for n > 0 || len(b) == 0 {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
	}
	return string(b)
}
