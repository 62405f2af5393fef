package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/registryhttp"
)

// The checks of TestTwoNodes that follow the numbering and the sessions:
// timers, deliveries, and the kill under load.

// checkTimers files n filings from index from with the test writer's clock
// 24 hours (and 5 s) back, so their SMS windows have ended and their timers
// are due while both nodes poll. Each must be returned once: one timer job
// claimed once, one "returned" event.
func (c *cluster) checkTimers(t *testing.T, from, n int) {
	t.Helper()
	ctx := context.Background()
	back := c.filings(t, func() time.Time { return time.Now().Add(-beian.SMSVerifyWindow - 5*time.Second) })
	want := map[string]int64{}
	for i := from; i < from+n; i++ {
		f := acceptTwoNode(t, back, i)
		want["filing-sms-timeout:"+strconv.FormatInt(f.ID, 10)] = f.ID
	}
	pollUntil(t, "every ended SMS window returned", 30*time.Second, func() bool {
		for _, id := range want {
			f, err := c.db.FindFiling(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if f.Status != beian.StatusReturned {
				return false
			}
		}
		return true
	})
	for _, id := range want {
		f, _ := c.db.FindFiling(ctx, id)
		returned := 0
		for _, e := range f.Events {
			if e.Status == beian.StatusReturned {
				returned++
			}
		}
		if returned != 1 {
			t.Errorf("filing %d returned %d times: %+v", id, returned, f.Events)
		}
	}
	jobs := c.jobs(t, registry.SMSTimeoutJob)
	for key := range want {
		if j := jobs[key]; j.state != "done" || j.attempts != 1 {
			t.Errorf("timer %s: %+v, want done at its first attempt", key, j)
		}
	}
}

// checkShellScans: the periodic shell scan (BEIAN_SHELL_SCAN_EVERY=1s on
// both nodes) has run several periods, each claimed once.
func (c *cluster) checkShellScans(t *testing.T) {
	t.Helper()
	pollUntil(t, "three shell scans", 30*time.Second, func() bool {
		done := 0
		for _, j := range c.jobs(t, registry.ShellScanKind) {
			if j.state == "done" {
				done++
			}
		}
		return done >= 3
	})
	for key, j := range c.jobs(t, registry.ShellScanKind) {
		if j.attempts > 1 {
			t.Errorf("shell scan %s claimed %d times", key, j.attempts)
		}
	}
}

type jobRow struct {
	state    string
	attempts int
}

// jobs returns the jobs of kind by key.
func (c *cluster) jobs(t *testing.T, kind string) map[string]jobRow {
	t.Helper()
	rows, err := c.sql.Query(`SELECT key, state, attempts FROM jobs WHERE kind = $1`, kind)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]jobRow{}
	for rows.Next() {
		var k string
		var j jobRow
		if err := rows.Scan(&k, &j.state, &j.attempts); err != nil {
			t.Fatal(err)
		}
		out[k] = j
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// waitDelivered waits until no message is queued, and wants every one
// sent: none refused, none dead.
func (c *cluster) waitDelivered(t *testing.T) {
	t.Helper()
	pollUntil(t, "every message sent", 30*time.Second, func() bool {
		var n int
		if err := c.sql.QueryRow(`SELECT COUNT(*) FROM messages WHERE state = 'queued'`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n == 0
	})
	rows, err := c.sql.Query(`SELECT key, state, last_error FROM messages WHERE state <> 'sent'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var key, state, last string
		if err := rows.Scan(&key, &state, &last); err != nil {
			t.Fatal(err)
		}
		t.Errorf("message %s is %s: %s", key, state, last)
	}
}

// sentTwice is a message that reached the gateways from both nodes.
type sentTwice struct {
	nodes    []string // in the order of arrival
	attempts int      // the attempt its delivery record was written by
}

// delivered is what the gateways got, beside the store's delivery records.
type delivered struct {
	got      map[string][]string // message key → the node of each arrival
	attempts map[string]int      // message key → the attempt that recorded it sent
	both     map[string]sentTwice
}

// checkDeliveries compares the gateways with the store: every message the
// store holds as sent arrived, nothing else arrived, no node sent a message
// twice. It also returns the messages that arrived from both nodes.
func (c *cluster) checkDeliveries(t *testing.T) delivered {
	t.Helper()
	d := delivered{got: c.gw.received(t), attempts: map[string]int{}, both: map[string]sentTwice{}}
	rows, err := c.sql.Query(`SELECT key, attempts FROM messages WHERE state = 'sent'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var key string
		var attempts int
		if err := rows.Scan(&key, &attempts); err != nil {
			t.Fatal(err)
		}
		d.attempts[key] = attempts
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for key, attempts := range d.attempts {
		switch nodes := d.got[key]; {
		case len(nodes) == 0:
			t.Errorf("message %s is recorded as sent but reached no gateway", key)
		case len(nodes) == 2 && nodes[0] != nodes[1]:
			d.both[key] = sentTwice{nodes: nodes, attempts: attempts}
		case len(nodes) > 1:
			t.Errorf("message %s arrived %d times, from %v", key, len(nodes), nodes)
		}
	}
	for key, nodes := range d.got {
		if _, ok := d.attempts[key]; !ok {
			t.Errorf("the gateways got %s from %v, which the store does not hold as sent", key, nodes)
		}
	}
	t.Logf("%d messages delivered, %d of them from both nodes", len(d.attempts), len(d.both))
	return d
}

// checkTakenOver: the SMS node a had on the wire (held by the gateway)
// when it was killed were sent by b alone, by a later attempt than a's:
// b claimed them when a's lease ran out. A message that came from both
// nodes was a send of a's that the gateway had accepted when a died,
// before a recorded it: b sent it again, and b's attempt recorded it. No
// more of them than a had sends in flight.
func (c *cluster) checkTakenOver(t *testing.T, d delivered, held []string) {
	t.Helper()
	for _, key := range held {
		if nodes := d.got[key]; len(nodes) != 1 || nodes[0] != "b" || d.attempts[key] < 2 {
			t.Errorf("SMS %s, on a's wire at the kill: delivered by %v, recorded by attempt %d; want b's later attempt alone", key, nodes, d.attempts[key])
		}
	}
	if len(d.both) > twoNodeConcurrency {
		t.Errorf("%d messages sent by both nodes, more than the %d sends a had in flight: %v", len(d.both), twoNodeConcurrency, d.both)
	}
	for key, s := range d.both {
		if strings.Join(s.nodes, ",") != "a,b" || s.attempts < 2 {
			t.Errorf("message %s sent by %v, recorded by attempt %d: want a's send on the wire, taken over by b", key, s.nodes, s.attempts)
		}
	}
}

// checkPeriodicAfter: the survivor keeps the periodic chain going: a shell
// scan due after the kill has run.
func (c *cluster) checkPeriodicAfter(t *testing.T, kill time.Time) {
	t.Helper()
	pollUntil(t, "a shell scan after the kill", 30*time.Second, func() bool {
		var n int
		if err := c.sql.QueryRow(`SELECT COUNT(*) FROM jobs WHERE kind = $1 AND state = 'done' AND run_at > $2`,
			registry.ShellScanKind, kill.Unix()).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n > 0
	})
}

// writeLoad is what the clients of the kill saw acknowledged (a 200).
type writeLoad struct {
	mu        sync.Mutex
	filings   []int64        // submitted filings
	recovered map[string]int // recoveries by main number
	tried     map[string]int // recoveries sent at all, by main number
	tokens    []string       // logins
	acks      int
	acksAfter int // acknowledged by b after the kill
	killed    bool
	killedAt  time.Time
	held      []string // the SMS a had on the wire when it died
}

func (l *writeLoad) ack(n *node, f func()) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f()
	l.acks++
	if l.killed && n.name == "b" {
		l.acksAfter++
	}
}

func (l *writeLoad) counts() (int, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.acks, l.acksAfter
}

// killUnderLoad runs six clients writing to both nodes — filings through
// the provider API, password recoveries, logins. Once 24 writes were
// acknowledged, the SMS gateway stops answering node a, and as soon as a
// has an SMS on the wire it is killed with SIGKILL; the clients go on
// against b until it acknowledged 12 more writes.
func (c *cluster) killUnderLoad(t *testing.T, approved []approvedEntity) *writeLoad {
	t.Helper()
	l := &writeLoad{recovered: map[string]int{}, tried: map[string]int{}}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var seq atomic.Int64
	for range 6 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				c.write(t, l, approved, int(seq.Add(1)))
			}
		}()
	}
	defer func() { close(stop); wg.Wait() }()
	pollUntil(t, "24 writes acknowledged", 30*time.Second, func() bool { n, _ := l.counts(); return n >= 24 })
	c.gw.holdA.Store(true)
	pollUntil(t, "an SMS on a's wire", 30*time.Second, func() bool { return len(c.gw.heldKeys()) > 0 })
	for key, nodes := range c.gw.received(t) {
		if len(nodes) > 1 {
			t.Errorf("before the kill, message %s arrived from %v", key, nodes)
		}
	}
	c.a.kill(t)
	l.mu.Lock()
	l.killed, l.killedAt, l.held = true, time.Now(), c.gw.heldKeys()
	l.mu.Unlock()
	pollUntil(t, "12 writes acknowledged by b after the kill", 30*time.Second, func() bool { _, n := l.counts(); return n >= 12 })
	return l
}

