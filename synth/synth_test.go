package synth_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/synth"
)

var asOf = time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)

func generate(t testing.TB, n int, seed uint64) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := synth.Generate(&b, n, seed); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestGenerateValid checks that every line passes the import validator and
// keeps to what beian gen promises beyond it (no numbers, at least one
// service, approval times in order).
func TestGenerateValid(t *testing.T) {
	const n = 20000
	out := generate(t, n, 1)
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(nil, 1<<20)
	first := time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)
	last := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC) // 2026-10-31 in Shanghai and before
	appsFrom := time.Date(2023, 9, 1, 0, 0, 0, 0, time.UTC)
	lines := 0
	for sc.Scan() {
		lines++
		line := sc.Bytes()
		if _, err := registry.DecodeRecord(line, asOf); err != nil {
			t.Fatalf("line %d: %v\n%s", lines, err, line)
		}
		var r registry.Record
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("line %d: %v", lines, err)
		}
		if r.MainLicence != "" {
			t.Fatalf("line %d: has mainLicence %s", lines, r.MainLicence)
		}
		if len(r.Services) == 0 {
			t.Fatalf("line %d: no services", lines)
		}
		if r.NatureName == "个人" && (r.Principal.CertNo != r.CertNo || r.Principal.Name != r.UnitName) {
			t.Fatalf("line %d: the principal of an individual is someone else", lines)
		}
		var prev time.Time
		for j, s := range r.Services {
			if s.ServiceLicence != "" {
				t.Fatalf("line %d: services[%d] has serviceLicence %s", lines, j, s.ServiceLicence)
			}
			if len(s.Access) != 1 || len(s.Access[0].IPs) == 0 {
				t.Fatalf("line %d: services[%d] access %+v", lines, j, s.Access)
			}
			at, err := time.Parse(time.RFC3339, s.ApprovedAt)
			if err != nil || !strings.HasSuffix(s.ApprovedAt, "+08:00") {
				t.Fatalf("line %d: services[%d].approvedAt %q", lines, j, s.ApprovedAt)
			}
			if at.Before(first) || !at.Before(last) || !at.After(prev) {
				t.Fatalf("line %d: services[%d].approvedAt %s out of range or order", lines, j, s.ApprovedAt)
			}
			if s.ServiceType != 1 && at.Before(appsFrom) {
				t.Fatalf("line %d: services[%d] of type %d approved %s, before Apps were filed", lines, j, s.ServiceType, s.ApprovedAt)
			}
			prev = at
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if lines != n {
		t.Fatalf("%d lines, want %d", lines, n)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	for _, test := range []struct {
		name      string
		n         int
		seed1     uint64
		seed2     uint64
		wantEqual bool
	}{
		{"SameSeed", 3000, 1, 1, true},
		{"SameSeedOther", 3000, 42, 42, true},
		{"ZeroSeed", 500, 0, 0, true},
		{"OtherSeed", 3000, 1, 2, false},
		{"Empty", 0, 1, 1, true},
	} {
		t.Run(test.name, func(t *testing.T) {
			a, b := generate(t, test.n, test.seed1), generate(t, test.n, test.seed2)
			if got := bytes.Equal(a, b); got != test.wantEqual {
				t.Fatalf("equal=%v, want %v", got, test.wantEqual)
			}
			if na, nb := bytes.Count(a, []byte("\n")), bytes.Count(b, []byte("\n")); na != test.n || nb != test.n {
				t.Fatalf("lines %d and %d, want %d", na, nb, test.n)
			}
		})
	}
}

// TestGeneratePrefix checks that a shorter run is a prefix of a longer one:
// the count does not change what comes first.
func TestGeneratePrefix(t *testing.T) {
	a, b := generate(t, 100, 9), generate(t, 1000, 9)
	if !bytes.HasPrefix(b, a) {
		t.Fatal("100 entities are not a prefix of 1000")
	}
}

func TestGenerateCount(t *testing.T) {
	for _, n := range []int{-1, synth.MaxEntities + 1} {
		if err := synth.Generate(io.Discard, n, 1); err == nil {
			t.Errorf("Generate(%d) gave no error", n)
		}
	}
}

// TestUnique checks that no two entities share a domain, a certificate
// number or a mobile, and no two persons an ID.
func TestUnique(t *testing.T) {
	n := 200000
	if testing.Short() {
		n = 20000
	}
	g := synth.NewGenerator(7)
	domains := make(map[string]int, n*3/2)
	certs := make(map[string]int, n*2)
	mobiles := make(map[string]int, n*3/2)
	see := func(m map[string]int, what, v string, i int) {
		if j, ok := m[v]; ok && j != i {
			t.Fatalf("%s %s in entities %d and %d", what, v, j, i)
		}
		m[v] = i
	}
	for i := range n {
		r := g.Next()
		see(certs, "certificate number", r.CertNo, i)
		persons := []*registry.PrincipalRecord{r.Principal}
		for _, s := range r.Services {
			for _, d := range s.Domains {
				if _, ok := domains[strings.ToLower(d)]; ok {
					t.Fatalf("domain %s twice (entity %d)", d, i)
				}
				domains[strings.ToLower(d)] = i
			}
			if s.Principal != nil {
				persons = append(persons, s.Principal)
			}
		}
		for k, p := range persons {
			if k > 0 && p.CertNo == r.Principal.CertNo {
				t.Fatalf("entity %d: service principal is the entity principal", i)
			}
			if p.CertNo != r.CertNo {
				see(certs, "ID", p.CertNo, i)
			}
			if j, ok := mobiles[p.Mobile]; ok {
				t.Fatalf("mobile %s in entities %d and %d", p.Mobile, j, i)
			}
			mobiles[p.Mobile] = i
		}
	}
}

// TestShares checks the shares beian gen promises (README: 企业 ≈ 74 %,
// 个人 ≈ 22 %, ≈ 1.3 services per entity, websites ≈ 65 % …).
func TestShares(t *testing.T) {
	const n = 20000
	g := synth.NewGenerator(3)
	natures := map[string]int{}
	provinces := map[string]int{}
	types := map[int]int{}
	services, limited, preApproved, portals, websites := 0, 0, 0, 0, 0
	for range n {
		r := g.Next()
		natures[r.NatureName]++
		provinces[r.Province]++
		for _, s := range r.Services {
			types[s.ServiceType]++
			if len(s.ContentTypes) == 0 {
				t.Fatalf("%s: service %s has no content type", r.UnitName, s.ServiceName)
			}
			if s.LimitAccess {
				limited++
			}
			for _, c := range s.ContentTypes {
				if _, ok := rules.LookupPreApproval(c); ok {
					preApproved++
				}
				if c == "单位门户网站" && s.ServiceType == 1 {
					portals++
				}
			}
			if s.ServiceType == 1 && r.NatureName != "个人" {
				websites++
			}
		}
		services += len(r.Services)
	}
	pct := func(k, of int) float64 { return 100 * float64(k) / float64(of) }
	for _, test := range []struct {
		name      string
		got, want float64
		tolerance float64
	}{
		{"企业 %", pct(natures["企业"], n), 74, 3},
		{"个人 %", pct(natures["个人"], n), 22, 3},
		{"services per entity", float64(services) / n, 1.3, 0.1},
		{"websites %", pct(types[1], services), 65, 4},
		{"mini-programs %", pct(types[7], services), 30, 4},
		{"Apps %", pct(types[6], services), 4, 2},
		{"quick apps %", pct(types[8], services), 1, 1},
		{"广东 %", pct(provinces["广东"], n), 16, 2},
		{"西藏 %", pct(provinces["西藏"], n), 0.1, 0.2},
		{"limited access %", pct(limited, services), 2, 0.5},
		{"pre-approved %", pct(preApproved, services), 2.3, 0.8},
		{"unit portals % of non-personal websites", pct(portals, websites), 70, 5},
	} {
		if d := test.got - test.want; d < -test.tolerance || d > test.tolerance {
			t.Errorf("%s = %.2f, want %.1f ± %.1f", test.name, test.got, test.want, test.tolerance)
		}
	}
	if len(natures) < 8 {
		t.Errorf("only %d natures: %v", len(natures), natures)
	}
	if len(provinces) != 31 {
		t.Errorf("%d provinces, want 31", len(provinces))
	}
	for _, big := range []string{"广东", "北京", "浙江", "江苏", "上海", "山东"} {
		for _, small := range []string{"西藏", "青海", "宁夏"} {
			if provinces[big] <= 5*provinces[small] {
				t.Errorf("%s has %d entities, %s %d", big, provinces[big], small, provinces[small])
			}
		}
	}
}

func BenchmarkGenerate(b *testing.B) {
	const n = 10000
	for b.Loop() {
		if err := synth.Generate(io.Discard, n, 1); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "entities/s")
}
