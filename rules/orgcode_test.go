package rules

import "testing"

func TestOrgCodeCheckChar(t *testing.T) {
	// Check characters computed by hand (D2143569, 00000000) and with an
	// independent script.
	tests := []struct {
		in   string
		want byte
	}{
		{"D2143569", 'X'},
		{"00000000", '0'},
		{"12345678", '8'},
		{"M000100Y", '4'},
		{"80210043", '3'},
		{"10002384", '0'},
		{"00000001", '9'},
		{"10000007", '5'},
		{"AAAAAAAA", '4'},
		{"aaaaaaaa", '4'},
		{"1234567", 0},
		{"1234567-", 0},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := OrgCodeCheckChar(tt.in); got != tt.want {
				t.Errorf("OrgCodeCheckChar(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCheckOrgCode(t *testing.T) {
	tests := []struct {
		name, in, wantErr string
	}{
		{"valid X", "D2143569X", ""},
		{"valid dash", "D2143569-X", ""},
		{"valid lowercase", "d2143569-x", ""},
		{"valid 0 from 11", "000000000", ""},
		{"valid digit", "80210043-3", ""},
		{"wrong check", "80210043-4", "校验位错误，应为3"},
		{"wrong check X", "D2143569-0", "校验位错误，应为X"},
		{"dash elsewhere", "8021004-33", "应为9位（8位本体代码加1位校验码，可写作“XXXXXXXX-X”），当前10位"},
		{"two dashes", "80210043--3", "应为9位"},
		{"dash inside", "8021004-3", "前8位只能是数字或字母"},
		{"too short", "80210043", "应为9位"},
		{"symbol", "8021#043-3", "前8位只能是数字或字母"},
		{"empty", "", "不能为空"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckOrgCode(tt.in); !errMatches(err, tt.wantErr) {
				t.Errorf("CheckOrgCode(%q) = %v, want %q", tt.in, err, tt.wantErr)
			}
		})
	}
}
