package rules

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"sync"
)

// LegalRepRule says who may be the entity principal of an organisation.
type LegalRepRule string

// Legal-representative rules.
const (
	LegalRepRequired   LegalRepRule = "required"   // must be the legal representative (法定代表人)
	LegalRepAuthorised LegalRepRule = "authorised" // or a person the legal representative authorises in writing
	LegalRepFree       LegalRepRule = "free"       // anyone responsible in the organisation
)

// LocalMobileRule says whose mobile numbers must be of the province's
// number ranges.
type LocalMobileRule string

// Local-number rules.
const (
	LocalMobileNone       LocalMobileRule = "-"
	LocalMobilePrincipals LocalMobileRule = "principals"
	LocalMobileAll        LocalMobileRule = "all"
)

// ProvinceRule is what one province's bureau demands beyond the national
// rules (data/provincerules.tsv).
type ProvinceRule struct {
	Province       string // GB/T 2260 code
	MinAgePersonal int    // of the person of an individual filing; 0 = none
	MinAgeAll      int    // of every principal; 0 = none
	LocalMobile    LocalMobileRule
	LegalRep       LegalRepRule
	PersonalSites  int      // most services an individual may have filed; 0 = no cap
	OrgSites       int      // most services an organisation may have filed; 0 = no cap
	Words          []string // extra words website names may not contain
}

// ProvinceRules holds the rules of every province, by GB/T 2260 code.
type ProvinceRules struct {
	byCode map[string]ProvinceRule
	names  *NameWords
}

// DefaultProvinceRules returns the embedded rules with the embedded
// website-name word lists. (Loaded on first use: they refer to the
// province table, which is read in init.)
var DefaultProvinceRules = sync.OnceValue(func() *ProvinceRules {
	rs := &ProvinceRules{byCode: map[string]ProvinceRule{}, names: DefaultNameWords()}
	b, err := dataFS.ReadFile("data/provincerules.tsv")
	if err == nil {
		err = rs.parse(b)
	}
	if err != nil {
		panic("rules: data/provincerules.tsv: " + err.Error())
	}
	return rs
})

// WithOverride returns a copy of rs in which the rows of data (the format of
// data/provincerules.tsv) replace those of their provinces.
func (rs *ProvinceRules) WithOverride(data []byte) (*ProvinceRules, error) {
	o := &ProvinceRules{byCode: maps.Clone(rs.byCode), names: rs.names}
	if err := o.parse(data); err != nil {
		return nil, err
	}
	return o, nil
}

// WithNameWords returns a copy of rs that checks website names with w.
func (rs *ProvinceRules) WithNameWords(w *NameWords) *ProvinceRules {
	return &ProvinceRules{byCode: rs.byCode, names: w}
}

// Rule returns the rule of the province with GB/T 2260 code (or name) p.
// A province without a row has no rules beyond the national ones.
func (rs *ProvinceRules) Rule(p string) ProvinceRule {
	if pr, ok := LookupProvince(p); ok {
		p = pr.Code
	}
	if r, ok := rs.byCode[p]; ok {
		return r
	}
	return ProvinceRule{Province: p, LocalMobile: LocalMobileNone, LegalRep: LegalRepFree}
}

func (rs *ProvinceRules) parse(data []byte) error {
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		r, err := parseProvinceRule(strings.Split(line, "\t"))
		if err != nil {
			return fmt.Errorf("第%d行：%v", i+1, err)
		}
		rs.byCode[r.Province] = r
	}
	return nil
}

func parseProvinceRule(f []string) (ProvinceRule, error) {
	if len(f) != 8 {
		return ProvinceRule{}, fmt.Errorf("应有8列（以TAB分隔），现有%d列", len(f))
	}
	p, ok := LookupProvince(strings.TrimSpace(f[0]))
	if !ok {
		return ProvinceRule{}, fmt.Errorf("未知的省份 %q", f[0])
	}
	r := ProvinceRule{Province: p.Code, LocalMobile: LocalMobileRule(strings.TrimSpace(f[3])), LegalRep: LegalRepRule(strings.TrimSpace(f[4]))}
	nums := []*int{&r.MinAgePersonal, &r.MinAgeAll, nil, nil, &r.PersonalSites, &r.OrgSites}
	for j, dst := range nums {
		if dst == nil {
			continue
		}
		n, err := strconv.Atoi(strings.TrimSpace(f[j+1]))
		if err != nil || n < 0 || n > 1000 {
			return ProvinceRule{}, fmt.Errorf("第%d列 %q 应为0到1000的整数", j+2, f[j+1])
		}
		*dst = n
	}
	switch r.LocalMobile {
	case LocalMobileNone, LocalMobilePrincipals, LocalMobileAll:
	default:
		return ProvinceRule{}, fmt.Errorf("localMobile %q 应为 -、principals 或 all", f[3])
	}
	switch r.LegalRep {
	case LegalRepRequired, LegalRepAuthorised, LegalRepFree:
	default:
		return ProvinceRule{}, fmt.Errorf("legalRep %q 应为 required、authorised 或 free", f[4])
	}
	if w := strings.TrimSpace(f[7]); w != "-" && w != "" {
		for _, word := range strings.Split(w, ",") {
			if word = strings.TrimSpace(word); word != "" {
				r.Words = append(r.Words, word)
			}
		}
	}
	return r, nil
}
