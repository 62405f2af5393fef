package synth

import "strconv"

// TLD shares of filed domains: .com and .cn lead, the new generic TLDs
// trail. Every entry is on the approved list.
var (
	commonTLDs = newWeighted([]weightedItem[string]{
		{"com", 50}, {"cn", 25}, {"com.cn", 8}, {"net", 7}, {"top", 2.5}, {"xyz", 1.2}, {"cc", 1.2},
		{"vip", 1.2}, {"net.cn", 1}, {"中国", 0.5}, {"wang", 0.4}, {"ltd", 0.4}, {"shop", 0.4},
		{"club", 0.3}, {"site", 0.3}, {"online", 0.2}, {"tech", 0.2}, {"info", 0.2},
	})
	// publicTLDs serve public institutions and associations.
	publicTLDs = newWeighted([]weightedItem[string]{
		{"cn", 45}, {"org.cn", 20}, {"com", 15}, {"com.cn", 8}, {"net", 7}, {"中国", 5},
	})
	// govTLDs serve government bodies.
	govTLDs = newWeighted([]weightedItem[string]{{"gov.cn", 85}, {"cn", 15}})
	// secondTLDs hold the other domain of a website that has two.
	secondTLDs = []string{"com", "cn", "net", "com.cn"}
)

// emailDomains are the mail services principals use.
var emailDomains = newWeighted([]weightedItem[string]{
	{"163.com", 30}, {"126.com", 14}, {"foxmail.com", 8}, {"sina.com", 6}, {"139.com", 6},
	{"aliyun.com", 5}, {"outlook.com", 5}, {"hotmail.com", 3}, {"gmail.com", 3}, {"yeah.net", 3},
	{"sohu.com", 3}, {"189.cn", 3}, {"wo.cn", 1}, {"sina.cn", 2},
})

// newLabel returns a second-level label no other domain of the output has:
// stem, which has no trailing digit, followed by a running number.
func (g *Generator) newLabel(stem string) string {
	g.domains++
	return stem + strconv.FormatUint(g.domains, 10)
}

// stems are what a domain label is made of: the ASCII stem for most TLDs
// and a Chinese one for .中国.
type stems struct {
	ascii string
	cn    string
}

// newDomains returns one new registrable domain under a TLD drawn from
// tlds, sometimes with the same label under a second TLD when two is set.
func (g *Generator) newDomains(st stems, tlds *weighted[string], two bool) []string {
	tld := tlds.pick(g.rng)
	if tld == "中国" {
		return []string{g.newLabel(st.cn) + ".中国"}
	}
	label := g.newLabel(st.ascii)
	ds := []string{label + "." + tld}
	if two {
		t2 := pickOne(g.rng, secondTLDs)
		if t2 == tld {
			t2 = secondTLDs[0]
			if t2 == tld {
				t2 = secondTLDs[1]
			}
		}
		ds = append(ds, label+"."+t2)
	}
	return ds
}

// homeURL returns the home page of a website on domain.
func (g *Generator) homeURL(domain string) string {
	if chance(g.rng, 0.1) {
		return domain
	}
	return "www." + domain
}

// isASCII reports whether s is plain ASCII, as mail domains must be here.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// email returns an address for p at domain, or at a public mail service
// when domain is empty.
func (g *Generator) email(p *person, domain string) string {
	b := make([]byte, 0, 40)
	if domain == "" && chance(g.rng, 0.35) {
		// A QQ number: five to ten digits.
		b = appendInt(b, 10000+g.rng.IntN(3_000_000_000))
		return string(append(b, "@qq.com"...))
	}
	if domain == "" {
		domain = emailDomains.pick(g.rng)
	}
	switch g.rng.IntN(4) {
	case 0:
		b = append(b, p.pinyin...)
	case 1:
		b = append(b, p.pinyin...)
		b = append(b, birthDates[p.birthDay][2:4]...)
	case 2:
		b = append(b, p.initials...)
		b = append(b, birthDates[p.birthDay][0:4]...)
	default:
		b = append(b, p.pinyin...)
		b = appendInt(b, 1+g.rng.IntN(9999))
	}
	b = append(b, '@')
	b = append(b, domain...)
	return string(b)
}
