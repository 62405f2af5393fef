package rules

import (
	"fmt"
	"maps"
	"strings"
	"time"
)

// Review deadlines in working days: the provider's initial review (初审) and
// the bureau's review (管局审核, the legal limit).
const (
	InitialReviewDays = 1
	BureauReviewDays  = 20
)

// Calendar says which days are working days in mainland China: Monday to
// Friday, except statutory holidays, plus the weekend days worked in
// exchange (调休上班). Days are dates in Asia/Shanghai. Outside the years the
// data covers, Monday to Friday are working days.
type Calendar struct {
	loc   *time.Location
	days  map[civilDate]dayKind
	years map[int]bool
}

type civilDate struct {
	y int
	m time.Month
	d int
}

type dayKind struct {
	work bool // true for an adjusted workday, false for a holiday
	name string
}

// DefaultCalendar is the embedded calendar of statutory holidays and
// adjusted workdays (data/holidays.tsv).
var DefaultCalendar = mustCalendar()

func mustCalendar() *Calendar {
	b, err := dataFS.ReadFile("data/holidays.tsv")
	if err != nil {
		panic(err)
	}
	c, err := ParseCalendar(shanghai, b)
	if err != nil {
		panic("rules: data/holidays.tsv: " + err.Error())
	}
	return c
}

// shanghai is Asia/Shanghai; China has kept UTC+8 without daylight saving
// since 1991, so a fixed zone is exact when no tzdata is installed.
var shanghai = func() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("CST", 8*3600)
}()

// ParseCalendar reads a calendar in the format of data/holidays.tsv: one day
// a line, "YYYY-MM-DD<TAB>holiday|workday<TAB>name"; blank lines and lines
// starting with '#' are skipped. An adjusted workday must fall on a
// weekend. loc is the zone the dates are in.
func ParseCalendar(loc *time.Location, data []byte) (*Calendar, error) {
	c := &Calendar{loc: loc, days: map[civilDate]dayKind{}, years: map[int]bool{}}
	if err := c.parse(data); err != nil {
		return nil, err
	}
	return c, nil
}

// WithOverride returns a copy of c in which the days of data (same format)
// replace c's entries for those dates. A line "YYYY-MM-DD<TAB>weekday<TAB>…"
// removes an entry, making the date an ordinary day again.
func (c *Calendar) WithOverride(data []byte) (*Calendar, error) {
	o := &Calendar{loc: c.loc, days: maps.Clone(c.days), years: maps.Clone(c.years)}
	if err := o.parse(data); err != nil {
		return nil, err
	}
	return o, nil
}

func (c *Calendar) parse(data []byte) error {
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || len(f) > 3 {
			return fmt.Errorf("第%d行：应为“日期<TAB>holiday或workday<TAB>名称”", i+1)
		}
		t, err := time.ParseInLocation(time.DateOnly, strings.TrimSpace(f[0]), c.loc)
		if err != nil {
			return fmt.Errorf("第%d行：日期 %q 应为 YYYY-MM-DD", i+1, f[0])
		}
		k := dayKind{}
		if len(f) == 3 {
			k.name = strings.TrimSpace(f[2])
		}
		d := dateOf(t)
		weekend := t.Weekday() == time.Saturday || t.Weekday() == time.Sunday
		switch strings.TrimSpace(f[1]) {
		case "holiday":
		case "workday":
			if !weekend {
				return fmt.Errorf("第%d行：调休上班日 %s 应为周六或周日", i+1, f[0])
			}
			k.work = true
		case "weekday":
			delete(c.days, d)
			continue
		default:
			return fmt.Errorf("第%d行：类型 %q 应为 holiday 或 workday", i+1, f[1])
		}
		c.days[d] = k
		c.years[d.y] = true
	}
	return nil
}

func dateOf(t time.Time) civilDate {
	y, m, d := t.Date()
	return civilDate{y, m, d}
}

// Covers reports whether the data lists any day of year y. A calendar that
// does not cover the current year treats its holidays as working days.
func (c *Calendar) Covers(y int) bool { return c.years[y] }

// IsWorkday reports whether the day of t (in Asia/Shanghai) is a working day.
func (c *Calendar) IsWorkday(t time.Time) bool {
	t = t.In(c.loc)
	if k, ok := c.days[dateOf(t)]; ok {
		return k.work
	}
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

// HolidayName returns the name of the holiday or adjusted workday of t's
// day, or "".
func (c *Calendar) HolidayName(t time.Time) string { return c.days[dateOf(t.In(c.loc))].name }

// AddWorkingDays returns the time n working days after t: the same clock time
// on the n-th working day after t's day. A t that falls on a day off counts
// from the start of the next working day, so a Saturday submission with one
// working day is due at the end of Monday. n ≤ 0 returns t (moved to the
// start of a working day when it falls on a day off).
func (c *Calendar) AddWorkingDays(t time.Time, n int) time.Time {
	t = t.In(c.loc)
	if !c.IsWorkday(t) {
		t = c.nextDay(time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, c.loc))
		for !c.IsWorkday(t) {
			t = c.nextDay(t)
		}
	}
	for range n {
		t = c.nextDay(t)
		for !c.IsWorkday(t) {
			t = c.nextDay(t)
		}
	}
	return t
}

// nextDay is the same clock time on the next calendar day.
func (c *Calendar) nextDay(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day()+1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), c.loc)
}

// WorkingDaysBetween counts the working days after a's day up to and
// including b's day (0 when b is not after a).
func (c *Calendar) WorkingDaysBetween(a, b time.Time) int {
	a, b = a.In(c.loc), b.In(c.loc)
	n := 0
	end := dateOf(b)
	for d := c.nextDay(time.Date(a.Year(), a.Month(), a.Day(), 12, 0, 0, 0, c.loc)); !after(dateOf(d), end); d = c.nextDay(d) {
		if c.IsWorkday(d) {
			n++
		}
	}
	return n
}

func after(a, b civilDate) bool {
	if a.y != b.y {
		return a.y > b.y
	}
	if a.m != b.m {
		return a.m > b.m
	}
	return a.d > b.d
}
