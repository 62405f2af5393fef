package registry_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// inBureau accepts f and verifies everyone, so it waits for the bureau.
func (env *filingEnv) inBureau(f *beian.RegistryFiling) *beian.RegistryFiling {
	env.t.Helper()
	env.mustAccept(f)
	env.verifyAll(f)
	return env.filing(f.ID)
}

// TestBureauProvinceIsolation: a reviewer of another province neither sees
// nor decides a filing, and nothing changes; the queue lists only the
// reviewer's provinces.
func TestBureauProvinceIsolation(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			f := env.inBureau(firstFiling(10))
			applicant := &beian.Account{ID: 1, Role: beian.RoleApplicant, Login: "13800000010"}
			provider := &beian.Account{ID: 2, Role: beian.RoleProviderReviewer, Login: "pr", Provider: "某某云"}
			admin := &beian.Account{ID: 3, Role: beian.RoleAdmin, Login: "admin"}
			for _, who := range []*beian.Account{bureauGD, applicant, provider, admin, nil} {
				if _, err := env.fs.View(ctx, who, f.ID); beian.ErrorCode(err) != beian.EFORBIDDEN {
					t.Errorf("view by %v: %v", who, err)
				}
				for _, d := range []registry.BureauDecision{{Approve: true}, {Rejections: []beian.Rejection{{Field: "unitName", Reason: "不符"}}}} {
					if _, err := env.fs.Decide(ctx, who, f.ID, d); beian.ErrorCode(err) != beian.EFORBIDDEN {
						t.Errorf("decide by %v: %v", who, err)
					}
				}
				if rows, err := env.fs.Queue(ctx, who, false, 0); len(rows) != 0 || (who != bureauGD && beian.ErrorCode(err) != beian.EFORBIDDEN) {
					t.Errorf("queue of %v: %d rows, %v", who, len(rows), err)
				}
			}
			if got := env.filing(f.ID); got.Status != beian.StatusBureauReview || got.MainLicence != "" {
				t.Fatalf("changed by others: %s %q", got.Status, got.MainLicence)
			}
			rows, err := env.fs.Queue(ctx, bureauZJ, true, 0)
			if err != nil || len(rows) != 1 || rows[0].ID != f.ID || rows[0].Province != "330000" {
				t.Fatalf("own queue: %+v %v", rows, err)
			}
			if _, err := env.fs.View(ctx, bureauZJ, f.ID); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestBureauReject: a rejection needs field reasons, goes back to the
// provider with them, and tells the principals.
func TestBureauReject(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			f := env.inBureau(firstFiling(11))
			if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{}); beian.ErrorCode(err) != beian.EINVALID {
				t.Fatalf("reject without reasons: %v", err)
			}
			rs := []beian.Rejection{{Field: "services[0].serviceName", Reason: "网站名称与内容不符"}}
			if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Rejections: rs}); err != nil {
				t.Fatal(err)
			}
			got := env.filing(f.ID)
			if got.Status != beian.StatusBureauRejected || len(got.Rejections) != 1 || got.Rejections[0] != rs[0] {
				t.Fatalf("rejected: %s %+v", got.Status, got.Rejections)
			}
			last := env.obs.changes[len(env.obs.changes)-1]
			if last.Status != beian.StatusBureauRejected || len(last.Rejections) != 1 {
				t.Fatalf("observer: %+v", last)
			}
			if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true}); beian.ErrorCode(err) != beian.ECONFLICT {
				t.Fatalf("approve after rejection: %v", err)
			}
			res, _ := env.db.Query(ctx, beian.Query{Kind: beian.QueryDomain, Domain: "test11-example.cn", PageNum: 1, PageSize: 10})
			if len(res.Rows) != 0 {
				t.Fatal("a rejected filing is in the public query")
			}
		})
	}
}

