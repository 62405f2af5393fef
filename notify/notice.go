package notify

import "fmt"

// Notice is the typed data of one kind of notification; its template name
// picks the files under templates/.
type Notice interface {
	template() string
}

// PasswordIssued tells an entity principal the filing password issued with
// the entity's first approved filing.
type PasswordIssued struct {
	UnitName    string
	MainLicence string
	Password    string
}

// PasswordReset tells an entity principal the new password after a recovery
// (找回) or a change (修改); Changed is set for a change, whose message does
// not repeat the password.
type PasswordReset struct {
	UnitName    string
	MainLicence string
	Password    string
	Changed     bool
}

// VerificationCode is a one-time SMS code.
type VerificationCode struct {
	Code         string
	Purpose      string // e.g. 注册账号, 重置密码, 备案短信核验
	ValidMinutes int
}

// ReviewResult is the outcome of a provider's initial review (初审).
type ReviewResult struct {
	ApplicationNo string
	UnitName      string
	Approved      bool
	Reasons       []string
}

// BureauResult is the outcome of the provincial bureau's review (管局审核).
type BureauResult struct {
	ApplicationNo string
	UnitName      string
	Approved      bool
	Licence       string // the number issued, when approved
	Reasons       []string
}

// StatusChanged tells an applicant that an application moved on.
type StatusChanged struct {
	ApplicationNo string
	UnitName      string
	Status        string
}

func (PasswordIssued) template() string   { return "password_issued" }
func (PasswordReset) template() string    { return "password_reset" }
func (VerificationCode) template() string { return "verification_code" }
func (ReviewResult) template() string     { return "review_result" }
func (BureauResult) template() string     { return "bureau_result" }
func (StatusChanged) template() string    { return "status_changed" }

// essential marks the notices a principal must receive: that their
// credentials changed, and the bureau's decision on their filing (which
// often follows the verification code to the same number within the
// minute). The send limits delay them, never drop them.
type essential interface{ essential() }

func (PasswordIssued) essential() {}
func (PasswordReset) essential()  {}
func (BureauResult) essential()   {}

func isEssential(n Notice) bool {
	_, ok := n.(essential)
	return ok
}

// Validity says how long a code is valid, in the unit a reader expects:
// "10分钟", "24小时".
func (c VerificationCode) Validity() string {
	if c.ValidMinutes >= 60 && c.ValidMinutes%60 == 0 {
		return fmt.Sprintf("%d小时", c.ValidMinutes/60)
	}
	return fmt.Sprintf("%d分钟", c.ValidMinutes)
}

// ValidityEN is Validity in English.
func (c VerificationCode) ValidityEN() string {
	if c.ValidMinutes >= 60 && c.ValidMinutes%60 == 0 {
		return fmt.Sprintf("%d hours", c.ValidMinutes/60)
	}
	return fmt.Sprintf("%d minutes", c.ValidMinutes)
}

// allNotices lists one value of every notice, so start-up can check that each
// has its templates in every language.
var allNotices = []Notice{PasswordIssued{}, PasswordReset{}, VerificationCode{}, ReviewResult{}, BureauResult{}, StatusChanged{},
	ShellFound{}, ShellProvider{}, AccessLimited{}, FilingCancelled{}}
