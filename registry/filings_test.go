package registry_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// TestFilingLifecycle: a first filing is accepted, both principals verify,
// the bureau approves; the numbers are allocated, the public query finds the
// site at once, the password goes to the entity principal, and the observer
// saw every state.
func TestFilingLifecycle(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			f := env.mustAccept(firstFiling(1))
			if f.Status != beian.StatusSMSVerification || f.ID == 0 {
				t.Fatalf("accepted: %s %d", f.Status, f.ID)
			}
			vs := f.Verifiers(nil)
			if len(vs) != 2 {
				t.Fatalf("verifiers: %+v", vs)
			}
			msg, err := env.fs.Verify(ctx, registry.VerifyRequest{Mobile: vs[0].Mobile, Code: env.lastCode(vs[0].Mobile), CertSuffix: beian.CertSuffix(vs[0].CertNo)})
			if err != nil || msg != beian.SMSVerifyPartial {
				t.Fatalf("first verify: %q %v", msg, err)
			}
			msg, err = env.fs.Verify(ctx, registry.VerifyRequest{Mobile: vs[1].Mobile, Code: env.lastCode(vs[1].Mobile), CertSuffix: strings.ToLower(beian.CertSuffix(vs[1].CertNo))})
			if err != nil || msg != beian.SMSVerifyDone {
				t.Fatalf("last verify: %q %v", msg, err)
			}
			got := env.filing(f.ID)
			want := rules.DefaultCalendar.AddWorkingDays(env.now, beian.BureauWorkingDays)
			if got.Status != beian.StatusBureauReview || !got.Deadline.Equal(want.Truncate(time.Second)) {
				t.Fatalf("after verification: %s, deadline %v, want %v", got.Status, got.Deadline, want)
			}
			if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
			got = env.filing(f.ID)
			if got.Status != beian.StatusApproved || !strings.HasPrefix(got.MainLicence, "浙ICP备2026") ||
				len(got.ServiceLicences) != 1 || got.ServiceLicences[0] != got.MainLicence+"-1" {
				t.Fatalf("approved: %s %q %q", got.Status, got.MainLicence, got.ServiceLicences)
			}
			res, err := env.db.Query(ctx, beian.Query{Kind: beian.QueryDomain, Domain: "test1-example.cn", PageNum: 1, PageSize: 10})
			if err != nil || len(res.Rows) != 1 || res.Rows[0].ServiceLicence != got.ServiceLicences[0] {
				t.Fatalf("query: %+v %v", res, err)
			}
			list, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: "boss1@example.cn"})
			if !slices.ContainsFunc(list, func(m *beian.Message) bool { return passwordRE.MatchString(m.Body) }) {
				t.Fatal("no password email for the entity principal")
			}
			for _, to := range []string{"13800000001", "13900000001", "boss1@example.cn", "site1@example.cn"} {
				list, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: to})
				if !slices.ContainsFunc(list, func(m *beian.Message) bool { return strings.Contains(m.Body, got.ServiceLicences[0]) }) {
					t.Errorf("%s got no result naming the number", to)
				}
			}
			// Acceptance happens in the caller's own change; the observer
			// hears of what follows.
			wantStatuses := []beian.ApplicationStatus{beian.StatusBureauReview, beian.StatusApproved}
			if s := env.obs.statuses(1001); !slices.Equal(s, wantStatuses) {
				t.Fatalf("observer saw %v, want %v", s, wantStatuses)
			}
			if c := env.obs.changes[1]; c.MainLicence != got.MainLicence || len(c.ServiceLicences) != 1 {
				t.Fatalf("observer's approval: %+v", c)
			}
			if len(got.Events) != 3 || got.Events[0].Status != beian.StatusSMSVerification {
				t.Fatalf("history: %+v", got.Events)
			}
		})
	}
}

