package http

import (
	"net/http"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
)

// queryPageData is the 「ICP备案查询」 page.
type queryPageData struct {
	Page
	Params   registry.QueryParams
	Types    []serviceTypeOption
	Searched bool
	Error    string
	Result   queryPage
	Pager    pager
}

type serviceTypeOption struct {
	Value    string
	Label    string
	Selected bool
}

func serviceTypeOptions(selected string) []serviceTypeOption {
	opts := []serviceTypeOption{{"", "全部类型", selected == ""}}
	for _, t := range []beian.ServiceType{beian.ServiceWebsite, beian.ServiceApp, beian.ServiceMiniProgram, beian.ServiceQuickApp} {
		v := strconv.Itoa(int(t))
		opts = append(opts, serviceTypeOption{v, t.Label(), selected == v})
	}
	return opts
}

// handleQueryPage serves the query page; it works as a plain GET form, with
// no script needed.
func (s *Server) handleQueryPage(w http.ResponseWriter, r *http.Request) error {
	p := queryParams(r)
	data := queryPageData{Page: Page{Title: "ICP备案查询"}, Params: p, Types: serviceTypeOptions(p.ServiceType)}
	if p.Keyword == "" {
		s.render(w, r, http.StatusOK, "query.html", data)
		return nil
	}
	data.Searched = true
	res, err := s.Registry.Query(r.Context(), p)
	if err != nil {
		status := s.errorStatus(w, r, err)
		data.Error = pageMessage(err)
		s.render(w, r, status, "query.html", data)
		return nil
	}
	data.Result = newQueryPage(res)
	data.Pager = newPager(p, res)
	s.render(w, r, http.StatusOK, "query.html", data)
	return nil
}

// entityPageData is the public detail view of one entity.
type entityPageData struct {
	Page
	Entity   *beian.Entity
	Province string
	Services []*beian.Service
}

func (s *Server) handleEntityPage(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return beian.Errorf(beian.ENOTFOUND, "未找到备案主体")
	}
	e, err := s.Registry.Entity(r.Context(), id)
	if err != nil {
		return err
	}
	var live []*beian.Service
	for _, svc := range e.Services {
		if !svc.Cancelled {
			live = append(live, svc)
		}
	}
	s.render(w, r, http.StatusOK, "entity.html", entityPageData{
		Page:     Page{Title: e.UnitName + " - 备案详情"},
		Entity:   e,
		Province: provinceName(e.Province),
		Services: live,
	})
	return nil
}

// errorPage is the error page.
type errorPage struct {
	Page
	Status  int
	Message string
}

func provinceName(code string) string {
	if p, ok := rules.LookupProvince(code); ok {
		return p.Name
	}
	return code
}
