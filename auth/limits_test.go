package auth_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/internal/testdb"
)

// TestChangePassword_Limit: wrong current passwords are counted like logins
// but on their own key: the fifth locks the change (even with the right
// password) for a minute, told the same in the message and RetryAfter, and
// the owner's login stays open; a success clears the count.
func TestChangePassword_Limit(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, now := setup(t, engine)
			a, err := s.DB.FindAccountByLogin(ctx, "13900000001")
			if err != nil {
				t.Fatal(err)
			}
			for i := range 5 {
				if _, err := s.ChangePassword(ctx, a, "wrong-guess-1", "next-pass-2026", "192.0.2.7"); beian.ErrorMessage(err) != "current: 当前密码错误" {
					t.Fatalf("wrong current password %d: %v", i, err)
				}
			}
			_, err = s.ChangePassword(ctx, a, "applicant-pass-1", "next-pass-2026", "192.0.2.7")
			if beian.ErrorCode(err) != beian.ERATELIMITED || beian.RetryAfter(err) != time.Minute || !strings.Contains(beian.ErrorMessage(err), "60 秒") {
				t.Fatalf("locked change: %v (retry after %v)", err, beian.RetryAfter(err))
			}
			if _, err := s.Login(ctx, "13900000001", "applicant-pass-1", "192.0.2.7"); err != nil {
				t.Fatalf("failed changes locked the login: %v", err)
			}
			*now = now.Add(time.Minute)
			tok, err := s.ChangePassword(ctx, a, "applicant-pass-1", "next-pass-2026", "192.0.2.7")
			if err != nil || tok == "" {
				t.Fatalf("change after the lock: %v", err)
			}
			// The count starts again: four more failures do not lock.
			a, _ = s.DB.FindAccountByLogin(ctx, "13900000001")
			for range 4 {
				s.ChangePassword(ctx, a, "wrong-guess-1", "other-pass-2026", "192.0.2.7")
			}
			if _, err := s.ChangePassword(ctx, a, "next-pass-2026", "other-pass-2026", "192.0.2.7"); err != nil {
				t.Fatalf("a success did not clear the count: %v", err)
			}
		})
	}
}

// TestLockout_MessageAgrees: the lock-out message says the wait that
// RetryAfter (and so the Retry-After header) says.
func TestLockout_MessageAgrees(t *testing.T) {
	s, now := setup(t, "sqlite")
	for range 5 {
		s.Login(ctx, "admin", "guess-guess", "192.0.2.9")
	}
	for _, test := range []struct {
		after time.Duration
		want  string
	}{{0, "请 60 秒后再试"}, {30 * time.Second, "请 30 秒后再试"}} {
		*now = testdb.Now.Add(test.after)
		_, err := s.Login(ctx, "admin", "ops-secret-2026", "198.51.100.1")
		if msg := beian.ErrorMessage(err); !strings.Contains(msg, test.want) || beian.RetryAfter(err) != time.Minute-test.after {
			t.Errorf("after %v: %q, retry after %v", test.after, msg, beian.RetryAfter(err))
		}
	}
}

// TestCreate_StaffFields: staff names, providers and provinces pass one
// check whichever path creates the account; errors name the field.
func TestCreate_StaffFields(t *testing.T) {
	s, _ := setup(t, "sqlite")
	base := auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "pr-one", Name: "王初审", Provider: "某某云", Password: "reviewer-pass-1"}
	for _, test := range []struct {
		name  string
		edit  func(n *auth.NewAccount)
		field string
	}{
		{"blank name", func(n *auth.NewAccount) { n.Name = "  \u3000 " }, "name"},
		{"NUL in name", func(n *auth.NewAccount) { n.Name = "王\x00初审" }, "name"},
		{"broken UTF-8 name", func(n *auth.NewAccount) { n.Name = "王\xff" }, "name"},
		{"long name", func(n *auth.NewAccount) { n.Name = strings.Repeat("王", beian.MaxAccountNameLen+1) }, "name"},
		{"blank provider", func(n *auth.NewAccount) { n.Provider = " " }, "provider"},
		{"control in provider", func(n *auth.NewAccount) { n.Provider = "某某\n云" }, "provider"},
		{"long provider", func(n *auth.NewAccount) { n.Provider = strings.Repeat("云", beian.MaxProviderLen+1) }, "provider"},
		{"NUL in login", func(n *auth.NewAccount) { n.Login = "pr\x00one" }, "login"},
		{"bad province", func(n *auth.NewAccount) {
			n.Role, n.Provinces = beian.RoleBureauReviewer, []string{"浙江", "火星"}
		}, "provinces"},
		{"control in province", func(n *auth.NewAccount) {
			n.Role, n.Provinces = beian.RoleBureauReviewer, []string{"浙\x07江"}
		}, "provinces"},
	} {
		n := base
		test.edit(&n)
		if _, err := s.Create(ctx, n); beian.ErrorCode(err) != beian.EINVALID || !strings.HasPrefix(beian.ErrorMessage(err), test.field+": ") {
			t.Errorf("%s: %v, want an error naming %s", test.name, err, test.field)
		}
	}
	// A province given twice, by name and by code, is kept once.
	a, err := s.Create(ctx, auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "gd-bureau", Provinces: []string{"广东", "440000", " 广东 "}, Password: "bureau-pass-2027"})
	if err != nil || len(a.Provinces) != 1 || a.Provinces[0] != "440000" {
		t.Fatalf("duplicate provinces: %+v %v", a, err)
	}
	if a.Name != "gd-bureau" {
		t.Errorf("an account without a name is named %q, want its login", a.Name)
	}
}

// TestLogin_BadText: a login no account can have (control characters,
// broken UTF-8, too long) is refused naming the field on both engines,
// before the database sees it.
func TestLogin_BadText(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, _ := setup(t, engine)
			for _, login := range []string{"ad\x00min", "\xff\xfe", strings.Repeat("a", 65)} {
				if _, err := s.Login(ctx, login, "whatever-123", "192.0.2.1"); beian.ErrorCode(err) != beian.EINVALID || !strings.HasPrefix(beian.ErrorMessage(err), "login: ") {
					t.Errorf("%q: %v", login, err)
				}
			}
		})
	}
}
