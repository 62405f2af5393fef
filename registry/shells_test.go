package registry_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

func apply(t *testing.T, db *store.DB, f beian.Filing) {
	t.Helper()
	ctx := context.Background()
	if err := db.InTx(ctx, func(tx *store.Tx) error { _, err := registry.ApplyApproved(ctx, tx, f); return err }); err != nil {
		t.Fatal(err)
	}
}

// TestShellCleanup: removing the last access makes shells; the scan finds
// them once and tells the principal, proposes them after the grace period
// (injected clock), a shell served again is resolved, and the bureau's
// confirmation cancels the number. Both engines.
func TestShellCleanup(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { shellCleanup(t, engine) })
	}
}

func shellCleanup(t *testing.T, engine string) {
	ctx := context.Background()
	db := testdb.Open(t, engine)
	now := testdb.Now
	db.Now = func() time.Time { return now }
	n, err := notify.New()
	if err != nil {
		t.Fatal(err)
	}
	n.Dev = true
	c := &registry.ShellCleanup{DB: db, Notifier: n, Grace: 7 * 24 * time.Hour}
	reg := &registry.Registry{DB: db}
	e := filedEntity(t, db, 1)     // two services: 甲云; 甲云 and 乙云
	other := filedEntity(t, db, 2) // stays served
	// Entity 1 loses every access: both services and the entity are shells.
	for _, f := range []beian.Filing{
		{FilingType: beian.FilingCancelAccess, Provider: "甲云", Cancel: &beian.Cancellation{ServiceLicence: e.Services[0].Licence}},
		{FilingType: beian.FilingCancelAccess, Provider: "甲云", Cancel: &beian.Cancellation{ServiceLicence: e.Services[1].Licence}},
		{FilingType: beian.FilingCancelAccess, Provider: "乙云", Cancel: &beian.Cancellation{ServiceLicence: e.Services[1].Licence}},
		{FilingType: beian.FilingCancelAccess, Provider: "乙云", Cancel: &beian.Cancellation{ServiceLicence: other.Services[1].Licence}},
	} {
		apply(t, db, f)
	}
	scan := func(want registry.ScanResult) {
		t.Helper()
		got, err := c.Scan(ctx)
		if err != nil || got != want {
			t.Fatalf("scan: %+v, %v; want %+v", got, err, want)
		}
	}
	scan(registry.ScanResult{Found: 3})
	msgs, err := db.FindMessages(ctx, beian.MessageFilter{To: "13800000000"})
	if err != nil {
		t.Fatal(err)
	}
	if len(msgs) != 3 || !strings.Contains(msgs[0].Body, "空壳") {
		t.Errorf("principal got %d messages, want 3 shell notices", len(msgs))
	}
	scan(registry.ScanResult{}) // found once

	// Six days on, a provider serves service 2 again: its case resolves.
	now = now.Add(6 * 24 * time.Hour)
	r := *e
	svc := *e.Services[1]
	svc.Access = []beian.Access{{Provider: "丙云", IPs: []string{"47.96.3.3"}}}
	r.Services = []*beian.Service{&svc}
	apply(t, db, beian.Filing{FilingType: beian.FilingNewAccess, Provider: "丙云", Record: &beian.ApplicationRecord{Entity: r}})
	scan(registry.ScanResult{Resolved: 2}) // service 2 and, served again, the entity

	now = now.Add(2 * 24 * time.Hour)
	scan(registry.ScanResult{Proposed: 1})

	zj := &beian.Account{ID: 1, Login: "zj", Role: beian.RoleBureauReviewer, Provinces: []string{"330000"}}
	gd := &beian.Account{ID: 2, Login: "gd", Role: beian.RoleBureauReviewer, Provinces: []string{"440000"}}
	if q, err := c.Queue(ctx, gd); err != nil || len(q) != 0 {
		t.Errorf("another province's queue: %v, %v", q, err)
	}
	q, err := c.Queue(ctx, zj)
	if err != nil || len(q) != 1 || q[0].Shell.Licence != e.Services[0].Licence {
		t.Fatalf("queue: %+v, %v", q, err)
	}
	if _, err := c.Decide(ctx, gd, q[0].ID, true, ""); beian.ErrorCode(err) != beian.EFORBIDDEN {
		t.Errorf("another province decides: %v", err)
	}
	if _, err := c.Decide(ctx, zj, q[0].ID, true, "公示期满"); err != nil {
		t.Fatal(err)
	}
	if got := rows(t, reg, e.Services[0].Licence); len(got) != 0 {
		t.Errorf("cancelled shell still found: %q", got)
	}
	if got := rows(t, reg, e.Services[1].Licence); len(got) != 1 {
		t.Errorf("the served service: %q", got)
	}
	if _, err := c.Decide(ctx, zj, q[0].ID, true, ""); beian.ErrorCode(err) != beian.ECONFLICT {
		t.Errorf("decided twice: %v", err)
	}
	scan(registry.ScanResult{})
}
