package rules

import (
	"fmt"
	"testing"
)

func TestParseLicence(t *testing.T) {
	tests := []struct {
		name, in string
		want     Licence
		wantErr  string
	}{
		{"current main", "浙ICP备2021012345号", Licence{Prefix: "浙", Form: FormFiling, Year: 2021, Seq: 12345, Serial: "2021012345"}, ""},
		{"current service", "浙ICP备2021012345号-1", Licence{Prefix: "浙", Form: FormFiling, Year: 2021, Seq: 12345, Serial: "2021012345", Service: 1}, ""},
		{"App", "陕ICP备2024026116号-1A", Licence{Prefix: "陕", Form: FormFiling, Year: 2024, Seq: 26116, Serial: "2024026116", Service: 1, Suffix: "A"}, ""},
		{"mini-program", "粤ICP备2026067180号-2X", Licence{Prefix: "粤", Form: FormFiling, Year: 2026, Seq: 67180, Serial: "2026067180", Service: 2, Suffix: "X"}, ""},
		{"quick app", "津ICP备2024011617号-4K", Licence{Prefix: "津", Form: FormFiling, Year: 2024, Seq: 11617, Serial: "2024011617", Service: 4, Suffix: "K"}, ""},
		{"贵 becomes 黔", "贵ICP备2021004806号-1", Licence{Prefix: "黔", Form: FormFiling, Year: 2021, Seq: 4806, Serial: "2021004806", Service: 1}, ""},
		{"old", "蜀ICP备12014244号-2", Licence{Prefix: "蜀", Form: FormFilingOld, Year: 2012, Seq: 14244, Serial: "12014244", Service: 2}, ""},
		{"川 becomes 蜀", "川ICP备09150084号", Licence{Prefix: "蜀", Form: FormFilingOld, Year: 2009, Seq: 150084, Serial: "09150084"}, ""},
		{"old 1990s", "京ICP备99000001号", Licence{Prefix: "京", Form: FormFilingOld, Year: 1999, Seq: 1, Serial: "99000001"}, ""},
		{"old 2089", "京ICP备89000001号", Licence{Prefix: "京", Form: FormFilingOld, Year: 2089, Seq: 1, Serial: "89000001"}, ""},
		{"Tibet old", "藏ICP备05000064号", Licence{Prefix: "藏", Form: FormFilingOld, Year: 2005, Seq: 64, Serial: "05000064"}, ""},
		{"legacy dash inside", "滇ICP备09010050-5号", Licence{Prefix: "滇", Form: FormFilingOld, Year: 2009, Seq: 10050, Serial: "09010050", Service: 5}, ""},
		{"云 legacy", "云ICP备09010050-5X号", Licence{Prefix: "滇", Form: FormFilingOld, Year: 2009, Seq: 10050, Serial: "09010050", Service: 5, Suffix: "X"}, ""},
		{"甘", "甘ICP备15000343号-1", Licence{Prefix: "陇", Form: FormFilingOld, Year: 2015, Seq: 343, Serial: "15000343", Service: 1}, ""},
		{"other short", "京ICP备0501号", Licence{Prefix: "京", Form: FormFilingOther, Serial: "0501"}, ""},
		{"other 9 digits", "京ICP备050123456号-3", Licence{Prefix: "京", Form: FormFilingOther, Serial: "050123456", Service: 3}, ""},
		{"other 10 digits not 20xx", "京ICP备1999012345号", Licence{Prefix: "京", Form: FormFilingOther, Serial: "1999012345"}, ""},
		{"permit main", "京ICP证030173号", Licence{Prefix: "京", Form: FormPermit, Serial: "030173"}, ""},
		{"permit service", "京ICP证030173号-1", Licence{Prefix: "京", Form: FormPermit, Serial: "030173", Service: 1}, ""},
		{"B2 main", "京B2-20212732", Licence{Prefix: "京", Form: FormB2, Category: "B2", Serial: "20212732"}, ""},
		{"B2 service", "粤B2-20090059-1626X", Licence{Prefix: "粤", Form: FormB2, Category: "B2", Serial: "20090059", Service: 1626, Suffix: "X"}, ""},
		{"cross-region B2", "B2-20233776", Licence{Form: FormB2, Category: "B2", Serial: "20233776"}, ""},
		{"cross-region B2 service", "B2-20080101-3", Licence{Form: FormB2, Category: "B2", Serial: "20080101", Service: 3}, ""},
		{"spaces", "  浙ICP备2021012345号-1 \t", Licence{Prefix: "浙", Form: FormFiling, Year: 2021, Seq: 12345, Serial: "2021012345", Service: 1}, ""},
		{"full-width hyphen", "浙ICP备2021012345号－2", Licence{Prefix: "浙", Form: FormFiling, Year: 2021, Seq: 12345, Serial: "2021012345", Service: 2}, ""},
		{"em dash", "浙ICP备2021012345号—2", Licence{Prefix: "浙", Form: FormFiling, Year: 2021, Seq: 12345, Serial: "2021012345", Service: 2}, ""},
		{"hyphen U+2010", "浙ICP备2021012345号‐2", Licence{Prefix: "浙", Form: FormFiling, Year: 2021, Seq: 12345, Serial: "2021012345", Service: 2}, ""},
		{"lower case", "浙icp备2021012345号-1a", Licence{Prefix: "浙", Form: FormFiling, Year: 2021, Seq: 12345, Serial: "2021012345", Service: 1, Suffix: "A"}, ""},
		{"full-width B2 hyphen", "京B2－20212732", Licence{Prefix: "京", Form: FormB2, Category: "B2", Serial: "20212732"}, ""},

		{"unknown prefix", "港ICP备2021012345号", Licence{}, "“港”不是有效的省份简称"},
		{"no prefix", "ICP备2021012345号", Licence{}, "格式应为"},
		{"no 号", "浙ICP备2021012345", Licence{}, "备案号格式应为“浙ICP备2021012345号”或“浙ICP备2021012345号-1”"},
		{"11 digits", "浙ICP备20210123456号", Licence{}, "备案号格式应为"},
		{"no digits", "浙ICP备号", Licence{}, "备案号格式应为"},
		{"service 0", "浙ICP备2021012345号-0", Licence{}, "服务序号不能为0"},
		{"service 00", "浙ICP备2021012345号-00", Licence{}, "服务序号不能为0"},
		{"leading zero", "浙ICP备2021012345号-01", Licence{}, "服务序号不能以0开头"},
		{"service too long", "浙ICP备2021012345号-1234567", Licence{}, "服务序号过长"},
		{"bad letter", "浙ICP备2021012345号-1B", Licence{}, "只能跟A（App）、X（小程序）或K（快应用）"},
		{"two letters", "浙ICP备2021012345号-1AX", Licence{}, "只能跟A"},
		{"letter without number", "浙ICP备2021012345号-A", Licence{}, "备案号格式应为"},
		{"letter on main", "浙ICP备2021012345号A", Licence{}, "备案号格式应为"},
		{"dash without number", "浙ICP备2021012345号-", Licence{}, "备案号格式应为"},
		{"both dashes", "滇ICP备09010050-5号-1", Licence{}, "备案号格式应为"},
		{"underscore", "浙ICP备2021012345号_1", Licence{}, "备案号格式应为"},
		{"inner space", "浙ICP备 2021012345号", Licence{}, "备案号格式应为"},
		{"permit no 号", "京ICP证030173", Licence{}, "许可证号格式应为“京ICP证030173号”"},
		{"ICP other", "京ICP字030173号", Licence{}, "备案号格式应为"},
		{"B2 7 digits", "京B2-2021273", Licence{}, "经营许可证号格式应为"},
		{"B2 no dash", "京B220212732", Licence{}, "经营许可证号格式应为"},
		{"B2 with 号", "京B2-20212732号", Licence{Prefix: "京", Form: FormTelecom, Category: "B2", Serial: "20212732"}, ""},
		{"A2 with 号", "粤A2-20180001号", Licence{Prefix: "粤", Form: FormTelecom, Category: "A2", Serial: "20180001"}, ""},
		{"A2 service", "粤A2-20180001号-2", Licence{Prefix: "粤", Form: FormTelecom, Category: "A2", Serial: "20180001", Service: 2}, ""},
		{"B1", "京B1-20090001", Licence{Prefix: "京", Form: FormTelecom, Category: "B1", Serial: "20090001"}, ""},
		{"A1", "A1-20050001", Licence{Form: FormTelecom, Category: "A1", Serial: "20050001"}, ""},
		{"B1.B2", "沪B1.B2-20080001", Licence{Prefix: "沪", Form: FormTelecom, Category: "B1.B2", Serial: "20080001"}, ""},
		{"B1.B2 service", "沪B1.B2-20080001-3X", Licence{Prefix: "沪", Form: FormTelecom, Category: "B1.B2", Serial: "20080001", Service: 3, Suffix: "X"}, ""},
		{"full-width dot, lower case", "京b1．b2-20080001号", Licence{Prefix: "京", Form: FormTelecom, Category: "B1.B2", Serial: "20080001"}, ""},
		{"A2.B1.B2 cross-region", "A2.B1.B2-20100001", Licence{Form: FormTelecom, Category: "A2.B1.B2", Serial: "20100001"}, ""},
		{"粵 becomes 粤", "粵B2-20090059", Licence{Prefix: "粤", Form: FormTelecom, Category: "B2", Serial: "20090059"}, ""},
		{"粵 filing", "粵ICP备2021012345号-1", Licence{Prefix: "粤", Form: FormFiling, Year: 2021, Seq: 12345, Serial: "2021012345", Service: 1}, ""},
		{"滬 permit", "滬ICP证030173号", Licence{Prefix: "沪", Form: FormPermit, Serial: "030173"}, ""},
		{"隴 filing", "隴ICP备15000343号", Licence{Prefix: "陇", Form: FormFilingOld, Year: 2015, Seq: 343, Serial: "15000343"}, ""},
		{"貴 becomes 黔", "貴ICP备2021004806号", Licence{Prefix: "黔", Form: FormFiling, Year: 2021, Seq: 4806, Serial: "2021004806"}, ""},
		{"categories out of order", "京B2.B1-20080001", Licence{}, "许可证类别应按A1、A2、B1、B2的顺序"},
		{"category twice", "京B2.B2-20080001", Licence{}, "许可证类别应按"},
		{"dot without category", "京B1.-20080001", Licence{}, "经营许可证号格式应为"},
		{"B3", "京B3-20080001", Licence{}, "格式应为"},
		{"号 twice", "京B2-20212732号号", Licence{}, "经营许可证号格式应为"},
		{"cross-region ICP", "ICP证030173号", Licence{}, "格式应为"},
		{"foreign-invested", "合字B2-20170010", Licence{}, "“合”不是有效的省份简称"},
		{"empty", "", Licence{}, "不能为空"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseLicence(tt.in)
			if !errMatches(err, tt.wantErr) || got != tt.want {
				t.Errorf("ParseLicence(%q) = %+v, %v; want %+v, %q", tt.in, got, err, tt.want, tt.wantErr)
			}
		})
	}
}

