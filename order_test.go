package beian_test

import (
	"strings"
	"testing"

	"github.com/beianhq/beian"
)

func TestCheckServiceCount(t *testing.T) {
	p := beian.DefaultOrderPolicy
	tests := []struct {
		nature string
		ft     beian.FilingType
		n      int
		want   string
	}{
		{"个人", beian.FilingFirst, 1, ""},
		{"个人", beian.FilingFirst, 2, "最多 1 个"},
		{"个人", beian.FilingNewSite, 0, "至少"},
		{"企业", beian.FilingNewSite, 10, ""},
		{"企业", beian.FilingFirst, 11, "最多 10 个"},
		{"企业", beian.FilingNewAccess, 3, ""},
		{"企业", beian.FilingChangeEntity, 0, ""},
		{"个人", beian.FilingCancelSite, 0, ""},
	}
	for _, tt := range tests {
		err := p.CheckServiceCount(tt.nature, tt.ft, tt.n)
		if tt.want == "" {
			if err != nil {
				t.Errorf("%s %s %d: %v", tt.nature, tt.ft, tt.n, err)
			}
			continue
		}
		if err == nil || !strings.HasPrefix(err.Error(), "services: ") || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s %s %d: %v, want %q", tt.nature, tt.ft, tt.n, err, tt.want)
		}
	}
}

func TestCheckOneInFlight(t *testing.T) {
	tests := []struct {
		open []*beian.Application
		self int64
		ok   bool
	}{
		{nil, 0, true},
		{[]*beian.Application{{ID: 1, Status: beian.StatusApproved}, {ID: 2, Status: beian.StatusAbandoned}}, 0, true},
		{[]*beian.Application{{ID: 1, Status: beian.StatusDraft}}, 0, false},
		{[]*beian.Application{{ID: 1, Status: beian.StatusDraft}}, 1, true},
		{[]*beian.Application{{ID: 1, Status: beian.StatusDraft}, {ID: 2, Status: beian.StatusBureauReview}}, 1, false},
		{[]*beian.Application{{ID: 3, Status: beian.StatusReturned}}, 0, false},
	}
	for i, tt := range tests {
		err := beian.CheckOneInFlight(tt.open, tt.self)
		if tt.ok != (err == nil) || (err != nil && beian.ErrorCode(err) != beian.ECONFLICT) {
			t.Errorf("case %d: %v", i, err)
		}
	}
}

func TestCombineFilingTypes(t *testing.T) {
	tests := []struct {
		in    []beian.FilingType
		want  beian.FilingType
		field string
	}{
		{[]beian.FilingType{beian.FilingFirst}, beian.FilingFirst, ""},
		{[]beian.FilingType{beian.FilingNewSite, beian.FilingNewSite}, beian.FilingNewSite, ""},
		{[]beian.FilingType{beian.FilingNewSite, beian.FilingNewAccess}, "", "services[1]"},
		{[]beian.FilingType{beian.FilingNewAccess, beian.FilingNewAccess, beian.FilingNewSite}, "", "services[2]"},
		{[]beian.FilingType{beian.FilingFirst, beian.FilingNewSite}, "", "services[1]"},
		{nil, "", "services"},
	}
	for _, tt := range tests {
		got, err := beian.CombineFilingTypes(tt.in)
		if tt.field == "" {
			if err != nil || got != tt.want {
				t.Errorf("%v: %q, %v", tt.in, got, err)
			}
			continue
		}
		e, ok := err.(*beian.Error)
		if !ok || e.Field != tt.field {
			t.Errorf("%v: %v, want error on %s", tt.in, err, tt.field)
		}
	}
	if _, err := beian.CombineFilingTypes([]beian.FilingType{beian.FilingNewSite, beian.FilingNewAccess}); !strings.Contains(err.Error(), "请先单独办理新增接入") {
		t.Errorf("mixing 新增接入: %v", err)
	}
}

func TestCheckChangeAlone(t *testing.T) {
	if err := beian.CheckChangeAlone(beian.FilingChangeSite, 1); beian.ErrorCode(err) != beian.ECONFLICT {
		t.Errorf("change with a new service: %v", err)
	}
	if err := beian.CheckChangeAlone(beian.FilingChangeSite, 0); err != nil {
		t.Error(err)
	}
	if err := beian.CheckChangeAlone(beian.FilingNewSite, 2); err != nil {
		t.Error(err)
	}
}
