package beian

import (
	"strconv"
	"strings"
	"time"
)

// RegistryFiling is a filing as the registry holds it: what a provider
// submitted after its initial review (the frozen record, the access of each
// service, the materials' checksums), and where the regulator's part stands:
// SMS verification, the bureau's review, the numbers issued.
type RegistryFiling struct {
	ID int64
	// Provider and ApplicationID, Version name the provider's application
	// and the frozen version submitted.
	Provider      string
	ApplicationID int64
	Version       int
	FilingType    FilingType
	Record        *ApplicationRecord // nil for a cancellation
	Cancel        *Cancellation      // set for a cancellation
	// Access[i] is the access of Record.Entity.Services[i]: the provider of
	// its product and the IPs it serves from.
	Access    [][]Access
	Materials []MaterialRef
	// Remote says the provider submitted over the provider API: its agent
	// runs apart and pulls the changes; no application here mirrors them.
	Remote bool
	// SubmittedAt is when the provider submitted; AcceptedAt when the
	// registry took it.
	SubmittedAt time.Time
	AcceptedAt  time.Time
	Status      ApplicationStatus
	// Province is the entity's GB/T 2260 code: the bureau that reviews.
	Province string
	// SMSDeadline ends the SMS verification window; Deadline is the
	// bureau's, set when the filing enters its queue.
	SMSDeadline time.Time
	Deadline    time.Time
	// WrongAttempts counts wrong SMS verification attempts.
	WrongAttempts   int
	Rejections      []Rejection
	MainLicence     string
	ServiceLicences []string
	Events          []Event
	UpdatedAt       time.Time
}

// MaterialRef is a material as the registry sees it: its kind and checksum.
type MaterialRef struct {
	Kind   MaterialKind `json:"kind"`
	SHA256 string       `json:"sha256"`
}

// RegistryChange is one registry transition, as the provider's side mirrors
// it onto its application.
type RegistryChange struct {
	FilingID        int64             `json:"filingId"`
	Provider        string            `json:"provider"`
	ApplicationID   int64             `json:"applicationId"`
	Version         int               `json:"version"`
	Status          ApplicationStatus `json:"status"`
	At              time.Time         `json:"at"`
	Note            string            `json:"note"`
	Deadline        time.Time         `json:"deadline,omitzero"` // of the step that starts, zero when none
	Rejections      []Rejection       `json:"rejections,omitempty"`
	MainLicence     string            `json:"mainLicence"`
	ServiceLicences []string          `json:"serviceLicences,omitempty"`
}

// The registry's SMS verification rules (短信核验): the window a filing
// has, the wrong attempts it survives, and the answers of the portal.
const (
	SMSVerifyWindow   = 24 * time.Hour
	SMSMaxWrong       = 5 // the 6th wrong attempt returns the filing
	SMSCertSuffixLen  = 6
	SMSVerifyPartial  = "您的短信核验完成，请等待其他核验人进行短信核验"
	SMSVerifyDone     = "您的短信核验已全部完成，该请求将提交管局审核"
	SMSVerifyNotFound = "该条验证库里找不到记录"
	SMSResendNothing  = "暂无待短信核验的备案申请，无需重发短信"
	SMSResendDone     = "验证码已重新发送，请注意查收"
	// BureauWorkingDays is the bureau's legal time limit.
	BureauWorkingDays = 20
)

// Verifier is one principal who must pass SMS verification for a filing.
type Verifier struct {
	Role   string // "entity" or "services[i]"
	Name   string
	Mobile string
	CertNo string
}

// Verifiers lists who must verify f (FilingVerifiers by filing type and
// sub-case): cur is the filed entity a change, cancellation or new access
// works on (nil for 首次备案 and 新增网站). A person who holds several roles
// — the same certificate number — verifies once; a role is "entity" or
// "services[i]" of the record.
func (f *RegistryFiling) Verifiers(cur *Entity) []Verifier {
	ps := FilingVerifiers(cur, Filing{FilingType: f.FilingType, Provider: f.Provider, Record: f.Record, Cancel: f.Cancel})
	var out []Verifier
	seen := map[string]bool{}
	for _, p := range ps {
		k := strings.ToUpper(strings.TrimSpace(p.CertNo))
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, Verifier{Role: f.roleOf(cur, p), Name: p.Name, Mobile: p.Mobile, CertNo: p.CertNo})
	}
	return out
}

// roleOf names the role p verifies in: the entity principal, else the
// first service of the record p is the principal of.
func (f *RegistryFiling) roleOf(cur *Entity, p Principal) string {
	var rec *Entity
	if f.Record != nil {
		rec = &f.Record.Entity
	}
	for _, e := range []*Entity{rec, cur} {
		if e != nil && e.Principal.CertNo == p.CertNo && e.Principal.Mobile == p.Mobile && SMSEntityVerifies(f.FilingType) {
			return "entity"
		}
	}
	if rec != nil {
		for i, s := range rec.Services {
			if sp := servicePrincipal(cur, rec, s); sp.CertNo == p.CertNo {
				return "services[" + strconv.Itoa(i) + "]"
			}
		}
	}
	return "entity"
}

// Subject returns the entity a filing concerns, as the queue shows it:
// from the record, else from the cancellation.
func (f *RegistryFiling) Subject() (unitName, certNo string) {
	switch {
	case f.Record != nil:
		return f.Record.Entity.UnitName, f.Record.Entity.CertNo
	case f.Cancel != nil:
		return f.Cancel.UnitName, f.Cancel.CertNo
	}
	return "", ""
}

// CertSuffix is what a principal types to verify: the last six characters
// of the certificate number, upper-cased, full-width brackets as given.
func CertSuffix(certNo string) string {
	r := []rune(strings.ToUpper(strings.TrimSpace(certNo)))
	if len(r) > SMSCertSuffixLen {
		r = r[len(r)-SMSCertSuffixLen:]
	}
	return string(r)
}

// FilingNo is how messages and pages name a registry filing.
func FilingNo(id int64) string { return "F" + strconv.FormatInt(id, 10) }

// Overdue reports whether f's bureau review has passed its deadline at now.
func (f *RegistryFiling) Overdue(now time.Time) bool {
	return f.Status == StatusBureauReview && !f.Deadline.IsZero() && now.After(f.Deadline)
}

// RecordEvent appends a history event.
func (f *RegistryFiling) RecordEvent(to ApplicationStatus, at time.Time, note string) {
	f.Status, f.UpdatedAt = to, at
	f.Events = append(f.Events, Event{At: at, Status: to, Note: note})
}

// registryTransitions are the moves the registry makes.
var registryTransitions = map[ApplicationStatus][]ApplicationStatus{
	StatusSMSVerification: {StatusBureauReview, StatusReturned},
	StatusBureauReview:    {StatusApproved, StatusBureauRejected},
}

// CheckRegistryTransition returns nil when the registry may move a filing
// from one status to the other, else ECONFLICT saying why.
func CheckRegistryTransition(from, to ApplicationStatus) error {
	for _, s := range registryTransitions[from] {
		if s == to {
			return nil
		}
	}
	return Errorf(ECONFLICT, "备案当前状态为“%s”，不能变为“%s”", from.Label(), to.Label())
}
