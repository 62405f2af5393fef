package rules

import (
	"slices"
	"testing"
)

func TestProvinces(t *testing.T) {
	ps := Provinces()
	if got, want := len(ps), 31; got != want {
		t.Fatalf("len(Provinces()) = %d, want %d", got, want)
	}
	if got, want := ps[0].Name, "北京"; got != want {
		t.Errorf("first province = %q, want %q", got, want)
	}
	if got, want := ps[30].Name, "新疆"; got != want {
		t.Errorf("last province = %q, want %q", got, want)
	}
	var mask int64
	for _, p := range ps {
		if p.ServerBit == 0 || p.ServerBit&(p.ServerBit-1) != 0 || mask&p.ServerBit != 0 {
			t.Errorf("%s: ServerBit %d is not a fresh single bit", p.Name, p.ServerBit)
		}
		mask |= p.ServerBit
		if p.Bureau != p.FullName+"通信管理局" {
			t.Errorf("%s: Bureau = %q", p.Name, p.Bureau)
		}
	}
	if got, want := mask, int64(16642469887); got != want {
		t.Errorf("OR of ServerBit = %d, want %d", got, want)
	}
	// The result is a copy.
	ps[22].AltPrefixes[0] = "x"
	ps[0].Name = "x"
	if p, _ := LookupProvince("四川"); p.AltPrefixes[0] != "川" {
		t.Errorf("Provinces() shares AltPrefixes with the table")
	}
	if Provinces()[0].Name != "北京" {
		t.Errorf("Provinces() shares its slice with the table")
	}
}

func TestLookupProvince(t *testing.T) {
	tests := []struct {
		name, in string
		want     Province
		ok       bool
	}{
		{"name", "浙江", Province{"浙江", "浙江省", "330000", "浙", nil, "浙江省通信管理局", 8589934592}, true},
		{"full name", "内蒙古自治区", Province{"内蒙古", "内蒙古自治区", "150000", "蒙", nil, "内蒙古自治区通信管理局", 1048576}, true},
		{"code", "440000", Province{"广东", "广东省", "440000", "粤", nil, "广东省通信管理局", 16}, true},
		{"prefix", "京", Province{"北京", "北京市", "110000", "京", nil, "北京市通信管理局", 2}, true},
		{"alt prefix 川", "川", Province{"四川", "四川省", "510000", "蜀", []string{"川"}, "四川省通信管理局", 8388608}, true},
		{"alt prefix 贵", "贵", Province{"贵州", "贵州省", "520000", "黔", []string{"贵"}, "贵州省通信管理局", 128}, true},
		{"alt prefix 云", "云", Province{"云南", "云南省", "530000", "滇", []string{"云"}, "云南省通信管理局", 4294967296}, true},
		{"alt prefix 甘", " 甘 ", Province{"甘肃", "甘肃省", "620000", "陇", []string{"甘"}, "甘肃省通信管理局", 32}, true},
		{"spaces", "  广西壮族自治区\t", Province{"广西", "广西壮族自治区", "450000", "桂", nil, "广西壮族自治区通信管理局", 64}, true},
		{"Hong Kong", "香港", Province{}, false},
		{"city code", "330100", Province{}, false},
		{"empty", "", Province{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := LookupProvince(tt.in)
			if ok != tt.ok || !equalProvince(got, tt.want) {
				t.Errorf("LookupProvince(%q) = %+v, %v; want %+v, %v", tt.in, got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestProvinceByPrefix(t *testing.T) {
	tests := []struct {
		in, wantName string
		ok           bool
	}{
		{"浙", "浙江", true},
		{"蜀", "四川", true},
		{"川", "四川", true},
		{"黔", "贵州", true},
		{"贵", "贵州", true},
		{"滇", "云南", true},
		{"云", "云南", true},
		{"陇", "甘肃", true},
		{"甘", "甘肃", true},
		{"浙江", "", false},
		{"330000", "", false},
		{"港", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := ProvinceByPrefix(tt.in)
			if got.Name != tt.wantName || ok != tt.ok {
				t.Errorf("ProvinceByPrefix(%q) = %q, %v; want %q, %v", tt.in, got.Name, ok, tt.wantName, tt.ok)
			}
		})
	}
}

func equalProvince(a, b Province) bool {
	return a.Name == b.Name && a.FullName == b.FullName && a.Code == b.Code && a.Prefix == b.Prefix &&
		slices.Equal(a.AltPrefixes, b.AltPrefixes) && a.Bureau == b.Bureau && a.ServerBit == b.ServerBit
}