// TestFilingSMSAttempts: five wrong attempts are survived, the sixth
// returns the filing; the window returns a filing through the timer job.
func TestFilingSMSAttempts(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			f := env.mustAccept(firstFiling(2))
			v := f.Verifiers(nil)[0]
			for i := 1; i <= beian.SMSMaxWrong+1; i++ {
				_, err := env.fs.Verify(ctx, registry.VerifyRequest{Mobile: v.Mobile, Code: "000000", CertSuffix: "999999"})
				if beian.ErrorMessage(err) != beian.SMSVerifyNotFound {
					t.Fatalf("attempt %d: %v", i, err)
				}
				want := beian.StatusSMSVerification
				if i > beian.SMSMaxWrong {
					want = beian.StatusReturned
				}
				if got := env.filing(f.ID).Status; got != want {
					t.Fatalf("after %d wrong: %s, want %s", i, got, want)
				}
			}
			// The right code no longer works on a returned filing.
			if _, err := env.fs.Verify(ctx, registry.VerifyRequest{Mobile: v.Mobile, Code: env.lastCode(v.Mobile), CertSuffix: beian.CertSuffix(v.CertNo)}); beian.ErrorMessage(err) != beian.SMSVerifyNotFound {
				t.Fatalf("verify after return: %v", err)
			}

			// The provider resubmits without changes: new codes; the window
			// runs out; the runner returns it.
			g := env.mustAccept(firstFiling(2))
			if g.ID == f.ID {
				t.Fatal("a resubmission is a new filing")
			}
			env.now = env.now.Add(beian.SMSVerifyWindow - time.Second)
			if n, err := env.runner.RunOnce(ctx); err != nil || n != 0 {
				t.Fatalf("runner before the window ends: %d %v", n, err)
			}
			env.now = env.now.Add(time.Second)
			// Both filings' timers are due; the one returned already stays as it is.
			if n, err := env.runner.RunOnce(ctx); err != nil || n != 2 {
				t.Fatalf("runner at the window's end: %d %v", n, err)
			}
			if got := env.filing(g.ID); got.Status != beian.StatusReturned {
				t.Fatalf("after 24 h: %s", got.Status)
			}
			want := []beian.ApplicationStatus{beian.StatusReturned, beian.StatusReturned}
			if s := env.obs.statuses(1002); !slices.Equal(s, want) {
				t.Fatalf("observer: %v", s)
			}
		})
	}
}

// TestFilingResend: resending with nothing pending is refused with the
// portal's words; a resent code replaces the old one; the per-number limit
// holds.
func TestFilingResend(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			if err := env.fs.Resend(ctx, registry.ResendRequest{Mobile: "13800000003", CertSuffix: "123456"}); beian.ErrorMessage(err) != beian.SMSResendNothing {
				t.Fatalf("resend with nothing pending: %v", err)
			}
			f := env.mustAccept(firstFiling(3))
			v := f.Verifiers(nil)[0]
			old := env.lastCode(v.Mobile)
			env.fs.NewCode = func() string { return "424242" }
			if old == "424242" {
				t.Fatal("test code collides")
			}
			env.now = env.now.Add(2 * time.Minute) // past the gateway's per-minute limit
			if err := env.fs.Resend(ctx, registry.ResendRequest{Mobile: v.Mobile, CertSuffix: beian.CertSuffix(v.CertNo)}); err != nil {
				t.Fatal(err)
			}
			if got := env.lastCode(v.Mobile); got != "424242" {
				t.Fatalf("resent code %s", got)
			}
			if _, err := env.fs.Verify(ctx, registry.VerifyRequest{Mobile: v.Mobile, Code: old, CertSuffix: beian.CertSuffix(v.CertNo)}); beian.ErrorMessage(err) != beian.SMSVerifyNotFound {
				t.Fatalf("old code: %v", err)
			}
			if msg, err := env.fs.Verify(ctx, registry.VerifyRequest{Mobile: v.Mobile, Code: "424242", CertSuffix: beian.CertSuffix(v.CertNo)}); err != nil || msg != beian.SMSVerifyPartial {
				t.Fatalf("new code: %q %v", msg, err)
			}
			w := f.Verifiers(nil)[1]
			for i := 0; i < registry.DefaultFilingPolicy.ResendPerNumber.Limit; i++ {
				if err := env.fs.Resend(ctx, registry.ResendRequest{Mobile: w.Mobile, CertSuffix: beian.CertSuffix(w.CertNo)}); err != nil {
					t.Fatalf("resend %d: %v", i, err)
				}
			}
			err := env.fs.Resend(ctx, registry.ResendRequest{Mobile: w.Mobile, CertSuffix: beian.CertSuffix(w.CertNo)})
			if beian.ErrorCode(err) != beian.ERATELIMITED {
				t.Fatalf("resend over the limit: %v", err)
			}
		})
	}
}

