package agent

import (
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
)

var asOf = time.Date(2026, 11, 27, 10, 0, 0, 0, beian.Shanghai)

// validBody has a website and an App of an enterprise.
const validBody = `{
  "record": {
    "unitName": "杭州云栖网络科技有限公司", "natureName": "企业", "province": "浙江",
    "certType": "统一社会信用代码证书", "certNo": "91330106MA2CFXRU0X",
    "principal": {"name": "张三", "certType": "居民身份证", "certNo": "110101199003077635", "mobile": "13800000001", "email": "zhang@example.cn"},
    "services": [
      {"serviceType": 1, "serviceName": "云栖官网", "domains": ["yunqi-example.com"], "homeUrl": "www.yunqi-example.com"},
      {"serviceType": 6, "serviceName": "云栖助手", "domains": ["yunqi-app.cn"],
       "app": {"packageName": "com.yunqi.helper", "platforms": [{"name": "Android", "fingerprint": "3E:9F:1A:2B:4C:5D:6E:7F:80:91:A2:B3:C4:D5:E6:F7:08:19:2A:3B"}]}},
      {"serviceType": 7, "serviceName": "云栖小店", "app": {"platform": "微信", "appId": "wx0123456789abcdef"}}
    ]
  },
  "products": [{"service": 0, "productId": "ecs-1"}, {"service": 1, "authCode": "AUTH-123456"}],
  "legacyPassword": "123456"
}`

func TestDecodeApplicationBody_OK(t *testing.T) {
	b, err := DecodeApplicationBody([]byte(validBody), asOf)
	if err != nil {
		t.Fatal(err)
	}
	r := b.Record
	if b.FilingType != "" || r.Entity.UnitName != "杭州云栖网络科技有限公司" || len(r.Entity.Services) != 3 || len(r.Apps) != 3 {
		t.Fatalf("decoded %+v", b)
	}
	if r.Apps[0] != nil || r.Apps[1].Platforms[0].Fingerprint != "3E9F1A2B4C5D6E7F8091A2B3C4D5E6F708192A3B" || r.Apps[2].AppID != "wx0123456789abcdef" {
		t.Errorf("apps %+v %+v %+v", r.Apps[0], r.Apps[1], r.Apps[2])
	}
	if len(b.Products) != 2 || b.Products[0] != (beian.ProductChoice{Service: 0, ProductID: "ecs-1"}) || b.Products[1].AuthCode != "AUTH-123456" || b.LegacyPassword != "123456" {
		t.Errorf("products %+v", b.Products)
	}
}

