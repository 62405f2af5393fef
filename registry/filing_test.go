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

// TestCheckType decides the filing type against the national record and
// the applications in flight, on both engines.
func TestCheckType(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) { checkType(t, engine) })
	}
}

func checkType(t *testing.T, engine string) {
	ctx := context.Background()
	db := testdb.Open(t, engine)
	filed := &beian.Entity{UnitName: "甲公司", Nature: "企业", Province: "330000", CertType: "统一社会信用代码证书", CertNo: "CERTFILED",
		Principal: beian.Principal{Name: "张三", CertType: "居民身份证", CertNo: "110101199003070000", Mobile: "13800000000", Email: "a@example.cn"},
		Services: []*beian.Service{{Type: beian.ServiceWebsite, Name: "甲", Domains: []string{"jia-example.cn"},
			Access: []beian.Access{{Provider: "甲云", IPs: []string{"47.96.1.1"}}}, ApprovedAt: time.Date(2021, 1, 1, 0, 0, 0, 0, beian.Shanghai)}}}
	if err := db.CreateEntity(ctx, filed); err != nil {
		t.Fatal(err)
	}
	acc := &beian.Account{Role: beian.RoleApplicant, Login: "13700000001", PasswordHash: "x"}
	if err := db.CreateAccount(ctx, acc); err != nil {
		t.Fatal(err)
	}
	pending := &beian.Application{AccountID: acc.ID, Provider: "乙云", FilingType: beian.FilingFirst, Status: beian.StatusInitialReview,
		Record: &beian.ApplicationRecord{Entity: beian.Entity{CertNo: "CERTPENDING", Services: []*beian.Service{{Type: beian.ServiceWebsite, Domains: []string{"pending-example.cn"}}}}}}
	if err := db.InTx(ctx, func(tx *store.Tx) error { return tx.InsertApplication(ctx, pending, nil) }); err != nil {
		t.Fatal(err)
	}
	reg := &registry.Registry{DB: db}
	dom := func(d string) []beian.FieldValue { return []beian.FieldValue{{Field: "domains[0]", Value: d}} }
	cases := []struct {
		name     string
		q        beian.TypeCheckQuery
		want     beian.FilingType
		licence  bool
		conflict string // a word the 409's message holds
	}{
		{"new entity, new domain", beian.TypeCheckQuery{CertNo: "CERTNEW", Domains: dom("new-example.cn")}, beian.FilingFirst, false, ""},
		{"filed entity, new domain", beian.TypeCheckQuery{CertNo: "CERTFILED", Provider: "乙云", Domains: dom("jia-two.cn")}, beian.FilingNewSite, true, ""},
		{"filed domain, another provider", beian.TypeCheckQuery{CertNo: "CERTFILED", Provider: "乙云", Domains: dom("jia-example.cn")}, beian.FilingNewAccess, true, ""},
		{"filed domain, its provider", beian.TypeCheckQuery{CertNo: "CERTFILED", Provider: "甲云", Domains: dom("jia-example.cn")}, "", false, "已接入本接入商"},
		{"domain of another entity", beian.TypeCheckQuery{CertNo: "CERTNEW", Domains: dom("jia-example.cn")}, "", false, beian.DomainConflict},
		{"domain of another entity's pending filing", beian.TypeCheckQuery{CertNo: "CERTNEW", Domains: dom("pending-example.cn")}, "", false, beian.DomainConflict},
		{"entity with a filing in flight", beian.TypeCheckQuery{CertNo: "CERTPENDING", Domains: dom("pending-two.cn")}, "", false, beian.EntityConflict},
		{"the application itself", beian.TypeCheckQuery{CertNo: "CERTPENDING", Domains: dom("pending-example.cn"), Exclude: pending.ID}, beian.FilingFirst, false, ""},
		{"an App without domains", beian.TypeCheckQuery{CertNo: "CERTFILED"}, beian.FilingNewSite, true, ""},
	}
	for _, c := range cases {
		ans, err := reg.CheckType(ctx, c.q)
		switch {
		case c.conflict != "":
			if beian.ErrorCode(err) != beian.ECONFLICT || !strings.Contains(beian.ErrorMessage(err), c.conflict) {
				t.Errorf("%s: %v, want a 409 with %s", c.name, err, c.conflict)
			}
		case err != nil || ans.FilingType != c.want || (ans.MainLicence != "") != c.licence:
			t.Errorf("%s: %+v, %v; want %s (main number %v)", c.name, ans, err, c.want, c.licence)
		}
	}
	if _, err := reg.Submit(ctx, beian.Filing{ApplicationID: pending.ID, Version: 1}); err != nil {
		t.Errorf("submit: %v", err)
	}
}
