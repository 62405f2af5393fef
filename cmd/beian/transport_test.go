package main

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"regexp"
	"strings"
	"testing"

	"github.com/beianhq/beian/internal/testdb"
)

// TestFilingTransports drives one filing's whole life from outside — the
// applicant's application, the provider's review, the principal's SMS
// code, the bureau's approval, the numbers on the application and in the
// public query, then a 注销网站 of the site — over both transports: one
// server running both halves (in process), and an agent apart
// (--mode agent) that files with a registry (--mode registry) over the
// provider API with a key from `beian provider add`. Both engines.
func TestFilingTransports(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		for _, transport := range []string{"in-process", "http"} {
			t.Run(engine+"/"+transport, func(t *testing.T) {
				agentX, registryX := transportPair(t, engine, transport)
				filingOverTransport(t, agentX, registryX, transport)
			})
		}
	}
}

// transportPair starts the servers of a transport: for in-process one
// server is both; over http each has its own store.
func transportPair(t *testing.T, engine, transport string) (agentX, registryX *ext) {
	reg := newExt(t, engine)
	if transport == "in-process" {
		reg.serve("--dev")
		return reg, reg
	}
	reg.vars["BEIAN_JOBS_POLL"] = "20ms"
	reg.serve("--mode", "registry", "--dev")
	out, errb, code := reg.cmd("", "provider", "add", "--name", "某某云")
	m := regexp.MustCompile(`key: (\S+)`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("provider add: exit %d %q %s", code, out, errb)
	}
	ag := newExt(t, engine)
	ag.vars["BEIAN_JOBS_POLL"] = "20ms"
	ag.vars["BEIAN_REGISTRY_PULL_EVERY"] = "1s"
	ag.serve("--dev", "--mode", "agent", "--registry-url", reg.base, "--registry-key", m[1])
	// Each half answers only its own routes.
	want(t, "the agent's public query", ag.get("/api/v1/query?keyword=x.cn", ""), 404, "")
	want(t, "the registry's wizard", reg.get("/api/v1/agent/products", ""), 404, "")
	return ag, reg
}

func filingOverTransport(t *testing.T, ag, reg *ext, transport string) {
	applicant := ag.account(t, "applicant", "13700000031")
	rev := ag.account(t, "provider_reviewer", "yun-rev", "--provider", "某某云")
	bureau := reg.account(t, "bureau_reviewer", "zj-bureau", "--provinces", "浙江")
	product := ag.product(t, "13700000031", "某某云", "47.96.30.31", 365)
	certNo := idNo("33010619910101003")
	domain := "transport-" + strings.ReplaceAll(transport, "-", "") + ".cn"
	body := strings.Replace(website("个人", "居民身份证", certNo, "钱二", domain, product), "13700000021", "13700000031", 1)
	c := ag.post("/api/v1/agent/applications", applicant, body)
	if c.status != 201 {
		t.Fatalf("create: %s", c.raw)
	}
	app := "/api/v1/agent/applications/" + c.Params["id"].(string)
	uploadAll(t, ag, app, applicant)
	if r := ag.post(app+"/submit", applicant, ""); r.status != 200 || r.Params["status"] != "initial_review" {
		t.Fatalf("submit: %s", r.raw)
	}
	if r := ag.post(app+"/review", rev, `{"decision": "approve"}`); r.status != 200 || r.Params["status"] != "sms_verification" {
		t.Fatalf("approve: %s", r.raw)
	}
	code := reg.outbox("13700000031", "sms", regexp.MustCompile(`验证码：(\d{6})`))[1]
	v := reg.post("/api/v1/sms-verify", "", fmt.Sprintf(`{"mobile": "13700000031", "code": %q, "certSuffix": %q}`, code, certNo[len(certNo)-6:]))
	if v.status != 200 || v.Msg != "您的短信核验已全部完成，该请求将提交管局审核" {
		t.Fatalf("sms-verify: %s", v.raw)
	}
	awaitStatus(t, ag, app, applicant, "bureau_review")
	id := pendingFiling(t, reg, bureau, "钱二")
	f := reg.get("/api/v1/bureau/filings/"+id, bureau)
	if ms, _ := f.Params["materials"].([]any); len(ms) != 4 || ms[0].(map[string]any)["sha256"] == "" {
		t.Errorf("the bureau's view of the materials: %s", f.raw)
	}
	if r := reg.post("/api/v1/bureau/filings/"+id+"/decision", bureau, `{"decision": "approve"}`); r.status != 200 {
		t.Fatalf("bureau approve: %s", r.raw)
	}
	g := awaitStatus(t, ag, app, applicant, "approved")
	licences, _ := g.Params["serviceLicences"].([]any)
	main, _ := g.Params["mainLicence"].(string)
	if !strings.HasPrefix(main, "浙ICP备") || len(licences) != 1 || licences[0] != main+"-1" {
		t.Fatalf("approved application's numbers: %s", g.raw)
	}
	q := reg.get("/api/v1/query?keyword="+domain, "")
	if l, _ := q.Params["list"].([]any); len(l) != 1 || l[0].(map[string]any)["serviceLicence"] != licences[0] {
		t.Fatalf("public query of %s: %s", domain, q.raw)
	}
	cancelOverTransport(t, ag, reg, applicant, rev, bureau, licences[0].(string), domain)
}

