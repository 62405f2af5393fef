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
)

// TestShellProvidersAndReproposal, on both engines with an injected clock:
// a shell's former providers' reviewers (those with an email address) are
// told by email in the scan, a provider that never served it is not; an
// entity shell tells the providers of all its services; a shell the bureau
// dismissed stays out of the queue until the grace period has run once
// more since the dismissal, and then, still a shell, is proposed again.
func TestShellProvidersAndReproposal(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			db := testdb.Open(t, engine)
			now := testdb.Now
			db.Now = func() time.Time { return now }
			n, err := notify.New()
			if err != nil {
				t.Fatal(err)
			}
			n.Dev = true
			grace := 7 * 24 * time.Hour
			c := &registry.ShellCleanup{DB: db, Notifier: n, Grace: grace}
			for _, a := range []*beian.Account{
				{Role: beian.RoleProviderReviewer, Login: "jia", Provider: "甲云", Email: "jia@example.cn"},
				{Role: beian.RoleProviderReviewer, Login: "jia-nomail", Provider: "甲云"},
				{Role: beian.RoleProviderReviewer, Login: "yi", Provider: "乙云", Email: "yi@example.cn"},
				{Role: beian.RoleProviderReviewer, Login: "bing", Provider: "丙云", Email: "bing@example.cn"},
				{Role: beian.RoleApplicant, Login: "13800000009"},
			} {
				a.PasswordHash = "x"
				if err := db.CreateAccount(ctx, a); err != nil {
					t.Fatal(err)
				}
			}
			mails := func(to string) int {
				t.Helper()
				ms, err := db.FindMessages(ctx, beian.MessageFilter{To: to})
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range ms {
					if m.Channel != beian.ChannelEmail || !strings.Contains(m.Body, "没有任何接入商") {
						t.Errorf("%s got %s %q", to, m.Channel, m.Body)
					}
				}
				return len(ms)
			}
			scan := func(want registry.ScanResult) {
				t.Helper()
				if got, err := c.Scan(ctx); err != nil || got != want {
					t.Fatalf("scan: %+v, %v; want %+v", got, err, want)
				}
			}
			e := filedEntity(t, db, 1) // service 1: 甲云; service 2: 甲云 and 乙云
			apply(t, db, beian.Filing{FilingType: beian.FilingCancelAccess, Provider: "甲云", Cancel: &beian.Cancellation{ServiceLicence: e.Services[0].Licence}})
			scan(registry.ScanResult{Found: 1})
			if a, y, b := mails("jia@example.cn"), mails("yi@example.cn"), mails("bing@example.cn"); a != 1 || y != 0 || b != 0 {
				t.Fatalf("after service 1: 甲云 %d, 乙云 %d, 丙云 %d mails; want 1, 0, 0", a, y, b)
			}

			// Proposed after the grace period; the bureau dismisses it.
			now = now.Add(grace)
			scan(registry.ScanResult{Proposed: 1})
			zj := &beian.Account{ID: 1, Login: "zj", Role: beian.RoleBureauReviewer, Provinces: []string{"330000"}}
			q, err := c.Queue(ctx, zj)
			if err != nil || len(q) != 1 {
				t.Fatalf("queue: %+v, %v", q, err)
			}
			if _, err := c.Decide(ctx, zj, q[0].ID, false, "主办者称正在迁移"); err != nil {
				t.Fatal(err)
			}
			now = now.Add(grace - time.Hour)
			scan(registry.ScanResult{})
			if q, _ := c.Queue(ctx, zj); len(q) != 0 {
				t.Fatalf("proposed again before the grace ran once more: %+v", q)
			}
			now = now.Add(time.Hour)
			scan(registry.ScanResult{Again: 1, Proposed: 1})
			if q, _ := c.Queue(ctx, zj); len(q) != 1 || q[0].Shell.Licence != e.Services[0].Licence {
				t.Fatalf("queue after the second grace: %+v", q)
			}
			if a := mails("jia@example.cn"); a != 1 {
				t.Errorf("the return told 甲云 again: %d mails", a)
			}

			// Service 2 loses both providers: it and the entity are shells;
			// 乙云 hears of both, 甲云 of both too.
			apply(t, db, beian.Filing{FilingType: beian.FilingCancelAccess, Provider: "甲云", Cancel: &beian.Cancellation{ServiceLicence: e.Services[1].Licence}})
			apply(t, db, beian.Filing{FilingType: beian.FilingCancelAccess, Provider: "乙云", Cancel: &beian.Cancellation{ServiceLicence: e.Services[1].Licence}})
			scan(registry.ScanResult{Found: 2})
			if a, y, b := mails("jia@example.cn"), mails("yi@example.cn"), mails("bing@example.cn"); a != 3 || y != 2 || b != 0 {
				t.Fatalf("after the entity: 甲云 %d, 乙云 %d, 丙云 %d mails; want 3, 2, 0", a, y, b)
			}
		})
	}
}
