package beian_test

import (
	"strings"
	"testing"

	"github.com/beianhq/beian"
)

func TestDecideFilingType(t *testing.T) {
	newDomain := beian.DomainFacts{Field: "domains[0]", Domain: "new.cn"}
	filed := beian.DomainFacts{Field: "domains[1]", Domain: "filed.cn", Filed: true}
	served := beian.DomainFacts{Field: "domains[0]", Domain: "filed.cn", Filed: true, ProviderHasAccess: true}
	other := beian.DomainFacts{Field: "domains[0]", Domain: "taken.cn", OtherEntity: true}
	tests := []struct {
		name  string
		f     beian.TypeCheckFacts
		want  beian.FilingType
		msg   string // substring of the ECONFLICT message
		field string
	}{
		{"first", beian.TypeCheckFacts{Domains: []beian.DomainFacts{newDomain}}, beian.FilingFirst, "", ""},
		{"new site", beian.TypeCheckFacts{EntityFiled: true, Domains: []beian.DomainFacts{newDomain}}, beian.FilingNewSite, "", ""},
		{"new app without domains", beian.TypeCheckFacts{EntityFiled: true}, beian.FilingNewSite, "", ""},
		{"new access", beian.TypeCheckFacts{EntityFiled: true, Domains: []beian.DomainFacts{filed}}, beian.FilingNewAccess, "", ""},
		{"domain of another entity", beian.TypeCheckFacts{EntityFiled: true, Domains: []beian.DomainFacts{other}}, "", "域名冲突", "domains[0]"},
		{"domain conflict before entity conflict", beian.TypeCheckFacts{EntityInFlight: true, Domains: []beian.DomainFacts{other}}, "", "域名冲突", "domains[0]"},
		{"entity in flight", beian.TypeCheckFacts{EntityInFlight: true, Domains: []beian.DomainFacts{newDomain}}, "", "主办者冲突", ""},
		{"already served here", beian.TypeCheckFacts{EntityFiled: true, Domains: []beian.DomainFacts{served}}, "", "无需再次备案", "domains[0]"},
		{"mixed", beian.TypeCheckFacts{EntityFiled: true, Domains: []beian.DomainFacts{newDomain, filed}}, "", "先单独办理新增接入", "domains[1]"},
	}
	for _, tt := range tests {
		got, err := beian.DecideFilingType(tt.f)
		if tt.msg == "" {
			if err != nil || got != tt.want {
				t.Errorf("%s: %q, %v", tt.name, got, err)
			}
			continue
		}
		e, ok := err.(*beian.Error)
		if !ok || e.Code != beian.ECONFLICT || e.Field != tt.field || !strings.Contains(e.Message, tt.msg) {
			t.Errorf("%s: %v, want conflict on %q containing %q", tt.name, err, tt.field, tt.msg)
		}
	}
}
