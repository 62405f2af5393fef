package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/mail"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/beianhq/beian/internal/smtpsink"
	"github.com/beianhq/beian/smshttp"
)

// The processes and gateways of TestTwoNodes (twonode_test.go).

// runMainEnv makes the test binary run main instead of the tests: the
// two-node test starts it as "beian serve", so it needs no separate build.
const runMainEnv = "BEIAN_TEST_RUN_MAIN"

func TestMain(m *testing.M) {
	if os.Getenv(runMainEnv) == "1" {
		main() // exits
	}
	os.Exit(m.Run())
}

// node is one "beian serve" process.
type node struct {
	name   string // "a" or "b": also its SMS gateway key and its mail sender
	base   string
	cmd    *exec.Cmd
	addr   chan string // the address it listens on, once
	exited chan struct{}
	dead   atomic.Bool // killed on purpose

	mu  sync.Mutex
	log bytes.Buffer
}

var listeningRE = regexp.MustCompile(`msg=listening addr=http://(\S+)`)

// startNode runs this binary as "beian serve" on a free port with the
// BEIAN_* variables vars (and none inherited); ready waits until it
// answers. It is stopped (SIGTERM) when the test ends unless killed before.
func startNode(t *testing.T, name string, vars map[string]string) *node {
	t.Helper()
	n := &node{name: name, exited: make(chan struct{}), addr: make(chan string, 1)}
	n.cmd = exec.Command(os.Args[0], "serve", "--addr", "127.0.0.1:0", "--log-level", "info")
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "BEIAN_") {
			n.cmd.Env = append(n.cmd.Env, kv)
		}
	}
	n.cmd.Env = append(n.cmd.Env, runMainEnv+"=1")
	for k, v := range vars {
		n.cmd.Env = append(n.cmd.Env, k+"="+v)
	}
	stderr, err := n.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := n.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		n.readLog(stderr)
		n.cmd.Wait()
		close(n.exited)
	}()
	t.Cleanup(func() { n.stop(t) })
	return n
}

// ready waits until the node listens and answers /healthz.
func (n *node) ready(t *testing.T) {
	t.Helper()
	select {
	case a := <-n.addr:
		n.base = "http://" + a
	case <-n.exited:
		t.Fatalf("node %s exited:\n%s", n.name, n.logs())
	case <-time.After(30 * time.Second):
		t.Fatalf("node %s did not listen:\n%s", n.name, n.logs())
	}
	// The port accepts before the server is wired; the request waits.
	hc := &http.Client{Timeout: 30 * time.Second}
	resp, err := hc.Get(n.base + "/healthz")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("node %s healthz: %v %v\n%s", n.name, resp, err, n.logs())
	}
	resp.Body.Close()
}

func (n *node) readLog(r io.Reader) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		n.mu.Lock()
		n.log.WriteString(line + "\n")
		n.mu.Unlock()
		if m := listeningRE.FindStringSubmatch(line); m != nil {
			select {
			case n.addr <- m[1]:
			default:
			}
		}
	}
	io.Copy(io.Discard, r)
}

func (n *node) logs() string {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.log.String()
}

// kill ends the process with SIGKILL: no shutdown, no last commit.
func (n *node) kill(t *testing.T) {
	t.Helper()
	n.dead.Store(true)
	if err := n.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill node %s: %v", n.name, err)
	}
	<-n.exited
}

// stop ends a live node gracefully, and fails the test if it had died on
// its own or logged an error.
func (n *node) stop(t *testing.T) {
	select {
	case <-n.exited:
		if !n.dead.Load() {
			t.Errorf("node %s died:\n%s", n.name, n.logs())
		}
		return
	default:
	}
	n.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-n.exited:
	case <-time.After(20 * time.Second):
		n.cmd.Process.Kill()
		<-n.exited
		t.Errorf("node %s did not stop on SIGTERM", n.name)
	}
	for _, line := range strings.Split(n.logs(), "\n") {
		if strings.Contains(line, "level=ERROR") {
			t.Errorf("node %s: %s", n.name, line)
		}
	}
}

