package beian

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Application is an order (备案订单) an applicant files through their access
// provider: the record to be filed, the products its services run on, and
// where it stands in the review.
type Application struct {
	ID         int64
	AccountID  int64  // the applicant account that files it
	Provider   string // the access provider whose reviewer does the initial review
	FilingType FilingType
	Status     ApplicationStatus
	// Version is the number of the last submitted snapshot: 0 until the first
	// submission, then 1, 2, … Each submission freezes the record as it is.
	Version    int
	Record     *ApplicationRecord // nil for a cancellation
	Cancel     *Cancellation      // set for 注销主体, 注销网站 and 取消接入
	Products   []ProductChoice
	Rejections []Rejection // the reasons of the last rejection, empty otherwise
	// RealPerson is the real-person verification of the submitted version;
	// the provider's reviewer cannot approve until it has passed.
	RealPerson *RealPersonCheck
	Events     []Event // every status change, oldest first
	// Deadline is when the current review step is due (zero when none runs).
	Deadline time.Time
	// Numbers the registry gave on approval.
	MainLicence     string
	ServiceLicences []string
	LegacyPassword  string // kept as given and never checked (abolished in 2020)
	CreatedAt       time.Time
	UpdatedAt       time.Time
	SubmittedAt     time.Time // the last submission
}

// ProductChoice names the product a service of the record runs on: one the
// applicant holds (ProductID), or another account's product through a
// single-use authorization code (AuthCode).
type ProductChoice struct {
	Service   int    `json:"service"` // index into Record.Entity.Services
	ProductID string `json:"productId"`
	AuthCode  string `json:"authCode"`
}

// Cancellation names what a cancellation application removes: the entity
// (注销主体: MainLicence), one service (注销网站: ServiceLicence) or one
// provider's access record of a service (取消接入: ServiceLicence and the
// ProductID of that provider), and why.
type Cancellation struct {
	MainLicence    string `json:"mainLicence"`
	ServiceLicence string `json:"serviceLicence"`
	ProductID      string `json:"productId"`
	Reason         string `json:"reason"`
	// The entity it works on, as filed when the application was made: the
	// order's province, name and certificate (one order per entity).
	Province string `json:"province"`
	UnitName string `json:"unitName"`
	CertNo   string `json:"certNo"`
}

// Rejection is one field-level reason a reviewer gave. Field is the path of
// the field at fault in the record (e.g. services[0].serviceName) or a
// material (materials.principalPhoto).
type Rejection struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Event is one step in the history of an application.
type Event struct {
	At     time.Time
	Status ApplicationStatus
	Note   string
}

// Transition moves a to status to at time at, recording the event; a
// transition the workflow does not allow is refused with ECONFLICT and a
// leaves a unchanged.
func (a *Application) Transition(to ApplicationStatus, at time.Time, note string) error {
	if err := CheckTransition(a.Status, to); err != nil {
		return err
	}
	a.Status = to
	a.UpdatedAt = at
	a.Deadline = time.Time{} // the caller sets the deadline of the next step
	a.Events = append(a.Events, Event{At: at, Status: to, Note: note})
	a.Rejections = nil
	return nil
}

// Submit starts the initial review of the record as it is now, frozen as
// the next version, due at deadline (one working day on the calendar).
func (a *Application) Submit(at, deadline time.Time) error {
	if err := a.Transition(StatusInitialReview, at, fmt.Sprintf("提交第%d版", a.Version+1)); err != nil {
		return err
	}
	a.Version++
	a.SubmittedAt = at
	a.Deadline = deadline
	return nil
}

// Reject sends a back to the applicant (initial review) or, for a bureau
// rejection, to the provider, with at least one field-level reason.
func (a *Application) Reject(to ApplicationStatus, rs []Rejection, at time.Time, note string) error {
	if to != StatusRejected && to != StatusBureauRejected {
		return Errorf(EINVALID, "status: 驳回后的状态应为 rejected 或 bureau_rejected")
	}
	if err := CheckRejections(rs); err != nil {
		return err
	}
	if err := a.Transition(to, at, note); err != nil {
		return err
	}
	a.Rejections = append([]Rejection(nil), rs...)
	return nil
}

// Approve passes the initial review and hands the application to the
// registry (sms_verification); approving a returned application submits it
// again. The real-person verification must have passed.
func (a *Application) Approve(at time.Time, note string) error {
	if a.Status != StatusInitialReview && a.Status != StatusReturned {
		return CheckTransition(a.Status, StatusSMSVerification)
	}
	if err := CheckApprovable(a.RealPerson); err != nil {
		return err
	}
	return a.Transition(StatusSMSVerification, at, note)
}

// RejectedExpiry is how long a rejected order may stay untouched before it
// expires into abandoned (providers allow 45 days).
const RejectedExpiry = 45 * 24 * time.Hour

// Overdue reports whether a review step of a has passed its deadline at now.
func (a *Application) Overdue(now time.Time) bool {
	inReview := a.Status == StatusInitialReview || a.Status == StatusBureauReview
	return inReview && !a.Deadline.IsZero() && now.After(a.Deadline)
}

// Expired reports whether a rejected a has been left untouched for
// RejectedExpiry at now.
func (a *Application) Expired(now time.Time) bool {
	return a.Status == StatusRejected && !now.Before(a.UpdatedAt.Add(RejectedExpiry))
}

// Longest free-text rejection reason, in characters.
const maxRejectionReason = 500

// CheckRejections checks the reasons of a rejection: at least one, each
// naming a field (a record path such as services[0].serviceName, or
// materials.KIND) and giving a reason.
func CheckRejections(rs []Rejection) error {
	if len(rs) == 0 {
		return FieldErrorf("rejections", "驳回时至少填写一条原因")
	}
	for i, r := range rs {
		f := fmt.Sprintf("rejections[%d]", i)
		if !validFieldPath(r.Field) {
			return FieldErrorf(f+".field", "请指明被驳回的字段，如 services[0].serviceName 或 materials.principalPhoto")
		}
		if n := utf8.RuneCountInString(strings.TrimSpace(r.Reason)); n == 0 || n > maxRejectionReason {
			return FieldErrorf(f+".reason", "驳回原因应为1到%d个字符", maxRejectionReason)
		}
	}
	return nil
}

// validFieldPath accepts names, dots and [n] indices: services[0].domains[1].
func validFieldPath(p string) bool {
	if p == "" || len(p) > 200 || p[0] == '.' || p[0] == '[' {
		return false
	}
	for _, c := range p {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '[' || c == ']' || c == '_') {
			return false
		}
	}
	return true
}

// Editable reports whether the applicant may change the record now.
func (a *Application) Editable() bool {
	return a.Status == StatusDraft || a.Status == StatusRejected
}
