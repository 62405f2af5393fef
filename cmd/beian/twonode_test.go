package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
	"github.com/pquerna/otp/totp"
)

// TestTwoNodes runs two "beian serve" processes (this test binary re-run as
// the command, see TestMain) on two ports over one PostgreSQL schema, with a
// real SMTP server and an HTTP SMS gateway in the test process that both
// nodes send through, and proves, in order:
//
//  1. numbering: bureau approvals of many Zhejiang filings sent to both
//     nodes at once get distinct, gap-free main and service numbers;
//  2. sessions: a session made on one node is valid on the other, and a
//     logout on one ends it on both;
//  3. scheduled jobs: filings whose 24-hour SMS window has ended are returned
//     once each (one timer attempt, one event), and the periodic shell scan
//     runs each period once;
//  4. delivery: every message is delivered, by exactly one node, once;
//  5. a SIGKILL of node a under write load (filings, recoveries, logins to
//     both): every acknowledged write is in the store afterwards, node b
//     takes over the sends a died with when a's lease ends, and a message
//     reaches the gateways from both nodes only if a gateway had accepted it
//     from a when a died, before a recorded it.
//
// Deterministic: the test polls conditions with deadlines and asserts no
// time; the SMS windows ended because the test's own writer filed those
// filings with a clock 24 hours back, not because the test waited.
func TestTwoNodes(t *testing.T) {
	if !slices.Contains(testdb.Engines(t), "postgres") {
		t.Skipf("%s is not set: two nodes share a PostgreSQL database", testdb.EnvURL)
	}
	c := newCluster(t)

	ids := c.inBureau(t, 0, twoNodeApprovals)
	approved := c.approve(t, ids)
	c.checkNumbering(t, approved)

	c.checkSessions(t)

	c.checkTimers(t, 200, 10)
	c.checkShellScans(t)

	c.waitDelivered(t)
	if d := c.checkDeliveries(t); len(d.both) != 0 {
		t.Errorf("with both nodes up, sent by both: %v", d.both)
	}

	l := c.killUnderLoad(t, approved)
	c.checkAcknowledged(t, l)
	c.waitDelivered(t)
	d := c.checkDeliveries(t)
	c.checkTakenOver(t, d, l.held)
	c.checkPeriodicAfter(t, l.killedAt)
	t.Logf("under load: %d filings, %d recoveries, %d logins acknowledged; a killed with %d SMS on the wire (taken over by b), %d sends the gateways had accepted from a sent again by b",
		len(l.filings), sumCounts(l.recovered), len(l.tokens), len(l.held), len(d.both))

	if o, e, code := c.cli("", "audit", "verify"); code != 0 {
		t.Errorf("audit verify after both nodes: exit %d %s %s", code, o, e)
	}
}

const (
	twoNodeApprovals   = 24
	twoNodeProvider    = "某某云"
	twoNodeCode        = "246810"
	twoNodeConcurrency = 4 // BEIAN_JOBS_CONCURRENCY: the bound of sends on the wire at a kill
	twoNodePassword    = "applicant-pass-2026"
)

var twoNodeApplicants = []string{"13900000101", "13900000102", "13900000103"}

// cluster is the two nodes, their gateways and the test's own handles on
// their database.
type cluster struct {
	dsn    string
	db     *store.DB // the registry's rows, as the nodes see them
	sql    *sql.DB   // for counting rows no store method counts
	fs     *registry.Filings
	gw     *gateways
	a, b   *node
	key    string // the provider API key of twoNodeProvider
	bureau string // a bureau reviewer's token, made across the nodes
	nodes  []*node
}

func newCluster(t *testing.T) *cluster {
	t.Helper()
	c := &cluster{dsn: testdb.Schema(t)}
	c.fs = c.filings(t, nil)
	c.db = c.fs.DB
	var err error
	if c.sql, err = sql.Open("pgx", c.dsn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.sql.Close() })
	c.accountsAndKey(t)
	c.gw = startGateways(t)
	// Both start at once, as two nodes deployed together do.
	c.a, c.b = startNode(t, "a", c.nodeVars("a")), startNode(t, "b", c.nodeVars("b"))
	c.nodes = []*node{c.a, c.b}
	for _, n := range c.nodes {
		n.ready(t)
	}
	c.bureau = c.staffLogin(t, "zj-bureau")
	return c
}

