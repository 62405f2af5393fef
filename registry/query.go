package registry

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
	"golang.org/x/net/idna"
)

// QueryParams are the public query's parameters as given (docs/API.md,
// GET /api/query).
type QueryParams struct {
	Keyword     string
	ServiceType string
	PageNum     string
	PageSize    string
}

// Default and bounds of the query parameters.
const (
	DefaultPageSize = 20
	maxKeywordLen   = 100
	// MaxQueryRows is how deep paging may go: pageNum × pageSize. It is
	// also where the total stops counting (docs/API.md): a broad name
	// ("科技") matches more rows than anyone can page through, and counting
	// them all cost a join per match. So the total is exact up to
	// MaxQueryRows and reads MaxQueryRows past it — the rows a client can
	// reach, which paging then yields exactly.
	MaxQueryRows = 10000
)

// ParseQuery understands a keyword as a domain, else a main or service
// number, else a substring of an entity name, and checks the paging.
func ParseQuery(p QueryParams) (beian.Query, error) {
	q := beian.Query{PageNum: 1, PageSize: DefaultPageSize, CountCap: MaxQueryRows}
	kw := strings.TrimSpace(p.Keyword)
	switch n := utf8.RuneCountInString(kw); {
	case n == 0:
		return q, beian.FieldErrorf("keyword", "请输入域名、备案号或主办单位名称")
	case n > maxKeywordLen:
		return q, beian.FieldErrorf("keyword", "不能超过%d个字符", maxKeywordLen)
	case !utf8.ValidString(kw):
		return q, beian.FieldErrorf("keyword", "含有无效的 UTF-8 字符")
	}
	if v := strings.TrimSpace(p.ServiceType); v != "" {
		t, err := strconv.Atoi(v)
		if err != nil || !beian.ServiceType(t).Valid() {
			return q, beian.FieldErrorf("serviceType", "应为 1（网站）、6（App）、7（小程序）或 8（快应用）")
		}
		q.ServiceType = beian.ServiceType(t)
	}
	var err error
	if q.PageNum, err = intParam("pageNum", p.PageNum, 1, 1, 1<<20); err != nil {
		return q, err
	}
	if q.PageSize, err = intParam("pageSize", p.PageSize, DefaultPageSize, 1, beian.MaxPageSize); err != nil {
		return q, err
	}
	// A deep page costs a scan of every row before it; like MIIT's, the
	// public query shows the first MaxQueryRows rows of a result only.
	if q.PageNum*q.PageSize > MaxQueryRows {
		return q, beian.FieldErrorf("pageNum", "超出可查看的范围：只能查看前 %d 条结果（pageNum × pageSize 不超过 %d），请缩小查询条件", MaxQueryRows, MaxQueryRows)
	}

	// A registrable domain has a dot (or a full-width one); numbers and names
	// have none, and skip the IDNA work (7 % of a number look-up's CPU).
	if strings.ContainsAny(kw, ".。．｡") {
		if d, err := rules.ParseHost(kw); err == nil {
			q.Kind, q.Domain = beian.QueryDomain, d.Registrable
			q.Reading = "按域名 " + toUnicode(d.Registrable) + " 查询"
			return q, nil
		}
	}
	// Numbers as people type them: spaces, lower case, no 号, 粵 …
	if l, err := rules.ReadLicence(kw); err == nil {
		q.Kind, q.Licence, q.MainOnly = beian.QueryLicence, l.String(), l.IsMain()
		what := "备案号"
		if l.Form == rules.FormPermit || l.Form == rules.FormTelecom {
			what = "许可证号"
		}
		q.Reading = "按" + what + " " + q.Licence + " 查询"
		return q, nil
	}
	if utf8.RuneCountInString(kw) < 2 {
		return q, beian.FieldErrorf("keyword", "按单位名称查询时至少输入2个字")
	}
	q.Kind, q.Name = beian.QueryName, kw
	q.Reading = "按主办单位名称“" + kw + "”查询"
	return q, nil
}

// Reading says how the keyword of p is read ("按备案号 浙ICP备2021012345号-1
// 查询"), or "" when p does not parse.
func (p QueryParams) Reading() string {
	q, err := ParseQuery(p)
	if err != nil {
		return ""
	}
	return q.Reading
}

// toUnicode shows an ASCII domain in Unicode where it has a Unicode form.
func toUnicode(a string) string {
	if u, err := idna.Lookup.ToUnicode(a); err == nil {
		return u
	}
	return a
}

func intParam(field, v string, def, lo, hi int) (int, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, beian.FieldErrorf(field, "应为 %d 到 %d 之间的整数", lo, hi)
	}
	return n, nil
}

// Registry is the regulator's read side used by the web and API handlers.
type Registry struct {
	DB *store.DB
	// Cache, when set, keeps answers until the store's generation moves on;
	// nil reads every answer from the store.
	Cache *QueryCache
}

// Query answers a public query.
func (r *Registry) Query(ctx context.Context, p QueryParams) (beian.QueryResult, error) {
	if r.Cache == nil {
		q, err := ParseQuery(p)
		if err != nil {
			return beian.QueryResult{}, err
		}
		return r.DB.Query(ctx, q)
	}
	q, err := r.Cache.parse(p)
	if err != nil {
		return beian.QueryResult{}, err
	}
	a, _, gen, storable := r.Cache.lookup(ctx, q)
	if a != nil {
		return a.res, nil
	}
	res, err := r.DB.Query(ctx, q)
	if err == nil && storable {
		r.Cache.store(q, gen, res, nil)
	}
	return res, err
}

// QueryEncoded answers a public query as encode gives it; with a cache, one
// encoding serves every request for the same answer. encode must give the
// same bytes for the same result.
func (r *Registry) QueryEncoded(ctx context.Context, p QueryParams, encode func(beian.QueryResult) ([]byte, error)) ([]byte, error) {
	if r.Cache == nil {
		q, err := ParseQuery(p)
		if err != nil {
			return nil, err
		}
		res, err := r.DB.Query(ctx, q)
		if err != nil {
			return nil, err
		}
		return encode(res)
	}
	q, err := r.Cache.parse(p)
	if err != nil {
		return nil, err
	}
	a, body, gen, storable := r.Cache.lookup(ctx, q)
	switch {
	case body != nil:
		return body, nil
	case a != nil:
		if body, err = encode(a.res); err == nil {
			r.Cache.attach(q, a, body)
		}
		return body, err
	}
	res, err := r.DB.Query(ctx, q)
	if err != nil {
		return nil, err
	}
	if body, err = encode(res); err == nil && storable {
		r.Cache.store(q, gen, res, body)
	}
	return body, err
}

// Entity returns the public record of one entity. Returns ENOTFOUND.
func (r *Registry) Entity(ctx context.Context, id int64) (*beian.Entity, error) {
	e, err := r.DB.FindEntityByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if e.Cancelled {
		return nil, beian.Errorf(beian.ENOTFOUND, "未找到备案主体")
	}
	return e, nil
}
