package rules

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// NaturePerson is the label of the 个人 (individual) nature. Every other
// nature is an organisation (单位).
const NaturePerson = "个人"

// Nature is an entity nature, 单位性质 (reference §4.2).
type Nature struct {
	Name       string // label: 企业, 个人, 政府机关 …
	Code       int    // scheme A: the FORM / provider-form code (unitProperty)
	WeChatCode int    // scheme B: WeChat queryIcpSubjectTypes; 0 when that list has none
}

// CodeLabel is one entry of a code list: a code (or bitmask value) and its
// label.
type CodeLabel struct {
	Code int64
	Name string
}

// CertKind says how the number of a certificate type is checked; see
// CheckCertNo.
type CertKind int

// The certificate kinds.
const (
	CertOther           CertKind = iota // free-form: 2–40 letters, digits, Chinese characters, -()（）
	CertUSCC                            // GB 32100 unified social credit code, 18 characters
	CertOrgCode                         // GB 11714 organisation code, 9 characters (a dash before the check character allowed)
	CertResidentID                      // GB 11643 18-digit citizen ID
	CertHKMOPermit                      // 港澳居民来往内地通行证: H or M + 8 digits (+ 2-digit issue count)
	CertTWPermit                        // 台湾居民来往大陆通行证: 8 or 10 digits
	CertPassport                        // 5–17 ASCII letters and digits
	CertForeignPR                       // 外国人永久居留身份证: 3 letters + 12 digits (old) or 18 digits starting with 9 (new)
	CertResidencePermit                 // 港澳/台湾居民居住证: GB 11643 number with region 810000, 820000 or 830000
	CertBusinessLicence                 // 营业执照: an 18-character USCC or a 15-digit registration number
)

var certKindNames = []string{"other", "uscc", "orgcode", "residentid", "hkmopermit", "twpermit", "passport", "foreignpr", "residencepermit", "businesslicence"}

// String returns the name used for k in data/certtypes.tsv, e.g. "uscc".
func (k CertKind) String() string {
	if k < 0 || int(k) >= len(certKindNames) {
		return "CertKind(" + strconv.Itoa(int(k)) + ")"
	}
	return certKindNames[k]
}

// CertType is a certificate type, 证件类型: an entity certificate type
// (reference §4.3), which belongs to one nature, or a person certificate type
// (§4.4), used by principals and by 个人 entities.
type CertType struct {
	Code   int      // FORM code
	Name   string   // label, e.g. 统一社会信用代码证书
	Nature string   // label of the owning nature; "" for person certificate types
	Kind   CertKind // how the number is checked
}

type certEntry struct {
	CertType
	aliases []string
}

var (
	natures      []Nature
	natureByKey  = map[string]int{} // label and decimal scheme-A code → index
	certTypes    []certEntry        // entity types in file order, then person types
	contentTypes codeList
	languages    codeList
	preApprovals codeList
)

func init() {
	const nf = "natures.tsv"
	for _, f := range readTable(nf, 3) {
		n := Nature{Name: f[0], Code: int(mustInt(nf, f[1])), WeChatCode: int(mustInt(nf, f[2]))}
		natureByKey[n.Name] = len(natures)
		natureByKey[strconv.Itoa(n.Code)] = len(natures)
		natures = append(natures, n)
	}

	const cf = "certtypes.tsv"
	for _, f := range readTable(cf, 5) {
		k := CertKind(-1)
		for i, name := range certKindNames {
			if name == f[2] {
				k = CertKind(i)
			}
		}
		if k < 0 {
			panic("rules: data/" + cf + ": unknown kind " + f[2])
		}
		if _, ok := natureByKey[f[1]]; f[1] != "" && !ok {
			panic("rules: data/" + cf + ": unknown nature " + f[1])
		}
		certTypes = append(certTypes, certEntry{
			CertType: CertType{Code: int(mustInt(cf, f[0])), Name: f[3], Nature: f[1], Kind: k},
			aliases:  splitList(f[4]),
		})
	}

	contentTypes = readCodeList("contenttypes.tsv")
	languages = readCodeList("languages.tsv")
	preApprovals = readCodeList("preapprovals.tsv")
}

// Natures returns the entity natures in scheme-A code order.
func Natures() []Nature {
	return append([]Nature(nil), natures...)
}

// LookupNature finds a nature by its label (企业) or by its scheme-A code
// written in decimal ("4"). Surrounding spaces are ignored.
func LookupNature(name string) (Nature, bool) {
	i, ok := natureByKey[strings.TrimSpace(name)]
	if !ok {
		return Nature{}, false
	}
	return natures[i], true
}

// EntityCertTypes returns the certificate types an entity of the given
// nature (label or scheme-A code) may use, in the order of the reference
// table. For 个人 it returns PersonCertTypes. An unknown nature gives nil.
//
// Besides the FORM codes, 企业 accepts 统一社会信用代码证书 (code 49, kind
// CertUSCC): it is the common modern label for the 三证合一 business
// licence, and FORM has no code for it under 企业.
func EntityCertTypes(nature string) []CertType {
	n, ok := LookupNature(nature)
	if !ok {
		return nil
	}
	if n.Name == NaturePerson {
		return PersonCertTypes()
	}
	return certTypesOf(n.Name)
}

// PersonCertTypes returns the certificate types of persons (principals and
// 个人 entities): codes 2, 7, 11, 14, 30, 41 and 42.
func PersonCertTypes() []CertType {
	return certTypesOf("")
}

func certTypesOf(nature string) []CertType {
	var out []CertType
	for _, c := range certTypes {
		if c.Nature == nature {
			out = append(out, c.CertType)
		}
	}
	return out
}

