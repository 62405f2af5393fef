package synth

import (
	"math/rand/v2"
	"sort"
)

// weightedItem is a value with its relative weight.
type weightedItem[T any] struct {
	v T
	w float64
}

// weighted picks values at random in proportion to their weights.
type weighted[T any] struct {
	vals []T
	cum  []float64 // running totals of the weights
}

func newWeighted[T any](items []weightedItem[T]) weighted[T] {
	var w weighted[T]
	total := 0.0
	for _, it := range items {
		if it.w <= 0 {
			continue
		}
		total += it.w
		w.vals = append(w.vals, it.v)
		w.cum = append(w.cum, total)
	}
	return w
}

// uniform returns a chooser that gives every value the same weight.
func uniform[T any](vals ...T) weighted[T] {
	items := make([]weightedItem[T], len(vals))
	for i, v := range vals {
		items[i] = weightedItem[T]{v, 1}
	}
	return newWeighted(items)
}

func (w *weighted[T]) pick(r *rand.Rand) T {
	x := r.Float64() * w.cum[len(w.cum)-1]
	i := sort.SearchFloat64s(w.cum, x)
	if i < len(w.vals) && w.cum[i] == x {
		i++ // x lies on a boundary: it belongs to the next value
	}
	if i >= len(w.vals) {
		i = len(w.vals) - 1
	}
	return w.vals[i]
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool { return r.Float64() < p }

// pickOne returns a random element of s.
func pickOne[T any](r *rand.Rand, s []T) T { return s[r.IntN(len(s))] }
