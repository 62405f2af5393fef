package beian_test

import (
	"testing"

	"github.com/beianhq/beian"
)

func TestSMSVerifiers(t *testing.T) {
	tests := []struct {
		t            beian.FilingType
		scope        beian.ChangeScope
		entity, site bool
	}{
		{beian.FilingFirst, beian.ChangeScope{}, true, true},
		{beian.FilingNewSite, beian.ChangeScope{}, true, true},
		{beian.FilingNewAccess, beian.ChangeScope{}, false, true},
		{beian.FilingChange, beian.ChangeScope{Entity: true}, true, false},
		{beian.FilingChange, beian.ChangeScope{Entity: true, Site: true}, true, true},
		{beian.FilingChange, beian.ChangeScope{Site: true}, false, true},
		{beian.FilingChange, beian.ChangeScope{}, false, false}, // access only
		{beian.FilingChangeEntity, beian.ChangeScope{}, true, false},
		{beian.FilingChangeSite, beian.ChangeScope{}, false, true},
		{beian.FilingChangeAccess, beian.ChangeScope{}, false, false},
		{beian.FilingCancelEntity, beian.ChangeScope{}, true, false},
		{beian.FilingCancelSite, beian.ChangeScope{}, false, false},
		{beian.FilingCancelAccess, beian.ChangeScope{}, false, false},
	}
	for _, tt := range tests {
		e, s := beian.SMSVerifiers(tt.t, tt.scope)
		if e != tt.entity || s != tt.site {
			t.Errorf("%s %+v: entity %v site %v, want %v %v", tt.t, tt.scope, e, s, tt.entity, tt.site)
		}
	}
}
