package rules

import "testing"

func TestCheckCertNo(t *testing.T) {
	tests := []struct {
		name    string
		kind    CertKind
		in      string
		wantErr string
	}{
		{"USCC", CertUSCC, "91350100M000100Y43", ""},
		{"USCC bad", CertUSCC, "911100001000238497", "校验位错误，应为C"},
		{"org code", CertOrgCode, "80210043-3", ""},
		{"org code bad", CertOrgCode, "80210043-4", "校验位错误，应为3"},
		{"resident ID", CertResidentID, "11010519491231002X", ""},
		{"resident ID bad date", CertResidentID, "110101199013011230", "不存在"},
		{"HK permit", CertHKMOPermit, "H12345678", ""},
		{"Macau permit with count", CertHKMOPermit, "M1234567801", ""},
		{"permit lowercase", CertHKMOPermit, "h12345678", ""},
		{"permit bad letter", CertHKMOPermit, "T12345678", "H或M加8位数字"},
		{"permit short", CertHKMOPermit, "H1234567", "格式错误"},
		{"permit 9 digits", CertHKMOPermit, "H123456789", "格式错误"},
		{"TW permit", CertTWPermit, "12345678", ""},
		{"TW permit 10", CertTWPermit, "1234567801", ""},
		{"TW permit 9", CertTWPermit, "123456789", "应为8位或10位数字"},
		{"TW permit letter", CertTWPermit, "1234567A", "格式错误"},
		{"passport", CertPassport, "E12345678", ""},
		{"passport short", CertPassport, "E123", "5–17位"},
		{"passport long", CertPassport, "E12345678901234567", "5–17位"},
		{"passport 17", CertPassport, "E1234567890123456", ""},
		{"passport dash", CertPassport, "E1234-5678", "格式错误"},
		{"foreign PR old", CertForeignPR, "USA110080101123", ""},
		{"foreign PR old lowercase", CertForeignPR, "usa110080101123", ""},
		{"foreign PR old bad", CertForeignPR, "US1110080101123", "旧版"},
		{"foreign PR new", CertForeignPR, "911156198001010016", ""},
		{"foreign PR new bad check", CertForeignPR, "911156198001010017", "校验位错误，应为6"},
		{"foreign PR new bad date", CertForeignPR, "911156198002300016", "出生日期19800230不存在"},
		{"foreign PR new not 9", CertForeignPR, "111156198001010016", "新版"},
		{"foreign PR length", CertForeignPR, "USA1100801011", "15位旧版号码或以9开头的18位新版号码"},
		{"residence permit HK", CertResidencePermit, "810000199001011230", ""},
		{"residence permit TW", CertResidencePermit, "830000198505050021", ""},
		{"residence permit mainland", CertResidencePermit, "11010519491231002X", "前6位应为810000"},
		{"residence permit bad check", CertResidencePermit, "810000199001011231", "校验位错误，应为0"},
		{"business licence USCC", CertBusinessLicence, "91110000802100433B", ""},
		{"business licence USCC bad", CertBusinessLicence, "91110000802100433C", "校验位错误，应为B"},
		{"business licence 15", CertBusinessLicence, "110000000000001", ""},
		{"business licence 14", CertBusinessLicence, "11000000000000", "18位统一社会信用代码或15位注册号"},
		{"other", CertOther, "京军字第001号", ""},
		{"other brackets", CertOther, "(2021)粤A-001（副本）", ""},
		{"other one char", CertOther, "A", "应为2–40个字符（当前1个）"},
		{"other too long", CertOther, "12345678901234567890123456789012345678901", "应为2–40个字符（当前41个）"},
		{"other space", CertOther, "A 1", "只能包含"},
		{"other symbol", CertOther, "A#1", "只能包含"},
		{"empty", CertUSCC, "", "不能为空"},
		{"unknown kind", CertKind(42), "1", "未知的证件校验方式"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := CheckCertNo(tt.kind, tt.in, asOf); !errMatches(err, tt.wantErr) {
				t.Errorf("CheckCertNo(%v, %q) = %v, want %q", tt.kind, tt.in, err, tt.wantErr)
			}
		})
	}
}

func TestNormalizeCertNo(t *testing.T) {
	tests := []struct {
		name string
		kind CertKind
		in   string
		want string
	}{
		{"spaces and case", CertUSCC, " 91350100m000100y43 ", "91350100M000100Y43"},
		{"full-width", CertResidentID, "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"},
		{"inner spaces", CertOrgCode, "8021 0043 - 3", "80210043-3"},
		{"ideographic space", CertPassport, "\u3000e12345678\u3000", "E12345678"},
		{"other keeps case", CertOther, " (2021)粤a-001（副本） ", "(2021)粤a-001(副本)"},
		{"other keeps inner space", CertOther, "A 1", "A 1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NormalizeCertNo(tt.kind, tt.in)
			if got != tt.want {
				t.Errorf("NormalizeCertNo(%v, %q) = %q, want %q", tt.kind, tt.in, got, tt.want)
			}
			if again := NormalizeCertNo(tt.kind, got); again != got {
				t.Errorf("NormalizeCertNo is not idempotent: %q → %q", got, again)
			}
		})
	}
}
