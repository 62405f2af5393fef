package beian_test

import (
	"slices"
	"testing"

	"github.com/beianhq/beian"
)

// TestFilingVerifiers: who verifies by SMS, by filing type and sub-case,
// each person once.
func TestFilingVerifiers(t *testing.T) {
	boss := beian.Principal{Name: "法人", CertNo: "A", Mobile: "13800000001"}
	webmaster := beian.Principal{Name: "站长", CertNo: "B", Mobile: "13800000002"}
	cur := &beian.Entity{MainLicence: "浙ICP备2021000001号", Province: "330000", CertNo: "E", UnitName: "甲", Principal: boss,
		Services: []*beian.Service{{ID: 1, Licence: "浙ICP备2021000001号-1", Type: beian.ServiceWebsite, Name: "站", Domains: []string{"a.cn"},
			Principal: &webmaster, Access: []beian.Access{{Provider: "甲云", IPs: []string{"1.1.1.1"}}}}}}
	site := func(name string, p *beian.Principal) *beian.Service {
		s := *cur.Services[0]
		s.Name, s.Principal = name, p
		return &s
	}
	rec := func(unit string, ss ...*beian.Service) *beian.ApplicationRecord {
		e := *cur
		e.UnitName, e.Services = unit, ss
		return &beian.ApplicationRecord{Entity: e}
	}
	names := func(ps []beian.Principal) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Name)
		}
		return out
	}
	for _, c := range []struct {
		name string
		f    beian.Filing
		want []string
	}{
		{"首次备案", beian.Filing{FilingType: beian.FilingFirst, Record: rec("甲", site("站", &webmaster))}, []string{"法人", "站长"}},
		{"首次备案, one person both", beian.Filing{FilingType: beian.FilingFirst, Record: rec("甲", site("站", &boss))}, []string{"法人"}},
		{"新增接入", beian.Filing{FilingType: beian.FilingNewAccess, Record: rec("甲", site("站", nil))}, []string{"站长"}},
		{"变更主体", beian.Filing{FilingType: beian.FilingChangeEntity, Record: rec("乙")}, []string{"法人"}},
		{"变更网站", beian.Filing{FilingType: beian.FilingChangeSite, Record: rec("甲", site("新站", &webmaster))}, []string{"站长"}},
		{"变更备案, entity only", beian.Filing{FilingType: beian.FilingChange, Record: rec("乙", site("站", &webmaster))}, []string{"法人"}},
		{"变更备案, site only", beian.Filing{FilingType: beian.FilingChange, Record: rec("甲", site("新站", &webmaster))}, []string{"站长"}},
		{"变更备案, both", beian.Filing{FilingType: beian.FilingChange, Record: rec("乙", site("新站", &webmaster))}, []string{"法人", "站长"}},
		{"变更接入", beian.Filing{FilingType: beian.FilingChangeAccess, Record: rec("甲", site("站", nil))}, nil},
		{"注销主体", beian.Filing{FilingType: beian.FilingCancelEntity, Cancel: &beian.Cancellation{MainLicence: cur.MainLicence}}, []string{"法人"}},
		{"注销网站", beian.Filing{FilingType: beian.FilingCancelSite, Cancel: &beian.Cancellation{ServiceLicence: cur.Services[0].Licence}}, nil},
		{"取消接入", beian.Filing{FilingType: beian.FilingCancelAccess, Cancel: &beian.Cancellation{ServiceLicence: cur.Services[0].Licence}}, nil},
	} {
		if got := names(beian.FilingVerifiers(cur, c.f)); !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}
