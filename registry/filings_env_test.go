package registry_test

import (
	"context"
	"fmt"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// recorder is a FilingObserver that keeps every change, as the agent's
// mirror would, and can be told to fail.
type recorder struct {
	mu      sync.Mutex
	changes []beian.RegistryChange
	fail    error
}

func (r *recorder) FilingChanged(ctx context.Context, tx *store.Tx, c beian.RegistryChange) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		return r.fail
	}
	r.changes = append(r.changes, c)
	return nil
}

func (r *recorder) statuses(appID int64) []beian.ApplicationStatus {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []beian.ApplicationStatus
	for _, c := range r.changes {
		if c.ApplicationID == appID {
			out = append(out, c.Status)
		}
	}
	return out
}

type filingEnv struct {
	t      testing.TB
	db     *store.DB
	fs     *registry.Filings
	obs    *recorder
	runner *jobs.Runner
	now    time.Time
	codes  int
}

func newFilingEnv(t testing.TB, engine string) *filingEnv {
	t.Helper()
	env := &filingEnv{t: t, db: testdb.Open(t, engine), now: testdb.Now, obs: &recorder{}}
	env.db.Now = func() time.Time { return env.now }
	n, err := notify.New()
	if err != nil {
		t.Fatal(err)
	}
	n.Dev = true
	env.fs = &registry.Filings{
		DB: env.db, Notifier: n, Observer: env.obs, Policy: registry.DefaultFilingPolicy,
		Passwords: &registry.Passwords{DB: env.db, Notifier: n, Policy: registry.DefaultPasswordPolicy},
	}
	env.runner = &jobs.Runner{DB: env.db}
	env.fs.RegisterJobs(env.runner)
	return env
}

var codeRE = regexp.MustCompile(`验证码：([0-9]{6})`)

// lastCode returns the newest verification code in the outbox for mobile.
func (env *filingEnv) lastCode(mobile string) string {
	env.t.Helper()
	list, err := env.db.FindMessages(context.Background(), beian.MessageFilter{To: mobile})
	if err != nil {
		env.t.Fatal(err)
	}
	for _, m := range list {
		if c := codeRE.FindStringSubmatch(m.Body); c != nil && m.Channel == beian.ChannelSMS {
			return c[1]
		}
	}
	env.t.Fatalf("no verification code for %s", mobile)
	return ""
}

func (env *filingEnv) accept(f *beian.RegistryFiling) error {
	return env.db.InTx(context.Background(), func(tx *store.Tx) error { return env.fs.Accept(context.Background(), tx, f) })
}

func (env *filingEnv) mustAccept(f *beian.RegistryFiling) *beian.RegistryFiling {
	env.t.Helper()
	if err := env.accept(f); err != nil {
		env.t.Fatalf("accept: %v", err)
	}
	return f
}

func (env *filingEnv) filing(id int64) *beian.RegistryFiling {
	env.t.Helper()
	f, err := env.db.FindFiling(context.Background(), id)
	if err != nil {
		env.t.Fatal(err)
	}
	return f
}

// verifyAll verifies every principal of f with the codes sent.
func (env *filingEnv) verifyAll(f *beian.RegistryFiling) {
	env.t.Helper()
	for _, v := range f.Verifiers(nil) {
		if _, err := env.fs.Verify(context.Background(), registry.VerifyRequest{Mobile: v.Mobile, Code: env.lastCode(v.Mobile),
			CertSuffix: beian.CertSuffix(v.CertNo), Client: "192.0.2.1"}); err != nil {
			env.t.Fatalf("verify %s: %v", v.Mobile, err)
		}
	}
}

var bureauZJ = &beian.Account{ID: 900, Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"330000"}}
var bureauGD = &beian.Account{ID: 901, Role: beian.RoleBureauReviewer, Login: "gd-bureau", Provinces: []string{"440000"}}

// idNo returns a valid resident ID number for person i.
func idNo(i int) string {
	first17 := fmt.Sprintf("330106198502%02d%03d", i%28+1, i%1000)
	return first17 + string(rules.ResidentIDCheckDigit(first17))
}

// firstFiling is a 首次备案 of a company in Zhejiang: one website whose
// principal is another person than the entity's, at provider 某某云.
func firstFiling(i int) *beian.RegistryFiling {
	e := beian.Entity{
		UnitName: fmt.Sprintf("杭州测试%03d科技有限公司", i), Nature: "企业", Province: "330000",
		CertType: "统一社会信用代码证书", CertNo: fmt.Sprintf("TESTCERT%010d", i),
		Principal: beian.Principal{Name: "张三", CertType: "居民身份证", CertNo: idNo(i), Mobile: fmt.Sprintf("138%08d", i), Email: fmt.Sprintf("boss%d@example.cn", i)},
		Services: []*beian.Service{{
			Type: beian.ServiceWebsite, Name: "测试官网", Domains: []string{fmt.Sprintf("test%d-example.cn", i)}, HomeURL: fmt.Sprintf("www.test%d-example.cn", i),
			Principal: &beian.Principal{Name: "李四", CertType: "居民身份证", CertNo: idNo(i + 500), Mobile: fmt.Sprintf("139%08d", i), Email: fmt.Sprintf("site%d@example.cn", i)},
		}},
	}
	return &beian.RegistryFiling{
		Provider: "某某云", ApplicationID: int64(1000 + i), Version: 1, FilingType: beian.FilingFirst,
		Record:      &beian.ApplicationRecord{Entity: e, Apps: []*beian.AppInfo{nil}},
		Access:      [][]beian.Access{{{Provider: "某某云", IPs: []string{"203.0.113.10"}}}},
		Materials:   []beian.MaterialRef{{Kind: beian.MaterialPrincipalPhoto, SHA256: "ab12"}},
		SubmittedAt: testdb.Now,
	}
}