// TestFilingConflicts: what only the registry knows is checked at
// submission.
func TestFilingConflicts(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			approved := env.inBureau(firstFiling(20))
			if _, err := env.fs.Decide(ctx, bureauZJ, approved.ID, registry.BureauDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
			approved = env.filing(approved.ID)
			env.mustAccept(firstFiling(21))

			sameDomain := firstFiling(22)
			sameDomain.Record.Entity.Services[0].Domains = []string{"test20-example.cn"}
			pendingDomain := firstFiling(23)
			pendingDomain.Record.Entity.Services[0].Domains = []string{"test21-example.cn"}
			otherProvider := firstFiling(21)
			otherProvider.Provider, otherProvider.ApplicationID = "另一云", 5
			again := firstFiling(20)
			again.ApplicationID = 77
			twice := firstFiling(21)
			cancelled := firstFiling(24)
			cancelled.FilingType = beian.FilingNewSite
			cancelled.Record.Entity.MainLicence = "浙ICP备2026999999号"
			for name, tc := range map[string]struct {
				f    *beian.RegistryFiling
				code string
				msg  string
			}{
				"domain filed by another entity":   {sameDomain, beian.ECONFLICT, beian.DomainConflict},
				"domain pending for another":       {pendingDomain, beian.ECONFLICT, beian.DomainConflict},
				"entity in flight at any provider": {otherProvider, beian.ECONFLICT, beian.EntityConflict + "：该主体已有首次备案（F"},
				"first filing of a filed entity":   {again, beian.ECONFLICT, beian.EntityConflict},
				"the same application twice":       {twice, beian.ECONFLICT, "已提交管局系统"},
				"unknown or cancelled main number": {cancelled, beian.EINVALID, "不存在或已注销"},
			} {
				err := env.accept(tc.f)
				if beian.ErrorCode(err) != tc.code || !strings.Contains(beian.ErrorMessage(err), tc.msg) {
					t.Errorf("%s: %v, want %s with %q", name, err, tc.code, tc.msg)
				}
			}
			// The refusal names the order that holds the entity.
			if err := env.accept(otherProvider); !strings.Contains(beian.ErrorMessage(err), "某某云的订单 1021") {
				t.Errorf("in flight: %v, want it to name 某某云's order 1021", err)
			}
			if s := env.obs.statuses(1021); len(s) != 0 {
				t.Fatalf("a refused submission reached the observer: %v", s)
			}
		})
	}
}

