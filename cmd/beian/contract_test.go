package main

// The outside view: these tests drive Beian only through its command lines,
// their flags and environment variables, and the HTTP API, as an
// acceptance tester outside the codebase would, on both store engines.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian/internal/testdb"
)

// ext is one installation as seen from outside: its data directory and
// environment, and the base URL of its server once started.
type ext struct {
	t    *testing.T
	vars map[string]string
	base string
}

func newExt(t *testing.T, engine string) *ext {
	x := &ext{t: t, vars: map[string]string{"BEIAN_DATA": t.TempDir()}}
	if engine == "postgres" {
		x.vars["BEIAN_DATABASE_URL"] = testdb.Schema(t)
	}
	return x
}

// cmd runs "beian ARGS" with stdin and returns what it printed and its exit status.
func (x *ext) cmd(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, env(x.vars))
	code := exitCode(err, &errb)
	return out.String(), errb.String(), code
}

// serve starts "beian serve ARGS" on a free port until the test ends.
func (x *ext) serve(args ...string) {
	x.t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stderr bytes.Buffer
	addrc, done := make(chan string, 1), make(chan error, 1)
	args = append([]string{"--addr", "127.0.0.1:0"}, args...)
	go func() {
		done <- runServe(ctx, args, io.Discard, &stderr, env(x.vars), func(a string) { addrc <- a })
	}()
	select {
	case a := <-addrc:
		x.base = "http://" + a
		x.t.Cleanup(func() {
			cancel()
			<-done
			if x.t.Failed() {
				x.t.Logf("serve %v:\n%s", args, tail(stderr.String(), 4000))
			}
		})
	case err := <-done:
		cancel()
		x.t.Fatalf("serve exited: %v\n%s", err, stderr.String())
	}
}

// tail is the end of s, at most n bytes.
func tail(s string, n int) string {
	if len(s) > n {
		return "…" + s[len(s)-n:]
	}
	return s
}

// resp is a decoded API answer.
type resp struct {
	status int
	header http.Header
	raw    string
	Code   int            `json:"code"`
	Msg    string         `json:"msg"`
	Succ   *bool          `json:"success"`
	Params map[string]any `json:"params"`
}

func (x *ext) do(method, path, token, ctype string, body io.Reader) resp {
	x.t.Helper()
	req, err := http.NewRequest(method, x.base+path, body)
	if err != nil {
		x.t.Fatal(err)
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	hr, err := http.DefaultClient.Do(req)
	if err != nil {
		x.t.Fatal(err)
	}
	defer hr.Body.Close()
	b, _ := io.ReadAll(hr.Body)
	r := resp{status: hr.StatusCode, header: hr.Header, raw: string(b)}
	if strings.HasPrefix(hr.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(b, &r); err != nil {
			x.t.Fatalf("%s %s: %v: %s", method, path, err, b)
		}
	}
	if r.status >= 500 {
		x.t.Errorf("%s %s: %d %s", method, path, r.status, b)
	}
	if r.status >= 400 {
		checkErrorBody(x.t, method+" "+path, r)
	}
	return r
}

var han = regexp.MustCompile(`\p{Han}`)

// checkErrorBody: every error is {"code": STATUS, "success": false, "msg"} in Chinese.
func checkErrorBody(t *testing.T, what string, r resp) {
	t.Helper()
	if r.Code != r.status || r.Succ == nil || *r.Succ || !han.MatchString(r.Msg) {
		t.Errorf("%s: error body %d %s", what, r.status, r.raw)
	}
}

func (x *ext) get(path, token string) resp { return x.do("GET", path, token, "", nil) }

func (x *ext) post(path, token, body string) resp {
	return x.do("POST", path, token, "application/json", strings.NewReader(body))
}

// want fails unless r has status and, for errors, a msg containing part.
func want(t *testing.T, what string, r resp, status int, part string) {
	t.Helper()
	if r.status != status || !strings.Contains(r.Msg, part) {
		t.Errorf("%s: %d %q, want %d with %q", what, r.status, r.raw, status, part)
	}
}

// poll calls f until it reports true or a deadline passes.
func poll(t *testing.T, what string, f func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !f(); {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 20 s", what)
		}
		time.Sleep(20 * time.Millisecond) // polling a job, not waiting for time
	}
}

// outbox polls the dev outbox of to until a message matches re and returns its submatches.
func (x *ext) outbox(to, channel string, re *regexp.Regexp) []string {
	x.t.Helper()
	var m []string
	poll(x.t, "outbox of "+to, func() bool {
		r := x.get("/api/v1/dev/outbox?to="+url.QueryEscape(to), "")
		list, _ := r.Params["list"].([]any)
		for i := 1; i < len(list); i++ {
			if list[i].(map[string]any)["createdAt"].(string) > list[i-1].(map[string]any)["createdAt"].(string) {
				x.t.Errorf("outbox of %s is not newest first: %v", to, list)
			}
		}
		for _, it := range list { // newest first
			e := it.(map[string]any)
			if e["channel"] == channel && e["to"] == to {
				if m = re.FindStringSubmatch(e["body"].(string)); m != nil {
					return true
				}
			}
		}
		return false
	})
	return m
}