// cancelOverTransport files a 注销网站 of the approved site: the agent
// reads the filed entity from the registry, nobody verifies by SMS, and
// the bureau's approval takes the site out of the query.
func cancelOverTransport(t *testing.T, ag, reg *ext, applicant, rev, bureau, licence, domain string) {
	c := ag.post("/api/v1/agent/applications", applicant, `{"filingType": "注销网站", "record": {"serviceLicence": "`+licence+`"}, "reason": "网站关闭"}`)
	if c.status != 201 {
		t.Fatalf("create 注销网站: %s", c.raw)
	}
	app := "/api/v1/agent/applications/" + c.Params["id"].(string)
	if r := ag.post(app+"/submit", applicant, ""); r.status != 200 {
		t.Fatalf("submit 注销网站: %s", r.raw)
	}
	if r := ag.post(app+"/review", rev, `{"decision": "approve"}`); r.status != 200 || r.Params["status"] != "bureau_review" {
		t.Fatalf("approve 注销网站 (nobody verifies): %s", r.raw)
	}
	id := pendingFiling(t, reg, bureau, "钱二")
	if r := reg.post("/api/v1/bureau/filings/"+id+"/decision", bureau, `{"decision": "approve"}`); r.status != 200 {
		t.Fatalf("bureau approve 注销网站: %s", r.raw)
	}
	awaitStatus(t, ag, app, applicant, "approved")
	if l, _ := reg.get("/api/v1/query?keyword="+domain, "").Params["list"].([]any); len(l) != 0 {
		t.Errorf("a cancelled site is still in the query: %v", l)
	}
}

// uploadAll uploads the materials of a person's application.
func uploadAll(t *testing.T, x *ext, app, token string) {
	img := tinyImage(func(b *bytes.Buffer, i image.Image) { png.Encode(b, i) })
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto", "other"} {
		if r := x.upload(app+"/materials", token, kind, img); r.status != 201 {
			t.Fatalf("upload %s: %s", kind, r.raw)
		}
	}
}

// awaitStatus polls the application until it reaches status: at once in
// one binary, after a pull of the registry's changes apart.
func awaitStatus(t *testing.T, x *ext, app, token, status string) resp {
	t.Helper()
	var g resp
	poll(t, app+" "+status, func() bool {
		g = x.get(app, token)
		return g.Params["status"] == status
	})
	return g
}

// pendingFiling is the id of the one pending filing of unit in the
// bureau's queue.
func pendingFiling(t *testing.T, x *ext, bureau, unit string) string {
	t.Helper()
	q := x.get("/api/v1/bureau/filings?status=pending", bureau)
	for _, it := range q.Params["list"].([]any) {
		if row := it.(map[string]any); row["unitName"] == unit {
			return row["id"].(string)
		}
	}
	t.Fatalf("no pending filing of %s: %s", unit, q.raw)
	return ""
}
