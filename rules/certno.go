package rules

import (
	"fmt"
	"strings"
	"time"
	"unicode"
)

// CheckCertNo checks a certificate number against the rules of its kind:
//
//   - CertUSCC: CheckUSCC;
//   - CertOrgCode: CheckOrgCode;
//   - CertResidentID: ParseResidentID;
//   - CertHKMOPermit: H or M, 8 digits, optionally 2 more (issue count);
//   - CertTWPermit: 8 or 10 digits;
//   - CertPassport: 5–17 ASCII letters and digits;
//   - CertForeignPR: 3 letters and 12 digits, or 18 characters starting with
//     9 with a valid birth date and GB 11643 check digit;
//   - CertResidencePermit: ParseResidentID, with region 810000, 820000 or
//     830000;
//   - CertBusinessLicence: CheckUSCC for 18 characters, else 15 digits;
//   - CertOther: 2–40 letters, digits, Chinese characters and -()（）.
//
// Letters may be lowercase. asOf bounds birth dates. The number is checked
// as given: spaces and full-width characters are errors (see
// NormalizeCertNo).
func CheckCertNo(kind CertKind, no string, asOf time.Time) error {
	if no == "" {
		return errEmpty
	}
	switch kind {
	case CertUSCC:
		return CheckUSCC(no)
	case CertOrgCode:
		return CheckOrgCode(no)
	case CertResidentID:
		_, err := ParseResidentID(no, asOf)
		return err
	case CertHKMOPermit:
		return checkHKMOPermit(no)
	case CertTWPermit:
		return checkTWPermit(no)
	case CertPassport:
		return checkPassport(no)
	case CertForeignPR:
		return checkForeignPR(no, asOf)
	case CertResidencePermit:
		return checkResidencePermit(no, asOf)
	case CertBusinessLicence:
		return checkBusinessLicence(no)
	case CertOther:
		return checkOtherCertNo(no)
	}
	return fmt.Errorf("未知的证件校验方式（%d）", int(kind))
}

// NormalizeCertNo returns the form of a certificate number to check and
// store: surrounding spaces removed, full-width ASCII (０-９, Ａ-Ｚ, －)
// written half-width and, for every kind but CertOther, letters upper-cased
// and inner spaces removed. It does not validate; NormalizeCertNo is
// idempotent.
func NormalizeCertNo(kind CertKind, no string) string {
	no = strings.Map(func(r rune) rune {
		if r >= '！' && r <= '～' {
			return r - '！' + '!'
		}
		if r == '\u3000' {
			return ' '
		}
		return r
	}, no)
	no = strings.TrimSpace(no)
	if kind == CertOther {
		return no
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		if 'a' <= r && r <= 'z' {
			return r - 'a' + 'A'
		}
		return r
	}, no)
}