func TestLicenceString(t *testing.T) {
	tests := []struct {
		in, want, wantMain string
	}{
		{"浙ICP备2021012345号", "浙ICP备2021012345号", "浙ICP备2021012345号"},
		{"川ICP备2021012345号-2a", "蜀ICP备2021012345号-2A", "蜀ICP备2021012345号"},
		{"陕ICP备2024026116号-1A", "陕ICP备2024026116号-1A", "陕ICP备2024026116号"},
		{"贵ICP备2021004806号-1", "黔ICP备2021004806号-1", "黔ICP备2021004806号"},
		{"川ICP备09150084号", "蜀ICP备09150084号", "蜀ICP备09150084号"},
		{"京ICP备99000001号-3", "京ICP备99000001号-3", "京ICP备99000001号"},
		{"滇ICP备09010050-5号", "滇ICP备09010050号-5", "滇ICP备09010050号"},
		{"京ICP备0501号", "京ICP备0501号", "京ICP备0501号"},
		{"京ICP证030173号-1", "京ICP证030173号-1", "京ICP证030173号"},
		{"粤B2-20090059-1626X", "粤B2-20090059-1626X", "粤B2-20090059"},
		{"B2-20233776", "B2-20233776", "B2-20233776"},
		{"粵A2-20180001号-2", "粤A2-20180001-2", "粤A2-20180001"},
		{"沪b1.b2-20080001号", "沪B1.B2-20080001", "沪B1.B2-20080001"},
		{"浙ICP备2021012345号－12", "浙ICP备2021012345号-12", "浙ICP备2021012345号"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			l, err := ParseLicence(tt.in)
			if err != nil {
				t.Fatalf("ParseLicence(%q): %v", tt.in, err)
			}
			if got := l.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := l.Main().String(); got != tt.wantMain {
				t.Errorf("Main().String() = %q, want %q", got, tt.wantMain)
			}
			if got, want := l.IsMain(), tt.want == tt.wantMain; got != want {
				t.Errorf("IsMain() = %v, want %v", got, want)
			}
			if !l.Main().IsMain() {
				t.Errorf("Main().IsMain() = false")
			}
			// Round trip: Parse → String → Parse.
			again, err := ParseLicence(l.String())
			if err != nil || again != l {
				t.Errorf("ParseLicence(%q) = %+v, %v; want %+v", l.String(), again, err, l)
			}
		})
	}
}

