package beian

import (
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/beianhq/beian/rules"
)

// BlacklistKind is what a blacklist entry names.
type BlacklistKind string

// Blacklist kinds: an entity's certificate, a principal's certificate, a
// registrable domain.
const (
	BlacklistEntity    BlacklistKind = "entity"
	BlacklistPrincipal BlacklistKind = "principal"
	BlacklistDomain    BlacklistKind = "domain"
)

// Label is the kind's Chinese name.
func (k BlacklistKind) Label() string {
	switch k {
	case BlacklistEntity:
		return "主体证件"
	case BlacklistPrincipal:
		return "负责人证件"
	case BlacklistDomain:
		return "域名"
	}
	return ""
}

// BlacklistEntry is a certificate or domain that may not file (黑名单),
// kept by the bureau of Province with a reason, until ExpiresAt (zero:
// until removed).
type BlacklistEntry struct {
	ID        int64
	Kind      BlacklistKind
	Value     string // certificate number (upper case) or ASCII domain
	Province  string // GB/T 2260 code of the bureau that keeps it
	Reason    string
	CreatedBy int64
	CreatedAt time.Time
	ExpiresAt time.Time
	RemovedAt time.Time
}

// Normalize checks e as bureau staff gave it, as of now, and puts the value
// and the province in their stored forms.
func (e *BlacklistEntry) Normalize(now time.Time) error {
	switch e.Kind {
	case BlacklistEntity, BlacklistPrincipal:
		e.Value = NormalizeCertNo(e.Value)
		if err := CheckField("value", e.Value, 4, 64); err != nil {
			return err
		}
	case BlacklistDomain:
		d, err := rules.ParseFilingDomain(strings.TrimSpace(e.Value))
		if err != nil {
			return FieldError("value", err)
		}
		e.Value = d.ASCII
	default:
		return FieldErrorf("kind", "应为 entity（主体证件）、principal（负责人证件）或 domain（域名）")
	}
	p, ok := rules.LookupProvince(e.Province)
	if !ok {
		return FieldErrorf("province", "未知的省份 %q", e.Province)
	}
	e.Province = p.Code
	e.Reason = strings.TrimSpace(e.Reason)
	if n := utf8.RuneCountInString(e.Reason); n < 2 || n > 200 {
		return FieldErrorf("reason", "请填写列入黑名单的原因（2到200个字符）")
	}
	if !e.ExpiresAt.IsZero() && !e.ExpiresAt.After(now) {
		return FieldErrorf("expiresAt", "到期时间应晚于当前时间")
	}
	return nil
}

// Active reports whether e bars filing at now.
func (e *BlacklistEntry) Active(now time.Time) bool {
	return e.RemovedAt.IsZero() && (e.ExpiresAt.IsZero() || now.Before(e.ExpiresAt))
}

// BlacklistRefusal is the refusal of a filing that names a blacklisted
// value, naming the request field it came from.
func BlacklistRefusal(field string, e BlacklistEntry) error {
	return &Error{Code: ECONFLICT, Field: field, Message: field + ": 该" + e.Kind.Label() + "已被列入备案黑名单，不能备案（" + e.Reason + "）"}
}

// CanKeepBlacklist reports whether a may add or remove entries of
// province: bureau reviewers for their provinces, administrators for all.
func CanKeepBlacklist(a *Account, province string) bool {
	if a == nil || a.Disabled {
		return false
	}
	return a.Role == RoleAdmin || (a.Role == RoleBureauReviewer && slices.Contains(a.Provinces, province))
}
