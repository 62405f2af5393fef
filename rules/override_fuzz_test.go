package rules

import (
	"testing"
	"time"
)

// The override files are written by operators: their parsers get fuzz
// targets like every reader of outside input. Each must not panic, and a
// file it accepts must leave a usable calendar or rule set.

func FuzzCalendarOverride(f *testing.F) {
	f.Add([]byte("2026-03-02\tholiday\t临时休假\n2026-10-10\tweekday\n"))
	f.Add([]byte("# c\n\n2026-02-14\tworkday\n"))
	f.Add([]byte("2026-13-40\tholiday"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DefaultCalendar.WithOverride(b)
		if err != nil {
			return
		}
		at := time.Date(2026, 9, 30, 9, 0, 0, 0, shanghai)
		if got := c.AddWorkingDays(at, 3); !got.After(at) || c.WorkingDaysBetween(at, got) != 3 {
			t.Fatalf("calendar after override: %s", got)
		}
	})
}

func FuzzProvinceRulesOverride(f *testing.F) {
	f.Add([]byte("北京\t16\t0\tall\trequired\t3\t0\t北京,首都\n"))
	f.Add([]byte("110000\t0\t0\t-\tfree\t0\t0\t-"))
	f.Add([]byte("北京\t0"))
	f.Fuzz(func(t *testing.T, b []byte) {
		rs, err := DefaultProvinceRules().WithOverride(b)
		if err != nil {
			return
		}
		for _, p := range Provinces() {
			r := rs.Rule(p.Code)
			if r.MinAgeAll < 0 || r.PersonalSites < 0 || r.LegalRep == "" {
				t.Fatalf("%s: %+v", p.Name, r)
			}
		}
	})
}

func FuzzNameWordsOverride(f *testing.F) {
	f.Add([]byte("personal\t-科技\npersonal\t小站\nsector\t游戏\t文化\n"))
	f.Add([]byte("forbidden\t\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		w, err := DefaultNameWords().WithOverride(b)
		if err != nil {
			return
		}
		_ = w.CheckSiteName(SiteName{Name: "张三的摄影作品", Nature: NaturePerson, UnitName: "张三"})
	})
}

func FuzzRejectionsOverride(f *testing.F) {
	f.Add([]byte("site_name\tservices[].serviceName\t原因\t建议\n-finance\n"))
	f.Add([]byte("-\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := DefaultRejections().WithOverride(b)
		if err != nil {
			return
		}
		for _, r := range c.All() {
			if got, ok := c.Lookup(r.Code); !ok || got != r {
				t.Fatalf("Lookup(%s) = %+v, %v", r.Code, got, ok)
			}
		}
	})
}

func FuzzCheckSiteName(f *testing.F) {
	for _, s := range []string{"云栖科技官网", "abc", "中国银行官网", "张三的论坛", ""} {
		f.Add(s, "个人")
	}
	f.Fuzz(func(t *testing.T, name, nature string) {
		_ = DefaultNameWords().CheckSiteName(SiteName{Name: name, Nature: nature, UnitName: "张三", Domains: []string{"example.com"}})
	})
}
