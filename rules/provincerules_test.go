package rules

import (
	"strings"
	"testing"
	"time"
)

// residentID builds a valid 18-digit ID number born on ymd (YYYYMMDD).
func residentID(region, ymd string) string {
	s := region + ymd + "123"
	return s + string(ResidentIDCheckDigit(s))
}

var checkAsOf = time.Date(2026, 11, 27, 10, 0, 0, 0, shanghai)

func code(t *testing.T, name string) string {
	p, ok := LookupProvince(name)
	if !ok {
		t.Fatalf("no province %s", name)
	}
	return p.Code
}

func TestProvinceRulesData(t *testing.T) {
	for _, p := range Provinces() {
		r := DefaultProvinceRules().Rule(p.Code)
		if r.Province != p.Code || r.LegalRep == "" || r.LocalMobile == "" {
			t.Errorf("%s: %+v", p.Name, r)
		}
	}
	tests := []struct {
		province string
		want     ProvinceRule
	}{
		{"天津", ProvinceRule{MinAgePersonal: 18, LocalMobile: LocalMobileAll, LegalRep: LegalRepRequired}},
		{"四川", ProvinceRule{MinAgeAll: 18, LocalMobile: LocalMobileNone, LegalRep: LegalRepAuthorised}},
		{"北京", ProvinceRule{LocalMobile: LocalMobileNone, LegalRep: LegalRepFree}},
		{"陕西", ProvinceRule{LocalMobile: LocalMobileAll, LegalRep: LegalRepRequired, PersonalSites: 5, OrgSites: 30}},
		{"甘肃", ProvinceRule{LocalMobile: LocalMobilePrincipals, LegalRep: LegalRepAuthorised}},
	}
	for _, tt := range tests {
		got := DefaultProvinceRules().Rule(tt.province)
		tt.want.Province = code(t, tt.province)
		if got.Province != tt.want.Province || got.MinAgePersonal != tt.want.MinAgePersonal || got.MinAgeAll != tt.want.MinAgeAll ||
			got.LocalMobile != tt.want.LocalMobile || got.LegalRep != tt.want.LegalRep || got.PersonalSites != tt.want.PersonalSites || got.OrgSites != tt.want.OrgSites {
			t.Errorf("%s: %+v, want %+v", tt.province, got, tt.want)
		}
	}
}

func TestProvinceRulesOverride(t *testing.T) {
	rs, err := DefaultProvinceRules().WithOverride([]byte("# local\n北京\t16\t0\tall\trequired\t3\t0\t北京,首都\n"))
	if err != nil {
		t.Fatal(err)
	}
	r := rs.Rule("110000")
	if r.MinAgePersonal != 16 || r.LocalMobile != LocalMobileAll || r.LegalRep != LegalRepRequired || r.PersonalSites != 3 || len(r.Words) != 2 {
		t.Errorf("override: %+v", r)
	}
	if DefaultProvinceRules().Rule("北京").LegalRep != LegalRepFree {
		t.Error("override changed the defaults")
	}
	for _, bad := range []string{"火星\t0\t0\t-\tfree\t0\t0\t-", "北京\tx\t0\t-\tfree\t0\t0\t-", "北京\t0\t0\tsome\tfree\t0\t0\t-", "北京\t0\t0\t-\tmaybe\t0\t0\t-", "北京\t0"} {
		if _, err := DefaultProvinceRules().WithOverride([]byte(bad)); err == nil || !strings.HasPrefix(err.Error(), "第1行") {
			t.Errorf("%q: %v", bad, err)
		}
	}
}

func TestCheckMinimumAge(t *testing.T) {
	minor := residentID("120101", "20100301") // 16 at checkAsOf
	adult := residentID("120101", "20000301")
	almost := residentID("120101", "20081128") // 18 tomorrow
	tests := []struct {
		name      string
		province  string
		nature    string
		principal string
		service   string // a service principal, "" for none
		field     string // "" = no violation
	}{
		{"天津 minor individual", "天津", "个人", minor, "", "principal.certNo"},
		{"天津 one day short", "天津", "个人", almost, "", "principal.certNo"},
		{"天津 adult individual", "天津", "个人", adult, "", ""},
		{"天津 minor service principal of a company", "天津", "企业", adult, minor, ""},
		{"四川 minor service principal", "四川", "企业", adult, minor, "services[0].principal.certNo"},
		{"北京 minor individual", "北京", "个人", minor, "", ""},
	}
	for _, tt := range tests {
		f := FilingFacts{Province: code(t, tt.province), Nature: tt.nature, UnitName: "张三", AsOf: checkAsOf,
			Principals: []PersonFacts{{Field: "principal", CertKind: CertResidentID, CertNo: tt.principal}}}
		if tt.service != "" {
			f.Principals = append(f.Principals, PersonFacts{Field: "services[0].principal", CertKind: CertResidentID, CertNo: tt.service})
		}
		assertViolation(t, tt.name, DefaultProvinceRules().Check(f), tt.field, "年满18周岁")
	}
}

