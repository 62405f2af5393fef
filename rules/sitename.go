package rules

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// NameWords are the word lists website names are checked with
// (data/sitenames.tsv).
type NameWords struct {
	Forbidden []string          // no filer
	National  []string          // no filer but 政府机关 and 国防机构, unless in the entity's name
	Personal  []string          // no individual
	Sector    map[string]string // word → the pre-approval it needs
}

// DefaultNameWords returns the embedded word lists. (Loaded on first use:
// they refer to the code lists, which are read in init.)
var DefaultNameWords = sync.OnceValue(func() *NameWords {
	b, err := dataFS.ReadFile("data/sitenames.tsv")
	if err != nil {
		panic(err)
	}
	w, err := (&NameWords{Sector: map[string]string{}}).WithOverride(b)
	if err != nil {
		panic("rules: data/sitenames.tsv: " + err.Error())
	}
	return w
})

// WithOverride returns a copy of w with the lines of data (the format of
// data/sitenames.tsv) applied: a word adds to its list, a word written
// with a leading '-' leaves it.
func (w *NameWords) WithOverride(data []byte) (*NameWords, error) {
	o := &NameWords{
		Forbidden: slices.Clone(w.Forbidden), National: slices.Clone(w.National),
		Personal: slices.Clone(w.Personal), Sector: map[string]string{},
	}
	for k, v := range w.Sector {
		o.Sector[k] = v
	}
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimRight(line, "\r")
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) < 2 || len(f) > 3 || strings.TrimSpace(f[1]) == "" {
			return nil, fmt.Errorf("第%d行：应为“列表<TAB>词语[<TAB>前置审批]”", i+1)
		}
		word, remove := strings.CutPrefix(strings.TrimSpace(f[1]), "-")
		var list *[]string
		switch strings.TrimSpace(f[0]) {
		case "forbidden":
			list = &o.Forbidden
		case "national":
			list = &o.National
		case "personal":
			list = &o.Personal
		case "sector":
			if remove {
				delete(o.Sector, word)
				continue
			}
			if len(f) != 3 {
				return nil, fmt.Errorf("第%d行：sector 须在第三列写明前置审批", i+1)
			}
			if _, ok := LookupPreApproval(strings.TrimSpace(f[2])); !ok {
				return nil, fmt.Errorf("第%d行：未知的前置审批 %q", i+1, f[2])
			}
			o.Sector[word] = strings.TrimSpace(f[2])
			continue
		default:
			return nil, fmt.Errorf("第%d行：列表 %q 应为 forbidden、national、personal 或 sector", i+1, f[0])
		}
		*list = slices.DeleteFunc(*list, func(s string) bool { return s == word })
		if !remove {
			*list = append(*list, word)
		}
	}
	return o, nil
}

// SiteName is a website name with what its check depends on.
type SiteName struct {
	Name         string
	Nature       string   // 单位性质 of the entity
	UnitName     string   // the entity's name
	Domains      []string // the service's domains
	PreApprovals []string // pre-approval labels the service holds
	Extra        []string // the province's extra forbidden words
}

// CheckSiteName checks a website name against the naming rules: at least 3
// Chinese characters, not pure digits or Latin letters, no symbols but
// brackets, '-' and '·', not a domain, and none of the words the lists
// forbid for this filer.
func (w *NameWords) CheckSiteName(s SiteName) error {
	name := strings.TrimSpace(s.Name)
	han := 0
	for _, c := range name {
		switch {
		case unicode.Is(unicode.Han, c):
			han++
		case unicode.IsLetter(c), unicode.IsDigit(c), strings.ContainsRune(" ()（）-·", c):
		default:
			return fmt.Errorf("网站名称不能含有符号“%c”", c)
		}
	}
	if han < 3 {
		return errors.New("网站名称至少需要3个汉字，不能为纯数字或纯字母")
	}
	lower := strings.ToLower(name)
	for _, d := range s.Domains {
		if d != "" && strings.Contains(lower, strings.ToLower(d)) {
			return errors.New("网站名称不能使用域名")
		}
	}
	if word := containsAny(name, w.Forbidden, s.Extra); word != "" {
		return fmt.Errorf("网站名称不能含有“%s”", word)
	}
	if s.Nature != "政府机关" && s.Nature != "国防机构" {
		for _, word := range w.National {
			if strings.Contains(name, word) && !strings.Contains(s.UnitName, word) {
				return fmt.Errorf("网站名称不能含有“%s”（仅国家级单位可用）", word)
			}
		}
	}
	if s.Nature == NaturePerson {
		if word := containsAny(name, w.Personal); word != "" {
			return fmt.Errorf("个人网站名称不能含有“%s”，不能体现企业、行业、产品或社区等内容", word)
		}
	}
	for _, word := range sortedKeys(w.Sector) {
		if strings.Contains(name, word) && !slices.Contains(s.PreApprovals, w.Sector[word]) {
			return fmt.Errorf("网站名称含有“%s”，须取得“%s”前置审批", word, w.Sector[word])
		}
	}
	if utf8.RuneCountInString(name) > 50 {
		return errors.New("网站名称不能超过50个字符")
	}
	return nil
}

func containsAny(s string, lists ...[]string) string {
	for _, l := range lists {
		for _, w := range l {
			if w != "" && strings.Contains(s, w) {
				return w
			}
		}
	}
	return ""
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