// nodeVars is a node's configuration: the shared schema, its gateways, no
// per-number or per-client limits (one test client sends everything), short
// leases and polls so a takeover and a cross-node pick-up come quickly, and
// a shell scan every second. Leases end on whole seconds, so 5 s holds a
// job at least 4 s: far longer than a send to a gateway on loopback, which
// a live node must finish within its lease (else both nodes would send).
func (c *cluster) nodeVars(name string) map[string]string {
	v := c.gw.nodeVars(name)
	for k, val := range map[string]string{
		"BEIAN_DATABASE_URL":                c.dsn,
		"BEIAN_QUERY_RATE":                  "0",
		"BEIAN_SMS_PER_MINUTE":              "0",
		"BEIAN_SMS_PER_HOUR":                "0",
		"BEIAN_SMS_PER_DAY":                 "0",
		"BEIAN_PASSWORD_RECOVER_PER_ENTITY": "0",
		"BEIAN_PASSWORD_RECOVER_PER_CLIENT": "0",
		"BEIAN_JOBS_LEASE":                  "5s",
		"BEIAN_JOBS_POLL":                   "100ms",
		"BEIAN_JOBS_BATCH":                  strconv.Itoa(twoNodeConcurrency),
		"BEIAN_JOBS_CONCURRENCY":            strconv.Itoa(twoNodeConcurrency),
		"BEIAN_SHELL_SCAN_EVERY":            "1s",
	} {
		v[k] = val
	}
	return v
}

