package auth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/internal/testdb"
)

var ctx = context.Background()

func TestCheckNewPassword(t *testing.T) {
	for _, test := range []struct {
		pw, login string
		ok        bool
	}{
		{"correct horse battery", "", true},
		{"Beian-demo-2026", "admin", true},
		{"短密码", "", false},
		{strings.Repeat("x", 65), "", false},
		{"password123", "", false},
		{"Woaini1314", "", false},
		{"aaaaaaaaaa", "", false},
		{"12345678", "", false},
		{"hgfedcba", "", false},
		{"zhangsan-2026", "zhangsan", false},
		{"我的备案密码很长很长", "", true},
	} {
		if err := auth.CheckNewPassword("password", test.pw, test.login); (err == nil) != test.ok {
			t.Errorf("%q (login %q): %v, want ok=%v", test.pw, test.login, err, test.ok)
		} else if err != nil && !strings.HasPrefix(beian.ErrorMessage(err), "password: ") {
			t.Errorf("error does not name the field: %v", err)
		}
	}
}

func setup(t *testing.T, engine string) (*auth.Accounts, *time.Time) {
	t.Helper()
	db := testdb.Open(t, engine)
	now := testdb.Now
	db.Now = func() time.Time { return now }
	s := &auth.Accounts{DB: db, Policy: auth.DefaultPolicy}
	for _, n := range []auth.NewAccount{
		{Role: beian.RoleApplicant, Login: "139 0000 0001", Password: "applicant-pass-1"},
		{Role: beian.RoleAdmin, Login: "admin", Password: "ops-secret-2026"},
		{Role: beian.RoleBureauReviewer, Login: "zj-bureau", Provinces: []string{"浙江", "330000"}, Password: "bureau-pass-2026"},
	} {
		if _, err := s.Create(ctx, n); err != nil {
			t.Fatal(err)
		}
	}
	return s, &now
}

func TestCreate(t *testing.T) {
	s, _ := setup(t, "sqlite")
	for _, test := range []struct {
		n     auth.NewAccount
		field string
	}{
		{auth.NewAccount{Role: "king", Login: "x", Password: "long-enough-1"}, "role"},
		{auth.NewAccount{Role: beian.RoleApplicant, Login: "12345", Password: "long-enough-1"}, "login"},
		{auth.NewAccount{Role: beian.RoleAdmin, Login: "Bad Name", Password: "long-enough-1"}, "login"},
		{auth.NewAccount{Role: beian.RoleBureauReviewer, Login: "bj-bureau", Password: "long-enough-1"}, "provinces"},
		{auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "pr-reviewer", Password: "long-enough-1"}, "provider"},
		{auth.NewAccount{Role: beian.RoleAdmin, Login: "root", Password: "password"}, "password"},
		{auth.NewAccount{Role: beian.RoleAdmin, Login: "admin", Password: "long-enough-1"}, "login"},
		{auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "pr-mail", Provider: "某某云", Email: "not-an-address", Password: "long-enough-1"}, "email"},
		{auth.NewAccount{Role: beian.RoleApplicant, Login: "13900000077", Email: "a@example.cn", Password: "long-enough-1"}, "email"},
	} {
		_, err := s.Create(ctx, test.n)
		if !strings.HasPrefix(beian.ErrorMessage(err), test.field+": ") {
			t.Errorf("%+v: %v, want an error naming %s", test.n, err, test.field)
		}
	}
	// A staff account keeps its email for notices.
	a, err := s.Create(ctx, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "pr-mail", Provider: "某某云", Email: " pr@example.cn ", Password: "long-enough-1"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.DB.FindAccountByLogin(ctx, "pr-mail"); err != nil || got.Email != "pr@example.cn" || a.Email != "pr@example.cn" {
		t.Errorf("stored email %+v, %v", got, err)
	}
}

