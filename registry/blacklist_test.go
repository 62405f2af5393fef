package registry_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// TestBlacklist: bureau staff of a province keep its entries (others are
// refused, administrators see all); a blacklisted entity certificate,
// principal certificate or domain is refused at the type check and at the
// registry's submission, naming the field; an expired or removed entry bars
// nothing; each change is audited. Both engines.
func TestBlacklist(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { blacklist(t, engine) })
	}
}

func blacklist(t *testing.T, engine string) {
	ctx := context.Background()
	db := testdb.Open(t, engine)
	reg := &registry.Registry{DB: db}
	zj := &beian.Account{ID: 1, Login: "zj", Role: beian.RoleBureauReviewer, Provinces: []string{"330000"}}
	gd := &beian.Account{ID: 2, Login: "gd", Role: beian.RoleBureauReviewer, Provinces: []string{"440000"}}
	admin := &beian.Account{ID: 3, Login: "admin", Role: beian.RoleAdmin}
	add := func(who *beian.Account, e beian.BlacklistEntry) (*beian.BlacklistEntry, error) {
		return &e, reg.AddBlacklist(ctx, who, &e)
	}
	if _, err := add(gd, beian.BlacklistEntry{Kind: beian.BlacklistEntity, Value: "XXXX", Province: "浙江", Reason: "违法内容"}); beian.ErrorCode(err) != beian.EFORBIDDEN {
		t.Errorf("another province's bureau: %v, want 403", err)
	}
	if _, err := add(zj, beian.BlacklistEntry{Kind: "person", Value: "XXXX", Province: "浙江", Reason: "违法内容"}); beian.ErrorCode(err) != beian.EINVALID {
		t.Errorf("bad kind: %v", err)
	}
	ent, err := add(zj, beian.BlacklistEntry{Kind: beian.BlacklistEntity, Value: "certbad", Province: "浙江", Reason: "违法内容"})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range []beian.BlacklistEntry{
		{Kind: beian.BlacklistPrincipal, Value: "110101199003070001", Province: "330000", Reason: "虚假信息"},
		{Kind: beian.BlacklistDomain, Value: "Bad-Example.cn", Province: "广东", Reason: "违法内容"},
		{Kind: beian.BlacklistDomain, Value: "old-example.cn", Province: "广东", Reason: "已到期", ExpiresAt: testdb.Now.Add(time.Hour)},
	} {
		who := zj
		if e.Province == "广东" {
			who = admin
		}
		if _, err := add(who, e); err != nil {
			t.Fatal(err)
		}
	}
	db.Now = func() time.Time { return testdb.Now.Add(2 * time.Hour) } // old-example.cn has expired

	checkBlacklisted(t, reg)
	submitBlacklisted(t, reg)

	if list, err := reg.ListBlacklist(ctx, zj); err != nil || len(list) != 2 {
		t.Errorf("zj sees %d entries (%v), want its 2", len(list), err)
	}
	if list, err := reg.ListBlacklist(ctx, admin); err != nil || len(list) != 3 {
		t.Errorf("admin sees %d entries (%v), want the 3 in force", len(list), err)
	}
	if err := reg.RemoveBlacklist(ctx, gd, ent.ID); beian.ErrorCode(err) != beian.EFORBIDDEN {
		t.Errorf("another province removes: %v", err)
	}
	if err := reg.RemoveBlacklist(ctx, zj, ent.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := reg.CheckType(ctx, beian.TypeCheckQuery{CertNo: "CERTBAD", Domains: domOf("fine-example.cn")}); err != nil {
		t.Errorf("after removal: %v", err)
	}
	audit, err := db.FindAudit(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range audit {
		actions = append(actions, a.Action)
	}
	if got := strings.Join(actions, " "); got != "blacklist.remove blacklist.add blacklist.add blacklist.add blacklist.add" {
		t.Errorf("audit: %s", got)
	}
}

func domOf(d string) []beian.FieldValue { return []beian.FieldValue{{Field: "domains[0]", Value: d}} }

// checkBlacklisted: the type check refuses each blacklisted value by field.
func checkBlacklisted(t *testing.T, reg *registry.Registry) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		q     beian.TypeCheckQuery
		field string // "" passes
	}{
		{"entity", beian.TypeCheckQuery{CertNo: "CERTBAD", Domains: domOf("fine-example.cn")}, "certNo"},
		{"domain", beian.TypeCheckQuery{CertNo: "CERTOK", Domains: domOf("bad-example.cn")}, "domains[0]"},
		{"principal", beian.TypeCheckQuery{CertNo: "CERTOK", Domains: domOf("fine-example.cn"),
			Principals: []beian.FieldValue{{Field: "principal.certNo", Value: "110101199003070001"}}}, "principal.certNo"},
		{"expired", beian.TypeCheckQuery{CertNo: "CERTOK", Domains: domOf("old-example.cn")}, ""},
	} {
		_, err := reg.CheckType(ctx, c.q)
		if c.field == "" {
			if err != nil {
				t.Errorf("%s: %v", c.name, err)
			}
		} else if fe, ok := err.(*beian.Error); !ok || fe.Field != c.field || !strings.Contains(fe.Message, "黑名单") {
			t.Errorf("%s: %v, want a refusal naming %s", c.name, err, c.field)
		}
	}
}

// submitBlacklisted: the registry's submission refuses a blacklisted site
// principal; a cancellation passes.
func submitBlacklisted(t *testing.T, reg *registry.Registry) {
	ctx := context.Background()
	rec := &beian.ApplicationRecord{Entity: beian.Entity{CertNo: "CERTOK", Principal: beian.Principal{CertNo: "110101199003070002"},
		Services: []*beian.Service{{Type: beian.ServiceWebsite, Domains: []string{"fine-example.cn"},
			Principal: &beian.Principal{CertNo: "110101199003070001"}}}}}
	_, err := reg.Submit(ctx, beian.Filing{ApplicationID: 1, Version: 1, FilingType: beian.FilingFirst, Record: rec})
	if fe, ok := err.(*beian.Error); !ok || fe.Field != "services[0].principal.certNo" {
		t.Errorf("submission with a blacklisted site principal: %v", err)
	}
	if _, err := reg.Submit(ctx, beian.Filing{ApplicationID: 1, Version: 1, FilingType: beian.FilingCancelSite, Cancel: &beian.Cancellation{ServiceLicence: "x"}}); err != nil {
		t.Errorf("a cancellation is never barred: %v", err)
	}
}

// TestBlacklistAtAcceptance: the registry's filings refuse a submission
// whose entity certificate is blacklisted, whichever way it arrives, on
// both engines.
func TestBlacklistAtAcceptance(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := newFilingEnv(t, engine)
			f := firstFiling(1)
			zj := &beian.Account{ID: 1, Login: "zj", Role: beian.RoleBureauReviewer, Provinces: []string{"330000"}}
			e := &beian.BlacklistEntry{Kind: beian.BlacklistEntity, Value: f.Record.Entity.CertNo, Province: "浙江", Reason: "违法内容"}
			if err := (&registry.Registry{DB: env.db}).AddBlacklist(context.Background(), zj, e); err != nil {
				t.Fatal(err)
			}
			err := env.db.InTx(context.Background(), func(tx *store.Tx) error { return env.fs.Accept(context.Background(), tx, f) })
			if fe, ok := err.(*beian.Error); !ok || fe.Field != "certNo" {
				t.Errorf("accepting a blacklisted entity: %v", err)
			}
		})
	}
}