// filings returns the registry's filing service on its own store handle,
// with the clock now (nil: the real one): the test files through it what a
// provider would submit, with a fixed verification code.
func (c *cluster) filings(t *testing.T, now func() time.Time) *registry.Filings {
	t.Helper()
	db, err := store.Open(context.Background(), c.dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if now != nil {
		db.Now = now
	}
	n, err := notify.New()
	if err != nil {
		t.Fatal(err)
	}
	n.SMS, n.Email = true, true
	n.Policy.Limits = notify.Limits{}
	return &registry.Filings{DB: db, Notifier: n, NewCode: func() string { return twoNodeCode }}
}

// cli runs a beian command on the shared schema in this process.
func (c *cluster) cli(stdin string, args ...string) (string, string, int) {
	var out, errb bytes.Buffer
	err := run(context.Background(), args, strings.NewReader(stdin), &out, &errb, env(map[string]string{"BEIAN_DATABASE_URL": c.dsn}))
	return out.String(), errb.String(), exitCode(err, &errb)
}

// accountsAndKey creates the bureau reviewer, the applicants and the
// provider's API key with the commands an operator would use.
func (c *cluster) accountsAndKey(t *testing.T) {
	t.Helper()
	if o, e, code := c.cli(staffPassword+"\n", "user", "add", "--role", "bureau_reviewer", "--login", "zj-bureau", "--provinces", "浙江", "--password-stdin"); code != 0 {
		t.Fatalf("user add: %d %s %s", code, o, e)
	}
	for _, login := range twoNodeApplicants {
		if o, e, code := c.cli(twoNodePassword+"\n", "user", "add", "--role", "applicant", "--login", login, "--password-stdin"); code != 0 {
			t.Fatalf("user add %s: %d %s %s", login, code, o, e)
		}
	}
	o, e, code := c.cli("", "provider", "add", "--name", twoNodeProvider)
	m := regexp.MustCompile(`key: (\S+)`).FindStringSubmatch(o)
	if code != 0 || m == nil {
		t.Fatalf("provider add: %d %s %s", code, o, e)
	}
	c.key = m[1]
}

var nodeClient = &http.Client{Timeout: 20 * time.Second}

// nodeAPI calls a JSON route and decodes the params of a 200 answer into out.
// A transport failure or another status is an error, never fatal: the load
// expects them from a killed node.
func nodeAPI(method, url, token, body string, out any) (int, error) {
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		return 0, err
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := nodeClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if resp.StatusCode != 200 {
		return resp.StatusCode, fmt.Errorf("%s %s: %d %s", method, url, resp.StatusCode, b)
	}
	var env struct {
		Params json.RawMessage `json:"params"`
	}
	if err := json.Unmarshal(b, &env); err != nil {
		return resp.StatusCode, err
	}
	if out != nil {
		return resp.StatusCode, json.Unmarshal(env.Params, out)
	}
	return resp.StatusCode, nil
}

// staffLogin logs a staff account in with its password on node a and its
// second factor on node b: the pending session crosses the nodes too.
func (c *cluster) staffLogin(t *testing.T, login string) string {
	t.Helper()
	var first struct {
		Token        string `json:"token"`
		TOTPRequired bool   `json:"totpRequired"`
		TOTPSecret   string `json:"totpSecret"`
	}
	if _, err := nodeAPI("POST", c.a.base+"/api/v1/login", "", fmt.Sprintf(`{"login":%q,"password":%q}`, login, staffPassword), &first); err != nil || !first.TOTPRequired {
		t.Fatalf("login %s on a: %+v %v", login, first, err)
	}
	code, err := totp.GenerateCode(first.TOTPSecret, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var second struct {
		Token string `json:"token"`
	}
	if _, err := nodeAPI("POST", c.b.base+"/api/v1/login/totp", "", fmt.Sprintf(`{"token":%q,"code":%q}`, first.Token, code), &second); err != nil || second.Token == "" {
		t.Fatalf("second factor of %s on b: %v", login, err)
	}
	return second.Token
}

// twoNodeFiling is a 首次备案 of Zhejiang company i at twoNodeProvider: one
// website whose principal is another person than the entity's.
func twoNodeFiling(i int) beian.Filing {
	e := beian.Entity{
		UnitName: fmt.Sprintf("杭州双节点%03d科技有限公司", i), Nature: "企业", Province: "330000",
		CertType: "统一社会信用代码证书", CertNo: fmt.Sprintf("NODECERT%08d", i),
		Principal: beian.Principal{Name: "张三", CertType: "居民身份证", CertNo: idNo(fmt.Sprintf("330106%04d0101%03d", 1985+i/1000, i%1000)),
			Mobile: fmt.Sprintf("138%08d", i), Email: fmt.Sprintf("boss%d@example.cn", i)},
		Services: []*beian.Service{{
			Type: beian.ServiceWebsite, Name: "双节点官网", Domains: []string{fmt.Sprintf("node%d-example.cn", i)}, HomeURL: fmt.Sprintf("www.node%d-example.cn", i),
			Principal: &beian.Principal{Name: "李四", CertType: "居民身份证", CertNo: idNo(fmt.Sprintf("330106%04d0101%03d", 1990+i/1000, i%1000)),
				Mobile: fmt.Sprintf("139%08d", i), Email: fmt.Sprintf("site%d@example.cn", i)},
			Access: []beian.Access{{Provider: twoNodeProvider, IPs: []string{"203.0.113.10"}}},
		}},
	}
	return beian.Filing{Provider: twoNodeProvider, ApplicationID: int64(7000 + i), Version: 1, FilingType: beian.FilingFirst,
		Record: &beian.ApplicationRecord{Entity: e, Apps: []*beian.AppInfo{nil}}, SubmittedAt: time.Now()}
}

// acceptTwoNode files twoNodeFiling(i) through fs, as the provider API would.
func acceptTwoNode(t *testing.T, fs *registry.Filings, i int) *beian.RegistryFiling {
	t.Helper()
	f := twoNodeFiling(i)
	rf := &beian.RegistryFiling{Provider: f.Provider, ApplicationID: f.ApplicationID, Version: f.Version, FilingType: f.FilingType,
		Record: f.Record, SubmittedAt: f.SubmittedAt, Access: [][]beian.Access{f.Record.Entity.Services[0].Access},
		Materials: []beian.MaterialRef{{Kind: beian.MaterialPrincipalPhoto, SHA256: "ab12"}}}
	ctx := context.Background()
	if err := fs.DB.InTx(ctx, func(tx *store.Tx) error { return fs.Accept(ctx, tx, rf) }); err != nil {
		t.Fatalf("accept filing %d: %v", i, err)
	}
	return rf
}

// inBureau files n filings from index from and verifies every principal,
// which puts them in the bureau's queue.
func (c *cluster) inBureau(t *testing.T, from, n int) []int64 {
	t.Helper()
	var ids []int64
	for i := from; i < from+n; i++ {
		f := acceptTwoNode(t, c.fs, i)
		for _, v := range f.Verifiers(nil) {
			if _, err := c.fs.Verify(context.Background(), registry.VerifyRequest{Mobile: v.Mobile, Code: twoNodeCode,
				CertSuffix: beian.CertSuffix(v.CertNo), Client: "192.0.2.1"}); err != nil {
				t.Fatalf("verify %s: %v", v.Mobile, err)
			}
		}
		ids = append(ids, f.ID)
	}
	return ids
}

// approvedEntity is what the decision answered.
type approvedEntity struct {
	filing          int64
	index           int // of twoNodeFiling
	MainLicence     string
	ServiceLicences []string
}

// approve sends the approvals of ids to both nodes at once, eight in
// flight, alternating the nodes; every one must succeed.
func (c *cluster) approve(t *testing.T, ids []int64) []approvedEntity {
	t.Helper()
	out := make([]approvedEntity, len(ids))
	var wg sync.WaitGroup
	work := make(chan int)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				n := c.nodes[i%2]
				var ans struct {
					Status          string   `json:"status"`
					MainLicence     string   `json:"mainLicence"`
					ServiceLicences []string `json:"serviceLicences"`
				}
				_, err := nodeAPI("POST", fmt.Sprintf("%s/api/v1/bureau/filings/%d/decision", n.base, ids[i]), c.bureau, `{"decision":"approve"}`, &ans)
				if err != nil || ans.Status != string(beian.StatusApproved) {
					t.Errorf("approve %d on %s: %+v %v", ids[i], n.name, ans, err)
				}
				out[i] = approvedEntity{filing: ids[i], index: i, MainLicence: ans.MainLicence, ServiceLicences: ans.ServiceLicences}
			}
		}()
	}
	for i := range ids {
		work <- i
	}
	close(work)
	wg.Wait()
	if t.Failed() {
		t.FailNow()
	}
	return out
}

