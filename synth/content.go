package synth

import "github.com/beianhq/beian/registry"

// Content types (服务内容) and pre-approvals (前置审批) of services, by the
// labels of rules/data/contenttypes.tsv and preapprovals.tsv. Most filed
// websites of companies and organisations are unit portals, most personal
// ones blogs; Apps and mini-programs mostly declare APP or 其他. A few
// services carry a pre-approval, and a few have their access limited.
var (
	companySiteContent = newWeighted([]weightedItem[string]{
		{"单位门户网站", 70}, {"网络购物", 8}, {"网络广告/信息", 5}, {"网站建设", 3}, {"网络软件/下载", 3},
		{"网络教育", 2}, {"网上房产", 1.5}, {"网络游戏", 1}, {"网上求职", 1}, {"综合门户", 1}, {"其他", 4.5},
	})
	personSiteContent = newWeighted([]weightedItem[string]{
		{"博客/个人空间", 75}, {"网络图片", 6}, {"网络音乐", 3}, {"网络软件/下载", 4}, {"其他", 12},
	})
	orgSiteContent = newWeighted([]weightedItem[string]{
		{"单位门户网站", 90}, {"网络新闻", 4}, {"网络教育", 3}, {"其他", 3},
	})
	appContent = newWeighted([]weightedItem[string]{
		{"APP", 60}, {"其他", 20}, {"网络购物", 8}, {"即时通信", 3}, {"网络游戏", 3}, {"网络教育", 3}, {"网上支付", 3},
	})
	// extraContent is a second content type some company websites declare.
	extraContent = uniform("网络广告/信息", "网络购物", "网络新闻", "网络影视", "网络图片", "网上支付")
	// preApprovals are the 前置审批 of the services that have one.
	preApprovals = newWeighted([]weightedItem[string]{
		{"文化", 30}, {"出版", 15}, {"教育", 15}, {"医疗保健", 12}, {"新闻", 8}, {"药品和医疗器械", 8},
		{"电子公告服务", 6}, {"广播电影电视节目", 4}, {"互联网金融", 2},
	})
)

// Shares of services with a pre-approval and with limited access (是否限制接入: 是).
const (
	preApprovalShare = 0.03
	limitedShare     = 0.02
)

// content sets the content types and access limit of s, a service of e.
func (g *Generator) content(e *entity, s *registry.ServiceRecord) {
	var c string
	switch {
	case s.ServiceType != serviceWebsite:
		c = appContent.pick(g.rng)
	case e.spec.kind == kindPerson:
		c = personSiteContent.pick(g.rng)
	case e.spec.kind == kindCompany:
		c = companySiteContent.pick(g.rng)
	default:
		c = orgSiteContent.pick(g.rng)
	}
	s.ContentTypes = []string{c}
	if e.spec.kind == kindCompany && s.ServiceType == serviceWebsite && chance(g.rng, 0.1) {
		if x := extraContent.pick(g.rng); x != c {
			s.ContentTypes = append(s.ContentTypes, x)
		}
	}
	if e.spec.kind != kindPerson && chance(g.rng, preApprovalShare) {
		s.ContentTypes = append(s.ContentTypes, preApprovals.pick(g.rng))
	}
	s.LimitAccess = chance(g.rng, limitedShare)
}
