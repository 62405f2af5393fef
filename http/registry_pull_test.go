package http_test

import (
	"context"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registryhttp"
	"github.com/beianhq/beian/store"
)

// changeLog is an observer that keeps what it is told.
type changeLog struct{ list []beian.RegistryChange }

func (l *changeLog) FilingChanged(_ context.Context, _ *store.Tx, c beian.RegistryChange) error {
	l.list = append(l.list, c)
	return nil
}

// TestRegistryPull pulls a provider's changes over real HTTP into an agent
// store of its own: each change is applied once, however often it pulls.
func TestRegistryPull(t *testing.T) {
	ctx := context.Background()
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ts, _, c := providerServer(t, engine, "甲云")
			agentDB := testdb.Open(t, engine)
			log := &changeLog{}
			p := &registryhttp.Puller{Client: c["甲云"], DB: agentDB, Observer: log}
			f := providerFiling(2, "甲云")
			if _, err := c["甲云"].SubmitFiling(ctx, f); err != nil {
				t.Fatal(err)
			}
			for i, want := range []int{1, 0} {
				if n, err := p.Pull(ctx); err != nil || n != want {
					t.Fatalf("pull %d: %d %v, want %d", i, n, err, want)
				}
			}
			mobile := f.Record.Entity.Principal.Mobile
			_, body := ts.get(t, "/api/v1/dev/outbox?to="+mobile)
			code := smsCodeRE.FindStringSubmatch(body)
			if code == nil {
				t.Fatalf("no code for %s: %s", mobile, body)
			}
			if resp, body := ts.postJSON(t, "/api/v1/sms-verify", `{"mobile":"`+mobile+`","code":"`+code[1]+`","certSuffix":"`+beian.CertSuffix(f.Record.Entity.Principal.CertNo)+`"}`); resp.StatusCode != 200 {
				t.Fatalf("verify: %d %s", resp.StatusCode, body)
			}
			if n, err := p.Pull(ctx); err != nil || n != 1 {
				t.Fatalf("pull after verification: %d %v", n, err)
			}
			if len(log.list) != 2 || log.list[0].Status != beian.StatusSMSVerification || log.list[1].Status != beian.StatusBureauReview ||
				log.list[1].ApplicationID != f.ApplicationID || log.list[1].Provider != "甲云" || log.list[1].Deadline.IsZero() {
				t.Errorf("applied %+v", log.list)
			}
			if cur, err := agentDB.RegistryCursor(ctx, c["甲云"].URL); err != nil || cur == 0 {
				t.Errorf("cursor %d %v", cur, err)
			}
		})
	}
}
