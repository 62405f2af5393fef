package http

import (
	"net/http"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
)

// 我的产品: the applicant's products, the filings on each IP, and the
// authorization codes (备案授权码) that let another account use one.

type productsPage struct {
	Page
	Products []agent.ProductView
	Code     *beian.AuthCode
}

func (s *Server) productsData(r *http.Request) (productsPage, error) {
	ag, err := s.agent()
	if err != nil {
		return productsPage{}, err
	}
	ps, err := ag.Products(r.Context(), accountFrom(r.Context()))
	return productsPage{Page: Page{Title: "我的产品"}, Products: ps}, err
}

func (s *Server) handleProductsPage(w http.ResponseWriter, r *http.Request) error {
	data, err := s.productsData(r)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "products.html", data)
	return nil
}

// handleProductAuthCode makes an authorization code and shows it once.
func (s *Server) handleProductAuthCode(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	c, err := ag.IssueAuthCode(r.Context(), accountFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	data, err := s.productsData(r)
	if err != nil {
		return err
	}
	data.Code = c
	s.render(w, r, http.StatusOK, "products.html", data)
	return nil
}
