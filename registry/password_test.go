package registry_test

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/email"
	"github.com/beianhq/beian/internal/smtpsink"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

var passwordRE = regexp.MustCompile(`备案密码：([A-Za-z0-9]{10,32})`)

// passwordEnv is an imported entity, the password service with SMS into the
// dev outbox and email to a real SMTP server, and a settable clock.
type passwordEnv struct {
	db     *store.DB
	ps     *registry.Passwords
	worker *notify.Worker
	sink   *smtpsink.Sink
	now    time.Time
}

func newPasswordEnv(t *testing.T, engine string) *passwordEnv {
	t.Helper()
	ctx := context.Background()
	env := &passwordEnv{db: testdb.Open(t, engine), now: testdb.Now}
	env.db.Now = func() time.Time { return env.now }
	if _, err := registry.Import(ctx, env.db, jsonl(t, validRecordWithLicence()), importOpts(env.db, false)); err != nil {
		t.Fatal(err)
	}
	sink, err := smtpsink.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sink.Stop() })
	env.sink = sink
	sender, err := email.NewSender(email.Config{Addr: sink.Addr(), From: "noreply@beian.test", TLS: email.TLSNone})
	if err != nil {
		t.Fatal(err)
	}
	n, err := notify.New()
	if err != nil {
		t.Fatal(err)
	}
	n.Dev, n.Email = true, true
	env.worker = &notify.Worker{DB: env.db, Email: notify.SMTP{Sender: sender}}
	env.ps = &registry.Passwords{DB: env.db, Notifier: n, Policy: registry.DefaultPasswordPolicy}
	return env
}

func validRecordWithLicence() registry.Record {
	r := validRecord()
	r.MainLicence = "浙ICP备2021012345号"
	return r
}

func (env *passwordEnv) recover(t *testing.T, client string) error {
	t.Helper()
	return env.ps.Recover(context.Background(), registry.RecoverRequest{
		Province: "330000", Licence: "浙ICP备2021012345号", CertType: "统一社会信用代码证书", CertNo: "91330106MA2CFXRU0X", Client: client,
	})
}

func (env *passwordEnv) change(old, new string) error {
	return env.ps.Change(context.Background(), registry.ChangeRequest{
		Province: "浙江", Licence: "浙ICP备2021012345号", OldPassword: old, NewPassword: new, Client: "192.0.2.1",
	})
}

// latestSMS returns the password in the newest SMS to the principal.
func (env *passwordEnv) latestSMS(t *testing.T) string {
	t.Helper()
	list, err := env.db.FindMessages(context.Background(), beian.MessageFilter{To: "13800000001", Limit: 1})
	if err != nil || len(list) == 0 {
		t.Fatalf("no SMS: %v", err)
	}
	m := passwordRE.FindStringSubmatch(list[0].Body)
	if m == nil {
		t.Fatalf("SMS without 备案密码：<password>: %q", list[0].Body)
	}
	return m[1]
}

