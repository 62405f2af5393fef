package rules

import (
	"testing"
	"time"
)

// asOf is the "today" of the certificate tests.
var asOf = time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestResidentIDCheckDigit(t *testing.T) {
	// Check digits computed by hand and with an independent script.
	tests := []struct {
		in   string
		want byte
	}{
		{"11010519491231002", 'X'},
		{"44052418800101001", '4'},
		{"33010619900307123", '6'},
		{"11010120000229123", 'X'},
		{"81000019900101123", '0'},
		{"83000019850505002", '1'},
		{"11010119000101000", '6'},
		{"1101051949123100", 0},
		{"1101051949123100A", 0},
		{"", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := ResidentIDCheckDigit(tt.in); got != tt.want {
				t.Errorf("ResidentIDCheckDigit(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParseResidentID(t *testing.T) {
	tests := []struct {
		name, in string
		asOf     time.Time
		want     ResidentID
		wantErr  string
	}{
		{"valid X", "11010519491231002X", asOf, ResidentID{"110105", date(1949, 12, 31), false}, ""},
		{"lowercase x", "11010519491231002x", asOf, ResidentID{"110105", date(1949, 12, 31), false}, ""},
		{"male", "330106199003071236", asOf, ResidentID{"330106", date(1990, 3, 7), true}, ""},
		{"leap day", "11010120000229123X", asOf, ResidentID{"110101", date(2000, 2, 29), true}, ""},
		{"first day allowed", "110101190001010006", asOf, ResidentID{"110101", date(1900, 1, 1), false}, ""},
		{"Hong Kong region", "810000199001011230", asOf, ResidentID{"810000", date(1990, 1, 1), true}, ""},
		{"Taiwan region", "830000198505050021", asOf, ResidentID{"830000", date(1985, 5, 5), false}, ""},
		{"born on asOf", "330106202506011230", asOf, ResidentID{}, "校验位错误"},
		{"wrong check digit", "110105194912310021", asOf, ResidentID{}, "校验位错误，应为X"},
		{"wrong check digit 4", "440524200001010010", asOf, ResidentID{}, "校验位错误，应为"},
		{"too short", "11010519491231002", asOf, ResidentID{}, "应为18位（当前17位）"},
		{"too long", "11010519491231002X1", asOf, ResidentID{}, "应为18位（当前19位）"},
		{"15-digit old ID", "110105491231002", asOf, ResidentID{}, "应为18位"},
		{"letter inside", "1101051949123100AX", asOf, ResidentID{}, "前17位应为数字"},
		{"full-width digit", "１10105194912310021", asOf, ResidentID{}, "前17位应为数字"},
		{"bad last", "11010519491231002Y", asOf, ResidentID{}, "第18位应为数字或X"},
		{"unknown province", "911011200001010018", asOf, ResidentID{}, "地区码错误"},
		{"province 00", "001011200001010018", asOf, ResidentID{}, "地区码错误"},
		{"retired district code kept", "330103199001011234", asOf, ResidentID{}, "校验位错误"},
		{"before 1900", "440524188001010014", asOf, ResidentID{}, "早于1900年"},
		{"1900 not leap", "110101190002291230", asOf, ResidentID{}, "出生日期19000229不存在"},
		{"month 13", "110101199013011230", asOf, ResidentID{}, "出生日期19901301不存在"},
		{"day 00", "110101199001001230", asOf, ResidentID{}, "不存在"},
		{"31 April", "110101199004311230", asOf, ResidentID{}, "不存在"},
		{"future", "330106202506021230", asOf, ResidentID{}, "晚于当前日期"},
		{"future in asOf's zone", "330106202506021230", time.Date(2025, 6, 1, 20, 0, 0, 0, time.UTC).In(time.FixedZone("CST", 8*3600)), ResidentID{}, "校验位错误"},
		{"empty", "", asOf, ResidentID{}, "不能为空"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseResidentID(tt.in, tt.asOf)
			if !errMatches(err, tt.wantErr) || got != tt.want {
				t.Errorf("ParseResidentID(%q) = %+v, %v; want %+v, %q", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}
