package synth

import "time"

// shanghai is the +08:00 zone approval times are written in.
var shanghai = time.FixedZone("CST", 8*3600)

// Approval days are counted from 2012-01-01.
var (
	firstDay = time.Date(2012, 1, 1, 0, 0, 0, 0, shanghai)
	dayOf    = func(y int, m time.Month, d int) int {
		return int(time.Date(y, m, d, 0, 0, 0, 0, shanghai).Sub(firstDay).Hours() / 24)
	}
	lastDay   = dayOf(2026, 10, 31)
	appsDay   = dayOf(2023, 9, 1) // Apps, mini-programs and quick apps file from here on
	epochDay0 = int(firstDay.Unix()+8*3600) / 86400
)

// adultDay returns the approval day from which someone born on birthDay
// (days since 1955-01-01) is 18.
func adultDay(birthDay int) int {
	return birthEpoch + birthDay + 6575 - epochDay0
}

// approvalDays returns increasing approval days for services of types,
// none before from. Websites may date from 2012; the other kinds only from
// their filing start in September 2023. The first day is spread evenly;
// later services follow within months or years.
func (g *Generator) approvalDays(types []int, from int) []int {
	days := make([]int, len(types))
	lb := max(from, 0)
	for j, t := range types {
		if t != serviceWebsite {
			lb = max(lb, appsDay)
		}
		ub := lastDay - (len(types) - 1 - j)
		lb = min(lb, ub)
		// Bureaus approve on working days: draw again on a weekend.
		var d int
		for range 5 {
			u := g.rng.Float64()
			if j > 0 {
				u = u * u * u // leans toward lb
			}
			d = min(lb+int(u*float64(ub-lb+1)), ub)
			if wd := time.Weekday((4 + epochDay0 + d) % 7); wd != time.Saturday && wd != time.Sunday { // 1970-01-01 was a Thursday
				break
			}
		}
		days[j] = d
		lb = d + 1
	}
	return days
}

// approvedAt formats a time during office hours on day as RFC 3339.
func (g *Generator) approvedAt(day int) string {
	sec := 8*3600 + 30*60 + g.rng.IntN(9*3600+30*60)
	t := time.Date(2012, 1, 1+day, 0, 0, sec, 0, shanghai)
	return t.Format(time.RFC3339)
}