// write sends write n to a node (b alone once a is dead). Only a killed
// node may fail to answer.
func (c *cluster) write(t *testing.T, l *writeLoad, approved []approvedEntity, n int) {
	target := c.nodes[n%2]
	if c.a.dead.Load() {
		target = c.b
	}
	var err error
	switch n % 3 {
	case 0:
		client := &registryhttp.Client{URL: target.base, Key: c.key, HTTP: nodeClient}
		var ans registryhttp.SubmitResponse
		if ans, err = client.SubmitFiling(context.Background(), twoNodeFiling(1000+n)); err == nil {
			id, perr := strconv.ParseInt(strings.TrimPrefix(ans.ID, "F"), 10, 64)
			if perr != nil {
				t.Errorf("submission answered id %q", ans.ID)
			}
			l.ack(target, func() { l.filings = append(l.filings, id) })
		}
	case 1:
		e := approved[n%len(approved)]
		l.mu.Lock()
		l.tried[e.MainLicence]++
		l.mu.Unlock()
		body := fmt.Sprintf(`{"province":"浙江","licence":%q,"certType":"统一社会信用代码证书","certNo":%q}`,
			e.MainLicence, twoNodeFiling(e.index).Record.Entity.CertNo)
		if _, err = nodeAPI("POST", target.base+"/api/v1/password/recover", "", body, nil); err == nil {
			l.ack(target, func() { l.recovered[e.MainLicence]++ })
		}
	default:
		var ans struct {
			Token string `json:"token"`
		}
		body := fmt.Sprintf(`{"login":%q,"password":%q}`, twoNodeApplicants[n%len(twoNodeApplicants)], twoNodePassword)
		if _, err = nodeAPI("POST", target.base+"/api/v1/login", "", body, &ans); err == nil {
			l.ack(target, func() { l.tokens = append(l.tokens, ans.Token) })
		}
	}
	if err != nil && !(target == c.a && c.a.dead.Load()) {
		t.Errorf("write %d to live node %s: %v", n, target.name, err)
	}
}

