package beian

import (
	"slices"
)

// Action is something an actor may do to an application.
type Action string

// Actions on applications.
const (
	ViewApplication Action = "view"           // see it and its progress
	EditApplication Action = "edit"           // change or withdraw it
	InitialReview   Action = "initial_review" // 初审: pass or reject
	BureauReview    Action = "bureau_review"  // 管局审核: approve or reject
	Operate         Action = "operate"        // operations: resend, unstick, inspect delivery
)

// ApplicationRef is what the policy needs to know of an application.
type ApplicationRef struct {
	ApplicantID int64  // the account that filed it
	Provider    string // the access provider it was filed through
	Province    string // GB/T 2260 code of the entity's province
}

// Can answers "may this actor do this to this application" — the one place
// that decides it. Applicants act on their own applications only; provider
// reviewers on those filed through their provider; bureau reviewers on those
// of their provinces; administrators operate the system but make no review
// decision and do not edit anyone's filing.
func Can(a *Account, act Action, app ApplicationRef) bool {
	if a == nil || a.Disabled {
		return false
	}
	switch a.Role {
	case RoleApplicant:
		return a.ID == app.ApplicantID && (act == ViewApplication || act == EditApplication)
	case RoleProviderReviewer:
		return a.Provider != "" && a.Provider == app.Provider && (act == ViewApplication || act == InitialReview)
	case RoleBureauReviewer:
		return slices.Contains(a.Provinces, app.Province) && (act == ViewApplication || act == BureauReview)
	case RoleAdmin:
		return act == ViewApplication || act == Operate
	}
	return false
}