func TestDecodeApplicationBody_Errors(t *testing.T) {
	tests := []struct {
		name       string
		old, new   string // replace old by new in validBody
		field, msg string
	}{
		{"unknown top field", `"legacyPassword"`, `"extra": 1, "legacyPassword"`, "extra", "未知字段"},
		{"unknown record field", `"natureName"`, `"nature": "x", "natureName"`, "nature", "未知字段"},
		{"case differs", `"unitName"`, `"UnitName"`, "UnitName", "未知字段"},
		{"unknown service field", `"serviceName": "云栖官网"`, `"serviceName": "云栖官网", "icon": "x"`, "services[0].icon", "未知字段"},
		{"unknown app field", `"appId": "wx`, `"appID2": 1, "appId": "wx`, "services[2].app.appID2", "未知字段"},
		{"unknown platform field", `"name": "Android"`, `"os": "x", "name": "Android"`, "services[1].app.platforms[0].os", "未知字段"},
		{"unknown product field", `"productId": "ecs-1"`, `"productId": "ecs-1", "ip": "1.2.3.4"`, "products[0].ip", "未知字段"},
		{"number given", `"province": "浙江",`, `"province": "浙江", "mainLicence": "浙ICP备2021012345号",`, "mainLicence", "由管局审核通过后分配"},
		{"service number", `"serviceName": "云栖官网"`, `"serviceName": "云栖官网", "serviceLicence": "浙ICP备2021012345号-1"`, "services[0].serviceLicence", "由管局"},
		{"access", `"serviceName": "云栖官网"`, `"serviceName": "云栖官网", "access": []`, "services[0].access", "来自所选产品"},
		{"approvedAt", `"serviceName": "云栖官网"`, `"serviceName": "云栖官网", "approvedAt": "x"`, "services[0].approvedAt", "管局"},
		{"wrong type", `"serviceType": 1`, `"serviceType": "1"`, "services[0].serviceType", "应为整数"},
		{"fraction", `"serviceType": 1`, `"serviceType": 1.5`, "services[0].serviceType", "应为整数"},
		{"huge", `"serviceType": 1`, `"serviceType": 1e400`, "services[0].serviceType", "应为整数"},
		{"domains not array", `["yunqi-example.com"]`, `"yunqi-example.com"`, "services[0].domains", "应为数组"},
		{"bad domain", `["yunqi-example.com"]`, `["yunqi-example.com", "bad_domain"]`, "services[0].domains[1]", ""},
		{"bad cert", `"91330106MA2CFXRU0X"`, `"91330106MA2CFXRU01"`, "certNo", ""},
		{"bad fingerprint", `"3E:9F:1A:2B:4C:5D:6E:7F:80:91:A2:B3:C4:D5:E6:F7:08:19:2A:3B"`, `"abc"`, "services[1].app.platforms[0].fingerprint", ""},
		{"bad platform", `"name": "Android"`, `"name": "Symbian"`, "services[1].app.platforms[0].name", ""},
		{"bad appId", `"wx0123456789abcdef"`, `"wx01"`, "services[2].app.appId", ""},
		{"app missing", `, "app": {"platform": "微信", "appId": "wx0123456789abcdef"}`, ``, "services[2].app", "须填写 App 信息"},
		{"website without product", `{"service": 0, "productId": "ecs-1"}, `, ``, "services[0]", "须选择一个产品"},
		{"service out of range", `{"service": 1, "authCode"`, `{"service": 3, "authCode"`, "products[1].service", "不存在"},
		{"service twice", `{"service": 1, "authCode"`, `{"service": 0, "authCode"`, "products[1].service", "已选择产品"},
		{"no service", `{"service": 0, "productId": "ecs-1"}`, `{"productId": "ecs-1"}`, "products[0].service", ""},
		{"both", `"productId": "ecs-1"`, `"productId": "ecs-1", "authCode": "AUTH-123456"`, "products[0]", "只能填写一个"},
		{"bad product id", `"ecs-1"`, `"ecs/1"`, "products[0].productId", ""},
		{"not new", `"legacyPassword"`, `"filingType": "首次备案", "legacyPassword"`, "filingType", ""},
		{"unknown type", `"legacyPassword"`, `"filingType": "备案", "legacyPassword"`, "filingType", ""},
		{"reason", `"legacyPassword"`, `"reason": "不要了", "legacyPassword"`, "reason", ""},
		{"no record", `"record": {`, `"rec": {`, "rec", "未知字段"},
	}
	for _, tt := range tests {
		if !strings.Contains(validBody, tt.old) {
			t.Fatalf("%s: %q not in the body", tt.name, tt.old)
		}
		body := strings.Replace(validBody, tt.old, tt.new, 1)
		_, err := DecodeApplicationBody([]byte(body), asOf)
		e, ok := err.(*beian.Error)
		if !ok || e.Code != beian.EINVALID || e.Field != tt.field || !strings.HasPrefix(e.Message, tt.field+": ") || !strings.Contains(e.Message, tt.msg) {
			t.Errorf("%s: %v (field %q), want %s: …%s", tt.name, err, fieldOf(err), tt.field, tt.msg)
		}
	}
}

func fieldOf(err error) string {
	if e, ok := err.(*beian.Error); ok {
		return e.Field
	}
	return ""
}

func TestDecodeApplicationBody_Malformed(t *testing.T) {
	for _, s := range []string{``, `{`, `[]`, `"x"`, `{} {}`, `{"record": 1}`, `{"products": {}}`, `null`} {
		_, err := DecodeApplicationBody([]byte(s), asOf)
		if beian.ErrorCode(err) != beian.EINVALID {
			t.Errorf("%q: %v", s, err)
		}
	}
}

// changeEntity is the record of a change: the entity with its number.
const changeEntity = `{"unitName": "杭州云栖网络科技有限公司", "natureName": "企业", "province": "浙江",
    "certType": "统一社会信用代码证书", "certNo": "91330106MA2CFXRU0X", "mainLicence": "浙ICP备2021012345号",
    "principal": {"name": "李四", "certType": "居民身份证", "certNo": "110101199003077635", "mobile": "13800000002", "email": "li@example.cn"},
    "services": []}`