func TestLogin(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			s, now := setup(t, engine)
			r1, err := s.Login(ctx, "+86 13900000001", "applicant-pass-1", "192.0.2.1")
			a, tok1 := r1.Account, r1.Token
			if err != nil || a.Role != beian.RoleApplicant || r1.NeedTOTP {
				t.Fatalf("login: %v", err)
			}
			tok2 := login(s, "13900000001", "applicant-pass-1", "192.0.2.1")
			if tok1 == tok2 {
				t.Fatal("a login reused a session token")
			}
			// Unknown account and wrong password answer the same.
			_, e1 := s.Login(ctx, "nobody", "whatever-123", "192.0.2.2")
			_, e2 := s.Login(ctx, "admin", "whatever-123", "192.0.2.2")
			if beian.ErrorMessage(e1) != beian.ErrorMessage(e2) || beian.ErrorCode(e1) != beian.EUNAUTHORIZED {
				t.Fatalf("unknown %v vs wrong %v", e1, e2)
			}

			// Sessions: idle and absolute time-outs.
			if _, err := s.Session(ctx, tok1); err != nil {
				t.Fatal(err)
			}
			*now = now.Add(29 * time.Minute)
			if _, err := s.Session(ctx, tok1); err != nil {
				t.Fatalf("29 minutes idle: %v", err)
			}
			*now = now.Add(31 * time.Minute)
			if _, err := s.Session(ctx, tok1); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
				t.Fatalf("31 minutes idle: %v", err)
			}
			tok3 := login(s, "13900000001", "applicant-pass-1", "192.0.2.1")
			for range 26 { // 26 × 29 min: past 12 hours, never idle 30
				*now = now.Add(29 * time.Minute)
				s.Session(ctx, tok3)
			}
			if _, err := s.Session(ctx, tok3); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
				t.Fatalf("past the absolute limit: %v", err)
			}
			// Logout everywhere.
			t4 := login(s, "13900000001", "applicant-pass-1", "192.0.2.1")
			t5 := login(s, "13900000001", "applicant-pass-1", "192.0.2.3")
			if err := s.LogoutEverywhere(ctx, a, "192.0.2.1"); err != nil {
				t.Fatal(err)
			}
			for _, tok := range []string{t4, t5} {
				if _, err := s.Session(ctx, tok); err == nil {
					t.Fatal("a session survived logout everywhere")
				}
			}
		})
	}
}

// TestLogin_BruteForce: five wrong passwords lock the account, even against
// the right one, for a minute that doubles; guessing across accounts from one
// address locks the address.
func TestLogin_BruteForce(t *testing.T) {
	s, now := setup(t, "sqlite")
	for range 5 {
		if _, err := s.Login(ctx, "admin", "guess-guess", "192.0.2.9"); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
			t.Fatal(err)
		}
	}
	_, err := s.Login(ctx, "admin", "ops-secret-2026", "198.51.100.1")
	if beian.ErrorCode(err) != beian.ERATELIMITED || beian.RetryAfter(err) != time.Minute {
		t.Fatalf("locked account: %v", err)
	}
	*now = now.Add(time.Minute)
	s.Login(ctx, "admin", "guess-guess", "192.0.2.9")
	if _, err := s.Login(ctx, "admin", "ops-secret-2026", "198.51.100.1"); beian.RetryAfter(err) != 2*time.Minute {
		t.Fatalf("doubled lock: %v", err)
	}
	*now = now.Add(2 * time.Minute)
	if _, err := s.Login(ctx, "admin", "ops-secret-2026", "198.51.100.1"); err != nil {
		t.Fatalf("after the lock: %v", err)
	}

	// One address guessing many accounts.
	s.Policy.ClientFailures = 3
	for i := range 3 {
		s.Login(ctx, []string{"a1", "a2", "a3"}[i], "guess-guess", "203.0.113.5")
	}
	if _, err := s.Login(ctx, "zj-bureau", "bureau-pass-2026", "203.0.113.5"); beian.ErrorCode(err) != beian.ERATELIMITED {
		t.Fatalf("locked address: %v", err)
	}
	if _, err := s.Login(ctx, "zj-bureau", "bureau-pass-2026", "203.0.113.6"); err != nil {
		t.Fatalf("another address: %v", err)
	}
}

func login(s *auth.Accounts, l, p, client string) string {
	r, _ := s.Login(ctx, l, p, client)
	return r.Token
}
