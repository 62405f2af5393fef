package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// env returns a getenv that knows only vars.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// startServer runs "beian serve" with args on a free port until the test
// ends and returns its base URL and what it printed.
func startServer(t *testing.T, args ...string) (string, *bytes.Buffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout, stderr bytes.Buffer
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	args = append([]string{"--addr", "127.0.0.1:0", "--data", t.TempDir()}, args...)
	go func() {
		done <- runServe(ctx, args, &stdout, &stderr, env(nil), func(addr string) { addrc <- addr })
	}()
	select {
	case addr := <-addrc:
		t.Cleanup(func() {
			cancel()
			if err := <-done; err != nil {
				t.Errorf("serve: %v\n%s", err, stderr.String())
			}
		})
		return "http://" + addr, &stdout
	case err := <-done:
		cancel()
		t.Fatalf("serve exited: %v\n%s", err, stderr.String())
	case <-time.After(60 * time.Second):
		cancel()
		t.Fatalf("serve did not start\n%s", stderr.String())
	}
	return "", nil
}

func TestServeDemo(t *testing.T) {
	base, stdout := startServer(t, "--demo")
	if !strings.Contains(stdout.String(), "demo: loaded 500 entities") {
		t.Fatalf("demo output: %s", stdout)
	}
	// One application in each state the agent service reaches, filed
	// through it.
	for _, st := range []string{"abandoned", "rejected", "draft", "initial_review", "sms_verification"} {
		if !strings.Contains(stdout.String(), " is "+st+" (") {
			t.Errorf("demo has no %s application:\n%s", st, stdout)
		}
	}
	resp, err := http.Get(base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("healthz: %v %v", resp, err)
	}
	resp.Body.Close()

	resp, err = http.Get(base + "/api/v1/query?keyword=" + "%E6%9C%89%E9%99%90%E5%85%AC%E5%8F%B8" + "&pageSize=100")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Params struct {
			Total int `json:"total"`
		} `json:"params"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Params.Total < 100 {
		t.Fatalf("demo query: total %d, %v", body.Params.Total, err)
	}

	// Every role has a demo account; an applicant logs in with one step.
	for _, role := range []string{"申请人", "初审员", "管局审核员", "系统管理员"} {
		if !strings.Contains(stdout.String(), role) {
			t.Errorf("demo accounts lack a %s:\n%s", role, stdout)
		}
	}
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err = client.PostForm(base+"/login", url.Values{"login": {"13900000001"}, "password": {demoPassword}, "next": {"/api/v1/me"}})
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var me struct {
		Params struct{ Role string } `json:"params"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil || me.Params.Role != "applicant" {
		t.Fatalf("demo applicant login: %d %+v %v", resp.StatusCode, me, err)
	}

	// The same account over the JSON API, with a bearer token.
	resp, err = http.Post(base+"/api/v1/login", "application/json", strings.NewReader(`{"login":"13900000001","password":"`+demoPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var login struct {
		Params struct{ Token, Role string } `json:"params"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&login); err != nil || resp.StatusCode != 200 || login.Params.Role != "applicant" {
		t.Fatalf("API login: %d %+v %v", resp.StatusCode, login, err)
	}
	req, _ := http.NewRequest("GET", base+"/api/v1/me", nil)
	req.Header.Set("Authorization", "Bearer "+login.Params.Token)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	me.Params.Role = ""
	if err := json.NewDecoder(resp.Body).Decode(&me); err != nil || resp.StatusCode != 200 || me.Params.Role != "applicant" {
		t.Fatalf("me with the bearer token: %d %+v %v", resp.StatusCode, me, err)
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"nope"},
		{"serve", "--bogus"},
		{"serve", "--database-url", "mysql://x"},
		{"gen"},
		{"gen", "--entities", "-1"},
		{"import"},
		{"import", "a", "b"},
		{"user", "add", "--data", t.TempDir(), "--login", "ops"},
		{"audit", "verify", "--data", t.TempDir(), "extra"},
		{"messages", "--data", t.TempDir(), "extra"},
		{"user", "add", "--data", t.TempDir(), "--role", "boss", "--login", "ops"},
		{"user", "add", "--data", t.TempDir(), "--role", "admin"},
		{"user", "add", "--data", t.TempDir(), "--role", "admin", "--login", "ops", "extra"},
	} {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), args, nil, &stdout, &stderr, env(nil))
		if code := exitCode(err, &stderr); code != 2 {
			t.Errorf("beian %q: exit %d, want 2 (%v)", args, code, err)
		}
	}
	var stderr bytes.Buffer
	err := run(context.Background(), []string{"serve"}, nil, &bytes.Buffer{}, &stderr, env(map[string]string{"BEIAN_QUERY_RATE": "fast"}))
	if code := exitCode(err, &stderr); code != 2 || !strings.Contains(stderr.String(), "BEIAN_QUERY_RATE") {
		t.Errorf("bad env: exit %d, %q", code, stderr.String())
	}
}

func TestGenImport(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()

	var gen1, gen2, stderr bytes.Buffer
	if err := run(ctx, []string{"gen", "--entities", "300", "--seed", "7"}, nil, &gen1, &stderr, env(nil)); err != nil {
		t.Fatalf("gen: %v %s", err, stderr.String())
	}
	run(ctx, []string{"gen", "--entities", "300", "--seed", "7"}, nil, &gen2, &stderr, env(nil))
	if !bytes.Equal(gen1.Bytes(), gen2.Bytes()) {
		t.Fatal("gen is not deterministic for a seed")
	}
	if n := bytes.Count(gen1.Bytes(), []byte("\n")); n != 300 {
		t.Fatalf("gen wrote %d lines, want 300", n)
	}
	file := filepath.Join(t.TempDir(), "in.jsonl")
	os.WriteFile(file, gen1.Bytes(), 0o644)

	// An invalid line makes the whole import write nothing, with exit 1.
	bad := append(bytes.Clone(gen1.Bytes()), []byte(`{"unitName":"坏记录","natureName":"企业","province":"浙江","certType":"统一社会信用代码证书","certNo":"91330106MA2CFXRU0Y"}`+"\n")...)
	badFile := filepath.Join(t.TempDir(), "bad.jsonl")
	os.WriteFile(badFile, bad, 0o644)
	var out bytes.Buffer
	stderr.Reset()
	err := run(ctx, []string{"import", "--data", data, badFile}, nil, &out, &stderr, env(nil))
	if code := exitCode(err, &stderr); code != 1 || !strings.Contains(stderr.String(), "line 301: certNo: ") {
		t.Fatalf("bad import: exit %d, stderr %q", code, stderr.String())
	}

	// A negative page cache is refused before anything is opened.
	stderr.Reset()
	err = run(ctx, []string{"import", "--data", data, "--cache-mb", "-1", file}, nil, &out, &stderr, env(nil))
	if code := exitCode(err, &stderr); code != 2 || !strings.Contains(stderr.String(), "--cache-mb") {
		t.Fatalf("--cache-mb -1: exit %d, stderr %q", code, stderr.String())
	}

	// The valid file through standard input, with a small import cache.
	out.Reset()
	stderr.Reset()
	if err := run(ctx, []string{"import", "--data", data, "--cache-mb", "8", "-"}, bytes.NewReader(gen1.Bytes()), &out, &stderr, env(nil)); err != nil {
		t.Fatalf("import: %v %s", err, stderr.String())
	}
	if !strings.HasPrefix(out.String(), "imported 300 entities, ") {
		t.Fatalf("import said %q", out.String())
	}

	// Importing it again: every line conflicts; --skip-invalid (here after
	// the file) says so.
	out.Reset()
	stderr.Reset()
	if err := run(ctx, []string{"import", file, "--skip-invalid"}, nil, &out, &stderr, env(map[string]string{"BEIAN_DATA": data})); err != nil {
		t.Fatalf("import again: %v", err)
	}
	if !strings.HasPrefix(out.String(), "imported 0 entities, 0 services, rejected 300 lines") {
		t.Fatalf("second import said %q", out.String())
	}
}

func TestMessagesCommand(t *testing.T) {
	data := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	var stdout bytes.Buffer
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--addr", "127.0.0.1:0", "--data", data, "--demo"}, &stdout, io.Discard, env(nil), func(a string) { addrc <- a })
	}()
	<-addrc
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	var out, stderr bytes.Buffer
	if err := run(context.Background(), []string{"messages", "--data", data, "--state", "outbox"}, nil, &out, &stderr, env(nil)); err != nil {
		t.Fatalf("messages: %v %s", err, stderr.String())
	}
	// The demo's sample messages, and apart from them the notices of the
	// demo applications (to the demo applicants and their principals).
	var lines, notices []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		if strings.Contains(l, "@example.cn ") || strings.Contains(l, " 1390000000") {
			notices = append(notices, l)
		} else {
			lines = append(lines, l)
		}
	}
	if len(lines) != 6 || !strings.HasPrefix(lines[0], "ID") || !strings.Contains(out.String(), "verification_code") {
		t.Fatalf("messages printed:\n%s", out.String())
	}
	if len(notices) == 0 || !strings.Contains(strings.Join(notices, "\n"), "review_result") {
		t.Fatalf("no notices of the demo applications:\n%s", out.String())
	}
	err := run(context.Background(), []string{"messages", "--data", data, "--state", "lost"}, nil, &out, &stderr, env(nil))
	if code := exitCode(err, &stderr); code != 2 {
		t.Fatalf("bad state: exit %d", code)
	}
}

func TestAuditVerifyCommand(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(data, "beian.db"))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range []string{"a", "b", "c"} {
		db.InTx(ctx, func(tx *store.Tx) error {
			return tx.Audit(ctx, beian.AuditRecord{Actor: "public", Action: "test", Object: "x", Outcome: o})
		})
	}
	var out, stderr bytes.Buffer
	if err := run(ctx, []string{"audit", "verify", "--data", data}, nil, &out, &stderr, env(nil)); err != nil || out.String() != "audit log intact: 3 records\n" {
		t.Fatalf("intact: %v %q %q", err, out.String(), stderr.String())
	}
	db.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.Exec(ctx, `DROP TRIGGER audit_log_no_update`); err != nil {
			return err
		}
		return tx.Exec(ctx, `UPDATE audit_log SET outcome = 'z' WHERE id = 2`)
	})
	db.Close()
	stderr.Reset()
	err = run(ctx, []string{"audit", "verify", "--data", data}, nil, &out, &stderr, env(nil))
	if code := exitCode(err, &stderr); code != 1 || !strings.Contains(stderr.String(), "broken at record 2") {
		t.Fatalf("tampered: exit %d %q", code, stderr.String())
	}
}

func TestUserAddCommand(t *testing.T) {
	data := t.TempDir()
	ctx := context.Background()
	var out, stderr bytes.Buffer
	err := run(ctx, []string{"user", "add", "--data", data, "--role", "bureau_reviewer", "--login", "zj-bureau", "--provinces", "浙江, 330000", "--password-stdin"},
		strings.NewReader("a-long-bureau-secret\n"), &out, &stderr, env(nil))
	if err != nil || !strings.Contains(out.String(), "created bureau_reviewer zj-bureau") || strings.Contains(out.String(), "password:") {
		t.Fatalf("add: %v %q %q", err, out.String(), stderr.String())
	}
	out.Reset()
	if err := run(ctx, []string{"user", "add", "--data", data, "--role", "admin", "--login", "ops"}, nil, &out, &stderr, env(nil)); err != nil ||
		!strings.Contains(out.String(), "password: ") {
		t.Fatalf("generated password: %v %q", err, out.String())
	}
	stderr.Reset()
	err = run(ctx, []string{"user", "add", "--data", data, "--role", "admin", "--login", "ops"}, nil, &out, &stderr, env(nil))
	if code := exitCode(err, &stderr); code != 1 || !strings.Contains(stderr.String(), "login: ") {
		t.Fatalf("duplicate: exit %d %q", code, stderr.String())
	}
	stderr.Reset()
	err = run(ctx, []string{"user", "add", "--data", data, "--role", "admin", "--login", "ops2", "--password-stdin"}, strings.NewReader("password\n"), &out, &stderr, env(nil))
	if code := exitCode(err, &stderr); code != 1 || !strings.Contains(stderr.String(), "password: ") {
		t.Fatalf("common password: exit %d %q", code, stderr.String())
	}
}
