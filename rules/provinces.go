package rules

import (
	"slices"
	"strings"
)

// Province is one of the 31 provincial-level regions that run an ICP filing
// bureau (reference §3.4). Hong Kong, Macau and Taiwan are outside the ICP
// regime and are not provinces here.
type Province struct {
	Name        string   // short name: 浙江, 内蒙古, 广西 …
	FullName    string   // 浙江省, 内蒙古自治区, 北京市 …
	Code        string   // GB/T 2260 province code, e.g. "330000"
	Prefix      string   // ICP number prefix: 浙; 蜀, 黔, 滇, 陇 for 四川, 贵州, 云南, 甘肃
	AltPrefixes []string // prefixes seen in the wild and accepted on input: 川, 贵, 云, 甘
	Bureau      string   // the provincial communications administration, e.g. 浙江省通信管理局
	ServerBit   int64    // this province's bit in the FORM 服务器地址 bitmask (安徽 = 1 … 浙江 = 8589934592)
}

var (
	provinces        []Province
	provinceByKey    = map[string]int{} // Name, FullName, Code, Prefix, AltPrefixes → index
	provinceByPrefix = map[string]int{} // Prefix, AltPrefixes → index
)

func init() {
	const file = "provinces.tsv"
	for _, f := range readTable(file, 7) {
		p := Province{
			Name:        f[0],
			FullName:    f[1],
			Code:        f[2],
			Prefix:      f[3],
			AltPrefixes: splitList(f[4]),
			Bureau:      f[5],
			ServerBit:   mustInt(file, f[6]),
		}
		i := len(provinces)
		provinces = append(provinces, p)
		for _, k := range append([]string{p.Name, p.FullName, p.Code, p.Prefix}, p.AltPrefixes...) {
			if _, dup := provinceByKey[k]; dup {
				panic("rules: data/" + file + ": duplicate key " + k)
			}
			provinceByKey[k] = i
		}
		for _, k := range append([]string{p.Prefix}, p.AltPrefixes...) {
			provinceByPrefix[k] = i
		}
	}
	if len(provinces) != 31 {
		panic("rules: data/" + file + ": want 31 provinces")
	}
}

// Provinces returns the 31 provinces in the order of the reference table
// (北京, 天津, 河北 … 新疆). The result is a copy the caller may modify.
func Provinces() []Province {
	out := make([]Province, len(provinces))
	for i, p := range provinces {
		p.AltPrefixes = slices.Clone(p.AltPrefixes)
		out[i] = p
	}
	return out
}

// LookupProvince finds a province by its short name (浙江), full name
// (浙江省), GB/T 2260 code (330000), ICP prefix (浙) or alternative prefix
// (川 for 四川). Surrounding spaces are ignored.
func LookupProvince(s string) (Province, bool) {
	i, ok := provinceByKey[strings.TrimSpace(s)]
	if !ok {
		return Province{}, false
	}
	return provinceAt(i), true
}

// ProvinceByPrefix finds a province by its ICP prefix (蜀) or an alternative
// prefix seen in the wild (川).
func ProvinceByPrefix(p string) (Province, bool) {
	i, ok := provinceByPrefix[p]
	if !ok {
		return Province{}, false
	}
	return provinceAt(i), true
}

func provinceAt(i int) Province {
	p := provinces[i]
	p.AltPrefixes = slices.Clone(p.AltPrefixes)
	return p
}

// isProvinceCode2 reports whether s is the two-digit head of the GB/T 2260
// code of one of the 31 provinces ("33" for 浙江).
func isProvinceCode2(s string) bool {
	_, ok := provinceByKey[s+"0000"]
	return ok
}
