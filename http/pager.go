package http

import (
	"net/url"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
)

// pager is the paging of the query page: previous and next, the numbers
// around the current page, and a jump form (a plain GET, no script).
type pager struct {
	Prev, Next string // URLs, "" when there is none
	Links      []pageLink
	Pages      int  // pages in the result
	PastEnd    bool // the page asked for is after the last one
	Last       string
	// The parameters the jump form carries along.
	Keyword, ServiceType, PageSize string
	MaxPage                        int // the deepest page that may be asked for
}

// pageLink is one page number; Gap marks "…" between numbers.
type pageLink struct {
	Num     int
	URL     string
	Current bool
	Gap     bool
}

func newPager(p registry.QueryParams, res beian.QueryResult) pager {
	link := func(page int) string {
		v := url.Values{"keyword": {p.Keyword}, "pageNum": {strconv.Itoa(page)}}
		if p.ServiceType != "" {
			v.Set("serviceType", p.ServiceType)
		}
		if p.PageSize != "" {
			v.Set("pageSize", p.PageSize)
		}
		return "/query?" + v.Encode()
	}
	n := res.Pages()
	pg := pager{Pages: n, Keyword: p.Keyword, ServiceType: p.ServiceType, PageSize: p.PageSize,
		MaxPage: min(max(n, 1), registry.MaxQueryRows/max(res.PageSize, 1))}
	if n > 0 && res.PageNum > n {
		pg.PastEnd, pg.Last = true, link(n)
		return pg
	}
	if res.PageNum > 1 {
		pg.Prev = link(res.PageNum - 1)
	}
	if res.PageNum < n {
		pg.Next = link(res.PageNum + 1)
	}
	if n < 2 {
		return pg
	}
	prev := 0
	for _, i := range []int{1, res.PageNum - 2, res.PageNum - 1, res.PageNum, res.PageNum + 1, res.PageNum + 2, n} {
		if i <= prev || i > n {
			continue
		}
		if i > prev+1 {
			pg.Links = append(pg.Links, pageLink{Gap: true})
		}
		pg.Links = append(pg.Links, pageLink{Num: i, URL: link(i), Current: i == res.PageNum})
		prev = i
	}
	return pg
}