func TestCheckLocalMobile(t *testing.T) {
	ranges := func(m string) (string, bool) {
		switch m[:3] {
		case "139":
			return "120000", true // 天津
		case "138":
			return "110000", true // 北京
		}
		return "", false
	}
	tests := []struct {
		name, province, mobile string
		lookup                 func(string) (string, bool)
		field                  string
	}{
		{"天津 local", "天津", "13900000000", ranges, ""},
		{"天津 from 北京", "天津", "13800000000", ranges, "principal.mobile"},
		{"天津 unknown range", "天津", "13700000000", ranges, ""},
		{"天津 no table", "天津", "13800000000", nil, ""},
		{"北京 any", "北京", "13900000000", ranges, ""},
	}
	for _, tt := range tests {
		f := FilingFacts{Province: code(t, tt.province), Nature: "企业", UnitName: "某公司", AsOf: checkAsOf, MobileProvince: tt.lookup,
			Principals: []PersonFacts{{Field: "principal", Mobile: tt.mobile}}}
		assertViolation(t, tt.name, DefaultProvinceRules().Check(f), tt.field, "本省号段")
	}
}

func TestCheckLegalRep(t *testing.T) {
	yes, no := true, false
	tests := []struct {
		name, province, nature string
		legalRep               *bool
		auth                   bool
		field                  string
	}{
		{"浙江 legal representative", "浙江", "企业", &yes, false, ""},
		{"浙江 someone else", "浙江", "企业", &no, false, "principal"},
		{"浙江 not stated", "浙江", "企业", nil, false, ""},
		{"四川 with authorisation", "四川", "企业", &no, true, ""},
		{"四川 without authorisation", "四川", "企业", &no, false, "materials.other"},
		{"北京 anyone", "北京", "企业", &no, false, ""},
		{"浙江 individual", "浙江", "个人", &no, false, ""},
	}
	for _, tt := range tests {
		f := FilingFacts{Province: code(t, tt.province), Nature: tt.nature, AsOf: checkAsOf, PrincipalIsLegalRep: tt.legalRep, HasAuthorisation: tt.auth}
		assertViolation(t, tt.name, DefaultProvinceRules().Check(f), tt.field, "法定代表人")
	}
}

func TestCheckSiteCaps(t *testing.T) {
	site := SiteFacts{Field: "services[0]", Name: "张三的摄影作品"}
	tests := []struct {
		name, province, nature string
		filed                  int
		field                  string
	}{
		{"陕西 4th personal site", "陕西", "个人", 3, ""},
		{"陕西 5th personal site", "陕西", "个人", 4, ""},
		{"陕西 6th personal site", "陕西", "个人", 5, "services"},
		{"陕西 30th org site", "陕西", "企业", 29, ""},
		{"陕西 31st org site", "陕西", "企业", 30, "services"},
		{"北京 no cap", "北京", "个人", 50, ""},
	}
	for _, tt := range tests {
		s := site
		if tt.nature == "企业" {
			s.Name = "某某科技官网"
		}
		f := FilingFacts{Province: code(t, tt.province), Nature: tt.nature, UnitName: "某某科技有限公司", AsOf: checkAsOf, FiledSites: tt.filed, Sites: []SiteFacts{s}}
		assertViolation(t, tt.name, DefaultProvinceRules().Check(f), tt.field, "最多备案")
	}
}

