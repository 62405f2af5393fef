package beian_test

import (
	"testing"

	"github.com/beianhq/beian"
)

// TestCan is the object-level authorization matrix: every actor, every
// action, on an application of applicant A filed through 某某云 in 浙江.
func TestCan(t *testing.T) {
	app := beian.ApplicationRef{ApplicantID: 1, Provider: "某某云", Province: "330000"}
	actors := map[string]*beian.Account{
		"anonymous":            nil,
		"applicant A":          {ID: 1, Role: beian.RoleApplicant},
		"applicant B":          {ID: 2, Role: beian.RoleApplicant},
		"reviewer 某某云":         {ID: 3, Role: beian.RoleProviderReviewer, Provider: "某某云"},
		"reviewer 别家云":         {ID: 4, Role: beian.RoleProviderReviewer, Provider: "别家云"},
		"bureau 浙江":            {ID: 5, Role: beian.RoleBureauReviewer, Provinces: []string{"330000"}},
		"bureau 广东":            {ID: 6, Role: beian.RoleBureauReviewer, Provinces: []string{"440000"}},
		"admin":                {ID: 7, Role: beian.RoleAdmin},
		"disabled applicant A": {ID: 1, Role: beian.RoleApplicant, Disabled: true},
	}
	// allowed[actor] lists the actions allowed; everything else is denied.
	allowed := map[string][]beian.Action{
		"applicant A":  {beian.ViewApplication, beian.EditApplication},
		"reviewer 某某云": {beian.ViewApplication, beian.InitialReview},
		"bureau 浙江":    {beian.ViewApplication, beian.BureauReview},
		"admin":        {beian.ViewApplication, beian.Operate},
	}
	for name, a := range actors {
		for _, act := range []beian.Action{beian.ViewApplication, beian.EditApplication, beian.InitialReview, beian.BureauReview, beian.Operate} {
			want := false
			for _, x := range allowed[name] {
				want = want || x == act
			}
			if got := beian.Can(a, act, app); got != want {
				t.Errorf("%s %s: %v, want %v", name, act, got, want)
			}
		}
	}
}
