package synth

import (
	"fmt"
	"strconv"

	"github.com/beianhq/beian/rules"
)

// kind says how an entity is named and how its services are named.
type kind int

const (
	kindCompany kind = iota
	kindPerson
	kindOrg
)

// natureSpec is a 单位性质 with its share of entities, the class that opens
// its credit codes (registration authority and type, GB 32100) and the
// certificate types it files with, by preference.
type natureSpec struct {
	name   string
	weight float64
	kind   kind
	class  string
	certs  []weightedItem[string]
	orgs   []orgTemplate
	tlds   *weighted[string]
}

// natureSpecs: enterprises about 74 %, individuals about 22 %, the rest
// spread over public bodies and non-profits.
var natureSpecs = []*natureSpec{
	{name: "企业", weight: 74, kind: kindCompany, class: "91", tlds: &commonTLDs,
		certs: []weightedItem[string]{{"统一社会信用代码证书", 74}, {"营业执照（个人或企业）", 25}, {"组织机构代码证", 1}}},
	{name: "个人", weight: 22, kind: kindPerson, tlds: &commonTLDs,
		certs: []weightedItem[string]{{"居民身份证", 1}}},
	{name: "事业单位", weight: 1.6, kind: kindOrg, class: "12", tlds: &publicTLDs, orgs: publicInstitutions,
		certs: []weightedItem[string]{{"统一社会信用代码证书", 70}, {"事业单位法人证书", 25}, {"组织机构代码证", 5}}},
	{name: "政府机关", weight: 0.8, kind: kindOrg, class: "11", tlds: &govTLDs, orgs: governmentBodies,
		certs: []weightedItem[string]{{"统一社会信用代码证书", 85}, {"组织机构代码证", 15}}},
	{name: "社会团体", weight: 0.7, kind: kindOrg, class: "51", tlds: &publicTLDs, orgs: associations,
		certs: []weightedItem[string]{{"社会团体法人登记证书", 85}, {"组织机构代码证", 15}}},
	{name: "民办非企业单位", weight: 0.5, kind: kindOrg, class: "52", tlds: &publicTLDs, orgs: privateNonProfits,
		certs: []weightedItem[string]{{"民办非企业单位登记证书", 50}, {"社会服务机构登记证书", 20}, {"民办学校办学许可证", 10}, {"组织机构代码证", 20}}},
	{name: "基金会", weight: 0.1, kind: kindOrg, class: "53", tlds: &publicTLDs, orgs: foundations,
		certs: []weightedItem[string]{{"基金会法人登记证书", 80}, {"组织机构代码证", 20}}},
	{name: "律师执业机构", weight: 0.1, kind: kindOrg, class: "31", tlds: &commonTLDs, orgs: lawFirms,
		certs: []weightedItem[string]{{"律师事务所执业许可证", 80}, {"组织机构代码证", 20}}},
	{name: "医疗机构", weight: 0.1, kind: kindOrg, class: "12", tlds: &commonTLDs, orgs: clinics,
		certs: []weightedItem[string]{{"医疗机构执业许可证", 1}}},
	{name: "群众性团体组织", weight: 0.1, kind: kindOrg, class: "54", tlds: &publicTLDs, orgs: communities,
		certs: []weightedItem[string]{{"统一社会信用代码证书", 1}}},
}

// natureChoice is a nature with the certificate types rules allows it,
// weighted by preference.
type natureChoice struct {
	spec  *natureSpec
	certs weighted[rules.CertType]
}

// natures picks natures by their share. Natures rules does not know, and
// certificate types it does not allow the nature, are left out.
var natures = func() weighted[natureChoice] {
	var items []weightedItem[natureChoice]
	for _, ns := range natureSpecs {
		if c, ok := resolveCerts(ns); ok {
			items = append(items, weightedItem[natureChoice]{c, ns.weight})
		}
	}
	return newWeighted(items)
}()

// resolveCerts matches the preferred certificate types of ns against
// rules.EntityCertTypes.
func resolveCerts(ns *natureSpec) (natureChoice, bool) {
	allowed := rules.EntityCertTypes(ns.name)
	var items []weightedItem[rules.CertType]
	for _, pref := range ns.certs {
		for _, ct := range allowed {
			if ct.Name == pref.v && canNumber(ns, ct) {
				items = append(items, weightedItem[rules.CertType]{ct, pref.w})
			}
		}
	}
	if len(items) == 0 {
		for _, ct := range allowed {
			if canNumber(ns, ct) {
				items = append(items, weightedItem[rules.CertType]{ct, 1})
			}
		}
	}
	if len(items) == 0 {
		return natureChoice{}, false
	}
	return natureChoice{ns, newWeighted(items)}, true
}