func TestPassword_EndToEnd(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := newPasswordEnv(t, engine)
			ctx := context.Background()
			if err := env.recover(t, "198.51.100.7"); err != nil {
				t.Fatal(err)
			}
			pw := env.latestSMS(t)
			// The email reaches the real SMTP server with the same password.
			if _, err := env.worker.RunOnce(ctx); err != nil {
				t.Fatal(err)
			}
			mails := env.sink.Mails()
			if len(mails) != 1 || mails[0].To[0] != "zhang@example.cn" || !strings.Contains(string(mails[0].Data), "Content-Transfer-Encoding: base64") {
				t.Fatalf("mails=%+v", mails)
			}
			// Changing to the same password is how people check one.
			if err := env.change(pw, pw); err != nil {
				t.Fatalf("change to the same password: %v", err)
			}
			if err := env.change(pw, "NewPassw0rd-2026"); err != nil {
				t.Fatalf("change: %v", err)
			}
			// The old one now fails with the exact message.
			err := env.change(pw, "Whatever-123")
			if beian.ErrorCode(err) != beian.EINVALID || beian.ErrorMessage(err) != "您输入的旧密码错误,请重新输入" {
				t.Fatalf("old password: %v", err)
			}
			// The principal was told of the change, without the password.
			list, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: "13800000001", Limit: 1})
			if !strings.Contains(list[0].Body, "已修改") || strings.Contains(list[0].Body, "NewPassw0rd") {
				t.Fatalf("change notice: %q", list[0].Body)
			}
			// A new recovery replaces the password again; the last one stops working.
			env.now = env.now.Add(2 * time.Minute)
			if err := env.recover(t, "198.51.100.7"); err != nil {
				t.Fatal(err)
			}
			if err := env.change("NewPassw0rd-2026", "x-12345678"); beian.ErrorCode(err) != beian.EINVALID {
				t.Fatalf("password before recovery still works: %v", err)
			}
			// Audit: requests recorded, no password anywhere.
			audit, _ := env.db.FindAudit(ctx, 100)
			if len(audit) < 5 {
				t.Fatalf("audit=%+v", audit)
			}
			for _, a := range audit {
				s := a.Actor + a.Action + a.Object + a.Client + a.Outcome
				if strings.Contains(s, pw) || strings.Contains(s, "NewPassw0rd") {
					t.Fatalf("audit holds a password: %+v", a)
				}
			}
		})
	}
}

func TestPassword_LockOut(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := newPasswordEnv(t, engine)
			env.recover(t, "198.51.100.7")
			pw := env.latestSMS(t)
			for i := 1; i <= 5; i++ {
				if err := env.change("wrong-"+pw, pw); beian.ErrorMessage(err) != registry.WrongOldPassword {
					t.Fatalf("failure %d: %v", i, err)
				}
			}
			// Locked: even the right password is refused, with a wait.
			err := env.change(pw, pw)
			if beian.ErrorCode(err) != beian.ERATELIMITED || beian.RetryAfter(err) != time.Minute {
				t.Fatalf("locked: %v (retry after %v)", err, beian.RetryAfter(err))
			}
			env.now = env.now.Add(time.Minute)
			// One more failure after the lock doubles it.
			env.change("wrong", pw)
			if err := env.change(pw, pw); beian.RetryAfter(err) != 2*time.Minute {
				t.Fatalf("second lock: %v (retry after %v)", err, beian.RetryAfter(err))
			}
			env.now = env.now.Add(2 * time.Minute)
			if err := env.change(pw, pw); err != nil {
				t.Fatalf("after the lock: %v", err)
			}
			// Success reset the count: one failure does not lock.
			env.change("wrong", pw)
			if err := env.change(pw, pw); err != nil {
				t.Fatalf("after one failure: %v", err)
			}
		})
	}
}

