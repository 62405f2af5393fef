package beian_test

import (
	"reflect"
	"testing"

	"github.com/beianhq/beian"
)

func TestDiffRecords(t *testing.T) {
	base := func() *beian.ApplicationRecord {
		return &beian.ApplicationRecord{
			Entity: beian.Entity{UnitName: "杭州云栖网络科技有限公司", Nature: "企业", Province: "330000",
				Principal: beian.Principal{Name: "张三", Mobile: "13800000001"},
				Services: []*beian.Service{
					{Type: beian.ServiceWebsite, Name: "云栖官网", Domains: []string{"yunqi.cn"}},
					{Type: beian.ServiceMiniProgram, Name: "云栖小店"},
				}},
			Apps: []*beian.AppInfo{nil, {Platform: "微信", AppID: "wx0123456789abcdef"}},
		}
	}
	if cs := beian.DiffRecords(base(), base()); len(cs) != 0 {
		t.Errorf("same records differ: %v", cs)
	}
	b := base()
	b.Entity.Principal.Mobile = "13800000009"
	b.Entity.Services[0].Name = "云栖科技官网"
	b.Entity.Services[0].Principal = &beian.Principal{Name: "李四", Mobile: "13800000002"}
	b.Apps[1] = &beian.AppInfo{Platform: "微信", AppID: "wx0123456789abcdee"}
	b.Entity.Services = append(b.Entity.Services, &beian.Service{Type: beian.ServiceWebsite, Name: "云栖博客"})
	want := []beian.Change{
		{Field: "principal.mobile", Old: "13800000001", New: "13800000009"},
		{Field: "services[0].serviceName", Old: "云栖官网", New: "云栖科技官网"},
		{Field: "services[0].principal.name", Old: "张三", New: "李四"},
		{Field: "services[0].principal.mobile", Old: "13800000001", New: "13800000002"},
		{Field: "services[1].principal.mobile", Old: "13800000001", New: "13800000009"},
		{Field: "services[1].app", Old: "微信 wx0123456789abcdef", New: "微信 wx0123456789abcdee"},
		{Field: "services[2]", Old: "", New: "云栖博客"},
	}
	if got := beian.DiffRecords(base(), b); !reflect.DeepEqual(got, want) {
		t.Errorf("diff:\n got %v\nwant %v", got, want)
	}
	if got := beian.DiffRecords(b, base()); len(got) != len(want) || got[6] != (beian.Change{Field: "services[2]", Old: "云栖博客"}) {
		t.Errorf("reverse diff: %v", got)
	}
}