// checkNumbering: the numbers the answers gave are those of the national
// record, distinct, and each year's main numbers run from 1 without a gap;
// each website is -1 under its entity's number.
func (c *cluster) checkNumbering(t *testing.T, approved []approvedEntity) {
	t.Helper()
	rows, err := c.sql.Query(`SELECT e.main_licence, s.service_licence FROM entities e JOIN services s ON s.entity_id = e.id WHERE e.province = '330000'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	stored := map[string]string{} // service number → main number
	seqs := map[int][]int{}       // year → main sequences
	for rows.Next() {
		var main, svc string
		if err := rows.Scan(&main, &svc); err != nil {
			t.Fatal(err)
		}
		if _, dup := stored[svc]; dup {
			t.Errorf("service number %s twice", svc)
		}
		stored[svc] = main
		l, err := rules.ParseLicence(main)
		if err != nil {
			t.Fatalf("main number %q: %v", main, err)
		}
		seqs[l.Year] = append(seqs[l.Year], l.Seq)
		if svc != main+"-1" {
			t.Errorf("website of %s numbered %s", main, svc)
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(approved) {
		t.Errorf("%d services numbered, %d approved", len(stored), len(approved))
	}
	for year, s := range seqs {
		sort.Ints(s)
		for i, seq := range s {
			if seq != i+1 {
				t.Fatalf("%d main numbers of %d: %v, want 1…%d without gap or repeat", len(s), year, s, len(s))
			}
		}
	}
	for _, a := range approved {
		if len(a.ServiceLicences) != 1 || stored[a.ServiceLicences[0]] != a.MainLicence {
			t.Errorf("filing %d answered %s %v, the record has %q", a.filing, a.MainLicence, a.ServiceLicences, stored[strings.Join(a.ServiceLicences, "")])
		}
	}
}

// checkSessions: a bearer token made on a works on b; a cookie made on b
// works on a; a logout on b ends the token on a.
func (c *cluster) checkSessions(t *testing.T) {
	t.Helper()
	var login struct {
		Token string `json:"token"`
	}
	if _, err := nodeAPI("POST", c.a.base+"/api/v1/login", "", fmt.Sprintf(`{"login":%q,"password":%q}`, twoNodeApplicants[0], twoNodePassword), &login); err != nil {
		t.Fatal(err)
	}
	if status, err := nodeAPI("GET", c.b.base+"/api/v1/me", login.Token, "", nil); status != 200 {
		t.Errorf("token from a on b: %d %v", status, err)
	}
	noRedirect := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noRedirect.PostForm(c.b.base+"/login", url.Values{"login": {twoNodeApplicants[1]}, "password": {twoNodePassword}, "next": {"/account"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	var cookie *http.Cookie
	for _, ck := range resp.Cookies() {
		if ck.Name == "beian_session" && ck.Value != "" {
			cookie = ck
		}
	}
	if resp.StatusCode != http.StatusSeeOther || cookie == nil {
		t.Fatalf("form login on b: %d, cookies %v", resp.StatusCode, resp.Cookies())
	}
	req, _ := http.NewRequest("GET", c.a.base+"/api/v1/me", nil)
	req.AddCookie(cookie)
	if resp, err := noRedirect.Do(req); err != nil || resp.StatusCode != 200 {
		t.Errorf("cookie from b on a: %v %v", resp, err)
	} else {
		resp.Body.Close()
	}
	if status, err := nodeAPI("POST", c.b.base+"/api/v1/logout", login.Token, "", nil); status != 200 {
		t.Fatalf("logout on b: %d %v", status, err)
	}
	if status, _ := nodeAPI("GET", c.a.base+"/api/v1/me", login.Token, "", nil); status != http.StatusUnauthorized {
		t.Errorf("token logged out on b, on a: %d, want 401", status)
	}
}

// pollUntil calls f until it reports true, failing after limit.
func pollUntil(t *testing.T, what string, limit time.Duration, f func() bool) {
	t.Helper()
	for deadline := time.Now().Add(limit); !f(); {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %s", what, limit)
		}
		time.Sleep(50 * time.Millisecond) // polling the store, not waiting for time
	}
}

func sumCounts(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
