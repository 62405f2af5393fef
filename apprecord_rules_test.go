package beian_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
)

func TestProvinceFacts(t *testing.T) {
	asOf := time.Date(2026, 11, 27, 10, 0, 0, 0, beian.Shanghai)
	minor := "12010120100301123"
	minor += string(rules.ResidentIDCheckDigit(minor))
	rec := &beian.ApplicationRecord{Entity: beian.Entity{
		UnitName: "张三", Nature: "个人", Province: "120000",
		Principal: beian.Principal{Name: "张三", CertType: "居民身份证", CertNo: minor, Mobile: "13900000000"},
		Services: []*beian.Service{
			{Type: beian.ServiceApp, Name: "张三的App"},
			{Type: beian.ServiceWebsite, Name: "三三的科技小站", Domains: []string{"zhangsan.cn"}},
		},
	}}
	f := rec.ProvinceFacts(asOf)
	if len(f.Principals) != 1 || f.Principals[0].CertKind != rules.CertResidentID || len(f.Sites) != 1 || f.Sites[0].Field != "services[1]" {
		t.Fatalf("facts %+v", f)
	}
	vs := rules.DefaultProvinceRules().Check(f)
	if len(vs) != 2 || vs[0].Field != "principal.certNo" || vs[1].Field != "services[1].serviceName" {
		t.Fatalf("violations %v", vs)
	}
	err := beian.CheckProvinceRules(rules.DefaultProvinceRules(), f)
	if e, ok := err.(*beian.Error); !ok || e.Field != "principal.certNo" || !strings.Contains(e.Message, "天津要求负责人年满18周岁") {
		t.Errorf("CheckProvinceRules: %v", err)
	}
}