// canNumber reports whether the generator can number a certificate of ct
// for an entity of nature ns.
func canNumber(ns *natureSpec, ct rules.CertType) bool {
	switch ct.Kind {
	case rules.CertResidentID:
		return ns.kind == kindPerson
	case rules.CertUSCC, rules.CertBusinessLicence, rules.CertOrgCode, rules.CertOther:
		return ns.kind != kindPerson
	}
	return false
}

// certNo returns a number for a certificate of type ct of entity number
// i. Numbers of different entities never coincide: each carries i, through
// a permutation, in a part of fixed place.
func (g *Generator) certNo(e *entity, ct rules.CertType) string {
	class, region, i := e.spec.class, e.place.region(), e.index
	if e.shop {
		class = "92"
	}
	switch ct.Kind {
	case rules.CertOrgCode:
		c := g.orgCode(i, false)
		if chance(g.rng, 0.5) {
			c = c[:8] + "-" + c[8:] // as printed on the certificate
		}
		return c
	case rules.CertUSCC, rules.CertBusinessLicence:
		return g.uscc(class, region, i, e.spec.kind == kindCompany && chance(g.rng, 0.7))
	}
	switch ct.Name {
	case "事业单位法人证书":
		return "事证第1" + region + fmt.Sprintf("%05d", i) + "号"
	case "医疗机构执业许可证":
		return "PDY" + g.orgCode(i, false) + region + "A1002"
	}
	// Since 2016 the other registration certificates carry the credit code.
	return g.uscc(class, region, i, false)
}

// entity is the part of a record being built that services draw on.
type entity struct {
	index  uint64
	spec   *natureSpec
	place  place
	name   string
	short  string // what its services are called after
	stems  stems
	shop   bool // an individually owned business (个体工商户)
	holder *person
}

// company names an enterprise: 杭州云栖网络科技有限公司, or now and then an
// individually owned business such as 杭州市西湖区云栖小吃店.
func (g *Generator) company(e *entity) {
	tr, init := g.tradeName()
	if chance(g.rng, 0.04) {
		e.shop = true
		e.name = e.place.cityFull() + e.place.dist.name + tr.ch + pickOne(g.rng, shops)
		e.short = tr.ch
		e.stems = stems{tr.py, tr.ch}
		return
	}
	ind := industries.pick(g.rng)
	form := companyForms.pick(g.rng)
	switch r := g.rng.IntN(20); {
	case r < 17:
		e.name = e.place.cityShort() + tr.ch + ind.name + form
	case r < 19:
		e.name = e.place.prov.name + tr.ch + ind.name + form
	default:
		e.name = tr.ch + ind.name + "（" + e.place.cityShort() + "）" + form
	}
	e.short = tr.ch
	e.stems = g.companyStems(tr, init, ind)
}

// companyStems returns domain stems for a company or brand named tr,
// whose syllables have the initials init.
func (g *Generator) companyStems(tr syl, init string, ind industry) stems {
	st := stems{tr.py, tr.ch}
	switch r := g.rng.IntN(20); {
	case r < 10:
	case r < 15:
		st.ascii = tr.py + ind.en
	case r < 17:
		st.ascii = init + ind.en
	case r < 18:
		st.ascii = tr.py + "-" + ind.en
	default:
		st.ascii = init
	}
	return st
}

// individual makes an entity of a person filing in their own name.
func (g *Generator) individual(e *entity) {
	p := g.newPerson(e.place.region())
	e.holder = p
	e.name = p.name
	e.short = p.name
	e.stems = g.personStems(p)
}

// personStems returns domain stems for a person's site.
func (g *Generator) personStems(p *person) stems {
	topic, _ := g.tradeName()
	switch g.rng.IntN(5) {
	case 0, 1:
		return stems{p.pinyin, topic.ch}
	case 2:
		return stems{p.initials, topic.ch}
	default:
		return stems{topic.py, topic.ch}
	}
}

// orgTemplate names a public body or non-profit in place pl with trade
// word tr: its full name, the short name its Apps and mini-programs go by,
// and the stem of its domains.
type orgTemplate func(g *Generator, pl place, tr syl) (name, short, stem string)

// ordinals are the numbers of schools and hospitals.
var ordinals = []string{"一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"}

// numbered returns a random ordinal and its number.
func (g *Generator) numbered() (string, string) {
	k := g.rng.IntN(len(ordinals))
	return ordinals[k], strconv.Itoa(k + 1)
}

// org returns an orgTemplate for a body of the city called what.
func org(what, short, tag string) orgTemplate {
	return func(g *Generator, pl place, _ syl) (string, string, string) {
		return pl.cityFull() + what, pl.cityShort() + short, pl.initials() + tag
	}
}

// districtOrg returns an orgTemplate for a body of the district called what.
func districtOrg(what, short, tag string) orgTemplate {
	return func(g *Generator, pl place, _ syl) (string, string, string) {
		return pl.cityFull() + pl.dist.name + what, pl.dist.name + short, pl.initials() + tag
	}
}

