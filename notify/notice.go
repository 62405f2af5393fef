package notify

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

// security marks the notices that tell a principal their credentials
// changed: the send limits delay them, never drop them.
type security interface{ security() }

func (PasswordIssued) security() {}
func (PasswordReset) security()  {}

func isSecurity(n Notice) bool {
	_, ok := n.(security)
	return ok
}

// allNotices lists one value of every notice, so start-up can check that each
// has its templates in every language.
var allNotices = []Notice{PasswordIssued{}, PasswordReset{}, VerificationCode{}, ReviewResult{}, BureauResult{}, StatusChanged{}}