// TestFilingVerifyInput: malformed input names the field.
func TestFilingVerifyInput(t *testing.T) {
	env := newFilingEnv(t, "sqlite")
	for _, tc := range []struct {
		req   registry.VerifyRequest
		field string
	}{
		{registry.VerifyRequest{Mobile: "", Code: "123456", CertSuffix: "123456"}, "mobile"},
		{registry.VerifyRequest{Mobile: "12345", Code: "123456", CertSuffix: "123456"}, "mobile"},
		{registry.VerifyRequest{Mobile: "13800000001", Code: "123456", CertSuffix: ""}, "certSuffix"},
		{registry.VerifyRequest{Mobile: "13800000001", Code: "123456", CertSuffix: "12345678"}, "certSuffix"},
		{registry.VerifyRequest{Mobile: "13800000001", Code: " ", CertSuffix: "123456"}, "code"},
	} {
		_, err := env.fs.Verify(context.Background(), tc.req)
		var e *beian.Error
		if !errors.As(err, &e) || e.Field != tc.field || e.Code != beian.EINVALID {
			t.Errorf("%+v: %v, want a field error on %s", tc.req, err, tc.field)
		}
	}
}

// TestFilingWindowWithoutRunner: a verification after the window, before the
// timer job ran, finds nothing and returns the filing on the spot.
func TestFilingWindowWithoutRunner(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := newFilingEnv(t, engine)
			f := env.mustAccept(firstFiling(4))
			v := f.Verifiers(nil)[0]
			code := env.lastCode(v.Mobile)
			env.now = env.now.Add(beian.SMSVerifyWindow)
			_, err := env.fs.Verify(context.Background(), registry.VerifyRequest{Mobile: v.Mobile, Code: code, CertSuffix: beian.CertSuffix(v.CertNo)})
			if beian.ErrorMessage(err) != beian.SMSVerifyNotFound {
				t.Fatalf("verify after 24 h: %v", err)
			}
			if got := env.filing(f.ID); got.Status != beian.StatusReturned {
				t.Fatalf("after 24 h: %s", got.Status)
			}
			// The timer finds it returned already and changes nothing.
			if _, err := env.runner.RunOnce(context.Background()); err != nil {
				t.Fatal(err)
			}
			if s := env.obs.statuses(1004); len(s) != 1 {
				t.Fatalf("observer: %v", s)
			}
		})
	}
}

// TestFilingVerifyPerClient: one client address gets VerifyPerClient
// attempts an hour, then 429 with a wait.
func TestFilingVerifyPerClient(t *testing.T) {
	env := newFilingEnv(t, "sqlite")
	env.fs.Policy.VerifyPerClient = beian.RateWindow{Limit: 3, Window: time.Hour}
	req := registry.VerifyRequest{Mobile: "13800000009", Code: "123456", CertSuffix: "123456", Client: "198.51.100.9"}
	for i := 0; i < 3; i++ {
		if _, err := env.fs.Verify(context.Background(), req); beian.ErrorMessage(err) != beian.SMSVerifyNotFound {
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	_, err := env.fs.Verify(context.Background(), req)
	if beian.ErrorCode(err) != beian.ERATELIMITED || beian.RetryAfter(err) <= 0 {
		t.Fatalf("over the limit: %v", err)
	}
	req.Client = "198.51.100.10"
	if _, err := env.fs.Verify(context.Background(), req); beian.ErrorCode(err) == beian.ERATELIMITED {
		t.Fatal("another client is limited too")
	}
}
