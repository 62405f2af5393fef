package main

import (
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"
)

// stats keeps each kind's latencies and errors of the current minute, and
// the totals.
type stats struct {
	mu        sync.Mutex
	lat       map[string][]time.Duration
	errs      map[string]int
	total     int
	totalErrs int
	first     []string
}

func newStats() *stats {
	return &stats{lat: map[string][]time.Duration{}, errs: map[string]int{}}
}

func (s *stats) record(kind string, d time.Duration, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.total++
	s.lat[kind] = append(s.lat[kind], d)
	if err != nil {
		s.errs[kind]++
		s.totalErrs++
		if len(s.first) < 10 {
			s.first = append(s.first, kind+": "+err.Error())
		}
	}
}

// print writes the minute's row per kind and starts the next minute.
func (s *stats) print(minute int, rss float64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	kinds := make([]string, 0, len(s.lat))
	for k := range s.lat {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		l := s.lat[k]
		slices.Sort(l)
		fmt.Printf("%-6d %-9.1f %-8s %7d %6d %9.1f %9.1f\n", minute, rss, k, len(l), s.errs[k], ms(pct(l, 50)), ms(pct(l, 99)))
	}
	s.lat, s.errs = map[string][]time.Duration{}, map[string]int{}
}

func (s *stats) totals() (int, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.total, s.totalErrs
}

func (s *stats) firstErrors() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.first)
}

func pct(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	return sorted[min(len(sorted)-1, len(sorted)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
