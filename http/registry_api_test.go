package http_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/registryhttp"
	"github.com/beianhq/beian/rules"
)

// providerServer is a test server with the provider API on and a key for
// each provider named.
func providerServer(t testing.TB, engine string, providers ...string) (*testServer, *registry.ProviderKeys, map[string]*registryhttp.Client) {
	t.Helper()
	var keys *registry.ProviderKeys
	ts := newTestServer(t, engine, func(s *beianhttp.Server) {
		keys = &registry.ProviderKeys{DB: s.Filings.DB}
		s.ProviderKeys, s.ProviderAPI = keys, &registry.ProviderAPI{Registry: s.Registry, Filings: s.Filings}
	})
	clients := map[string]*registryhttp.Client{}
	for _, p := range providers {
		key, err := keys.Add(context.Background(), p)
		if err != nil {
			t.Fatal(err)
		}
		clients[p] = &registryhttp.Client{URL: ts.URL, Key: key, HTTP: ts.Client()}
	}
	return ts, keys, clients
}

func personID(i int) string {
	first17 := fmt.Sprintf("330106198703%02d%03d", i%28+1, i%1000)
	return first17 + string(rules.ResidentIDCheckDigit(first17))
}

// providerFiling is a 首次备案 of a Zhejiang company at provider.
func providerFiling(i int, provider string) beian.Filing {
	e := beian.Entity{
		UnitName: fmt.Sprintf("杭州接口%03d科技有限公司", i), Nature: "企业", Province: "330000",
		CertType: "统一社会信用代码证书", CertNo: fmt.Sprintf("APICERT%010d", i),
		Principal: beian.Principal{Name: "张三", CertType: "居民身份证", CertNo: personID(i), Mobile: fmt.Sprintf("137%08d", i), Email: "boss@example.cn"},
		Services: []*beian.Service{{
			Type: beian.ServiceWebsite, Name: "接口测试官网", Domains: []string{fmt.Sprintf("api%d-example.cn", i)}, HomeURL: fmt.Sprintf("www.api%d-example.cn", i),
			Access: []beian.Access{{Provider: provider, IPs: []string{"203.0.113.20"}}},
		}},
	}
	return beian.Filing{ApplicationID: int64(500 + i), Version: 1, Provider: provider, FilingType: beian.FilingFirst,
		Record: &beian.ApplicationRecord{Entity: e, Apps: []*beian.AppInfo{nil}}}
}

func TestProviderAPIKeys(t *testing.T) {
	ctx := context.Background()
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts, keys, c := providerServer(t, engine, "甲云", "乙云")
			a, b := c["甲云"], c["乙云"]
			f := providerFiling(1, "甲云")
			ans, err := a.CheckType(ctx, beian.TypeCheckQuery{CertNo: f.Record.Entity.CertNo,
				Domains: []beian.FieldValue{{Field: "domains[0]", Value: f.Record.Entity.Services[0].Domains[0]}}})
			if err != nil || ans.FilingType != beian.FilingFirst {
				t.Fatalf("type check: %+v %v", ans, err)
			}
			first, err := a.SubmitFiling(ctx, f)
			if err != nil || first.Status != beian.StatusSMSVerification {
				t.Fatalf("submit: %+v %v", first, err)
			}
			if again, err := a.SubmitFiling(ctx, f); err != nil || again.ID != first.ID {
				t.Errorf("submit again: %+v %v, want %s", again, err, first.ID)
			}
			if _, err := b.SubmitFiling(ctx, f); beian.ErrorCode(err) != beian.EFORBIDDEN || !strings.Contains(beian.ErrorMessage(err), "provider") {
				t.Errorf("乙云 submits 甲云's filing: %v", err)
			}
			if ch, err := b.Changes(ctx, 0, 100); err != nil || len(ch.List) != 0 {
				t.Errorf("乙云's changes: %+v %v", ch, err)
			}
			ch, err := a.Changes(ctx, 0, 100)
			if err != nil || len(ch.List) != 1 || ch.List[0].Status != beian.StatusSMSVerification || ch.List[0].ApplicationID != f.ApplicationID || ch.Cursor != ch.List[0].Cursor {
				t.Errorf("甲云's changes: %+v %v", ch, err)
			}
			for _, bad := range []string{"", "Bearer ", "Bearer beianpk_nope", "Basic x"} {
				req, _ := http.NewRequest(http.MethodGet, ts.URL+"/api/v1/registry/changes", nil)
				if bad != "" {
					req.Header.Set("Authorization", bad)
				}
				resp, err := ts.Client().Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusUnauthorized {
					t.Errorf("Authorization %q: status %d, want 401", bad, resp.StatusCode)
				}
			}
			if err := keys.Revoke(ctx, "甲云"); err != nil {
				t.Fatal(err)
			}
			if _, err := a.Changes(ctx, 0, 100); beian.ErrorCode(err) != beian.EUNAUTHORIZED {
				t.Errorf("a revoked key: %v, want 401 at once", err)
			}
		})
	}
}

func FuzzProviderAPIDecoders(f *testing.F) {
	ts, _, c := providerServer(f, "sqlite", "甲云")
	key := c["甲云"].Key
	f.Add("/api/v1/registry/type-check", `{"certNo":"X","domains":[{"field":"domains[0]","value":"a.cn"}]}`)
	f.Add("/api/v1/registry/filings", `{"filing":{"applicationId":1,"version":1,"provider":"甲云","filingType":"首次备案","record":{"entity":{"services":[{}]}}}}`)
	f.Add("/api/v1/registry/filings", `{"filing":{"applicationId":1,"version":1,"provider":"甲云","filingType":"注销网站","cancel":{"serviceLicence":"浙ICP备2020000001号-1"}}}`)
	f.Add("/api/v1/registry/filings", `{"filing":{"record":null,"materials":[{"kind":1}]}}`)
	f.Fuzz(func(t *testing.T, path, body string) {
		if path != "/api/v1/registry/type-check" {
			path = "/api/v1/registry/filings"
		}
		req, _ := http.NewRequest(http.MethodPost, ts.URL+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := ts.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode >= 500 {
			t.Errorf("%s %q: status %d", path, body, resp.StatusCode)
		}
	})
}
