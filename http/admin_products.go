package http

import (
	"net/http"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/http/form"
)

// The administrator's 产品管理: add a product (a server at a provider) for
// an applicant account, as `beian product add` does.

type adminProductsPage struct {
	Page
	Form    agent.NewProduct
	Expires string
	Added   *beian.Product
	Err     fieldErr
}

func (s *Server) handleAdminProducts(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.agent(); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "admin_products.html", adminProductsPage{Page: Page{Title: "产品管理"},
		Form: agent.NewProduct{Mainland: true}})
	return nil
}

func (s *Server) handleAdminAddProduct(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	data := adminProductsPage{Page: Page{Title: "产品管理"}, Expires: f.Trimmed("expires"), Form: agent.NewProduct{
		Owner: f.Trimmed("owner"), Provider: f.Trimmed("provider"), IP: f.Trimmed("ip"), Region: f.Trimmed("region"),
		Mainland: f.Get("mainland") == "yes"}}
	if data.Expires != "" {
		day, perr := time.ParseInLocation(time.DateOnly, data.Expires, beian.Shanghai)
		if perr != nil {
			err = beian.FieldErrorf("expires", "日期格式应为 2027-12-31")
		}
		data.Form.Expires = day
	}
	if err == nil {
		data.Added, err = ag.AddProduct(r.Context(), accountFrom(r.Context()), data.Form)
	}
	status := http.StatusOK
	if err != nil {
		if code := beian.ErrorCode(err); code != beian.EINVALID && code != beian.ECONFLICT {
			return err
		}
		status, data.Err = s.errorStatus(w, r, err), newFieldErr(err)
	} else {
		data.Form, data.Expires = agent.NewProduct{Mainland: true, Provider: data.Form.Provider}, ""
	}
	s.render(w, r, status, "admin_products.html", data)
	return nil
}
