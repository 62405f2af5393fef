package rules

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/6tail/lunar-go/HolidayUtil"
)

// TestCalendarMatchesLunar checks the embedded data against lunar-go's table
// of statutory holidays and adjusted workdays, for every day of 2025–2027.
func TestCalendarMatchesLunar(t *testing.T) {
	for d := time.Date(2025, 1, 1, 12, 0, 0, 0, shanghai); d.Year() <= 2027; d = d.AddDate(0, 0, 1) {
		want := d.Weekday() != time.Saturday && d.Weekday() != time.Sunday
		if h := HolidayUtil.GetHolidayByYmd(d.Year(), int(d.Month()), d.Day()); h != nil {
			want = h.IsWork()
		}
		if got := DefaultCalendar.IsWorkday(d); got != want {
			t.Errorf("%s (%s): IsWorkday = %v, lunar-go says %v", d.Format(time.DateOnly), d.Weekday(), got, want)
		}
	}
	for y := 2025; y <= 2027; y++ {
		if !DefaultCalendar.Covers(y) {
			t.Errorf("calendar does not cover %d", y)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, shanghai)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-03-02 10:00", 1, "2026-03-03 10:00"}, // Monday → Tuesday
		{"2026-03-06 15:30", 1, "2026-03-09 15:30"}, // Friday → Monday
		{"2026-03-07 10:00", 1, "2026-03-10 00:00"}, // Saturday: end of Monday
		{"2026-09-30 09:00", 1, "2026-10-08 09:00"}, // 国庆: Oct 1–7 off; Oct 8 is a Thursday
		{"2026-10-09 09:00", 1, "2026-10-10 09:00"}, // Saturday Oct 10 is worked
		{"2026-02-13 18:00", 1, "2026-02-14 18:00"}, // 春节 make-up Saturday
		{"2026-02-14 18:00", 1, "2026-02-24 18:00"}, // through the 春节 holiday
		{"2025-12-31 12:00", 1, "2026-01-04 12:00"}, // 元旦 Jan 1–3 off, Sunday Jan 4 worked
		{"2025-12-31 12:00", 2, "2026-01-05 12:00"},
		{"2026-11-02 09:00", 20, "2026-11-30 09:00"}, // bureau review: four plain weeks
		{"2026-09-14 09:00", 20, "2026-10-16 09:00"}, // across 中秋 and 国庆, with two worked weekend days
		{"2026-03-02 10:00", 0, "2026-03-02 10:00"},
		{"2028-01-07 10:00", 1, "2028-01-10 10:00"}, // beyond the data: weekdays
	}
	for _, tt := range tests {
		got := DefaultCalendar.AddWorkingDays(at(tt.from), tt.n)
		if want := at(tt.want); !got.Equal(want) {
			t.Errorf("AddWorkingDays(%s, %d) = %s, want %s", tt.from, tt.n, got.Format("2006-01-02 15:04 Mon"), tt.want)
		}
	}
	// The answer is in Asia/Shanghai whatever zone t is in.
	utc := time.Date(2026, 3, 6, 17, 0, 0, 0, time.UTC) // Saturday 01:00 in Shanghai
	if got := DefaultCalendar.AddWorkingDays(utc, 1); !got.Equal(at("2026-03-10 00:00")) {
		t.Errorf("from UTC: %s", got)
	}
}

func TestWorkingDaysBetween(t *testing.T) {
	d := func(y int, m time.Month, day int) time.Time { return time.Date(y, m, day, 9, 0, 0, 0, shanghai) }
	tests := []struct {
		a, b time.Time
		want int
	}{
		{d(2026, 3, 2), d(2026, 3, 2), 0},
		{d(2026, 3, 2), d(2026, 3, 3), 1},
		{d(2026, 3, 6), d(2026, 3, 9), 1},
		{d(2026, 9, 30), d(2026, 10, 10), 3}, // Oct 8, 9 and the worked Saturday Oct 10
		{d(2026, 3, 9), d(2026, 3, 2), 0},
	}
	for _, tt := range tests {
		if got := DefaultCalendar.WorkingDaysBetween(tt.a, tt.b); got != tt.want {
			t.Errorf("WorkingDaysBetween(%s, %s) = %d, want %d", tt.a.Format(time.DateOnly), tt.b.Format(time.DateOnly), got, tt.want)
		}
	}
	// AddWorkingDays and WorkingDaysBetween agree.
	for n := 1; n <= 30; n++ {
		from := d(2026, 9, 1)
		if got := DefaultCalendar.WorkingDaysBetween(from, DefaultCalendar.AddWorkingDays(from, n)); got != n {
			t.Errorf("n=%d: between = %d", n, got)
		}
	}
}

func TestCalendarOverride(t *testing.T) {
	c, err := DefaultCalendar.WithOverride([]byte("# operator\n2026-03-02\tholiday\t临时休假\n2026-10-10\tweekday\n2028-01-03\tholiday\t元旦节\n"))
	if err != nil {
		t.Fatal(err)
	}
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 12, 0, 0, 0, shanghai) }
	if c.IsWorkday(day(2026, 3, 2)) || c.HolidayName(day(2026, 3, 2)) != "临时休假" {
		t.Error("override holiday not applied")
	}
	if c.IsWorkday(day(2026, 10, 10)) {
		t.Error("removed make-up Saturday still a workday")
	}
	if !c.Covers(2028) || c.IsWorkday(day(2028, 1, 3)) {
		t.Error("override year not added")
	}
	if !DefaultCalendar.IsWorkday(day(2026, 3, 2)) || !DefaultCalendar.IsWorkday(day(2026, 10, 10)) {
		t.Error("override changed the default calendar")
	}
	for _, bad := range []string{"2026-3-2\tholiday", "2026-03-02\tvacation\tx", "2026-03-02", "2026-03-04\tworkday\t周三", "a\tb\tc\td"} {
		_, err := DefaultCalendar.WithOverride([]byte(bad))
		if err == nil || !strings.HasPrefix(err.Error(), "第1行") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func ExampleCalendar_AddWorkingDays() {
	submitted := time.Date(2026, 9, 30, 16, 0, 0, 0, shanghai)
	fmt.Println(DefaultCalendar.AddWorkingDays(submitted, InitialReviewDays).Format("2006-01-02 15:04"))
	// Output: 2026-10-08 16:00
}
