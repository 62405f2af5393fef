package beian

import (
	"testing"
	"time"
)

func TestMirrorRegistry(t *testing.T) {
	at := time.Date(2026, 12, 1, 10, 0, 0, 0, Shanghai)
	base := func(s ApplicationStatus) *Application {
		return &Application{ID: 7, Version: 2, Provider: "某某云", Status: s}
	}
	change := func(s ApplicationStatus) RegistryChange {
		return RegistryChange{ApplicationID: 7, Version: 2, Provider: "某某云", Status: s, At: at, Note: "n", Deadline: at.Add(time.Hour),
			MainLicence: "浙ICP备2026000001号", ServiceLicences: []string{"浙ICP备2026000001号-1"}, Rejections: []Rejection{{Field: "unitName", Reason: "不符"}}}
	}
	for _, tc := range []struct {
		name    string
		app     *Application
		c       RegistryChange
		changed bool
		want    ApplicationStatus
	}{
		{"verified", base(StatusSMSVerification), change(StatusBureauReview), true, StatusBureauReview},
		{"returned", base(StatusSMSVerification), change(StatusReturned), true, StatusReturned},
		{"approved", base(StatusBureauReview), change(StatusApproved), true, StatusApproved},
		{"rejected", base(StatusBureauReview), change(StatusBureauRejected), true, StatusBureauRejected},
		{"another version", &Application{ID: 7, Version: 3, Provider: "某某云", Status: StatusSMSVerification}, change(StatusBureauReview), false, StatusSMSVerification},
		{"abandoned meanwhile", base(StatusAbandoned), change(StatusBureauReview), false, StatusAbandoned},
		{"already there", base(StatusBureauReview), change(StatusBureauReview), false, StatusBureauReview},
		{"behind (pulled after the submission moved it)", base(StatusBureauReview), change(StatusSMSVerification), false, StatusBureauReview},
	} {
		t.Run(tc.name, func(t *testing.T) {
			changed, err := tc.app.MirrorRegistry(tc.c)
			if err != nil || changed != tc.changed || tc.app.Status != tc.want {
				t.Fatalf("changed %v, %s, %v", changed, tc.app.Status, err)
			}
			if !changed {
				return
			}
			if len(tc.app.Events) != 1 || !tc.app.Deadline.Equal(tc.c.Deadline) {
				t.Fatalf("events %+v, deadline %v", tc.app.Events, tc.app.Deadline)
			}
			if tc.want == StatusApproved && (tc.app.MainLicence == "" || len(tc.app.ServiceLicences) != 1) {
				t.Fatal("numbers not kept")
			}
			if tc.want == StatusBureauRejected && len(tc.app.Rejections) != 1 {
				t.Fatal("reasons not kept")
			}
		})
	}
	// A transition the workflow forbids is refused.
	if _, err := base(StatusSMSVerification).MirrorRegistry(change(StatusApproved)); ErrorCode(err) != ECONFLICT {
		t.Fatalf("sms_verification → approved: %v", err)
	}
}
