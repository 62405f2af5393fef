package synth

import (
	"strconv"
	"strings"
	"testing"

	"github.com/beianhq/beian/rules"
)

func TestPerm(t *testing.T) {
	for _, n := range []uint64{1, 2, 3, 37, 1000, 1 << 10, 31 * 31 * 31} {
		p := newPerm(n, n*7+1)
		seen := make([]bool, n)
		for x := range n {
			y := p.at(x)
			if y >= n || seen[y] {
				t.Fatalf("n=%d: at(%d)=%d out of range or repeated", n, x, y)
			}
			seen[y] = true
		}
	}
}

func TestProvinces(t *testing.T) {
	if len(provinces) != 31 {
		t.Fatalf("%d provinces, want 31", len(provinces))
	}
	for _, p := range provinces {
		rp, ok := rules.LookupProvince(p.name)
		if !ok || rp.FullName != p.full {
			t.Errorf("%s: rules has %+v", p.name, rp)
			continue
		}
		for _, c := range p.cities {
			if c.code[:2] != rp.Code[:2] || len(c.code) != 4 {
				t.Errorf("%s %s: code %s outside %s", p.name, c.name, c.code, rp.Code)
			}
			if cityInitials[c.code] == "" {
				t.Errorf("%s %s: no initials", p.name, c.name)
			}
			for _, d := range c.districts {
				if len(d.code) != 2 {
					t.Errorf("%s %s %s: code %q", p.name, c.name, d.name, d.code)
				}
			}
		}
	}
}

func TestVocabulary(t *testing.T) {
	for _, list := range []struct {
		name string
		syls []syl
	}{{"tradeVocab", tradeVocab}, {"maleGiven", maleGiven}, {"femaleGiven", femaleGiven}, {"surnames", surnames.vals}} {
		seen := map[string]bool{}
		for _, s := range list.syls {
			if seen[s.ch] {
				t.Errorf("%s: %s twice", list.name, s.ch)
			}
			seen[s.ch] = true
			if s.py == "" || strings.Trim(s.py, "abcdefghijklmnopqrstuvwxyz") != "" {
				t.Errorf("%s: %s has pinyin %q", list.name, s.ch, s.py)
			}
		}
	}
}

// TestNatures checks that rules knows every nature and allows a
// certificate type the generator can number for each.
func TestNatures(t *testing.T) {
	if len(natures.vals) != len(natureSpecs) {
		for _, ns := range natureSpecs {
			if _, ok := resolveCerts(ns); !ok {
				t.Errorf("%s: no certificate type", ns.name)
			}
		}
	}
	for _, nc := range natures.vals {
		if len(nc.certs.vals) != len(nc.spec.certs) {
			t.Errorf("%s: %d of %d preferred certificate types allowed", nc.spec.name, len(nc.certs.vals), len(nc.spec.certs))
		}
		if nc.spec.kind == kindOrg && len(nc.spec.orgs) == 0 {
			t.Errorf("%s: no name templates", nc.spec.name)
		}
	}
}

// TestTLDs checks that a domain under every TLD the generator uses may be
// filed.
func TestTLDs(t *testing.T) {
	var tlds []string
	for _, w := range []*weighted[string]{&commonTLDs, &publicTLDs, &govTLDs} {
		tlds = append(tlds, w.vals...)
	}
	tlds = append(tlds, secondTLDs...)
	for _, tld := range tlds {
		for _, d := range []string{"yunqi123." + tld, "云栖123." + tld} {
			if _, err := rules.ParseFilingDomain(d); err != nil {
				t.Errorf("%s: %v", d, err)
			}
		}
	}
}

// TestNetworks checks that the networks of every provider are public.
func TestNetworks(t *testing.T) {
	for _, p := range providers.vals {
		if len(p.name) < 2 || len(p.nets) == 0 {
			t.Errorf("provider %+v", p)
		}
		for _, n := range p.nets {
			for _, tail := range []string{".0.2", ".255.252"} {
				ip := strconv.Itoa(int(n[0])) + "." + strconv.Itoa(int(n[1])) + tail
				if _, err := rules.ParsePublicIP(ip); err != nil {
					t.Errorf("%s %s: %v", p.name, ip, err)
				}
			}
		}
	}
}
