package beian

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Length limits of account fields, in characters.
const (
	MaxAccountNameLen = 50
	MaxProviderLen    = 100
	MaxProvinces      = 34 // every province-level division once
)

// Validate checks the fields of an account that people type, for every
// path that creates or edits one (sign-up, beian user add, the admin page).
// Provinces must already be GB/T 2260 codes. The error names the field.
func (a *Account) Validate() error {
	if !a.Role.Valid() {
		return FieldErrorf("role", "应为 applicant、provider_reviewer、bureau_reviewer 或 admin")
	}
	if err := CheckText("name", a.Name, MaxAccountNameLen); err != nil {
		return err
	}
	if strings.TrimSpace(a.Name) == "" {
		return FieldErrorf("name", "姓名不能为空")
	}
	if err := CheckText("provider", a.Provider, MaxProviderLen); err != nil {
		return err
	}
	if a.Role == RoleProviderReviewer && strings.TrimSpace(a.Provider) == "" {
		return FieldErrorf("provider", "初审员须指定所属接入商")
	}
	if a.Role == RoleBureauReviewer && len(a.Provinces) == 0 {
		return FieldErrorf("provinces", "管局审核员须指定至少一个省份")
	}
	if len(a.Provinces) > MaxProvinces {
		return FieldErrorf("provinces", "省份不能超过%d个", MaxProvinces)
	}
	seen := map[string]bool{}
	for _, p := range a.Provinces {
		if seen[p] {
			return FieldErrorf("provinces", "省份重复：%s", p)
		}
		seen[p] = true
	}
	return nil
}

// CheckText refuses text a person could not have meant for a one-line
// field: broken UTF-8, control characters, more than max characters.
func CheckText(field, s string, max int) error { return CheckField(field, s, 0, max) }

// CheckField checks that v has between min and max characters, is valid
// UTF-8 and has no control characters (C0, DEL, C1). min 0 makes the field
// optional.
func CheckField(field, v string, min, max int) error {
	n := utf8.RuneCountInString(v)
	switch {
	case n == 0 && min > 0:
		return FieldErrorf(field, "不能为空")
	case !utf8.ValidString(v):
		return FieldErrorf(field, "含有无效的 UTF-8 字符")
	case n < min:
		return FieldErrorf(field, "至少%d个字符", min)
	case n > max:
		return FieldErrorf(field, "不能超过%d个字符", max)
	case strings.IndexFunc(v, unicode.IsControl) >= 0:
		return FieldErrorf(field, "含有控制字符")
	}
	return nil
}