// tradeOrg returns an orgTemplate for a body called tr + what, within its
// city or, with prov set, its province.
func tradeOrg(within func(pl place) string, what, short, tag string) orgTemplate {
	return func(g *Generator, pl place, tr syl) (string, string, string) {
		return within(pl) + tr.ch + what, tr.ch + short, tr.py + tag
	}
}

var (
	inCity         = place.cityFull
	inCityShort    = place.cityShort
	inDistrict     = func(pl place) string { return pl.cityFull() + pl.dist.name }
	inProvince     = func(pl place) string { return pl.prov.full }
	inProvinceName = func(pl place) string { return pl.prov.name }

	publicInstitutions = []orgTemplate{
		func(g *Generator, pl place, _ syl) (string, string, string) {
			o, n := g.numbered()
			return pl.cityFull() + "第" + o + "中学", pl.cityShort() + o + "中", pl.initials() + n + "zx"
		},
		func(g *Generator, pl place, _ syl) (string, string, string) {
			o, n := g.numbered()
			return pl.cityFull() + "第" + o + "人民医院", pl.cityShort() + o + "院", pl.initials() + n + "yy"
		},
		districtOrg("实验小学", "实验小学", "syxx"),
		org("人民医院", "人民医院", "rmyy"),
		org("图书馆", "图书馆", "lib"),
		org("博物馆", "博物馆", "museum"),
		org("疾病预防控制中心", "疾控", "cdc"),
		func(g *Generator, pl place, _ syl) (string, string, string) {
			return pl.cityShort() + "职业技术学院", pl.cityShort() + "职院", pl.initials() + "vtc"
		},
		districtOrg("融媒体中心", "融媒", "media"),
		tradeOrg(inProvince, "研究院", "研究院", "yjy"),
	}
	governmentBodies = []orgTemplate{
		districtOrg("人民政府", "政务", "zf"),
		org("教育局", "教育", "edu"),
		districtOrg("市场监督管理局", "市场监管", "scjg"),
		org("人力资源和社会保障局", "人社", "hrss"),
		org("文化广电旅游局", "文旅", "wglj"),
		org("卫生健康委员会", "卫健", "wjw"),
		func(g *Generator, pl place, _ syl) (string, string, string) {
			return pl.prov.full + "商务厅", pl.prov.name + "商务", pl.initials() + "swt"
		},
	}
	associations = []orgTemplate{
		func(g *Generator, pl place, _ syl) (string, string, string) {
			a := pickOne(g.rng, associationFields)
			return pl.cityFull() + a.ch + "协会", pl.cityShort() + a.ch + "协会", pl.initials() + a.py + "xh"
		},
		func(g *Generator, pl place, _ syl) (string, string, string) {
			a := pickOne(g.rng, associationFields)
			return pl.prov.full + a.ch + "商会", pl.prov.name + a.ch + "商会", pl.initials() + a.py + "sh"
		},
		tradeOrg(inCity, "文化研究会", "文化", "yjh"),
	}
	privateNonProfits = []orgTemplate{
		tradeOrg(inCity, "培训学校", "培训", "edu"),
		tradeOrg(inDistrict, "养老服务中心", "养老", "yl"),
		tradeOrg(inCity, "社会工作服务中心", "社工", "sg"),
		tradeOrg(inCityShort, "艺术学校", "艺校", "art"),
	}
	foundations = []orgTemplate{
		tradeOrg(inProvince, "公益基金会", "公益", "gy"),
		tradeOrg(inCity, "慈善基金会", "慈善", "cs"),
	}
	lawFirms = []orgTemplate{
		tradeOrg(inProvinceName, "律师事务所", "律师", "law"),
		tradeOrg(inCityShort, "律师事务所", "律所", "lawyer"),
	}
	clinics = []orgTemplate{
		tradeOrg(inCityShort, "口腔门诊部", "口腔", "kq"),
		tradeOrg(inCityShort, "医院", "医院", "yy"),
		tradeOrg(inDistrict, "中医诊所", "中医", "zy"),
	}
	communities = []orgTemplate{
		tradeOrg(inDistrict, "社区居民委员会", "社区", "sq"),
	}
	associationFields = []syl{
		{"软件行业", "rj"}, {"电子商务", "ds"}, {"摄影家", "sy"}, {"书法家", "sf"}, {"餐饮行业", "cy"},
		{"物流", "wl"}, {"互联网", "hlw"}, {"企业家", "qyj"}, {"作家", "zj"}, {"青年创业", "qncy"},
	}
)

// organisation names a public body or non-profit.
func (g *Generator) organisation(e *entity) {
	tr, _ := g.tradeName()
	name, short, stem := pickOne(g.rng, e.spec.orgs)(g, e.place, tr)
	e.name = name
	e.short = short
	e.stems = stems{stem, tr.ch}
}
