package beian

import (
	"strings"
	"testing"
	"time"
)

// TestRegistryFilingVerifiers: who verifies a filing, by filing type and by
// whether a service has a principal of its own; one person verifies once.
func TestRegistryFilingVerifiers(t *testing.T) {
	boss := Principal{Name: "张三", CertNo: "330106198502010012", Mobile: "13800000001"}
	site := Principal{Name: "李四", CertNo: "330106198502020034", Mobile: "13900000002"}
	bossAgain := boss // the same person named again as a service principal
	for _, tc := range []struct {
		name   string
		typ    FilingType
		svcs   []*Principal // nil: the service names no principal of its own
		want   []string     // roles
		mobile []string
	}{
		{"首次备案 with a site principal", FilingFirst, []*Principal{&site}, []string{"entity", "services[0]"}, []string{boss.Mobile, site.Mobile}},
		{"首次备案, the entity principal runs the site", FilingFirst, []*Principal{nil}, []string{"entity"}, []string{boss.Mobile}},
		{"首次备案, the same person named twice", FilingFirst, []*Principal{&bossAgain}, []string{"entity"}, []string{boss.Mobile}},
		{"新增网站, two sites of one principal", FilingNewSite, []*Principal{&site, &site}, []string{"entity", "services[0]"}, []string{boss.Mobile, site.Mobile}},
		{"新增接入: the site principal only", FilingNewAccess, []*Principal{&site}, []string{"services[0]"}, []string{site.Mobile}},
		{"新增接入, no site principal: the entity principal for the site", FilingNewAccess, []*Principal{nil}, []string{"services[0]"}, []string{boss.Mobile}},
		{"变更网站", FilingChangeSite, []*Principal{&site}, []string{"services[0]"}, []string{site.Mobile}},
		{"变更主体", FilingChangeEntity, []*Principal{&site}, []string{"entity"}, []string{boss.Mobile}},
		{"变更接入: nobody", FilingChangeAccess, []*Principal{&site}, nil, nil},
		{"取消接入: nobody", FilingCancelAccess, []*Principal{&site}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := &RegistryFiling{FilingType: tc.typ, Record: &ApplicationRecord{Entity: Entity{Principal: boss}}}
			for _, p := range tc.svcs {
				f.Record.Entity.Services = append(f.Record.Entity.Services, &Service{Principal: p})
			}
			var roles, mobiles []string
			for _, v := range f.Verifiers(nil) {
				roles, mobiles = append(roles, v.Role), append(mobiles, v.Mobile)
			}
			if strings.Join(roles, ",") != strings.Join(tc.want, ",") || strings.Join(mobiles, ",") != strings.Join(tc.mobile, ",") {
				t.Fatalf("verifiers %v %v, want %v %v", roles, mobiles, tc.want, tc.mobile)
			}
		})
	}
	if (&RegistryFiling{FilingType: FilingFirst}).Verifiers(nil) != nil {
		t.Fatal("a filing without a record has verifiers")
	}
}

func TestCertSuffix(t *testing.T) {
	for in, want := range map[string]string{
		"33010619850201001x": "01001X",
		" 12345 ":            "12345",
		"H12345678（9）":       "678（9）",
	} {
		if got := CertSuffix(in); got != want {
			t.Errorf("CertSuffix(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCheckRegistryTransition(t *testing.T) {
	ok := [][2]ApplicationStatus{
		{StatusSMSVerification, StatusBureauReview}, {StatusSMSVerification, StatusReturned},
		{StatusBureauReview, StatusApproved}, {StatusBureauReview, StatusBureauRejected},
	}
	for _, p := range ok {
		if err := CheckRegistryTransition(p[0], p[1]); err != nil {
			t.Errorf("%s → %s: %v", p[0], p[1], err)
		}
	}
	for _, p := range [][2]ApplicationStatus{{StatusReturned, StatusBureauReview}, {StatusApproved, StatusBureauRejected}, {StatusSMSVerification, StatusApproved}} {
		if err := CheckRegistryTransition(p[0], p[1]); ErrorCode(err) != ECONFLICT {
			t.Errorf("%s → %s allowed", p[0], p[1])
		}
	}
	f := &RegistryFiling{Status: StatusBureauReview, Deadline: time.Date(2026, 12, 1, 0, 0, 0, 0, Shanghai)}
	if f.Overdue(f.Deadline) || !f.Overdue(f.Deadline.Add(time.Second)) {
		t.Fatal("overdue only after the deadline")
	}
}
