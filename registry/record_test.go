package registry_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
)

var asOf = time.Date(2026, 11, 27, 10, 0, 0, 0, beian.Shanghai)

// validRecord returns a record that passes every check; tests break one
// field at a time.
func validRecord() registry.Record {
	return registry.Record{
		UnitName:   "杭州云栖网络科技有限公司",
		NatureName: "企业",
		Province:   "浙江",
		CertType:   "统一社会信用代码证书",
		CertNo:     "91330106MA2CFXRU0X",
		Principal: &registry.PrincipalRecord{
			Name: "张三", CertType: "居民身份证", CertNo: "110101199003077635", Mobile: "13800000001", Email: "zhang@example.cn",
		},
		Services: []registry.ServiceRecord{{
			ServiceType: 1,
			ServiceName: "云栖官网",
			Domains:     []string{"yunqi-example.com"},
			HomeURL:     "www.yunqi-example.com",
			Access:      []registry.AccessRecord{{Provider: "阿里云计算有限公司", IPs: []string{"47.96.10.1"}}},
			ApprovedAt:  "2021-08-30T13:10:24+08:00",
		}},
	}
}

func line(t testing.TB, r registry.Record) []byte {
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestDecodeRecord_OK(t *testing.T) {
	r := validRecord()
	r.Province = "330000"
	r.CertNo = " 91330106ma2cfxru0x "
	r.Principal.Mobile = "+86 138-0000-0001"
	r.MainLicence = "浙ICP备2021012345号"
	r.Services[0].ServiceLicence = "浙ICP备2021012345号-1"
	r.Services[0].Domains = []string{"Yunqi-Example.COM"}
	r.Services = append(r.Services, registry.ServiceRecord{ServiceType: 6, ServiceName: "云栖App", ServiceLicence: "浙ICP备2021012345号-2A"})
	// A byte order mark, as Windows editors write, is not part of the record.
	e, err := registry.DecodeRecord(append([]byte("\ufeff"), line(t, r)...), asOf)
	if err != nil {
		t.Fatal(err)
	}
	if e.Province != "330000" || e.CertNo != "91330106MA2CFXRU0X" || e.Principal.Mobile != "13800000001" ||
		e.Services[0].Domains[0] != "yunqi-example.com" || e.MainLicence != "浙ICP备2021012345号" {
		t.Fatalf("entity=%+v", e)
	}
}

func TestDecodeRecord_Invalid(t *testing.T) {
	for _, test := range []struct {
		name  string
		edit  func(r *registry.Record)
		raw   string // used instead of the record when set
		field string
	}{
		{"Syntax", nil, `{"unitName": "x",`, "JSON"},
		{"TwoObjects", nil, `{} {}`, "JSON"},
		{"Array", nil, `[1, 2]`, "JSON"},
		{"String", nil, `"record"`, "JSON"},
		{"Truncated", nil, `{"unitName": "x"`, "JSON"},
		{"WrongType", nil, `{"unitName": 5}`, "unitName"},
		{"WrongTypeNested", nil, `{"services": [{"serviceType": "1"}]}`, "services[0].serviceType"},
		{"WrongTypeSecond", nil, `{"services": [{"serviceType": 1}, {"ServiceType": 1.5}]}`, "services[1].serviceType"},
		{"WrongTypeDeep", nil, `{"services": [{"access": [{"ips": ["1.2.3.4", 5]}]}]}`, "services[0].access[0].ips[1]"},
		{"WrongTypePrincipal", nil, `{"principal": {"mobile": 138}}`, "principal.mobile"},
		{"UnitNameMissing", func(r *registry.Record) { r.UnitName = " " }, "", "unitName"},
		{"UnitNameControl", func(r *registry.Record) { r.UnitName = "云栖\x01科技" }, "", "unitName"},
		{"Nature", func(r *registry.Record) { r.NatureName = "公司" }, "", "natureName"},
		{"Province", func(r *registry.Record) { r.Province = "香港" }, "", "province"},
		{"CertTypeNotForNature", func(r *registry.Record) { r.CertType = "居民身份证" }, "", "certType"},
		{"CertNoCheckDigit", func(r *registry.Record) { r.CertNo = "91330106MA2CFXRU0Y" }, "", "certNo"},
		{"PersonCertNoDate", func(r *registry.Record) {
			r.NatureName, r.CertType, r.CertNo = "个人", "居民身份证", "110101199002307631"
		}, "", "certNo"},
		{"PersonBornInFuture", func(r *registry.Record) {
			r.NatureName, r.CertType, r.CertNo = "个人", "居民身份证", "110101202712010011"
		}, "", "certNo"},
		{"MainLicenceForm", func(r *registry.Record) { r.MainLicence = "浙ICP2021012345" }, "", "mainLicence"},
		{"MainLicenceProvince", func(r *registry.Record) { r.MainLicence = "京ICP备2021012345号" }, "", "mainLicence"},
		{"MainLicenceIsService", func(r *registry.Record) { r.MainLicence = "浙ICP备2021012345号-1" }, "", "mainLicence"},
		{"PrincipalMissing", func(r *registry.Record) { r.Principal = nil }, "", "principal"},
		{"Mobile", func(r *registry.Record) { r.Principal.Mobile = "1380000000" }, "", "principal.mobile"},
		{"Email", func(r *registry.Record) { r.Principal.Email = "zhang@" }, "", "principal.email"},
		{"PrincipalCertType", func(r *registry.Record) { r.Principal.CertType = "统一社会信用代码证书" }, "", "principal.certType"},
		{"ServiceType", func(r *registry.Record) { r.Services[0].ServiceType = 2 }, "", "services[0].serviceType"},
		{"ServiceName", func(r *registry.Record) { r.Services[0].ServiceName = "" }, "", "services[0].serviceName"},
		{"WebsiteWithoutDomain", func(r *registry.Record) { r.Services[0].Domains = nil }, "", "services[0].domains"},
		{"DomainTLDNotApproved", func(r *registry.Record) { r.Services[0].Domains = []string{"example.io"} }, "", "services[0].domains[0]"},
		{"DomainNotRegistrable", func(r *registry.Record) { r.Services[0].Domains = []string{"com.cn"} }, "", "services[0].domains[0]"},
		{"DomainTwice", func(r *registry.Record) {
			r.Services[0].Domains = []string{"a-example.com", "A-Example.com"}
			r.Services[0].HomeURL = ""
		}, "", "services[0].domains[1]"},
		{"HomeURLOutside", func(r *registry.Record) { r.Services[0].HomeURL = "www.other.com" }, "", "services[0].homeUrl"},
		{"PrivateIP", func(r *registry.Record) { r.Services[0].Access[0].IPs = []string{"192.168.1.10"} }, "", "services[0].access[0].ips[0]"},
		{"ReservedIP", func(r *registry.Record) { r.Services[0].Access[0].IPs = []string{"0.0.0.0"} }, "", "services[0].access[0].ips[0]"},
		{"Provider", func(r *registry.Record) { r.Services[0].Access[0].Provider = "" }, "", "services[0].access[0].provider"},
		{"ApprovedAtFormat", func(r *registry.Record) { r.Services[0].ApprovedAt = "2021-08-30 13:10:24" }, "", "services[0].approvedAt"},
		{"ApprovedAtFuture", func(r *registry.Record) { r.Services[0].ApprovedAt = "2027-01-01T00:00:00+08:00" }, "", "services[0].approvedAt"},
		{"ServiceLicenceWithoutMain", func(r *registry.Record) { r.Services[0].ServiceLicence = "浙ICP备2021012345号-1" }, "", "services[0].serviceLicence"},
		{"ServiceLicenceOtherEntity", func(r *registry.Record) {
			r.MainLicence = "浙ICP备2021012345号"
			r.Services[0].ServiceLicence = "浙ICP备2021099999号-1"
		}, "", "services[0].serviceLicence"},
		{"ServiceLicenceSuffix", func(r *registry.Record) {
			r.MainLicence = "浙ICP备2021012345号"
			r.Services[0].ServiceLicence = "浙ICP备2021012345号-1X"
		}, "", "services[0].serviceLicence"},
		{"ContentType", func(r *registry.Record) { r.Services[0].ContentTypes = []string{"赌博"} }, "", "services[0].contentTypes[0]"},
	} {
		t.Run(test.name, func(t *testing.T) {
			b := []byte(test.raw)
			if test.raw == "" {
				r := validRecord()
				test.edit(&r)
				b = line(t, r)
			}
			_, err := registry.DecodeRecord(b, asOf)
			if err == nil {
				t.Fatalf("no error for %s", b)
			}
			var be *beian.Error
			if be, _ = err.(*beian.Error); be == nil || be.Code != beian.EINVALID {
				t.Fatalf("err=%#v, want *beian.Error EINVALID", err)
			}
			if !strings.HasPrefix(be.Message, test.field+": ") {
				t.Fatalf("message %q does not start with %q", be.Message, test.field+": ")
			}
			if strings.Contains(be.Message, "json") || strings.Contains(be.Message, "Go ") {
				t.Fatalf("message %q is in Go's English", be.Message)
			}
		})
	}
}

// FuzzDecodeRecord feeds arbitrary lines to the import decoder: it must
// never panic, and what it accepts must be internally consistent.
func FuzzDecodeRecord(f *testing.F) {
	f.Add(line(f, validRecord()))
	f.Add([]byte(`{"unitName":"张三","natureName":"个人","province":"川","certType":"居民身份证","certNo":"51010419951111001X","principal":{"name":"张三","certType":"居民身份证","certNo":"51010419951111001X","mobile":"13900000002","email":"a@b.cn"},"services":[]}`))
	f.Add([]byte(`{"services":[{"serviceType":1,"domains":["xn--fiqs8s.cn"]}]}`))
	f.Add([]byte(`null`))
	f.Add([]byte(`[]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		e, err := registry.DecodeRecord(b, asOf)
		if err != nil {
			if beian.ErrorCode(err) != beian.EINVALID {
				t.Fatalf("error %v is not EINVALID", err)
			}
			return
		}
		if e.UnitName == "" || e.Province == "" || e.CertNo == "" {
			t.Fatalf("accepted an entity without name, province or certificate: %+v", e)
		}
		for _, s := range e.Services {
			if s.Type == beian.ServiceWebsite && len(s.Domains) == 0 {
				t.Fatalf("accepted a website without domains")
			}
		}
	})
}
