package beian

// ApplicationStatus is where an application stands. The values are part of
// the public API and never change.
type ApplicationStatus string

// Application statuses.
const (
	StatusDraft           ApplicationStatus = "draft"            // being filled in
	StatusInitialReview   ApplicationStatus = "initial_review"   // 接入商初审
	StatusRejected        ApplicationStatus = "rejected"         // 初审驳回, back to the applicant
	StatusSMSVerification ApplicationStatus = "sms_verification" // 工信部短信核验
	StatusBureauReview    ApplicationStatus = "bureau_review"    // 管局审核
	StatusApproved        ApplicationStatus = "approved"         // 备案成功
	StatusBureauRejected  ApplicationStatus = "bureau_rejected"  // 管局驳回, back to the provider
	StatusReturned        ApplicationStatus = "returned"         // SMS verification failed or timed out
	StatusAbandoned       ApplicationStatus = "abandoned"        // 放弃, or expired after a rejection
)

// ApplicationStatuses lists every status in the order of the workflow.
var ApplicationStatuses = []ApplicationStatus{
	StatusDraft, StatusInitialReview, StatusRejected, StatusSMSVerification,
	StatusBureauReview, StatusApproved, StatusBureauRejected, StatusReturned,
	StatusAbandoned,
}

var statusLabels = map[ApplicationStatus]string{
	StatusDraft:           "待提交",
	StatusInitialReview:   "接入商初审中",
	StatusRejected:        "初审驳回",
	StatusSMSVerification: "短信核验中",
	StatusBureauReview:    "管局审核中",
	StatusApproved:        "备案成功",
	StatusBureauRejected:  "管局驳回",
	StatusReturned:        "已退回（短信核验未完成）",
	StatusAbandoned:       "已放弃",
}

// Valid reports whether s is a known status.
func (s ApplicationStatus) Valid() bool { _, ok := statusLabels[s]; return ok }

// Label is the Chinese name of the status.
func (s ApplicationStatus) Label() string {
	if l, ok := statusLabels[s]; ok {
		return l
	}
	return string(s)
}

// InFlight reports whether an application in this status still occupies its
// account (one order in flight per account) and its entity and domains.
func (s ApplicationStatus) InFlight() bool {
	return s.Valid() && s != StatusApproved && s != StatusAbandoned
}

// transitions lists, for each status, the statuses it may move to.
//
//   - submit: draft/rejected → initial_review; withdraw (撤销): initial_review → draft
//   - review: initial_review → rejected | sms_verification; approving a
//     returned application submits it again (returned → sms_verification)
//   - registry: sms_verification → bureau_review | returned;
//     bureau_review → approved | bureau_rejected
//   - a bureau rejection goes back to the provider, who passes it on to the
//     applicant as a rejection (bureau_rejected → rejected)
//   - abandon (放弃) at any time before the bureau approves; a rejected order
//     nobody touches expires into abandoned as well
var transitions = map[ApplicationStatus][]ApplicationStatus{
	StatusDraft:           {StatusInitialReview, StatusAbandoned},
	StatusInitialReview:   {StatusDraft, StatusRejected, StatusSMSVerification, StatusAbandoned},
	StatusRejected:        {StatusInitialReview, StatusAbandoned},
	StatusSMSVerification: {StatusBureauReview, StatusReturned, StatusAbandoned},
	StatusBureauReview:    {StatusApproved, StatusBureauRejected, StatusAbandoned},
	StatusBureauRejected:  {StatusRejected, StatusAbandoned},
	StatusReturned:        {StatusSMSVerification, StatusAbandoned},
	StatusApproved:        nil,
	StatusAbandoned:       nil,
}

// CanTransition reports whether the workflow allows moving from one status
// to another.
func CanTransition(from, to ApplicationStatus) bool {
	for _, s := range transitions[from] {
		if s == to {
			return true
		}
	}
	return false
}

// CheckTransition returns nil when from → to is allowed, else an ECONFLICT
// error saying so in Chinese.
func CheckTransition(from, to ApplicationStatus) error {
	switch {
	case !from.Valid():
		return Errorf(EINVALID, "status: 未知的申请状态 %q", string(from))
	case !to.Valid():
		return Errorf(EINVALID, "status: 未知的申请状态 %q", string(to))
	case CanTransition(from, to):
		return nil
	case len(transitions[from]) == 0:
		return Errorf(ECONFLICT, "申请当前状态为“%s”，不能再变更状态", from.Label())
	}
	return Errorf(ECONFLICT, "申请当前状态为“%s”，不能变为“%s”", from.Label(), to.Label())
}
