package rules

import (
	"slices"
	"strings"
	"testing"
)

func TestNatures(t *testing.T) {
	ns := Natures()
	if got, want := len(ns), 18; got != want {
		t.Fatalf("len(Natures()) = %d, want %d", got, want)
	}
	if got, want := ns[3], (Nature{"企业", 4, 4}); got != want {
		t.Errorf("Natures()[3] = %+v, want %+v", got, want)
	}
}

func TestLookupNature(t *testing.T) {
	tests := []struct {
		name, in string
		want     Nature
		ok       bool
	}{
		{"enterprise", "企业", Nature{"企业", 4, 4}, true},
		{"person", NaturePerson, Nature{"个人", 5, 5}, true},
		{"scheme A and B differ", "民办非企业单位", Nature{"民办非企业单位", 9, 7}, true},
		{"no scheme B", "仲裁机构", Nature{"仲裁机构", 20, 0}, true},
		{"code", "16", Nature{"境外机构", 16, 14}, true},
		{"spaces", " 政府机关 ", Nature{"政府机关", 2, 2}, true},
		{"unused code", "7", Nature{}, false},
		{"unknown", "公司", Nature{}, false},
		{"empty", "", Nature{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := LookupNature(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("LookupNature(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestEntityCertTypes(t *testing.T) {
	tests := []struct {
		nature string
		want   []CertType
	}{
		{"企业", []CertType{
			{1, "营业执照（个人或企业）", "企业", CertBusinessLicence},
			{12, "组织机构代码证", "企业", CertOrgCode},
			{27, "外国企业常驻代表机构登记证", "企业", CertOther},
			{49, "统一社会信用代码证书", "企业", CertUSCC},
		}},
		{"政府机关", []CertType{
			{9, "组织机构代码证", "政府机关", CertOrgCode},
			{13, "统一社会信用代码证书", "政府机关", CertUSCC},
		}},
		{"2", []CertType{
			{9, "组织机构代码证", "政府机关", CertOrgCode},
			{13, "统一社会信用代码证书", "政府机关", CertUSCC},
		}},
		{"仲裁机构", []CertType{{44, "仲裁委员会登记证", "仲裁机构", CertOther}}},
		{"个人", []CertType{
			{2, "居民身份证", "", CertResidentID},
			{7, "护照", "", CertPassport},
			{11, "台湾居民来往大陆通行证", "", CertTWPermit},
			{14, "港澳居民来往内地通行证", "", CertHKMOPermit},
			{30, "外国人永久居留身份证", "", CertForeignPR},
			{41, "港澳居民居住证", "", CertResidencePermit},
			{42, "台湾居民居住证", "", CertResidencePermit},
		}},
		{"公司", nil},
	}
	for _, tt := range tests {
		t.Run(tt.nature, func(t *testing.T) {
			got := EntityCertTypes(tt.nature)
			if !slices.Equal(got, tt.want) {
				t.Errorf("EntityCertTypes(%q) = %+v, want %+v", tt.nature, got, tt.want)
			}
		})
	}
	// Every organisation nature has at least one certificate type.
	for _, n := range Natures() {
		if len(EntityCertTypes(n.Name)) == 0 {
			t.Errorf("EntityCertTypes(%q) is empty", n.Name)
		}
	}
}

func TestPersonCertTypes(t *testing.T) {
	var got []int
	for _, c := range PersonCertTypes() {
		got = append(got, c.Code)
	}
	if want := []int{2, 7, 11, 14, 30, 41, 42}; !slices.Equal(got, want) {
		t.Errorf("PersonCertTypes() codes = %v, want %v", got, want)
	}
}

func TestLookupEntityCertType(t *testing.T) {
	tests := []struct {
		name, nature, in string
		want             CertType
		wantErr          string
	}{
		{"USCC for enterprise", "企业", "统一社会信用代码证书", CertType{49, "统一社会信用代码证书", "企业", CertUSCC}, ""},
		{"business licence", "企业", "营业执照（个人或企业）", CertType{1, "营业执照（个人或企业）", "企业", CertBusinessLicence}, ""},
		{"half-width brackets", "企业", "营业执照(个人或企业)", CertType{1, "营业执照（个人或企业）", "企业", CertBusinessLicence}, ""},
		{"short label", "企业", "营业执照", CertType{1, "营业执照（个人或企业）", "企业", CertBusinessLicence}, ""},
		{"by code", "企业", "12", CertType{12, "组织机构代码证", "企业", CertOrgCode}, ""},
		{"org code for government", "政府机关", "组织机构代码证", CertType{9, "组织机构代码证", "政府机关", CertOrgCode}, ""},
		{"USCC for institution", "事业单位", "统一社会信用代码证书", CertType{15, "统一社会信用代码证书", "事业单位", CertUSCC}, ""},
		{"nature by code", "3", "事业单位法人证书", CertType{4, "事业单位法人证书", "事业单位", CertOther}, ""},
		{"person ID", "个人", "居民身份证", CertType{2, "居民身份证", "", CertResidentID}, ""},
		{"person alias", "个人", "台胞证", CertType{11, "台湾居民来往大陆通行证", "", CertTWPermit}, ""},
		{"filing form's HK/Macau wording", "个人", "港澳居民来往内陆通行证", CertType{14, "港澳居民来往内地通行证", "", CertHKMOPermit}, ""},
		{"wrong nature", "企业", "部队代号", CertType{}, "“部队代号”不适用于单位性质“企业”，可选：营业执照（个人或企业）、组织机构代码证、外国企业常驻代表机构登记证、统一社会信用代码证书"},
		{"code of another nature", "企业", "13", CertType{}, "不是已知的证件类型"},
		{"licence for person", "个人", "营业执照", CertType{}, "不适用于单位性质“个人”，可选：居民身份证、护照"},
		{"ID card for enterprise", "企业", "居民身份证", CertType{}, "不适用于单位性质“企业”"},
		{"government business licence", "政府机关", "营业执照", CertType{}, "可选：组织机构代码证、统一社会信用代码证书"},
		{"unknown label", "企业", "驾驶证", CertType{}, "“驾驶证”不是已知的证件类型，单位性质“企业”可选："},
		{"empty", "企业", "", CertType{}, "不能为空"},
		{"unknown nature", "公司", "营业执照", CertType{}, "单位性质“公司”无效"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := LookupEntityCertType(tt.nature, tt.in)
			if !errMatches(err, tt.wantErr) || got != tt.want {
				t.Errorf("LookupEntityCertType(%q, %q) = %+v, %v; want %+v, %q", tt.nature, tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestLookupPersonCertType(t *testing.T) {
	tests := []struct {
		in   string
		want CertType
		ok   bool
	}{
		{"居民身份证", CertType{2, "居民身份证", "", CertResidentID}, true},
		{"身份证", CertType{2, "居民身份证", "", CertResidentID}, true},
		{"14", CertType{14, "港澳居民来往内地通行证", "", CertHKMOPermit}, true},
		{"港澳居民来往内陆通行证", CertType{14, "港澳居民来往内地通行证", "", CertHKMOPermit}, true},
		{"台湾居民居住证", CertType{42, "台湾居民居住证", "", CertResidencePermit}, true},
		{"外国人永久居留身份证", CertType{30, "外国人永久居留身份证", "", CertForeignPR}, true},
		{"营业执照", CertType{}, false},
		{"1", CertType{}, false},
		{"", CertType{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := LookupPersonCertType(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("LookupPersonCertType(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCertKindString(t *testing.T) {
	tests := []struct {
		k    CertKind
		want string
	}{
		{CertOther, "other"},
		{CertUSCC, "uscc"},
		{CertBusinessLicence, "businesslicence"},
		{CertKind(99), "CertKind(99)"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.k.String(); got != tt.want {
				t.Errorf("CertKind(%d).String() = %q, want %q", int(tt.k), got, tt.want)
			}
		})
	}
}

func TestCodeLists(t *testing.T) {
	tests := []struct {
		name   string
		list   func() []CodeLabel
		lookup func(string) (CodeLabel, bool)
		n      int
		in     string
		want   CodeLabel
		ok     bool
	}{
		{"content by label", ContentTypes, LookupContentType, 30, "网络购物", CodeLabel{256, "网络购物"}, true},
		{"content with slash", ContentTypes, LookupContentType, 30, "博客/个人空间", CodeLabel{32, "博客/个人空间"}, true},
		{"content largest", ContentTypes, LookupContentType, 30, "网上非银支付", CodeLabel{4294967296, "网上非银支付"}, true},
		{"content by value", ContentTypes, LookupContentType, 30, "8388608", CodeLabel{8388608, "其他"}, true},
		{"content unknown", ContentTypes, LookupContentType, 30, "网络直播", CodeLabel{}, false},
		{"content unused bit", ContentTypes, LookupContentType, 30, "16777216", CodeLabel{}, false},
		{"language", Languages, LookupLanguage, 17, "英语", CodeLabel{12, "英语"}, true},
		{"language alias", Languages, LookupLanguage, 17, "简体中文", CodeLabel{1, "中文简体"}, true},
		{"language by code", Languages, LookupLanguage, 17, "17", CodeLabel{17, "阿拉伯语"}, true},
		{"language unknown", Languages, LookupLanguage, 17, "德语", CodeLabel{}, false},
		{"pre-approval", PreApprovals, LookupPreApproval, 12, "新闻", CodeLabel{1, "新闻"}, true},
		{"pre-approval full label", PreApprovals, LookupPreApproval, 12, "校外培训（高中及以下阶段）", CodeLabel{8192, "校外培训（高中及以下阶段）"}, true},
		{"pre-approval half-width brackets", PreApprovals, LookupPreApproval, 12, "校外培训(高中及以下阶段)", CodeLabel{8192, "校外培训（高中及以下阶段）"}, true},
		{"pre-approval alias", PreApprovals, LookupPreApproval, 12, "校外培训", CodeLabel{8192, "校外培训（高中及以下阶段）"}, true},
		{"pre-approval by value", PreApprovals, LookupPreApproval, 12, "16384", CodeLabel{16384, "宗教"}, true},
		{"pre-approval gap", PreApprovals, LookupPreApproval, 12, "64", CodeLabel{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := len(tt.list()); got != tt.n {
				t.Errorf("list has %d entries, want %d", got, tt.n)
			}
			got, ok := tt.lookup(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("lookup(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestCodesOf(t *testing.T) {
	tests := []struct {
		name string
		got  []CodeLabel
		want []CodeLabel
	}{
		{"content", ContentTypesOf(128 | 8388608 | 16777216), []CodeLabel{{128, "单位门户网站"}, {8388608, "其他"}}},
		{"content none", ContentTypesOf(0), nil},
		{"pre-approval", PreApprovalsOf(1 | 4096), []CodeLabel{{1, "新闻"}, {4096, "互联网金融"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !slices.Equal(tt.got, tt.want) {
				t.Errorf("got %+v, want %+v", tt.got, tt.want)
			}
		})
	}
}

// errMatches reports whether err fits want: nil for "", else an error whose
// message contains want.
func errMatches(err error, want string) bool {
	if want == "" {
		return err == nil
	}
	return err != nil && strings.Contains(err.Error(), want)
}