// idNo completes 17 digits of a resident ID with its check character.
func idNo(s17 string) string {
	w := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, c := range s17 {
		sum += int(c-'0') * w[i]
	}
	return s17 + string("10X98765432"[sum%11])
}

// person is an import line for a 个人 with one website.
func person(name, id, province, mobile, domain string) string {
	return fmt.Sprintf(`{"unitName":%q,"natureName":"个人","province":%q,"certType":"居民身份证","certNo":%q,`+
		`"principal":{"name":%[1]q,"certType":"居民身份证","certNo":%[3]q,"mobile":%q,"email":"p%[4]s@example.cn"},`+
		`"services":[{"serviceType":1,"serviceName":"%[1]s的网站","domains":[%[5]q],"homeUrl":"www.%[5]s",`+
		`"access":[{"provider":"某某云","ips":["203.0.113.10"]}],"approvedAt":"2021-08-30T13:10:24+08:00"}]}`,
		name, province, id, mobile, domain)
}

func TestContract(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			x := newExt(t, engine)
			gen := contractCommands(t, x)
			x.serve("--dev", "--query-rate", "0")
			if r := x.get("/healthz", ""); r.status != 200 {
				t.Fatalf("healthz %d", r.status)
			}
			contractQuery(t, x, gen)
			contractPassword(t, x)
			contractSessions(t, x)
			contractAgent(t, x)
		})
	}
	t.Run("without --dev", contractNoDev)
}

// contractNoDev: a server configured by environment variables alone, without
// --dev: no outbox, and the default per-client query limit.
func contractNoDev(t *testing.T) {
	x := newExt(t, "sqlite")
	x.vars["BEIAN_ADDR"] = "127.0.0.1:0"
	ctx, cancel := context.WithCancel(context.Background())
	addrc, done := make(chan string, 1), make(chan error, 1)
	go func() { done <- runServe(ctx, nil, io.Discard, io.Discard, env(x.vars), func(a string) { addrc <- a }) }()
	select {
	case a := <-addrc:
		x.base = "http://" + a
		t.Cleanup(func() { cancel(); <-done })
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v", err)
	}
	if entries, _ := filepath.Glob(filepath.Join(x.vars["BEIAN_DATA"], "*")); len(entries) == 0 {
		t.Errorf("BEIAN_DATA was not used")
	}
	want(t, "outbox without --dev", x.get("/api/v1/dev/outbox?to=13800000001", ""), 404, "")
	var r resp
	for i := 0; i < 200 && r.status != 429; i++ {
		r = x.get("/api/v1/query?keyword=abc.cn", "")
	}
	if r.status != 429 || r.header.Get("Retry-After") == "" {
		t.Errorf("the default query limit never answered 429 with Retry-After: %d", r.status)
	}
}

var importLine = regexp.MustCompile(`^line \d+: [A-Za-z][A-Za-z0-9_.\[\]]*: \S.*$`)