func TestDecodeApplicationBody_Kinds(t *testing.T) {
	tests := []struct {
		name, body string
		field      string // "" = valid
	}{
		{"new access keeps numbers", `{"filingType": "新增接入", "record": ` + strings.Replace(changeEntity, `"services": []`, `"services": [{"serviceType": 1, "serviceName": "云栖官网", "serviceLicence": "浙ICP备2021012345号-1", "domains": ["yunqi-example.com"]}]`, 1) + `, "products": [{"service": 0, "productId": "ecs-2"}]}`, ""},
		{"new access without product", `{"filingType": "新增接入", "record": ` + strings.Replace(changeEntity, `"services": []`, `"services": [{"serviceType": 1, "serviceName": "云栖官网", "serviceLicence": "浙ICP备2021012345号-1", "domains": ["yunqi-example.com"]}]`, 1) + `}`, "services[0]"},
		{"new access without numbers", strings.Replace(validBody, `"legacyPassword"`, `"filingType": "新增接入", "legacyPassword"`, 1), "mainLicence"},
		{"change entity", `{"filingType": "变更主体", "record": ` + changeEntity + `}`, ""},
		{"change entity with services", `{"filingType": "变更主体", "record": ` + strings.Replace(changeEntity, `"services": []`, `"services": [{"serviceType": 1, "serviceName": "云栖官网", "serviceLicence": "浙ICP备2021012345号-1", "domains": ["yunqi-example.com"]}]`, 1) + `}`, "services"},
		{"change site", `{"filingType": "变更网站", "record": ` + strings.Replace(changeEntity, `"services": []`, `"services": [{"serviceType": 1, "serviceName": "云栖官网", "serviceLicence": "浙ICP备2021012345号-1", "domains": ["yunqi-example.com"]}]`, 1) + `}`, ""},
		{"change site without number", `{"filingType": "变更网站", "record": ` + strings.Replace(changeEntity, `"services": []`, `"services": [{"serviceType": 1, "serviceName": "云栖官网", "domains": ["yunqi-example.com"]}]`, 1) + `}`, "services[0].serviceLicence"},
		{"change site without services", `{"filingType": "变更网站", "record": ` + changeEntity + `}`, "services"},
		{"cancel entity", `{"filingType": "注销主体", "record": {"mainLicence": "浙ICP备2021012345号"}, "reason": "公司注销"}`, ""},
		{"cancel entity with service number", `{"filingType": "注销主体", "record": {"mainLicence": "浙ICP备2021012345号-1"}, "reason": "公司注销"}`, "mainLicence"},
		{"cancel site", `{"filingType": "注销网站", "record": {"serviceLicence": "浙ICP备2021012345号-1"}, "reason": "网站关闭"}`, ""},
		{"cancel site without reason", `{"filingType": "注销网站", "record": {"serviceLicence": "浙ICP备2021012345号-1"}}`, "reason"},
		{"cancel access", `{"filingType": "取消接入", "record": {"serviceLicence": "浙ICP备2021012345号-1", "productId": "ecs-1"}, "reason": "迁出"}`, ""},
		{"cancel access without product", `{"filingType": "取消接入", "record": {"serviceLicence": "浙ICP备2021012345号-1"}, "reason": "迁出"}`, "productId"},
		{"cancel with products", `{"filingType": "注销网站", "record": {"serviceLicence": "浙ICP备2021012345号-1"}, "reason": "网站关闭", "products": [{"service": 0, "productId": "a"}]}`, "products"},
		{"cancel with a nature", `{"filingType": "注销主体", "record": {"natureName": "企业", "mainLicence": "浙ICP备2021012345号"}, "reason": "公司注销"}`, "record"},
		{"cancel with entity", `{"filingType": "注销网站", "record": {"unitName": "某公司", "serviceLicence": "浙ICP备2021012345号-1"}, "reason": "网站关闭"}`, "record"},
	}
	for _, tt := range tests {
		b, err := DecodeApplicationBody([]byte(tt.body), asOf)
		if tt.field == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			} else if b.FilingType.IsCancel() != (b.Cancel != nil) || (b.Cancel == nil) != (b.Record != nil) {
				t.Errorf("%s: %+v", tt.name, b)
			}
			continue
		}
		if fieldOf(err) != tt.field {
			t.Errorf("%s: %v, want error on %s", tt.name, err, tt.field)
		}
	}
}

func FuzzDecodeApplicationBody(f *testing.F) {
	f.Add([]byte(validBody))
	f.Add([]byte(`{"filingType": "取消接入", "record": {"serviceLicence": "浙ICP备2021012345号-1", "productId": "ecs-1"}, "reason": "迁出"}`))
	f.Add([]byte(`{"record": {"services": [{"app": {"platforms": [{"name": 1}]}}]}}`))
	f.Add([]byte(`{"record": null, "products": [null, {"service": -1}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		body, err := DecodeApplicationBody(b, asOf)
		if err != nil {
			e, ok := err.(*beian.Error)
			if !ok || e.Code != beian.EINVALID || e.Message == "" {
				t.Fatalf("error %T %v", err, err)
			}
			if e.Field != "" && !strings.HasPrefix(e.Message, e.Field+": ") {
				t.Fatalf("message %q does not start with field %q", e.Message, e.Field)
			}
			return
		}
		if (body.Record == nil) == (body.Cancel == nil) {
			t.Fatalf("accepted body with record %v and cancel %v", body.Record, body.Cancel)
		}
		if body.Record != nil {
			if len(body.Record.Apps) != len(body.Record.Entity.Services) {
				t.Fatalf("%d apps for %d services", len(body.Record.Apps), len(body.Record.Entity.Services))
			}
			for _, p := range body.Products {
				if p.Service < 0 || p.Service >= len(body.Record.Entity.Services) {
					t.Fatalf("product for service %d", p.Service)
				}
			}
		}
	})
}
