package beian

import "time"

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
	Events     []Event     // every status change, oldest first
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
	Service   int // index into Record.Entity.Services
	ProductID string
	AuthCode  string
}

// Cancellation names what a cancellation application removes: the entity
// (注销主体: MainLicence), one service (注销网站: ServiceLicence) or one
// provider's access record of a service (取消接入: ServiceLicence and the
// ProductID of that provider), and why.
type Cancellation struct {
	MainLicence    string
	ServiceLicence string
	ProductID      string
	Reason         string
}

// Rejection is one field-level reason a reviewer gave. Field is the path of
// the field at fault in the record (e.g. services[0].serviceName) or a
// material (materials.principalPhoto).
type Rejection struct {
	Field  string
	Reason string
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
	a.Events = append(a.Events, Event{At: at, Status: to, Note: note})
	if to != StatusRejected && to != StatusBureauRejected {
		a.Rejections = nil
	}
	return nil
}

// Editable reports whether the applicant may change the record now.
func (a *Application) Editable() bool {
	return a.Status == StatusDraft || a.Status == StatusRejected
}
