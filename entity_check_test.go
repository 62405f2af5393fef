package beian_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
)

var asOf = time.Date(2026, 11, 27, 10, 0, 0, 0, beian.Shanghai)

// validEntity is an entity as a form (the filing wizard) would fill it in,
// in the words people type.
func validEntity() *beian.Entity {
	return &beian.Entity{
		UnitName: " 杭州云栖网络科技有限公司 ", Nature: "企业", Province: "浙江",
		CertType: "统一社会信用代码证书", CertNo: "91330106ma2cfxru0x",
		Principal: beian.Principal{Name: "张三", CertType: "居民身份证", CertNo: "110101199003077635", Mobile: "+86 138 0000 0001", Email: "zhang@example.cn"},
		Services: []*beian.Service{{
			Type: beian.ServiceWebsite, Name: "云栖官网",
			Domains: []string{"Yunqi-Example.com", "云栖.中国"}, HomeURL: "www.yunqi-example.com",
			Access:     []beian.Access{{Provider: "阿里云计算有限公司", IPs: []string{" 47.96.10.1"}}},
			ApprovedAt: time.Date(2021, 8, 30, 13, 10, 24, 0, beian.Shanghai),
		}},
	}
}

func TestEntityValidate(t *testing.T) {
	e := validEntity()
	if err := e.Validate(asOf); err != nil {
		t.Fatal(err)
	}
	s := e.Services[0]
	if e.UnitName != "杭州云栖网络科技有限公司" || e.Province != "330000" || e.CertNo != "91330106MA2CFXRU0X" ||
		e.Principal.Mobile != "13800000001" || s.Domains[0] != "yunqi-example.com" || !strings.HasPrefix(s.Domains[1], "xn--") || s.Access[0].IPs[0] != "47.96.10.1" {
		t.Errorf("not canonical: %+v %+v", e, s)
	}
	for _, test := range []struct {
		edit func(e *beian.Entity)
		path string
	}{
		{func(e *beian.Entity) { e.UnitName = "坏\x00名" }, "unitName"},
		{func(e *beian.Entity) { e.Province = "火星" }, "province"},
		{func(e *beian.Entity) { e.Principal = beian.Principal{} }, "principal"},
		{func(e *beian.Entity) { e.Principal.Mobile = "1380000" }, "principal.mobile"},
		{func(e *beian.Entity) { e.Services[0].Domains[1] = "example.app" }, "services[0].domains[1]"},
		{func(e *beian.Entity) { e.Services[0].Domains[1] = "yunqi-example.com" }, "services[0].domains[1]"},
		{func(e *beian.Entity) { e.Services[0].Access[0].IPs[0] = "10.0.0.1" }, "services[0].access[0].ips[0]"},
		{func(e *beian.Entity) { e.Services[0].ApprovedAt = asOf.Add(time.Hour) }, "services[0].approvedAt"},
		{func(e *beian.Entity) { e.Services[0].Principal = &beian.Principal{Name: "李"} }, "services[0].principal.name"},
	} {
		e := validEntity()
		test.edit(e)
		err := e.Validate(asOf)
		if beian.ErrorCode(err) != beian.EINVALID || !strings.HasPrefix(beian.ErrorMessage(err), test.path+": ") {
			t.Errorf("want an error at %s, got %v", test.path, err)
		}
	}
}
