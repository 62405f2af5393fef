package rules

import "testing"

func TestUSCCCheckChar(t *testing.T) {
	// Check characters computed by hand (the first) and with an independent
	// script.
	tests := []struct {
		in   string
		want byte
	}{
		{"91350100M000100Y4", '3'},
		{"91110000802100433", 'B'},
		{"12100000400000624", 'D'},
		{"91110108551385082", 'Q'},
		{"91110000100023849", 'C'},
		{"91110000100023840", 'G'},
		{"91350100m000100y4", '3'},
		{"91350100M000100I4", 0},
		{"91350100M000100Y", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := USCCCheckChar(tt.in); got != tt.want {
				t.Errorf("USCCCheckChar(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckUSCC(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"valid", "91350100M000100Y43", ""},
		{"valid letter check", "91110000802100433B", ""},
		{"valid institution", "12100000400000624D", ""},
		{"valid Q", "91110108551385082Q", ""},
		{"valid G", "91110000100023840G", ""},
		{"lowercase", "91350100m000100y43", ""},
		{"wrong check char", "911100001000238497", "校验位错误，应为C"},
		{"wrong check char digit", "91350100M000100Y44", "校验位错误，应为3"},
		{"org code check wrong", "91110000100023849C", "组织机构代码的校验位错误（第17位应为0）"},
		{"letter I", "91350100M000100I43", "第16位“I”不是允许的字符"},
		{"letter O", "O1350100M000100Y43", "第1位“O”不是允许的字符"},
		{"letter in region", "913501A0M000100Y43", "第3–8位"},
		{"too short", "91350100M000100Y4", "应为18位（当前17位）"},
		{"too long", "91350100M000100Y433", "应为18位（当前19位）"},
		{"full-width", "９1350100M000100Y43", "只能包含"},
		{"empty", "", "不能为空"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckUSCC(tt.in); !errMatches(err, tt.wantErr) {
				t.Errorf("CheckUSCC(%q) = %v, want %q", tt.in, err, tt.wantErr)
			}
		})
	}
}
