package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"regexp"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// demoFiledList are the demo applicants whose first filing the demo takes
// all the way to the bureau's approval, so that the changes and
// cancellations (变更与注销) have a filed entity to start from. Each then
// leaves one order as named: none (the visitor's, for every kind), a 变更网站
// or a 注销网站 in the provider's initial review. One order per entity and
// per account makes them three applicants.
var demoFiledList = []struct {
	demoFiling
	then beian.FilingType // "" for none
}{
	{demoFiling{"13900000006", "吴六", "wuliu-demo.cn", nil}, ""},
	{demoFiling{"13900000007", "郑七", "zhengqi-demo.cn", nil}, beian.FilingChangeSite},
	{demoFiling{"13900000008", "冯八", "fengba-demo.cn", nil}, beian.FilingCancelSite},
}

// demoFiled files the demo's filed entities and their orders, once per
// store, through the agent and the in-process registry as a provider's
// reviewer, the principal (with the code the dev outbox holds) and the
// bureau would.
func demoFiled(ctx context.Context, s *agent.Service, db *store.DB, stdout io.Writer) error {
	inproc, ok := s.Registry.(registry.InProcess)
	if !ok {
		return nil // the registry is elsewhere: nothing to approve here
	}
	reviewer, err := db.FindAccountByLogin(ctx, "reviewer")
	if err != nil {
		return err
	}
	bureau, err := db.FindAccountByLogin(ctx, "zj-bureau")
	if err != nil {
		return err
	}
	for i, d := range demoFiledList {
		a, err := db.FindAccountByLogin(ctx, d.login)
		if err != nil {
			return err
		}
		if _, total, err := s.List(ctx, a, beian.ApplicationFilter{Limit: 1}); err != nil || total > 0 {
			return err
		}
		n := len(demoFilings) + i
		d.steps = []string{"submit", "approve"}
		app, err := demoFiledFirst(ctx, s, inproc.Filings, db, a, reviewer, bureau, d.demoFiling, n)
		if err != nil {
			return fmt.Errorf("demo filing of %s: %w", d.login, err)
		}
		// A second product at the provider, for 变更接入.
		if _, err := s.AddProduct(ctx, nil, agent.NewProduct{Owner: d.login, Provider: demoProvider, IP: fmt.Sprintf("47.96.%d.20", 100+n),
			Region: "华东1（杭州）", Mainland: true, Expires: s.Now().AddDate(1, 0, 0)}); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "demo: %s filed %s (application %d)\n", d.login, app.MainLicence, app.ID)
		if d.then != "" {
			order, err := demoOrder(ctx, s, a, app, d.then, n)
			if err != nil {
				return fmt.Errorf("demo %s of %s: %w", d.then, d.login, err)
			}
			fmt.Fprintf(stdout, "demo: %s of %s is %s (application %d)\n", d.then, d.login, order.Status.Label(), order.ID)
		}
	}
	fmt.Fprintf(stdout, "demo: changes and cancellations start at /agent/filed (log in as 13900000006)\n")
	return nil
}

var demoCodeRE = regexp.MustCompile(`验证码：([0-9]{6})`)

// demoFiledFirst files d's first filing through initial review, then
// verifies it with the code sent to the principal and approves it as the
// bureau.
func demoFiledFirst(ctx context.Context, s *agent.Service, fs *registry.Filings, db *store.DB, a, reviewer, bureau *beian.Account, d demoFiling, n int) (*beian.Application, error) {
	p, err := s.AddProduct(ctx, nil, agent.NewProduct{Owner: d.login, Provider: demoProvider, IP: fmt.Sprintf("47.96.%d.10", 100+n),
		Region: "华东1（杭州）", Mainland: true, Expires: s.Now().AddDate(1, 0, 0)})
	if err != nil {
		return nil, err
	}
	app, err := demoFile(ctx, s, a, reviewer, d, n, p.ID)
	if err != nil {
		return nil, err
	}
	code, err := demoSentCode(ctx, db, d.login)
	if err != nil {
		return nil, err
	}
	certNo := demoIDNumber(fmt.Sprintf("33010619900307%03d", 101+n))
	if _, err := fs.Verify(ctx, registry.VerifyRequest{Mobile: d.login, Code: code, CertSuffix: certNo[len(certNo)-6:], Client: "demo"}); err != nil {
		return nil, err
	}
	f, err := db.FilingOfApplication(ctx, demoProvider, app.ID)
	if err != nil {
		return nil, err
	}
	if _, err := fs.Decide(ctx, bureau, f.ID, registry.BureauDecision{Approve: true}); err != nil {
		return nil, err
	}
	return s.Get(ctx, a, app.ID)
}

// demoSentCode is the newest verification code the dev outbox holds for
// mobile.
func demoSentCode(ctx context.Context, db *store.DB, mobile string) (string, error) {
	ms, err := db.FindMessages(ctx, beian.MessageFilter{To: mobile, Limit: 10})
	if err != nil {
		return "", err
	}
	for _, m := range ms {
		if c := demoCodeRE.FindStringSubmatch(m.Body); c != nil {
			return c[1], nil
		}
	}
	return "", fmt.Errorf("no verification code sent to %s", mobile)
}

// demoOrder files and submits a change or a cancellation of the site
// that app filed.
func demoOrder(ctx context.Context, s *agent.Service, a *beian.Account, app *beian.Application, ft beian.FilingType, n int) (*beian.Application, error) {
	if len(app.ServiceLicences) == 0 {
		return nil, fmt.Errorf("application %d has no service number", app.ID)
	}
	e := app.Record.Entity
	raw := fmt.Sprintf(`{"filingType": %q, "record": {"serviceLicence": %q}, "reason": "演示：网站不再运营"}`, ft, app.ServiceLicences[0])
	if ft == beian.FilingChangeSite {
		domains, _ := json.Marshal(e.Services[0].Domains)
		raw = fmt.Sprintf(`{"filingType": %q, "record": {"unitName": %q, "natureName": "个人", "province": "浙江", "certType": "居民身份证",
		  "certNo": %q, "mainLicence": %q, "principal": {"name": %q, "certType": "居民身份证", "certNo": %q, "mobile": %q, "email": "demo%d@example.cn"},
		  "services": [{"serviceType": 1, "serviceName": "%s的新站", "serviceLicence": %q, "domains": %s, "homeUrl": %q}]}}`,
			ft, e.UnitName, e.CertNo, app.MainLicence, e.Principal.Name, e.CertNo, e.Principal.Mobile, n+1, e.UnitName, app.ServiceLicences[0],
			domains, e.Services[0].HomeURL)
	}
	body, err := agent.DecodeApplicationBody([]byte(raw), s.Now())
	if err != nil {
		return nil, err
	}
	order, err := s.Create(ctx, a, body)
	if err != nil {
		return nil, err
	}
	if body.Record != nil {
		for _, k := range []beian.MaterialKind{beian.MaterialPrincipalIDFront, beian.MaterialPrincipalIDBack, beian.MaterialPrincipalPhoto} {
			if _, err := s.AddMaterial(ctx, a, order.ID, k, string(k)+".png", demoPNG(n)); err != nil {
				return nil, err
			}
		}
	}
	return s.Submit(ctx, a, order.ID)
}