// TestFilingServiceSuffixes: Apps, mini-programs and quick apps get -nA,
// -nX and -nK numbers, in one sequence with the websites, on a first filing
// and when added later (新增网站); 新增接入 adds an access record only.
func TestFilingServiceSuffixes(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			f := firstFiling(30)
			e := &f.Record.Entity
			e.Services = append(e.Services,
				&beian.Service{Type: beian.ServiceApp, Name: "测试App"},
				&beian.Service{Type: beian.ServiceMiniProgram, Name: "测试小程序"})
			f.Access = append(f.Access, []beian.Access{{Provider: "某某云", IPs: []string{"203.0.113.11"}}}, []beian.Access{{Provider: "某某云", IPs: []string{"203.0.113.12"}}})
			env.inBureau(f)
			if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
			got := env.filing(f.ID)
			m := got.MainLicence
			if want := []string{m + "-1", m + "-2A", m + "-3X"}; strings.Join(got.ServiceLicences, " ") != strings.Join(want, " ") {
				t.Fatalf("numbers %q, want %q", got.ServiceLicences, want)
			}

			add := firstFiling(30)
			add.ApplicationID, add.FilingType = 2030, beian.FilingNewSite
			ae := &add.Record.Entity
			ae.MainLicence = m
			ae.Services = []*beian.Service{{Type: beian.ServiceQuickApp, Name: "测试快应用"}, {Type: beian.ServiceWebsite, Name: "二号站", Domains: []string{"second30-example.cn"}}}
			add.Access = [][]beian.Access{{{Provider: "某某云", IPs: []string{"203.0.113.13"}}}, {{Provider: "某某云", IPs: []string{"203.0.113.14"}}}}
			env.inBureau(add)
			if _, err := env.fs.Decide(ctx, bureauZJ, add.ID, registry.BureauDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
			if got := env.filing(add.ID); strings.Join(got.ServiceLicences, " ") != m+"-4K "+m+"-5" || got.MainLicence != m {
				t.Fatalf("新增网站 numbers %q under %q", got.ServiceLicences, got.MainLicence)
			}
			res, err := env.db.Query(ctx, beian.Query{Kind: beian.QueryLicence, Licence: m, MainOnly: true, PageNum: 1, PageSize: 20})
			if err != nil || res.Total != 5 {
				t.Fatalf("query by main number: %d rows, %v", res.Total, err)
			}

			acc := firstFiling(30)
			acc.ApplicationID, acc.FilingType, acc.Provider = 3030, beian.FilingNewAccess, "另一云"
			acc.Record.Entity.MainLicence = m
			acc.Record.Entity.Services = acc.Record.Entity.Services[:1]
			acc.Access = [][]beian.Access{{{Provider: "另一云", IPs: []string{"198.51.100.7"}}}}
			acc = env.mustAccept(acc)
			if vs := acc.Verifiers(nil); len(vs) != 1 || vs[0].Role != "services[0]" {
				t.Fatalf("新增接入 verifiers: %+v", vs)
			}
			env.verifyAll(acc)
			if _, err := env.fs.Decide(ctx, bureauZJ, acc.ID, registry.BureauDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
			ent, err := env.db.FindEntityByLicence(ctx, m)
			if err != nil || len(ent.Services) != 5 || len(ent.Services[0].Access) != 2 || ent.Services[0].Access[1].Provider != "另一云" {
				t.Fatalf("after 新增接入: %+v %v", ent, err)
			}
		})
	}
}

// TestBureauConcurrentApprovals: approvals of one province's filings at
// once never give the same number, and the numbers have no gap.
func TestBureauConcurrentApprovals(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			const n = 12
			var ids []int64
			for i := range n {
				ids = append(ids, env.inBureau(firstFiling(100+i)).ID)
			}
			var wg sync.WaitGroup
			errs := make([]error, n)
			for i, id := range ids {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = env.fs.Decide(ctx, bureauZJ, id, registry.BureauDecision{Approve: true})
				}()
			}
			wg.Wait()
			seen := map[string]bool{}
			for i, id := range ids {
				if errs[i] != nil {
					t.Fatalf("approve %d: %v", id, errs[i])
				}
				m := env.filing(id).MainLicence
				if seen[m] {
					t.Fatalf("number %s given twice", m)
				}
				seen[m] = true
			}
			for i := 1; i <= n; i++ {
				if m := fmt.Sprintf("浙ICP备2026%06d号", i); !seen[m] {
					t.Fatalf("gap: %s not given (%v)", m, seen)
				}
			}
		})
	}
}

// TestFilingAtomic: when the observer's write fails the transition leaves
// nothing behind: no state change, no numbers, no notice.
func TestFilingAtomic(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			f := env.inBureau(firstFiling(40))
			before, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: "boss40@example.cn"})
			env.obs.fail = errors.New("mirror failed")
			if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true}); err == nil {
				t.Fatal("approval committed although the observer failed")
			}
			env.obs.fail = nil
			after, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: "boss40@example.cn"})
			if got := env.filing(f.ID); got.Status != beian.StatusBureauReview || got.MainLicence != "" || len(after) != len(before) {
				t.Fatalf("left behind: %s %q, %d→%d messages", got.Status, got.MainLicence, len(before), len(after))
			}
			if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
			if got := env.filing(f.ID); got.MainLicence != "浙ICP备2026000001号" {
				t.Fatalf("the retry took %q: a failed approval used a number", got.MainLicence)
			}
		})
	}
}

