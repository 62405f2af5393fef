package beian_test

import (
	"testing"
	"time"

	"github.com/beianhq/beian"
)

// TestTimeline orders an entity's life: the first filing (no later than its
// first approved service, as imported entities are created afterwards),
// each service, then what the history holds, oldest first.
func TestTimeline(t *testing.T) {
	at := func(d int) time.Time { return time.Date(2021, 1, d, 0, 0, 0, 0, beian.Shanghai) }
	e := &beian.Entity{MainLicence: "浙ICP备2021000001号", UnitName: "甲", CreatedAt: at(20), Services: []*beian.Service{
		{Licence: "浙ICP备2021000001号-1", Type: beian.ServiceWebsite, Name: "一", ApprovedAt: at(2)},
		{Licence: "浙ICP备2021000001号-2", Type: beian.ServiceWebsite, Name: "二", ApprovedAt: at(10)},
	}}
	hist := []beian.HistoryEntry{
		{At: at(15), FilingType: beian.FilingChangeEntity, What: "主办单位名称"},
		{At: at(5), FilingType: beian.FilingCancelAccess, ServiceLicence: "浙ICP备2021000001号-1", What: "取消接入：甲云"},
	}
	var got []string
	for _, ev := range beian.Timeline(e, hist) {
		got = append(got, ev.At.Format("02")+" "+ev.Kind+" "+ev.Licence)
	}
	want := []string{"02 首次备案 浙ICP备2021000001号", "02 备案通过 浙ICP备2021000001号-1", "05 取消接入 浙ICP备2021000001号-1",
		"10 备案通过 浙ICP备2021000001号-2", "15 变更主体 浙ICP备2021000001号"}
	if len(got) != len(want) {
		t.Fatalf("timeline %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("event %d: %q, want %q", i, got[i], want[i])
		}
	}
}
