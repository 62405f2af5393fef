package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/registryhttp"
)

// providerHandler is a provider API handler: provider is the one whose key
// the request carries.
type providerHandler func(w http.ResponseWriter, r *http.Request, provider string) error

// providerKey guards a provider API route: the request must carry
// Authorization: Bearer KEY with a working provider key, looked up on every
// request, so a revoked key is refused at once. A server without
// ProviderKeys (an agent-only one) knows no key and refuses every one.
func (s *Server) providerKey(h providerHandler) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		if accountFrom(r.Context()) != nil {
			// An account's session is a person, not a provider's system.
			return beian.Errorf(beian.EFORBIDDEN, "接入商接口只接受接入商密钥，不接受账号会话")
		}
		key, found := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !found || s.ProviderKeys == nil || s.ProviderAPI == nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="beian-registry"`)
			return beian.Errorf(beian.EUNAUTHORIZED, "请提供接入商密钥（Authorization: Bearer）")
		}
		provider, err := s.ProviderKeys.Authenticate(r.Context(), strings.TrimSpace(key))
		if err != nil {
			w.Header().Set("WWW-Authenticate", `Bearer realm="beian-registry", error="invalid_token"`)
			return err
		}
		return h(w, r, provider)
	}
}

func (s *Server) handleRegistryTypeCheck(w http.ResponseWriter, r *http.Request, provider string) error {
	var body registryhttp.TypeCheckRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if body.CertNo == "" {
		return beian.FieldErrorf("certNo", "请填写证件号码")
	}
	ans, err := s.ProviderAPI.CheckType(r.Context(), provider, beian.TypeCheckQuery{CertNo: body.CertNo,
		Domains: body.Domains, Exclude: body.Exclude, Principals: body.Principals})
	if err != nil {
		return err
	}
	ok(w, http.StatusOK, registryhttp.TypeCheckResponse{FilingType: ans.FilingType, MainLicence: ans.MainLicence})
	return nil
}

func (s *Server) handleRegistrySubmit(w http.ResponseWriter, r *http.Request, provider string) error {
	var body registryhttp.SubmitRequest
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	f, c, err := s.ProviderAPI.Submit(r.Context(), provider, body.Filing)
	if err != nil {
		return err
	}
	ok(w, http.StatusOK, registryhttp.SubmitResponse{ID: beian.FilingNo(f.ID), Status: f.Status, SMSDeadline: f.SMSDeadline, Change: c})
	return nil
}

func (s *Server) handleRegistryEntity(w http.ResponseWriter, r *http.Request, provider string) error {
	e, err := s.ProviderAPI.FiledEntity(r.Context(), provider, r.PathValue("licence"))
	if err != nil {
		return err
	}
	ok(w, http.StatusOK, e)
	return nil
}

func (s *Server) handleRegistryChanges(w http.ResponseWriter, r *http.Request, provider string) error {
	q := r.URL.Query()
	cursor, limit := int64(0), 100
	if v := q.Get("cursor"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 0 {
			return beian.FieldErrorf("cursor", "应为非负整数")
		}
		cursor = n
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 500 {
			return beian.FieldErrorf("limit", "应为 1 到 500 的整数")
		}
		limit = n
	}
	changes, err := s.ProviderAPI.Changes(r.Context(), provider, cursor, limit)
	if err != nil {
		return err
	}
	out := registryhttp.ChangesResponse{List: make([]registryhttp.Change, 0, len(changes)), Cursor: cursor}
	for _, c := range changes {
		out.List = append(out.List, wireChange(c))
		out.Cursor = c.Cursor
	}
	ok(w, http.StatusOK, out)
	return nil
}

func wireChange(c registry.ProviderChange) registryhttp.Change {
	return registryhttp.Change{Cursor: c.Cursor, RegistryChange: c.RegistryChange}
}
