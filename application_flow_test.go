package beian_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
)

func TestApplicationFlow(t *testing.T) {
	at := time.Date(2026, 9, 30, 16, 0, 0, 0, beian.Shanghai)
	cal := rules.DefaultCalendar
	a := &beian.Application{ID: 1, Status: beian.StatusDraft}
	if err := a.Submit(at, cal.AddWorkingDays(at, rules.InitialReviewDays)); err != nil {
		t.Fatal(err)
	}
	if a.Version != 1 || a.Status != beian.StatusInitialReview || !a.SubmittedAt.Equal(at) || a.Deadline.Format("01-02 15:04") != "10-08 16:00" {
		t.Fatalf("after submit: %+v", a)
	}
	if a.Overdue(a.Deadline) || !a.Overdue(a.Deadline.Add(time.Second)) {
		t.Error("Overdue wrong around the deadline")
	}
	rs := []beian.Rejection{{Field: "services[0].serviceName", Reason: "网站名称不规范"}}
	if err := a.Reject(beian.StatusRejected, nil, at, ""); beian.ErrorCode(err) != beian.EINVALID || a.Status != beian.StatusInitialReview {
		t.Fatalf("reject without reasons: %v", err)
	}
	rejectedAt := at.Add(2 * time.Hour)
	if err := a.Reject(beian.StatusRejected, rs, rejectedAt, "初审驳回"); err != nil {
		t.Fatal(err)
	}
	if len(a.Rejections) != 1 || !a.Deadline.IsZero() || a.Overdue(at.Add(100*time.Hour)) {
		t.Fatalf("after reject: %+v", a)
	}
	if a.Expired(rejectedAt.Add(beian.RejectedExpiry-time.Second)) || !a.Expired(rejectedAt.Add(beian.RejectedExpiry)) {
		t.Error("Expired wrong around 45 days")
	}
	if err := a.Submit(rejectedAt.Add(time.Hour), time.Time{}); err != nil {
		t.Fatal(err)
	}
	if a.Version != 2 || len(a.Rejections) != 0 || len(a.Events) != 3 || a.Events[2].Note != "提交第2版" {
		t.Fatalf("after resubmit: %+v", a)
	}
	if err := a.Reject(beian.StatusApproved, rs, at, ""); beian.ErrorCode(err) != beian.EINVALID {
		t.Errorf("reject into approved: %v", err)
	}
	if err := a.Approve(at, "初审通过"); beian.ErrorCode(err) != beian.EINVALID || a.Status != beian.StatusInitialReview {
		t.Fatalf("approve without a real-person check: %v", err)
	}
	a.RealPerson, _ = beian.ManualVerification{}.Verify(context.Background(), beian.RealPersonRequest{})
	if err := a.Approve(at, ""); beian.ErrorCode(err) != beian.EINVALID {
		t.Fatalf("approve with a pending check: %v", err)
	}
	a.RealPerson.Confirm(3, true, at, "")
	if err := a.Approve(at, "初审通过"); err != nil {
		t.Fatal(err)
	}
	if err := a.Approve(at, ""); beian.ErrorCode(err) != beian.ECONFLICT {
		t.Errorf("approve twice: %v", err)
	}
	if a.Expired(at.Add(1000*time.Hour)) || a.Overdue(at.Add(1000*time.Hour)) {
		t.Error("an application in SMS verification is neither expired nor overdue")
	}
}

func TestCheckRejections(t *testing.T) {
	tests := []struct {
		rs    []beian.Rejection
		field string
	}{
		{[]beian.Rejection{{Field: "services[0].domains[1]", Reason: "域名持有者与主办单位不一致"}, {Field: "materials.principalPhoto", Reason: "照片模糊"}}, ""},
		{nil, "rejections"},
		{[]beian.Rejection{{Field: "", Reason: "x"}}, "rejections[0].field"},
		{[]beian.Rejection{{Field: "a b", Reason: "x"}}, "rejections[0].field"},
		{[]beian.Rejection{{Field: "unitName", Reason: "x"}, {Field: "unitName", Reason: "  "}}, "rejections[1].reason"},
		{[]beian.Rejection{{Field: "unitName", Reason: strings.Repeat("长", 501)}}, "rejections[0].reason"},
	}
	for i, tt := range tests {
		err := beian.CheckRejections(tt.rs)
		if tt.field == "" {
			if err != nil {
				t.Errorf("case %d: %v", i, err)
			}
			continue
		}
		if e, ok := err.(*beian.Error); !ok || e.Field != tt.field {
			t.Errorf("case %d: %v, want %s", i, err, tt.field)
		}
	}
}
