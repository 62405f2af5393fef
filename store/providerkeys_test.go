package store_test

import (
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

func TestProviderKeys(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		add := func(provider, hash string) error {
			return inTx(t, db, func(tx *store.Tx) error { _, err := tx.InsertProviderKey(ctx, provider, hash); return err })
		}
		if err := add("甲云", "h1"); err != nil {
			t.Fatal(err)
		}
		if err := add("乙云", "h2"); err != nil {
			t.Fatal(err)
		}
		if err := add("甲云", "h3"); beian.ErrorCode(err) != beian.ECONFLICT {
			t.Errorf("a second working key: %v, want conflict", err)
		}
		if p, err := db.ProviderOfKey(ctx, "h1"); err != nil || p != "甲云" {
			t.Errorf("h1: %q %v", p, err)
		}
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.RevokeProviderKey(ctx, "甲云") }); err != nil {
			t.Fatal(err)
		}
		if _, err := db.ProviderOfKey(ctx, "h1"); beian.ErrorCode(err) != beian.ENOTFOUND {
			t.Errorf("revoked h1: %v, want not found", err)
		}
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.RevokeProviderKey(ctx, "甲云") }); beian.ErrorCode(err) != beian.ENOTFOUND {
			t.Errorf("revoke twice: %v", err)
		}
		if err := add("甲云", "h3"); err != nil {
			t.Errorf("a new key after revoking: %v", err)
		}
		list, err := db.ProviderKeys(ctx)
		if err != nil || len(list) != 3 || list[0].Provider != "乙云" || list[1].RevokedAt.IsZero() || !list[2].RevokedAt.IsZero() || list[2].Provider != "甲云" {
			t.Errorf("list: %+v %v", list, err)
		}
	})
}