func TestPassword_Recover(t *testing.T) {
	env := newPasswordEnv(t, "sqlite")
	ctx := context.Background()
	for _, test := range []struct {
		name  string
		req   registry.RecoverRequest
		field string
	}{
		{"ServiceNumber", registry.RecoverRequest{Province: "浙江", Licence: "浙ICP备2021012345号-1", CertType: "x", CertNo: "y"}, "licence"},
		{"Province", registry.RecoverRequest{Province: "火星", Licence: "浙ICP备2021012345号", CertType: "x", CertNo: "y"}, "province"},
		{"ProvinceMismatch", registry.RecoverRequest{Province: "北京", Licence: "浙ICP备2021012345号", CertType: "x", CertNo: "y"}, "licence"},
		{"NoCertType", registry.RecoverRequest{Province: "浙江", Licence: "浙ICP备2021012345号", CertNo: "y"}, "certType"},
		{"NoCertNo", registry.RecoverRequest{Province: "浙江", Licence: "浙ICP备2021012345号", CertType: "x"}, "certNo"},
	} {
		t.Run(test.name, func(t *testing.T) {
			err := env.ps.Recover(ctx, test.req)
			if !strings.HasPrefix(beian.ErrorMessage(err), test.field+": ") || beian.ErrorCode(err) != beian.EINVALID {
				t.Fatalf("err=%v, want EINVALID naming %s", err, test.field)
			}
		})
	}
	if msg := beian.ErrorMessage(env.ps.Recover(ctx, registry.RecoverRequest{Province: "浙江", Licence: "浙ICP备2021012345号-1", CertType: "x", CertNo: "y"})); !strings.Contains(msg, "浙ICP备2021012345号") {
		t.Errorf("service number message should show the main number: %q", msg)
	}

	// Unmatched requests answer the same and send nothing.
	for _, req := range []registry.RecoverRequest{
		{Province: "浙江", Licence: "浙ICP备2021099999号", CertType: "统一社会信用代码证书", CertNo: "91330106MA2CFXRU0X"},
		{Province: "浙江", Licence: "浙ICP备2021012345号", CertType: "统一社会信用代码证书", CertNo: "91330106MA2CFXRU1X"},
		{Province: "浙江", Licence: "浙ICP备2021012345号", CertType: "组织机构代码证", CertNo: "91330106MA2CFXRU0X"},
	} {
		if err := env.ps.Recover(ctx, req); err != nil {
			t.Fatalf("unmatched %+v: %v", req, err)
		}
	}
	if list, _ := env.db.FindMessages(ctx, beian.MessageFilter{}); len(list) != 0 {
		t.Fatalf("unmatched recoveries sent %d messages", len(list))
	}

	// Three matches a day per entity (configured here); the fourth answers
	// the same, changes nothing.
	env.ps.Policy.RecoverPerEntity = 3
	for i := range 4 {
		env.now = env.now.Add(2 * time.Minute)
		if err := env.recover(t, "198.51.100.7"); err != nil {
			t.Fatal(err)
		}
		if list, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: "zhang@example.cn"}); len(list) != min(i+1, 3) {
			t.Fatalf("after recovery %d: %d emails", i+1, len(list))
		}
	}
	// A client over its daily limit gets 429.
	env.ps.Policy.RecoverPerClient = 6 // four requests made, two more allowed
	var err error
	for range 3 {
		err = env.ps.Recover(ctx, registry.RecoverRequest{Province: "浙江", Licence: "浙ICP备2021099999号", CertType: "a", CertNo: "b", Client: "198.51.100.7"})
	}
	if beian.ErrorCode(err) != beian.ERATELIMITED || beian.RetryAfter(err) <= 0 {
		t.Fatalf("client limit: %v", err)
	}
}

func TestCheckLegacyPassword(t *testing.T) {
	env := newPasswordEnv(t, "sqlite")
	ctx := context.Background()
	for _, test := range []struct {
		policy, pw string
		ok         bool
	}{
		{registry.LegacyAbolished, "123456", true},
		{registry.LegacyAbolished, "000000", true},
		{registry.LegacyAbolished, "12345", false},
		{registry.LegacyAbolished, "abcdef", false},
		{registry.LegacyVerify, "123456", false},
	} {
		env.ps.Policy.Legacy = test.policy
		if err := env.ps.CheckLegacyPassword(ctx, "浙ICP备2021012345号", test.pw); (err == nil) != test.ok {
			t.Errorf("%s %q: %v", test.policy, test.pw, err)
		}
	}
	env.recover(t, "")
	pw := env.latestSMS(t)
	env.ps.Policy.Legacy = registry.LegacyVerify
	if err := env.ps.CheckLegacyPassword(ctx, "浙ICP备2021012345号", pw); err != nil {
		t.Errorf("verify with the real password: %v", err)
	}
}