// contractCommands: gen, import (all-or-nothing, --skip-invalid), usage
// errors; returns the generated entities.
func contractCommands(t *testing.T, x *ext) []map[string]any {
	out, errs, code := x.cmd("", "gen", "--entities", "120", "--seed", "11")
	again, _, _ := x.cmd("", "gen", "--entities", "120", "--seed", "11")
	if code != 0 || out != again || strings.Count(out, "\n") != 120 {
		t.Fatalf("gen: exit %d, deterministic %v, %s", code, out == again, errs)
	}
	var gen []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatal(err)
		}
		if m["mainLicence"] != nil {
			t.Fatalf("gen gave a number: %s", l)
		}
		gen = append(gen, m)
	}
	extra := strings.Join([]string{
		person("陈小明", idNo("51010419900307001"), "四川", "13800000001", "例子小站.cn"),
		person("赵大伟", idNo("52010219880101002"), "520000", "13800000002", "zhaodawei-site.cn"),
	}, "\n") + "\n"
	dir := t.TempDir()
	file := filepath.Join(dir, "good.jsonl")
	os.WriteFile(file, []byte(out+extra), 0o600)

	bad := []string{
		strings.Replace(person("坏一", idNo("11010119900307003"), "北京", "13800000003", "bad-one.cn"), `"mobile":"13800000003"`, `"mobile":"1380000"`, 1),
		strings.Replace(person("坏二", idNo("11010119900307004"), "北京", "13800000004", "bad-two.cn"), idNo("11010119900307004"), "110101199013327777", 2),
		person("坏三", idNo("11010119900307005"), "北京", "13800000005", "bad_three.invalidtld"),
		strings.Replace(person("坏四", idNo("11010119900307006"), "北京", "13800000006", "bad-four.cn"), "203.0.113.10", "10.1.2.3", 1),
		strings.Replace(person("坏五", idNo("11010119900307007"), "北京", "13800000007", "bad-five.cn"), `"homeUrl":"www.bad-five.cn"`, `"homeUrl":"www.elsewhere.cn"`, 1),
		strings.Replace(person("坏六", idNo("11010119900307008"), "北京", "13800000008", "bad-six.cn"), `"approvedAt"`, `"serviceLicence":"浙ICP备2021012345号-1","approvedAt"`, 1),
		person("坏七", idNo("11010119900307009"), "北京", "13800000009", firstDomain(gen)),
		strings.Replace(person("坏八", idNo("11010119900307010"), "北京", "13800000010", "bad-eight.cn"), `"certType":"居民身份证"`, `"certType":"统一社会信用代码证书"`, 1),
		strings.Replace(person("坏九", idNo("11010119900307011"), "北京", "13800000011", "bad-nine.cn"), `"email":"p13800000011@example.cn"`, `"email":"p@@example"`, 1),
		strings.Replace(person("坏十", idNo("11010119900307012"), "北京", "13800000012", "bad-ten.cn"), `"certNo"`, `"mainLicence":"沪ICP备2021012345号","certNo"`, 1),
		strings.Replace(person("坏十一", idNo("11010119900307013"), "北京", "13800000013", "bad-eleven.cn"), `"serviceType":1`, `"serviceType":1.5`, 1),
		`{"unitName": 5}`,
		`not json`,
	}
	badFile := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(badFile, []byte(out+strings.Join(bad, "\n")+"\n"), 0o600)
	o, e, code := x.cmd("", "import", badFile)
	lines := strings.Split(strings.TrimSpace(e), "\n")
	if code != 1 || o != "" || len(lines) < len(bad) {
		t.Fatalf("all-or-nothing import: exit %d, stdout %q, stderr:\n%s", code, o, e)
	}
	for i, l := range lines[:len(bad)] {
		if !importLine.MatchString(l) || !strings.HasPrefix(l, fmt.Sprintf("line %d: ", 121+i)) {
			t.Errorf("stderr line %q is not line %d: FIELD: REASON", l, 121+i)
		}
	}
	for i, f := range []string{"principal.mobile", "certNo", "services[0].domains[0]", "services[0].access[0].ips[0]", "services[0].homeUrl",
		"services[0].serviceLicence", "services[0].domains[0]", "certType", "principal.email", "mainLicence", "services[0].serviceType", "unitName"} {
		if !strings.Contains(lines[i], ": "+f+": ") {
			t.Errorf("bad line %d: %q does not name %s", i, lines[i], f)
		}
	}
	o, e, code = x.cmd("", "import", file)
	if code != 0 || !regexp.MustCompile(`^imported 122 entities, \d+ services\n$`).MatchString(o) {
		t.Fatalf("import: exit %d %q %s", code, o, e)
	}
	mixed := person("钱多多", idNo("62010219900307001"), "甘肃", "13800000011", "qianduoduo.cn") + "\n" + bad[0] + "\n"
	o, e, code = x.cmd(mixed, "import", "--skip-invalid", "-")
	if code != 0 || o != "imported 1 entities, 1 services, rejected 1 lines\n" || !strings.HasPrefix(e, "line 2: principal.mobile: ") {
		t.Fatalf("--skip-invalid: exit %d %q %q", code, o, e)
	}
	contractUsage(t, x)
	return gen
}

// contractUsage: usage errors exit 2; BEIAN_QUERY_RATE is read.
func contractUsage(t *testing.T, x *ext) {
	for _, args := range [][]string{{"serve", "--addr"}, {"serve", "--query-rate", "-1"}, {"import", "--bogus", "-"}, {"gen", "--entities", "x"},
		{"product", "add", "--owner", "1"}, {"user", "add", "--bogus"}, {"user"}} {
		if _, e, code := x.cmd("", args...); code != 2 {
			t.Errorf("beian %q: exit %d, want 2 (%s)", args, code, e)
		}
	}
	for _, v := range []string{"0", "2.5"} {
		if c, err := parseServe(nil, io.Discard, env(map[string]string{"BEIAN_QUERY_RATE": v})); err != nil || fmt.Sprint(c.QueryRate) != v {
			t.Errorf("BEIAN_QUERY_RATE=%s: %v %v", v, c.QueryRate, err)
		}
	}
}

// uscc completes 17 characters of a unified social credit code with its check character.
func uscc(s17 string) string {
	const alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
	w := []int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}
	sum := 0
	for i, c := range s17 {
		sum += strings.IndexRune(alphabet, c) * w[i]
	}
	return s17 + string(alphabet[(31-sum%31)%31])
}

// firstDomain is the first domain of the generated entities.
func firstDomain(gen []map[string]any) string {
	for _, e := range gen {
		for _, s := range e["services"].([]any) {
			if d, _ := s.(map[string]any)["domains"].([]any); len(d) > 0 {
				return d[0].(string)
			}
		}
	}
	return ""
}
