package rules

import "testing"

func TestReadLicence(t *testing.T) {
	tests := []struct {
		in, want, wantErr string
	}{
		{"浙ICP备2021012345号-1", "浙ICP备2021012345号-1", ""},
		{"浙ICP备2021012345-1", "浙ICP备2021012345号-1", ""},
		{"浙ICP备2021012345", "浙ICP备2021012345号", ""},
		{"浙icp备2021012345号", "浙ICP备2021012345号", ""},
		{"浙 ICP 备 2021012345 号 - 1", "浙ICP备2021012345号-1", ""},
		{"浙ICP备\u30002021012345号", "浙ICP备2021012345号", ""},
		{"粵ICP備2021012345號-2x", "粤ICP备2021012345号-2X", ""},
		{"粵icp备2021012345", "粤ICP备2021012345号", ""},
		{"滬ICP證030173", "沪ICP证030173号", ""},
		{"川ICP备09150084", "蜀ICP备09150084号", ""},
		{"貴ICP备2021004806-1", "黔ICP备2021004806号-1", ""},
		{"雲ICP备09010050-5号", "滇ICP备09010050号-5", ""},
		{"ＩＣＰ", "", "格式应为"},
		{"浙ＩＣＰ备２０２１０１２３４５号－１", "浙ICP备2021012345号-1", ""},
		{"粤 a2-20180001 号", "粤A2-20180001", ""},
		{"沪b1.b2 - 20080001", "沪B1.B2-20080001", ""},
		{"浙ICP备-1", "", "备案号格式应为"},
		{"浙ICP备2021012345号号", "", "备案号格式应为"},
		{"某某科技有限公司", "", "格式应为"},
		{"", "", "不能为空"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			l, err := ReadLicence(tt.in)
			if !errMatches(err, tt.wantErr) {
				t.Fatalf("ReadLicence(%q) error %v, want %q", tt.in, err, tt.wantErr)
			}
			if err == nil && l.String() != tt.want {
				t.Errorf("ReadLicence(%q) = %q, want %q", tt.in, l.String(), tt.want)
			}
		})
	}
}