// checkAcknowledged: every acknowledged filing is in the store, every
// acknowledged login's session works on the survivor, and every
// acknowledged recovery is in the audit log (a recovery in flight when a
// died may be there too, or not).
func (c *cluster) checkAcknowledged(t *testing.T, l *writeLoad) {
	t.Helper()
	for _, id := range l.filings {
		if f, err := c.db.FindFiling(context.Background(), id); err != nil || f.Status != beian.StatusSMSVerification {
			t.Errorf("acknowledged filing %d: %v", id, err)
		}
	}
	for _, tok := range l.tokens {
		if status, err := nodeAPI("GET", c.b.base+"/api/v1/me", tok, "", nil); status != 200 {
			t.Errorf("acknowledged login's session on b: %d %v", status, err)
		}
	}
	rows, err := c.sql.Query(`SELECT object, COUNT(*) FROM audit_log WHERE action = 'password.recover' AND outcome = 'matched' GROUP BY object`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	audited := map[string]int{}
	for rows.Next() {
		var lic string
		var n int
		if err := rows.Scan(&lic, &n); err != nil {
			t.Fatal(err)
		}
		audited[lic] = n
	}
	for lic, n := range l.recovered {
		if audited[lic] < n {
			t.Errorf("%s: %d recoveries acknowledged, %d recorded", lic, n, audited[lic])
		}
	}
	for lic, n := range audited {
		if n > l.tried[lic] {
			t.Errorf("%s: %d recoveries recorded, %d sent", lic, n, l.tried[lic])
		}
	}
}
