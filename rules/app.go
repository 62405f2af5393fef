package rules

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// App platforms an App (service type 6) may be filed for, with the spelling
// the API uses.
var AppPlatforms = []string{"Android", "iOS", "HarmonyOS"}

// LookupAppPlatform returns the canonical spelling of an App platform name,
// case-insensitively ("ios" → "iOS").
func LookupAppPlatform(s string) (string, bool) {
	s = strings.TrimSpace(s)
	for _, p := range AppPlatforms {
		if strings.EqualFold(p, s) {
			return p, true
		}
	}
	return "", false
}

// CheckPackageName checks an App's package name (Android applicationId, iOS
// bundle identifier, HarmonyOS bundleName): 3 to 128 ASCII characters, at
// least two dot-separated segments, each starting with a letter and made
// of letters, digits, '_' or '-'.
func CheckPackageName(s string) error {
	if s == "" {
		return errEmpty
	}
	if len(s) < 3 || len(s) > 128 {
		return errors.New("包名长度应为3到128个字符")
	}
	segs := strings.Split(s, ".")
	if len(segs) < 2 {
		return errors.New("包名至少由两段组成，以“.”分隔，如 com.example.app")
	}
	for _, seg := range segs {
		if seg == "" {
			return errors.New("包名中不能有空段（连续或首尾的“.”）")
		}
		if c := seg[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return fmt.Errorf("包名的每一段须以字母开头（%q）", seg)
		}
		for _, c := range seg {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
				return fmt.Errorf("包名只能包含字母、数字、“_”、“-”和“.”（%q）", seg)
			}
		}
	}
	return nil
}

// NormalizeFingerprint returns a signing-certificate fingerprint as
// upper-case hex without separators. It accepts the forms keytool and
// signing reports print: hex digits in either case, optionally in pairs
// separated by ':' or spaces. Only SHA-1 (40 hex digits) and SHA-256 (64)
// fingerprints are accepted.
func NormalizeFingerprint(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errEmpty
	}
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= '0' && c <= '9', c >= 'A' && c <= 'F':
			b.WriteRune(c)
		case c >= 'a' && c <= 'f':
			b.WriteRune(c - 'a' + 'A')
		case c == ':' || c == ' ':
		default:
			return "", errors.New("签名证书指纹只能包含十六进制数字（可用“:”分隔）")
		}
	}
	hex := b.String()
	switch len(hex) {
	case 40, 64:
		return hex, nil
	case 32:
		return "", errors.New("MD5 指纹不可用，请填写签名证书的 SHA-1（40位）或 SHA-256（64位）指纹")
	}
	return "", fmt.Errorf("签名证书指纹应为 SHA-1（40位）或 SHA-256（64位）十六进制，现为%d位", len(hex))
}

// MiniProgramPlatforms are the platforms mini-programs (7) and quick apps (8)
// are commonly filed through. Other names are accepted; these get their
// app id form checked.
var MiniProgramPlatforms = []string{"微信", "支付宝", "百度", "抖音", "QQ", "快手", "小红书", "华为快应用", "快应用联盟"}

// CheckMiniPlatform checks the platform name of a mini-program or quick app:
// 2 to 30 characters, no control characters.
func CheckMiniPlatform(s string) error {
	if s == "" {
		return errEmpty
	}
	if n := utf8.RuneCountInString(s); n < 2 || n > 30 || !utf8.ValidString(s) {
		return errors.New("平台名称应为2到30个字符")
	}
	for _, c := range s {
		if c < 0x20 || c == 0x7f {
			return errors.New("平台名称含有控制字符")
		}
	}
	return nil
}

// CheckAppID checks the app id a platform gave a mini-program or quick app:
// 4 to 64 ASCII letters, digits, '.', '_' or '-'; on 微信 the AppID form
// wx followed by 16 lower-case hex digits, on 支付宝 16 digits.
func CheckAppID(platform, id string) error {
	if id == "" {
		return errEmpty
	}
	switch platform {
	case "微信":
		if len(id) != 18 || !strings.HasPrefix(id, "wx") || strings.Trim(id[2:], "0123456789abcdef") != "" {
			return errors.New("微信小程序 AppID 应为 wx 加16位十六进制小写字符")
		}
		return nil
	case "支付宝":
		if len(id) != 16 || !allDigits(id) {
			return errors.New("支付宝小程序 AppID 应为16位数字")
		}
		return nil
	}
	if len(id) < 4 || len(id) > 64 {
		return errors.New("AppID 长度应为4到64个字符")
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-') {
			return errors.New("AppID 只能包含字母、数字、“.”、“_”和“-”")
		}
	}
	return nil
}
