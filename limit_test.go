package beian_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
)

func TestLockout(t *testing.T) {
	l := beian.Lockout{Limit: 5, Base: time.Minute, Max: time.Hour}
	for failures, want := range []time.Duration{0, 0, 0, 0, 0, time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute, 32 * time.Minute, time.Hour, time.Hour} {
		if got := l.LockFor(failures); got != want {
			t.Errorf("LockFor(%d) = %v, want %v", failures, got, want)
		}
	}
	if got := (beian.Lockout{Base: time.Minute, Max: time.Hour}).LockFor(100); got != 0 {
		t.Errorf("limit 0 locked for %v", got)
	}
}

// TestRateWindow: the wait is the time until the oldest counted event leaves
// the rolling window, not a fixed hour.
func TestRateWindow(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	w := beian.RateWindow{Limit: 3, Window: 24 * time.Hour}
	ago := func(h ...int) (out []time.Time) {
		for _, x := range h {
			out = append(out, now.Add(-time.Duration(x)*time.Hour))
		}
		return out
	}
	for _, test := range []struct {
		events []time.Time
		want   time.Duration
	}{
		{ago(), 0},
		{ago(20, 1), 0},
		{ago(20, 5, 1), 4 * time.Hour},
		{ago(23, 10, 5, 1), 14 * time.Hour}, // four counted: the second oldest must leave
	} {
		if got := w.Wait(test.events, now); got != test.want {
			t.Errorf("Wait(%v) = %v, want %v", test.events, got, test.want)
		}
	}
}

// TestRateLimited: the message says the wait RetryAfter carries, rounded up
// as the Retry-After header rounds (whole seconds).
func TestRateLimited(t *testing.T) {
	for _, test := range []struct {
		wait time.Duration
		want string
	}{
		{time.Minute, "请 60 秒后再试"},
		{1500 * time.Millisecond, "请 2 秒后再试"},
		{2 * time.Minute, "请 2 分钟后再试"},
		{90*time.Minute + time.Second, "请 91 分钟后再试"},
		{19 * time.Hour, "请 19 小时后再试"},
		{19*time.Hour + time.Second, "请 20 小时后再试"},
	} {
		err := beian.RateLimited(test.wait, "请 %s后再试")
		if err.Message != test.want || err.RetryAfter != test.wait || err.Code != beian.ERATELIMITED {
			t.Errorf("RateLimited(%v) = %+v, want %q", test.wait, err, test.want)
		}
	}
}

func TestAccountValidate(t *testing.T) {
	ok := beian.Account{Role: beian.RoleBureauReviewer, Login: "zj", Name: "审核员", Provinces: []string{"330000", "440000"}}
	if err := ok.Validate(); err != nil {
		t.Fatal(err)
	}
	for _, test := range []struct {
		edit  func(a *beian.Account)
		field string
	}{
		{func(a *beian.Account) { a.Role = "king" }, "role"},
		{func(a *beian.Account) { a.Name = "" }, "name"},
		{func(a *beian.Account) { a.Name = "审\u0085核" }, "name"},
		{func(a *beian.Account) { a.Provinces = []string{"330000", "330000"} }, "provinces"},
		{func(a *beian.Account) { a.Provinces = nil }, "provinces"},
		{func(a *beian.Account) { a.Role, a.Provider = beian.RoleProviderReviewer, "" }, "provider"},
	} {
		a := ok
		test.edit(&a)
		if err := a.Validate(); !strings.HasPrefix(beian.ErrorMessage(err), test.field+": ") {
			t.Errorf("%+v: %v, want an error naming %s", a, err, test.field)
		}
	}
}