func TestCheckSiteName(t *testing.T) {
	tests := []struct {
		name, nature, unit, site string
		pre                      []string
		want                     string // substring of the error; "" = valid
	}{
		{"company site", "企业", "杭州云栖网络科技有限公司", "云栖科技官网", nil, ""},
		{"two characters", "企业", "某公司", "云栖", nil, "至少需要3个汉字"},
		{"latin only", "企业", "某公司", "Yunqi Cloud", nil, "至少需要3个汉字"},
		{"digits", "企业", "某公司", "12345", nil, "至少需要3个汉字"},
		{"symbol", "企业", "某公司", "云栖官网！", nil, "符号"},
		{"brackets allowed", "企业", "某公司", "云栖（杭州）官网", nil, ""},
		{"domain as name", "企业", "某公司", "云栖yunqi.com网", nil, "符号"},
		{"forbidden", "企业", "某公司", "反腐倡廉之窗", nil, "反腐"},
		{"national word", "企业", "杭州云栖科技有限公司", "中国云栖网", nil, "中国"},
		{"national word in unit name", "企业", "中国银行股份有限公司", "中国银行官网", nil, ""},
		{"government may", "政府机关", "杭州市西湖区人民政府", "西湖区人民政府门户", nil, ""},
		{"personal company word", "个人", "张三", "张三科技小站", nil, "科技"},
		{"personal forum", "个人", "张三", "张三的论坛", nil, "论坛"},
		{"personal fine", "个人", "张三", "三三的摄影作品", nil, ""},
		{"company forum without pre-approval", "企业", "某公司", "某某论坛空间", nil, "电子公告服务"},
		{"company forum with pre-approval", "企业", "某公司", "某某论坛空间", []string{"电子公告服务"}, ""},
		{"news", "企业", "某公司", "某某新闻聚合", nil, "新闻"},
	}
	for _, tt := range tests {
		err := DefaultNameWords().CheckSiteName(SiteName{Name: tt.site, Nature: tt.nature, UnitName: tt.unit, Domains: []string{"yunqi.com"}, PreApprovals: tt.pre})
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: %v, want %q", tt.name, err, tt.want)
		}
	}
	// A domain written into a name with letters only is caught as a domain.
	err := DefaultNameWords().CheckSiteName(SiteName{Name: "云栖之家yunqi", Nature: "企业", Domains: []string{"yunqi"}})
	if err == nil || !strings.Contains(err.Error(), "域名") {
		t.Errorf("domain in name: %v", err)
	}
}

func TestProvinceWords(t *testing.T) {
	rs, err := DefaultProvinceRules().WithOverride([]byte("广东\t0\t0\t-\trequired\t0\t0\t游戏,金融\n"))
	if err != nil {
		t.Fatal(err)
	}
	f := FilingFacts{Province: code(t, "广东"), Nature: "企业", UnitName: "某公司", AsOf: checkAsOf, Sites: []SiteFacts{{Field: "services[1]", Name: "某某游戏大厅"}}}
	assertViolation(t, "广东 extra word", rs.Check(f), "services[1].serviceName", "游戏")
	f.Province = code(t, "浙江")
	assertViolation(t, "浙江 no extra word", rs.Check(f), "", "")
}

func TestNameWordsOverride(t *testing.T) {
	w, err := DefaultNameWords().WithOverride([]byte("personal\t-科技\npersonal\t小站\nsector\t游戏\t文化\nsector\t-新闻\n"))
	if err != nil {
		t.Fatal(err)
	}
	check := func(w *NameWords, name string) error {
		return w.CheckSiteName(SiteName{Name: name, Nature: "个人", UnitName: "张三"})
	}
	if check(w, "张三科技笔记") != nil || check(w, "张三的小站") == nil || check(w, "张三游戏笔记") == nil || check(w, "张三新闻笔记") != nil {
		t.Error("override lists not applied")
	}
	if check(DefaultNameWords(), "张三科技笔记") == nil {
		t.Error("override changed the defaults")
	}
	for _, bad := range []string{"secret\t词", "sector\t游戏", "sector\t游戏\t未知审批", "personal"} {
		if _, err := DefaultNameWords().WithOverride([]byte(bad)); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// assertViolation checks that vs holds exactly one violation on field with
// reason containing want, or none when field is "".
func assertViolation(t *testing.T, name string, vs []Violation, field, want string) {
	t.Helper()
	if field == "" {
		if len(vs) != 0 {
			t.Errorf("%s: %v, want none", name, vs)
		}
		return
	}
	if len(vs) != 1 || vs[0].Field != field || !strings.Contains(vs[0].Reason, want) {
		t.Errorf("%s: %v, want one on %s containing %q", name, vs, field, want)
	}
}
