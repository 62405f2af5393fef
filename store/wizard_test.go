package store_test

import (
	"testing"
	"time"

	"github.com/beianhq/beian/store"
)

// The wizard keeps one state per applicant: the last saved replaces the one
// before, an old one reads as none and is purged, and clearing forgets it.
func TestWizardStates(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		a, b := mustAccount(t, db, "13700000021"), mustAccount(t, db, "13700000022")
		set := func(id int64, state string) {
			t.Helper()
			if err := inTx(t, db, func(tx *store.Tx) error { return tx.SetWizardState(ctx, id, state) }); err != nil {
				t.Fatal(err)
			}
		}
		get := func(id int64, since time.Time) string {
			t.Helper()
			s, ok, err := db.WizardState(ctx, id, since)
			if err != nil {
				t.Fatal(err)
			}
			if !ok {
				return "<none>"
			}
			return s
		}
		now := db.Now()
		set(a.ID, `{"a":1}`)
		set(a.ID, `{"a":2}`)
		set(b.ID, `{"b":1}`)
		if got := get(a.ID, now.Add(-time.Hour)); got != `{"a":2}` {
			t.Errorf("a's state = %s", got)
		}
		if got := get(a.ID, now.Add(time.Hour)); got != "<none>" {
			t.Errorf("a state older than since read as %s", got)
		}
		if n, err := purge(db, now.Add(time.Second)); err != nil || n != 2 {
			t.Errorf("purge = %d, %v; want both", n, err)
		}
		set(b.ID, `{"b":2}`)
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.ClearWizardState(ctx, b.ID) }); err != nil {
			t.Fatal(err)
		}
		if got := get(b.ID, now.Add(-time.Hour)); got != "<none>" {
			t.Errorf("cleared state read as %s", got)
		}
	})
}

func purge(db *store.DB, before time.Time) (n int64, err error) {
	err = db.InTx(ctx, func(tx *store.Tx) error {
		n, err = tx.PurgeWizardStates(ctx, before)
		return err
	})
	return n, err
}
