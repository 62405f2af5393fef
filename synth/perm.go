package synth

import "math/bits"

// perm is a keyed pseudo-random permutation of [0, n). It is a balanced
// Feistel network over the smallest even number of bits that covers n,
// cycle-walked back into range. It turns a running counter into numbers
// that look random yet never repeat, without remembering what was issued.
type perm struct {
	n    uint64
	half uint
	mask uint64
	keys [4]uint64
}

// newPerm returns the permutation of [0, n) keyed by key.
func newPerm(n, key uint64) perm {
	w := uint(bits.Len64(n - 1))
	if w < 2 {
		w = 2
	}
	w += w % 2
	p := perm{n: n, half: w / 2, mask: 1<<(w/2) - 1}
	for i := range p.keys {
		key = mix64(key + 0x9e3779b97f4a7c15)
		p.keys[i] = key
	}
	return p
}

// at returns the image of x, which must be below n.
func (p *perm) at(x uint64) uint64 {
	for {
		l, r := x>>p.half, x&p.mask
		for _, k := range p.keys {
			l, r = r, l^(mix64(r^k)&p.mask)
		}
		x = l<<p.half | r
		if x < p.n {
			return x
		}
	}
}

// mix64 is the SplitMix64 finaliser.
func mix64(z uint64) uint64 {
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}
