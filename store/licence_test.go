package store_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"

	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// TestAllocation_Concurrent files many entities at once in two provinces and
// checks that each province's numbers run 1..n with no gap and no repeat.
func TestAllocation_Concurrent(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		const perProvince = 40
		provinces := []string{"330000", "510000"}
		var (
			wg   sync.WaitGroup
			mu   sync.Mutex
			got  = map[string][]int{}
			errs []error
		)
		for p, province := range provinces {
			for i := range perProvince {
				wg.Add(1)
				go func() {
					defer wg.Done()
					n := p*1000 + i
					e := newEntity(n, province, fmt.Sprintf("c%d.com", n))
					err := db.CreateEntity(ctx, e)
					mu.Lock()
					defer mu.Unlock()
					if err != nil {
						errs = append(errs, err)
						return
					}
					l, err := rules.ParseLicence(e.MainLicence)
					if err != nil {
						errs = append(errs, err)
						return
					}
					got[l.Prefix] = append(got[l.Prefix], l.Seq)
				}()
			}
		}
		wg.Wait()
		if len(errs) > 0 {
			t.Fatalf("%d creates failed, first: %v", len(errs), errs[0])
		}
		for _, prefix := range []string{"浙", "蜀"} {
			seqs := got[prefix]
			sort.Ints(seqs)
			if len(seqs) != perProvince {
				t.Fatalf("%s: %d numbers, want %d", prefix, len(seqs), perProvince)
			}
			for i, s := range seqs {
				if s != i+1 {
					t.Fatalf("%s: numbers %v are not 1..%d", prefix, seqs, perProvince)
				}
			}
		}
	})
}