func TestLicenceStringBuilt(t *testing.T) {
	tests := []struct {
		name string
		l    Licence
		want string
	}{
		{"filing without Serial", Licence{Prefix: "浙", Form: FormFiling, Year: 2021, Seq: 7, Service: 2, Suffix: "X"}, "浙ICP备2021000007号-2X"},
		{"old without Serial", Licence{Prefix: "蜀", Form: FormFilingOld, Year: 1999, Seq: 1}, "蜀ICP备99000001号"},
		{"B2", Licence{Form: FormB2, Category: "B2", Serial: "20233776", Service: 1}, "B2-20233776-1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.l.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestFilingNumber(t *testing.T) {
	tests := []struct {
		prefix    string
		year, seq int
		want      string
	}{
		{"浙", 2021, 12345, "浙ICP备2021012345号"},
		{"京", 2026, 1, "京ICP备2026000001号"},
		{"川", 2024, 999999, "蜀ICP备2024999999号"},
		{"甘", 2025, 100, "陇ICP备2025000100号"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := FilingNumber(tt.prefix, tt.year, tt.seq); got != tt.want {
				t.Errorf("FilingNumber(%q, %d, %d) = %q, want %q", tt.prefix, tt.year, tt.seq, got, tt.want)
			}
		})
	}
}

func TestServiceSuffix(t *testing.T) {
	tests := []struct {
		serviceType int
		want        string
	}{
		{1, ""},
		{6, "A"},
		{7, "X"},
		{8, "K"},
		{2, ""},
		{0, ""},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.serviceType), func(t *testing.T) {
			if got := ServiceSuffix(tt.serviceType); got != tt.want {
				t.Errorf("ServiceSuffix(%d) = %q, want %q", tt.serviceType, got, tt.want)
			}
		})
	}
}

func TestSuffixServiceType(t *testing.T) {
	tests := []struct {
		suffix string
		want   int
	}{
		{"", 1},
		{"A", 6},
		{"X", 7},
		{"K", 8},
		{"a", 0},
		{"B", 0},
	}
	for _, tt := range tests {
		t.Run("suffix "+tt.suffix, func(t *testing.T) {
			if got := SuffixServiceType(tt.suffix); got != tt.want {
				t.Errorf("SuffixServiceType(%q) = %d, want %d", tt.suffix, got, tt.want)
			}
		})
	}
}
