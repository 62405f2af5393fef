package http

import (
	"net/http"
	"strconv"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
)

// maxApplicationBody bounds an application body: ten services with their
// principals and App fields stay well below it.
const maxApplicationBody = 256 << 10

// ok writes a success envelope with params.
func ok(w http.ResponseWriter, status int, params any) {
	// The envelope says 200 for every success, as the MIIT API does; the HTTP
	// status tells 201 Created apart.
	writeJSON(w, status, envelope{Code: http.StatusOK, Success: true, Msg: "操作成功", Params: params})
}

// jsonTime is the API's form of a time: RFC 3339 in Asia/Shanghai.
func jsonTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beian.Shanghai).Format(time.RFC3339)
}

func idString(id int64) string { return strconv.FormatInt(id, 10) }

// pathID reads a numeric id from the path; anything else is no such
// application.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, beian.Errorf(beian.ENOTFOUND, "未找到备案申请")
	}
	return id, nil
}

func (s *Server) agent() (*agent.Service, error) {
	if s.Agent == nil {
		return nil, beian.Errorf(beian.ENOTFOUND, "本服务未启用代备案功能")
	}
	return s.Agent, nil
}

type productJSON struct {
	ID        string `json:"id"`
	Provider  string `json:"provider"`
	IP        string `json:"ip"`
	Region    string `json:"region"`
	Mainland  bool   `json:"mainland"`
	ExpiresAt string `json:"expiresAt"`
	Filings   int    `json:"filings"`
}

func (s *Server) handleAgentProducts(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	ps, err := ag.Products(r.Context(), accountFrom(r.Context()))
	if err != nil {
		return err
	}
	list := make([]productJSON, 0, len(ps))
	for _, p := range ps {
		list = append(list, productJSON{ID: p.ID, Provider: p.Provider, IP: p.IP, Region: p.Region, Mainland: p.Mainland,
			ExpiresAt: p.ExpiresAt.In(beian.Shanghai).Format(time.DateOnly), Filings: p.Filings})
	}
	ok(w, http.StatusOK, map[string]any{"list": list, "total": len(list)})
	return nil
}

func (s *Server) handleAgentAuthCode(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	c, err := ag.IssueAuthCode(r.Context(), accountFrom(r.Context()), r.PathValue("id"))
	if err != nil {
		return err
	}
	ok(w, http.StatusOK, map[string]any{"code": c.Code, "productId": c.ProductID, "expiresAt": jsonTime(c.ExpiresAt)})
	return nil
}

func (s *Server) handleAgentTypeCheck(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	var req agent.TypeCheckRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	ans, err := ag.TypeCheck(r.Context(), accountFrom(r.Context()), req)
	if err != nil {
		return err
	}
	params := map[string]any{"filingType": ans.FilingType}
	if ans.MainLicence != "" {
		params["mainLicence"] = ans.MainLicence
	}
	ok(w, http.StatusOK, params)
	return nil
}

// applicationBody reads and decodes an application body.
func (s *Server) applicationBody(w http.ResponseWriter, r *http.Request) (*agent.ApplicationBody, error) {
	raw, err := readJSON(w, r, maxApplicationBody)
	if err != nil {
		return nil, err
	}
	return agent.DecodeApplicationBody(raw, s.Now())
}

func (s *Server) handleAgentCreate(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	body, err := s.applicationBody(w, r)
	if err != nil {
		return err
	}
	a, err := ag.Create(r.Context(), accountFrom(r.Context()), body)
	if err != nil {
		return err
	}
	ok(w, http.StatusCreated, statusJSON(a))
	return nil
}

func (s *Server) handleAgentUpdate(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	body, err := s.applicationBody(w, r)
	if err != nil {
		return err
	}
	a, err := ag.Update(r.Context(), accountFrom(r.Context()), id, body)
	if err != nil {
		return err
	}
	ok(w, http.StatusOK, statusJSON(a))
	return nil
}

// statusJSON is the answer of a step: the application's id, status, type
// and, while a review runs, its deadline.
func statusJSON(a *beian.Application) map[string]any {
	m := map[string]any{"id": idString(a.ID), "status": a.Status, "filingType": a.FilingType, "version": a.Version}
	if !a.Deadline.IsZero() {
		m["deadline"] = jsonTime(a.Deadline)
	}
	return m
}