func TestHashPassword(t *testing.T) {
	h := registry.HashPassword("Ab3dEf6hJk9m")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") || strings.Contains(h, "Ab3dEf6hJk9m") {
		t.Fatalf("hash=%q", h)
	}
	if !registry.CheckPassword(h, "Ab3dEf6hJk9m") || registry.CheckPassword(h, "Ab3dEf6hJk9n") || registry.CheckPassword("", "") || registry.CheckPassword("garbage", "x") {
		t.Fatal("CheckPassword")
	}
	if h2 := registry.HashPassword("Ab3dEf6hJk9m"); h2 == h {
		t.Fatal("hashes are not salted")
	}
	seen := map[string]bool{}
	for range 100 {
		p := registry.NewPassword()
		if !regexp.MustCompile(`^[A-Za-z0-9]{10,32}$`).MatchString(p) || seen[p] {
			t.Fatalf("NewPassword=%q", p)
		}
		seen[p] = true
	}
}

func TestPassword_Issue(t *testing.T) {
	env := newPasswordEnv(t, "sqlite")
	ctx := context.Background()
	e, err := env.db.FindEntityByLicence(ctx, "浙ICP备2021012345号")
	if err != nil {
		t.Fatal(err)
	}
	if err := env.db.InTx(ctx, func(tx *store.Tx) error { return env.ps.Issue(ctx, tx, e) }); err != nil {
		t.Fatal(err)
	}
	list, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: "13800000001"})
	if len(list) != 1 || list[0].Template != "password_issued" {
		t.Fatalf("messages=%+v", list)
	}
	pw := env.latestSMS(t)
	if err := env.change(pw, pw); err != nil {
		t.Fatalf("issued password does not work: %v", err)
	}
}

// TestPassword_FirstRecoveryIsARecovery: an imported entity that never had
// a password gets its first one by recovery, told as a recovery (not as the
// approval of a first filing), and the password works.
func TestPassword_FirstRecoveryIsARecovery(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := newPasswordEnv(t, engine)
			if err := env.recover(t, ""); err != nil {
				t.Fatal(err)
			}
			list, _ := env.db.FindMessages(context.Background(), beian.MessageFilter{To: "13800000001"})
			if len(list) != 1 || list[0].Template != "password_reset" || strings.Contains(list[0].Body, "首个备案已通过审核") {
				t.Fatalf("first recovery of an imported entity: %+v", list)
			}
			pw := env.latestSMS(t)
			if err := env.change(pw, pw); err != nil {
				t.Fatalf("recovered password does not work: %v", err)
			}
		})
	}
}

// TestPassword_RecoverWindow: the per-client limit is a rolling 24 hours;
// a refusal's RetryAfter and its message both say when the oldest counted
// request leaves the window, and then one request is allowed again.
func TestPassword_RecoverWindow(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := newPasswordEnv(t, engine)
			env.ps.Policy.RecoverPerClient = 2
			start := env.now
			for _, at := range []time.Duration{0, 5 * time.Hour} {
				env.now = start.Add(at)
				if err := env.recover(t, "198.51.100.8"); err != nil {
					t.Fatal(err)
				}
			}
			env.now = start.Add(6 * time.Hour)
			err := env.recover(t, "198.51.100.8")
			if beian.ErrorCode(err) != beian.ERATELIMITED || beian.RetryAfter(err) != 18*time.Hour || !strings.Contains(beian.ErrorMessage(err), "请 18 小时后再试") {
				t.Fatalf("over the limit: %v (retry after %v)", err, beian.RetryAfter(err))
			}
			env.now = start.Add(24 * time.Hour)
			if err := env.recover(t, "198.51.100.8"); err != nil {
				t.Fatalf("after the oldest left the window: %v", err)
			}
			if err := env.recover(t, "198.51.100.8"); beian.RetryAfter(err) != 5*time.Hour {
				t.Fatalf("next wait: %v (retry after %v)", err, beian.RetryAfter(err))
			}
		})
	}
}
