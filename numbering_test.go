package beian_test

import (
	"testing"
	"time"

	"github.com/beianhq/beian"
)

func TestNumbering(t *testing.T) {
	e := &beian.Entity{MainLicence: "浙ICP备2021012345号", Services: []*beian.Service{
		{Type: beian.ServiceWebsite, ApprovedAt: time.Date(2022, 3, 1, 0, 0, 0, 0, beian.Shanghai)},
		{Type: beian.ServiceApp, Licence: "浙ICP备2021012345号-3A", ApprovedAt: time.Date(2020, 12, 31, 23, 30, 0, 0, beian.Shanghai)},
		{Type: beian.ServiceMiniProgram},
		{Type: beian.ServiceQuickApp},
	}}
	if y := e.NumberingYear(time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC)); y != 2020 {
		t.Errorf("NumberingYear = %d, want the year of the first approval, 2020", y)
	}
	if y := (&beian.Entity{}).NumberingYear(time.Date(2026, 12, 31, 17, 0, 0, 0, time.UTC)); y != 2027 {
		t.Errorf("a new filing at 2027-01-01 01:00 in Shanghai: year %d", y)
	}
	if err := e.NumberServices(); err != nil {
		t.Fatal(err)
	}
	want := []string{"浙ICP备2021012345号-4", "浙ICP备2021012345号-3A", "浙ICP备2021012345号-5X", "浙ICP备2021012345号-6K"}
	for i, s := range e.Services {
		if s.Licence != want[i] {
			t.Errorf("service %d: %s, want %s", i, s.Licence, want[i])
		}
	}
	if n := e.NextServiceNumber(); n != 7 {
		t.Errorf("NextServiceNumber = %d, want 7", n)
	}
}