// LookupEntityCertType finds the certificate type called name (a label, an
// accepted variant such as "营业执照" or half-width brackets, or the code in
// decimal) among those of the given nature. For 个人 it looks among the
// person certificate types. The error, in Chinese, says when the type does
// not fit the nature and lists the labels that do.
func LookupEntityCertType(nature, name string) (CertType, error) {
	n, ok := LookupNature(nature)
	if !ok {
		return CertType{}, fmt.Errorf("单位性质“%s”无效，无法确定证件类型", strings.TrimSpace(nature))
	}
	want := n.Name
	if want == NaturePerson {
		want = ""
	}
	key := normLabel(name)
	if c, ok := findCertType(want, key); ok {
		return c, nil
	}
	allowed := labels(EntityCertTypes(n.Name))
	switch {
	case key == "":
		return CertType{}, fmt.Errorf("不能为空，单位性质“%s”可选：%s", n.Name, allowed)
	case isKnownCertLabel(key):
		return CertType{}, fmt.Errorf("“%s”不适用于单位性质“%s”，可选：%s", key, n.Name, allowed)
	}
	return CertType{}, fmt.Errorf("“%s”不是已知的证件类型，单位性质“%s”可选：%s", key, n.Name, allowed)
}

// LookupPersonCertType finds a person certificate type by label (居民身份证),
// an accepted variant (身份证, 台胞证 …) or code in decimal ("2").
func LookupPersonCertType(name string) (CertType, bool) {
	return findCertType("", normLabel(name))
}

func findCertType(nature, key string) (CertType, bool) {
	if key == "" {
		return CertType{}, false
	}
	for _, c := range certTypes {
		if c.Nature != nature {
			continue
		}
		if c.Name == key || strconv.Itoa(c.Code) == key {
			return c.CertType, true
		}
		for _, a := range c.aliases {
			if a == key {
				return c.CertType, true
			}
		}
	}
	return CertType{}, false
}

func isKnownCertLabel(key string) bool {
	for _, c := range certTypes {
		if c.Name == key {
			return true
		}
		for _, a := range c.aliases {
			if a == key {
				return true
			}
		}
	}
	return false
}

func labels(ts []CertType) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = t.Name
	}
	return strings.Join(names, "、")
}

// labelReplacer is built once: a Replacer is costly to make and safe to share.
var labelReplacer = strings.NewReplacer("(", "（", ")", "）", " ", "", "\u3000", "")

// normLabel trims a label and writes its brackets full-width, the form the
// lists use: "营业执照(个人或企业)" → "营业执照（个人或企业）".
func normLabel(s string) string {
	return labelReplacer.Replace(strings.TrimSpace(s))
}

// codeList is a code list loaded from a three-column table: code, label,
// other accepted labels.
type codeList struct {
	items []CodeLabel
	byKey map[string]int
}

func readCodeList(file string) codeList {
	l := codeList{byKey: map[string]int{}}
	for _, f := range readTable(file, 3) {
		c := CodeLabel{Code: mustInt(file, f[0]), Name: f[1]}
		for _, k := range append([]string{f[0], normLabel(f[1])}, splitList(f[2])...) {
			if _, dup := l.byKey[k]; dup {
				panic("rules: data/" + file + ": duplicate key " + k)
			}
			l.byKey[k] = len(l.items)
		}
		l.items = append(l.items, c)
	}
	return l
}

func (l codeList) all() []CodeLabel { return append([]CodeLabel(nil), l.items...) }

func (l codeList) lookup(name string) (CodeLabel, bool) {
	i, ok := l.byKey[normLabel(name)]
	if !ok {
		return CodeLabel{}, false
	}
	return l.items[i], true
}

// of returns the entries whose bits are set in mask, in list order.
func (l codeList) of(mask int64) []CodeLabel {
	var out []CodeLabel
	for _, c := range l.items {
		if mask&c.Code != 0 {
			out = append(out, c)
		}
	}
	return out
}

// ContentTypes returns the 服务内容 list (reference §4.5). Each Code is a
// bitmask value; a service's selection is the OR of its codes.
func ContentTypes() []CodeLabel { return contentTypes.all() }

// LookupContentType finds a 服务内容 entry by label (网络购物) or by its
// value in decimal ("256").
func LookupContentType(name string) (CodeLabel, bool) { return contentTypes.lookup(name) }

// ContentTypesOf returns the 服务内容 entries whose bits are set in mask.
// Bits that name no entry are ignored.
func ContentTypesOf(mask int64) []CodeLabel { return contentTypes.of(mask) }

// Languages returns the 网站语言 list (reference §4.5). The codes are plain
// codes, not bitmask values.
func Languages() []CodeLabel { return languages.all() }

// LookupLanguage finds a 网站语言 entry by label (中文简体, also 简体中文) or by
// code in decimal ("1").
func LookupLanguage(name string) (CodeLabel, bool) { return languages.lookup(name) }

// PreApprovals returns the 前置审批 list (reference §4.6). Each Code is a
// bitmask value.
func PreApprovals() []CodeLabel { return preApprovals.all() }

// LookupPreApproval finds a 前置审批 entry by label (新闻; 校外培训 for
// 校外培训（高中及以下阶段）) or by its value in decimal ("1").
func LookupPreApproval(name string) (CodeLabel, bool) { return preApprovals.lookup(name) }

// PreApprovalsOf returns the 前置审批 entries whose bits are set in mask.
// Bits that name no entry are ignored.
func PreApprovalsOf(mask int64) []CodeLabel { return preApprovals.of(mask) }

// errEmpty is returned by the checks for an empty input.
var errEmpty = errors.New("不能为空")