// deliveries is what reached the gateways: for each message key (the
// idempotency key both gateways receive), the node of every delivery.
type deliveries struct {
	mu  sync.Mutex
	got map[string][]string
}

func (d *deliveries) add(key, node string) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.got == nil {
		d.got = map[string][]string{}
	}
	d.got[key] = append(d.got[key], node)
}

// gateways are the SMS gateway (HTTP, in this process) and the SMTP server
// both nodes send through; each node signs its SMS with its own key and
// sends mail from its own address, so every delivery names its node.
type gateways struct {
	sms    deliveries
	smsSrv *httptest.Server
	smtp   *smtpsink.Sink

	// holdA makes the SMS gateway take node a's requests and never answer
	// them, so that a is surely killed with sends on the wire; held are
	// their keys. A held request is not a delivery.
	holdA atomic.Bool
	mu    sync.Mutex
	held  []string
}

func (g *gateways) heldKeys() []string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]string(nil), g.held...)
}

const smsSecret = "twonode-secret"

func startGateways(t *testing.T) *gateways {
	t.Helper()
	g := &gateways{}
	var next atomic.Int64
	g.smsSrv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if err := smshttp.Verify(smsSecret, r, body, time.Now(), 0); err != nil {
			http.Error(w, err.Error(), http.StatusUnauthorized)
			return
		}
		var m struct{ ID, To, Text string }
		if err := json.Unmarshal(body, &m); err != nil || m.ID == "" {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		node := r.Header.Get("X-Beian-Key")
		if node == "a" && g.holdA.Load() {
			g.mu.Lock()
			g.held = append(g.held, m.ID)
			g.mu.Unlock()
			<-r.Context().Done() // never answered: node a dies waiting
			return
		}
		g.sms.add(m.ID, node)
		fmt.Fprintf(w, `{"id":"gw-%d"}`, next.Add(1))
	}))
	t.Cleanup(g.smsSrv.Close)
	sink, err := smtpsink.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sink.Stop() })
	g.smtp = sink
	return g
}

// nodeVars are the gateway settings of node name.
func (g *gateways) nodeVars(name string) map[string]string {
	return map[string]string{
		"BEIAN_SMTP_ADDR":       g.smtp.Addr(),
		"BEIAN_SMTP_FROM":       "Beian <node-" + name + "@beian.test>",
		"BEIAN_SMTP_TLS":        "none",
		"BEIAN_SMS_GATEWAY":     "http",
		"BEIAN_SMS_HTTP_URL":    g.smsSrv.URL,
		"BEIAN_SMS_HTTP_KEY":    name,
		"BEIAN_SMS_HTTP_SECRET": smsSecret,
	}
}

// received returns every delivery so far by message key: the SMS by their
// idempotency key, the mails by the key their Message-ID carries.
func (g *gateways) received(t *testing.T) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	g.sms.mu.Lock()
	for k, v := range g.sms.got {
		out[k] = append(out[k], v...)
	}
	g.sms.mu.Unlock()
	for _, m := range g.smtp.Mails() {
		msg, err := mail.ReadMessage(bytes.NewReader(m.Data))
		if err != nil {
			t.Fatalf("mail from %s: %v", m.From, err)
		}
		id := strings.Trim(strings.TrimSpace(msg.Header.Get("Message-Id")), "<>")
		at := strings.LastIndexByte(id, '@')
		name := strings.TrimSuffix(strings.TrimPrefix(m.From, "node-"), "@beian.test")
		if at < 0 || (name != "a" && name != "b") {
			t.Fatalf("mail from %q with Message-ID %q", m.From, id)
		}
		key := unescapeAtom(id[:at])
		out[key] = append(out[key], name)
	}
	return out
}

// unescapeAtom undoes the %XX escaping with which the email package makes
// a message key into the local part of its Message-ID.
func unescapeAtom(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+3 <= len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
