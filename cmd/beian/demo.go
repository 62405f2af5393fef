package main

import (
	"bytes"
	"context"
	"fmt"
	"io"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
	"github.com/beianhq/beian/synth"
)

// demoEntities is the size of the demo registry.
const demoEntities = 500

// loadDemo fills an empty store with synthetic filings and says how to look
// at them.
func loadDemo(ctx context.Context, db *store.DB, n *notify.Notifier, stdout io.Writer) error {
	held, _, err := db.Counts(ctx)
	if err != nil {
		return err
	}
	if held == 0 {
		var buf bytes.Buffer
		if err := synth.Generate(&buf, demoEntities, 2026); err != nil {
			return err
		}
		res, err := registry.Import(ctx, db, &buf, registry.ImportOptions{})
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "demo: loaded %d entities, %d services\n", res.Entities, res.Services)
	} else {
		fmt.Fprintf(stdout, "demo: store already holds %d entities; left as it is\n", held)
	}
	sample, err := db.Query(ctx, demoSample())
	if err == nil && len(sample.Rows) > 0 {
		r := sample.Rows[0]
		fmt.Fprintf(stdout, "demo: try the query page with %s, %s or %q\n", r.Domain, r.MainLicence, string([]rune(r.UnitName)[:min(4, len([]rune(r.UnitName)))]))
		if err := demoMessages(ctx, db, n, r, stdout); err != nil {
			return err
		}
	}
	return nil
}

// demoSample finds one company website to suggest as a query.
func demoSample() beian.Query {
	return beian.Query{Kind: beian.QueryName, Name: "有限公司", ServiceType: beian.ServiceWebsite, PageNum: 1, PageSize: 1}
}

// demoMessages sends one of each notice to the principal of the sample
// entity, so the dev outbox shows what the templates look like. The keys make
// it happen once per store.
func demoMessages(ctx context.Context, db *store.DB, n *notify.Notifier, r beian.QueryRow, stdout io.Writer) error {
	e, err := db.FindEntityByID(ctx, r.EntityID)
	if err != nil {
		return err
	}
	p := e.Principal
	notices := []struct {
		to     notify.Recipient
		notice notify.Notice
	}{
		{notify.Recipient{Mobile: p.Mobile, Email: p.Email}, notify.VerificationCode{Code: "246810", Purpose: "演示", ValidMinutes: 10}},
		{notify.Recipient{Email: p.Email}, notify.ReviewResult{ApplicationNo: "DEMO-0001", UnitName: e.UnitName, Reasons: []string{"网站名称与备案内容不符", "负责人证件照片不清晰"}}},
		{notify.Recipient{Email: p.Email}, notify.BureauResult{ApplicationNo: "DEMO-0002", UnitName: e.UnitName, Approved: true, Licence: r.ServiceLicence}},
		{notify.Recipient{Email: p.Email}, notify.StatusChanged{ApplicationNo: "DEMO-0003", UnitName: e.UnitName, Status: "管局审核中"}},
	}
	err = db.InTx(ctx, func(tx *store.Tx) error {
		for i, x := range notices {
			if _, err := n.Notify(ctx, tx, fmt.Sprintf("demo:%d", i), x.to, x.notice); err != nil {
				return err
			}
		}
		return nil
	})
	if err == nil {
		fmt.Fprintf(stdout, "demo: sample messages to %s and %s are in the dev outbox at /dev/outbox\n", p.Mobile, p.Email)
	}
	return err
}

// demoAccount is an account of the demo, one per role the tests check.
type demoAccount struct {
	role      beian.Role
	login     string
	name      string
	provider  string
	provinces []string
	email     string
}

var demoAccountList = []demoAccount{
	{beian.RoleApplicant, "13900000001", "申请人甲", "", nil, ""},
	{beian.RoleApplicant, "13900000002", "申请人乙", "", nil, ""},
	{beian.RoleApplicant, "13900000003", "申请人丙", "", nil, ""},
	{beian.RoleApplicant, "13900000004", "申请人丁", "", nil, ""},
	{beian.RoleApplicant, "13900000005", "申请人戊", "", nil, ""},
	{beian.RoleApplicant, "13900000006", "申请人己", "", nil, ""},
	{beian.RoleApplicant, "13900000007", "申请人庚", "", nil, ""},
	{beian.RoleApplicant, "13900000008", "申请人辛", "", nil, ""},
	{beian.RoleProviderReviewer, "reviewer", "初审员", "阿里云计算有限公司", nil, "reviewer@provider.example.cn"},
	{beian.RoleBureauReviewer, "zj-bureau", "浙江管局审核员", "", []string{"浙江"}, ""},
	{beian.RoleBureauReviewer, "gd-bureau", "广东管局审核员", "", []string{"广东"}, ""},
	{beian.RoleAdmin, "admin", "系统管理员", "", nil, ""},
}

// demoPassword is the password of every demo account: fine for a demo on a
// laptop, never for a real deployment.
const demoPassword = "Beian-demo-2026"

// demoAccounts creates one account per role (once per store) and prints them.
func demoAccounts(ctx context.Context, accounts *auth.Accounts, stdout io.Writer) error {
	for _, d := range demoAccountList {
		_, err := accounts.Create(ctx, auth.NewAccount{Role: d.role, Login: d.login, Name: d.name, Password: demoPassword,
			Provider: d.provider, Provinces: d.provinces, Email: d.email})
		if err != nil && beian.ErrorCode(err) != beian.ECONFLICT {
			return err
		}
		fmt.Fprintf(stdout, "demo account: %-16s %-12s password %s\n", d.login, d.role.Label(), demoPassword)
	}
	return nil
}
