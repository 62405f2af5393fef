package registryhttp_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registryhttp"
)

// TestClientAnswers: the client sends its key as a bearer token, escapes a
// number in the path, and maps the registry's statuses back to the
// domain's error codes with the registry's message, so the agent answers
// its callers as one binary would.
func TestClientAnswers(t *testing.T) {
	var gotAuth, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotPath = r.Header.Get("Authorization"), r.URL.EscapedPath()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasPrefix(r.URL.Path, "/api/v1/registry/entities/"):
			w.Write([]byte(`{"code":200,"success":true,"msg":"操作成功","params":{"unitName":"某某公司","mainLicence":"浙ICP备2026000001号"}}`))
		case r.URL.Path == "/api/v1/registry/type-check":
			w.WriteHeader(http.StatusConflict)
			w.Write([]byte(`{"code":409,"success":false,"msg":"主办者冲突：该主体已有备案申请"}`))
		case r.URL.Path == "/api/v1/registry/filings":
			w.WriteHeader(http.StatusBadGateway)
			w.Write([]byte(`<html>bad gateway</html>`))
		default:
			w.WriteHeader(http.StatusTeapot)
			w.Write([]byte(`{"code":418,"success":false,"msg":"茶壶"}`))
		}
	}))
	defer srv.Close()
	c := &registryhttp.Client{URL: srv.URL + "/", Key: "beianpk_k", HTTP: srv.Client()}
	ctx := context.Background()

	e, err := c.FiledEntity(ctx, "浙ICP备2026000001号-1")
	if err != nil || e.UnitName != "某某公司" || gotAuth != "Bearer beianpk_k" || !strings.HasPrefix(gotPath, "/api/v1/registry/entities/%E6%B5%99ICP") {
		t.Errorf("filed entity: %+v %v (auth %q, path %q)", e, err, gotAuth, gotPath)
	}
	if _, err := c.CheckType(ctx, beian.TypeCheckQuery{CertNo: "X"}); beian.ErrorCode(err) != beian.ECONFLICT || !strings.Contains(beian.ErrorMessage(err), "主办者冲突") {
		t.Errorf("a 409: %v, want ECONFLICT with the registry's message", err)
	}
	if _, err := c.Submit(ctx, beian.Filing{ApplicationID: 1, Version: 1}); err == nil || !strings.Contains(err.Error(), "status 502") {
		t.Errorf("an unreadable 502: %v, want an error naming the status", err)
	}
	if _, err := c.Changes(ctx, 0, 10); err == nil || beian.ErrorCode(err) != beian.EINTERNAL || !strings.Contains(err.Error(), "418") {
		t.Errorf("an unmapped status: %v", err)
	}
}