// TestBureauDecisionOnce: two reviewers deciding one filing at once: one
// wins, one number is used, every notice is sent once.
func TestBureauDecisionOnce(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			f := env.inBureau(firstFiling(50))
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i := range errs {
				wg.Add(1)
				go func() {
					defer wg.Done()
					_, errs[i] = env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true})
				}()
			}
			wg.Wait()
			ok := 0
			for _, err := range errs {
				switch {
				case err == nil:
					ok++
				case beian.ErrorCode(err) != beian.ECONFLICT:
					t.Fatalf("the losing decision: %v", err)
				}
			}
			if ok != 1 {
				t.Fatalf("%d decisions succeeded: %v", ok, errs)
			}
			list, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: "boss50@example.cn"})
			n := 0
			for _, m := range list {
				if strings.Contains(m.Subject, "管局审核") {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("%d result emails to the entity principal", n)
			}
			if got := env.filing(f.ID); got.MainLicence != "浙ICP备2026000001号" {
				t.Fatalf("number %q", got.MainLicence)
			}
		})
	}
}

// TestBureauQueueAges: the chart's bars count the pending filings by the
// working days they have waited, and only those of the reviewer's provinces.
func TestBureauQueueAges(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			start := env.now
			env.inBureau(firstFiling(60))
			env.inBureau(firstFiling(61))
			bars := func(who *beian.Account) string {
				ages, err := env.fs.QueueAges(ctx, who)
				if err != nil {
					t.Fatal(err)
				}
				var out []string
				for _, a := range ages {
					out = append(out, fmt.Sprintf("%s=%d", a.Label, a.Count))
				}
				return strings.Join(out, " ")
			}
			for _, tc := range []struct {
				days int
				want string
			}{
				{0, "0–5=2 5–10=0 10–15=0 15–20=0 已超期=0"},
				{7, "0–5=0 5–10=2 10–15=0 15–20=0 已超期=0"},
				{16, "0–5=0 5–10=0 10–15=0 15–20=2 已超期=0"},
				{21, "0–5=0 5–10=0 10–15=0 15–20=0 已超期=2"},
			} {
				env.now = rules.DefaultCalendar.AddWorkingDays(start, tc.days)
				if got := bars(bureauZJ); got != tc.want {
					t.Errorf("after %d working days: %s, want %s", tc.days, got, tc.want)
				}
			}
			if got := bars(bureauGD); got != "0–5=0 5–10=0 10–15=0 15–20=0 已超期=0" {
				t.Errorf("广东 sees %s", got)
			}
		})
	}
}

// TestFiledInFlightNamesTheOrder: a cancellation submitted while a change
// of the same entity is in the registry's hands (another provider's) is
// refused naming that change: its kind, its number, its provider and
// application.
func TestFiledInFlightNamesTheOrder(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			first := env.inBureau(firstFiling(40))
			if _, err := env.fs.Decide(ctx, bureauZJ, first.ID, registry.BureauDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
			first = env.filing(first.ID)
			e := firstFiling(40).Record.Entity
			e.MainLicence, e.UnitName = first.MainLicence, "杭州测试040网络有限公司"
			e.Services = nil
			change := &beian.RegistryFiling{Provider: "某某云", ApplicationID: 2001, Version: 1, FilingType: beian.FilingChangeEntity,
				Record: &beian.ApplicationRecord{Entity: e}, SubmittedAt: testdb.Now}
			held := env.mustAccept(change)
			cancel := &beian.RegistryFiling{Provider: "另一云", ApplicationID: 7, Version: 1, FilingType: beian.FilingCancelEntity,
				Cancel: &beian.Cancellation{MainLicence: first.MainLicence, Reason: "不再使用"}, SubmittedAt: testdb.Now}
			err := env.accept(cancel)
			want := beian.EntityConflict + "：该主体已有变更主体（" + beian.FilingNo(held.ID) + "，某某云的订单 2001）"
			if beian.ErrorCode(err) != beian.ECONFLICT || !strings.Contains(beian.ErrorMessage(err), want) {
				t.Fatalf("cancellation beside a change: %v, want %q", err, want)
			}
		})
	}
}
