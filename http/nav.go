package http

import (
	"reflect"

	"github.com/beianhq/beian"
)

// navLink is a navigation entry of the staff pages.
type navLink struct {
	Href, Label string
}

// staffNav lists the staff pages the navigation offers, by route pattern;
// each is shown to the accounts that pattern's access rule admits, so a link
// is never offered to someone the route would refuse.
var staffNav = []struct{ pattern, label string }{
	{"GET /agent/applications", "我的备案"},
	{"GET /agent/filed", "变更与注销"},
	{"GET /agent/products", "我的产品"},
	{"GET /agent/review", "初审队列"},
	{"GET /provider/limited", "限制接入网站"},
	{"GET /admin/accounts", "账号管理"},
	{"GET /admin/audit", "审计日志"},
	{"GET /admin/products", "产品管理"},
	{"GET /bureau/blacklist", "备案黑名单"},
}

// navFor returns the staff links a (nil: anonymous) may follow.
func (s *Server) navFor(a *beian.Account) []navLink {
	if a == nil {
		return nil
	}
	var out []navLink
	for _, n := range staffNav {
		for _, rt := range s.routeTable {
			if rt.pattern == n.pattern && rt.access.Allows(a) {
				out = append(out, navLink{Href: n.pattern[len("GET "):], Label: n.label})
			}
		}
	}
	return out
}

var pageType = reflect.TypeFor[Page]()

// withNav returns data with its embedded Page's Nav set. Handlers build
// their page data before they know the navigation, and every page embeds
// Page by value, so the copy is made here, once, for all of them.
func withNav(data any, nav []navLink) any {
	if nav == nil {
		return data
	}
	v := reflect.ValueOf(data)
	if v.Kind() != reflect.Struct {
		return data
	}
	p := reflect.New(v.Type()).Elem()
	p.Set(v)
	f := p.FieldByName("Page")
	if !f.IsValid() || f.Type() != pageType {
		return data
	}
	f.Addr().Interface().(*Page).Nav = nav
	return p.Interface()
}
