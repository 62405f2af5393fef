package beian_test

import (
	"context"
	"testing"
	"time"

	"github.com/beianhq/beian"
)

func TestManualVerification(t *testing.T) {
	at := time.Date(2026, 3, 2, 10, 0, 0, 0, beian.Shanghai)
	c, err := beian.ManualVerification{Now: func() time.Time { return at }}.Verify(context.Background(), beian.RealPersonRequest{Name: "张三"})
	if err != nil {
		t.Fatal(err)
	}
	if c.Method != "manual" || c.Verdict != beian.VerdictPending || !c.CheckedAt.Equal(at) {
		t.Fatalf("check %+v", c)
	}
	if err := beian.CheckApprovable(c); beian.ErrorCode(err) != beian.EINVALID {
		t.Errorf("pending check approvable: %v", err)
	}
	if err := c.Confirm(7, true, at.Add(time.Hour), "本人"); err != nil {
		t.Fatal(err)
	}
	if c.Verdict != beian.VerdictPass || c.ReviewerID != 7 || beian.CheckApprovable(c) != nil {
		t.Errorf("after confirm: %+v", c)
	}
	if err := c.Confirm(8, false, at, ""); beian.ErrorCode(err) != beian.ECONFLICT || c.ReviewerID != 7 {
		t.Errorf("second confirm: %v", err)
	}
	failed := &beian.RealPersonCheck{Verdict: beian.VerdictPending}
	failed.Confirm(7, false, at, "非本人")
	for _, c := range []*beian.RealPersonCheck{nil, failed} {
		if err := beian.CheckApprovable(c); err == nil || err.(*beian.Error).Field != "realPerson" {
			t.Errorf("CheckApprovable(%+v) = %v", c, err)
		}
	}
}
