package http

import (
	"strings"
	"time"

	"github.com/beianhq/beian"
)

// The progress timeline of an application: its eight steps drawn as a
// picture (inline SVG), the current one highlighted, the date under each
// step passed.

var timelineLabels = []string{"验证类型", "产品验证", "填写信息", "上传资料", "提交初审", "初审", "短信核验", "管局审核"}

// timeline is what timeline.html draws.
type timeline struct {
	Steps []timelineStep
	// Summary says in words what the picture shows, for screen readers.
	Summary string
}

// timelineStep is one step: its state (done, current, rejected, abandoned
// or todo), date, and where the two drawings put it.
type timelineStep struct {
	Label, Date, State string
	X, Y               int // centre in the wide and in the tall drawing
	Last               bool
}

// currentStep returns the index of the step application a stands at and
// its state.
func currentStep(a *beian.Application, materialsDone bool) (int, string) {
	switch a.Status {
	case beian.StatusDraft:
		if materialsDone {
			return 4, "current"
		}
		return 3, "current"
	case beian.StatusInitialReview:
		return 5, "current"
	case beian.StatusRejected:
		return 5, "rejected"
	case beian.StatusSMSVerification, beian.StatusReturned:
		return 6, "current"
	case beian.StatusBureauReview:
		return 7, "current"
	case beian.StatusBureauRejected:
		return 7, "rejected"
	case beian.StatusApproved:
		return 8, "done"
	case beian.StatusAbandoned:
		for i := len(a.Events) - 1; i >= 0; i-- {
			if e := a.Events[i]; e.Status != beian.StatusAbandoned {
				n, _ := currentStep(&beian.Application{Status: e.Status}, materialsDone)
				return n, "abandoned"
			}
		}
	}
	return 0, "current"
}

// stepDates is when each step was passed, from the events.
func stepDates(a *beian.Application, uploaded time.Time) []time.Time {
	d := make([]time.Time, len(timelineLabels))
	d[0], d[1], d[2], d[3] = a.CreatedAt, a.CreatedAt, a.CreatedAt, uploaded
	for _, e := range a.Events {
		switch e.Status {
		case beian.StatusInitialReview:
			d[4] = e.At
		case beian.StatusSMSVerification, beian.StatusRejected:
			d[5] = e.At
		case beian.StatusBureauReview:
			d[6] = e.At
		case beian.StatusApproved, beian.StatusBureauRejected:
			d[7] = e.At
		}
	}
	return d
}

func newTimeline(a *beian.Application, ms []beian.Material) timeline {
	done := a.Record != nil && beian.CheckMaterials(a.Record.Entity.Nature, ms) == nil
	var uploaded time.Time
	for _, m := range ms {
		if m.CreatedAt.After(uploaded) {
			uploaded = m.CreatedAt
		}
	}
	cur, state := currentStep(a, done)
	dates := stepDates(a, uploaded)
	t := timeline{}
	var words []string
	for i, l := range timelineLabels {
		st := timelineStep{Label: l, State: "todo", X: 50 + 100*i, Y: 28 + 56*i, Last: i == len(timelineLabels)-1}
		switch {
		case i < cur:
			st.State = "done"
			if !dates[i].IsZero() {
				st.Date = dates[i].In(beian.Shanghai).Format("01-02")
			}
		case i == cur:
			st.State = state
		}
		t.Steps = append(t.Steps, st)
		words = append(words, l+"："+timelineWords[st.State])
	}
	t.Summary = "办理进度。" + strings.Join(words, "，")
	return t
}

var timelineWords = map[string]string{
	"done": "已完成", "current": "进行中", "rejected": "已驳回", "abandoned": "已放弃", "todo": "未开始",
}
