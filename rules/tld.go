package rules

import (
	"slices"
	"strings"
)

var (
	approvedTLDs   []string
	approvedTLDSet = map[string]bool{}
)

func init() {
	const file = "tlds.txt"
	b, err := dataFS.ReadFile("data/" + file)
	if err != nil {
		panic(err)
	}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		a, err := toASCIIName(strings.TrimPrefix(line, "."))
		if err != nil {
			panic("rules: data/" + file + ": " + line + ": " + err.Error())
		}
		if !approvedTLDSet[a] {
			approvedTLDSet[a] = true
			approvedTLDs = append(approvedTLDs, a)
		}
	}
	slices.Sort(approvedTLDs)
}

// ApprovedTLDs returns the top-level domains (and the few listed
// second-level suffixes such as gov.cn) that MIIT has approved for filing,
// in ASCII (punycode) form, sorted. data/tlds.txt says where the list comes
// from; .org and .app are left out.
func ApprovedTLDs() []string {
	return slices.Clone(approvedTLDs)
}

// IsApprovedTLD reports whether tld is in ApprovedTLDs. It accepts Unicode
// or ASCII, any case, with or without a leading dot: "cn", ".CN", "中国",
// "xn--fiqs8s".
func IsApprovedTLD(tld string) bool {
	tld = strings.TrimSuffix(strings.TrimPrefix(strings.TrimSpace(tld), "."), ".")
	a, err := toASCIIName(tld)
	return err == nil && approvedTLDSet[a]
}
