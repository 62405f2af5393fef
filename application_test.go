package beian_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
)

func TestCheckTransition(t *testing.T) {
	allowed := map[[2]beian.ApplicationStatus]bool{}
	for _, p := range [][2]beian.ApplicationStatus{
		{beian.StatusDraft, beian.StatusInitialReview},
		{beian.StatusDraft, beian.StatusAbandoned},
		{beian.StatusInitialReview, beian.StatusDraft},
		{beian.StatusInitialReview, beian.StatusRejected},
		{beian.StatusInitialReview, beian.StatusSMSVerification},
		{beian.StatusInitialReview, beian.StatusAbandoned},
		{beian.StatusRejected, beian.StatusInitialReview},
		{beian.StatusRejected, beian.StatusAbandoned},
		{beian.StatusSMSVerification, beian.StatusBureauReview},
		{beian.StatusSMSVerification, beian.StatusReturned},
		{beian.StatusSMSVerification, beian.StatusAbandoned},
		{beian.StatusBureauReview, beian.StatusApproved},
		{beian.StatusBureauReview, beian.StatusBureauRejected},
		{beian.StatusBureauReview, beian.StatusAbandoned},
		{beian.StatusBureauRejected, beian.StatusRejected},
		{beian.StatusBureauRejected, beian.StatusAbandoned},
		{beian.StatusReturned, beian.StatusSMSVerification},
		{beian.StatusReturned, beian.StatusAbandoned},
	} {
		allowed[p] = true
	}
	// Every pair of statuses: exactly the listed ones pass, the others are
	// refused with ECONFLICT and a Chinese message naming both statuses.
	for _, from := range beian.ApplicationStatuses {
		for _, to := range beian.ApplicationStatuses {
			err := beian.CheckTransition(from, to)
			if allowed[[2]beian.ApplicationStatus{from, to}] {
				if err != nil {
					t.Errorf("%s → %s: %v, want allowed", from, to, err)
				}
				continue
			}
			if beian.ErrorCode(err) != beian.ECONFLICT {
				t.Errorf("%s → %s: code %q (%v), want conflict", from, to, beian.ErrorCode(err), err)
				continue
			}
			if !strings.Contains(err.Error(), from.Label()) {
				t.Errorf("%s → %s: %q does not name %s", from, to, err, from.Label())
			}
			if strings.Contains(err.Error(), "已已") {
				t.Errorf("%s → %s: %q", from, to, err)
			}
		}
	}
	if err := beian.CheckTransition("bogus", beian.StatusDraft); beian.ErrorCode(err) != beian.EINVALID {
		t.Errorf("unknown status: %v", err)
	}
}

func TestApplicationTransition(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, beian.Shanghai)
	a := &beian.Application{Status: beian.StatusInitialReview}
	if err := a.Transition(beian.StatusRejected, at, "驳回"); err != nil {
		t.Fatal(err)
	}
	a.Rejections = []beian.Rejection{{Field: "services[0].serviceName", Reason: "网站名称不规范"}}
	if !a.Editable() {
		t.Error("rejected application not editable")
	}
	if err := a.Transition(beian.StatusApproved, at, ""); beian.ErrorCode(err) != beian.ECONFLICT {
		t.Fatalf("rejected → approved: %v", err)
	}
	if a.Status != beian.StatusRejected || len(a.Events) != 1 || len(a.Rejections) != 1 {
		t.Fatalf("refused transition changed the application: %+v", a)
	}
	if err := a.Transition(beian.StatusInitialReview, at.Add(time.Hour), "重新提交"); err != nil {
		t.Fatal(err)
	}
	if len(a.Rejections) != 0 || len(a.Events) != 2 || a.Events[1].Status != beian.StatusInitialReview || !a.UpdatedAt.Equal(at.Add(time.Hour)) {
		t.Fatalf("after resubmission: %+v", a)
	}
	if a.Editable() {
		t.Error("application in review is editable")
	}
}

func TestStatusInFlight(t *testing.T) {
	for _, s := range beian.ApplicationStatuses {
		want := s != beian.StatusApproved && s != beian.StatusAbandoned
		if s.InFlight() != want {
			t.Errorf("%s.InFlight() = %v", s, !want)
		}
		if s.Label() == string(s) {
			t.Errorf("%s has no label", s)
		}
	}
	if beian.ApplicationStatus("x").InFlight() {
		t.Error("unknown status in flight")
	}
}

func TestFilingType(t *testing.T) {
	tests := []struct {
		t                          beian.FilingType
		valid, isNew, change, canc bool
		numbers                    bool
	}{
		{beian.FilingFirst, true, true, false, false, false},
		{beian.FilingNewSite, true, true, false, false, false},
		{beian.FilingNewAccess, true, true, false, false, true},
		{beian.FilingChangeEntity, true, false, true, false, true},
		{beian.FilingChangeSite, true, false, true, false, true},
		{beian.FilingChangeAccess, true, false, true, false, true},
		{beian.FilingChange, true, false, true, false, true},
		{beian.FilingCancelEntity, true, false, false, true, true},
		{beian.FilingCancelSite, true, false, false, true, true},
		{beian.FilingCancelAccess, true, false, false, true, true},
		{"备案", false, false, false, false, false},
	}
	for _, tt := range tests {
		if tt.t.Valid() != tt.valid || tt.t.IsNew() != tt.isNew || tt.t.IsChange() != tt.change ||
			tt.t.IsCancel() != tt.canc || tt.t.CarriesNumbers() != tt.numbers {
			t.Errorf("%s: valid %v new %v change %v cancel %v numbers %v", tt.t,
				tt.t.Valid(), tt.t.IsNew(), tt.t.IsChange(), tt.t.IsCancel(), tt.t.CarriesNumbers())
		}
	}
	if len(beian.FilingTypes) != 10 {
		t.Errorf("%d filing types", len(beian.FilingTypes))
	}
}
