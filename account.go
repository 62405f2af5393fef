package beian

import "time"

// Role is what an account may do. Applicants sign up; staff accounts are
// created by an administrator.
type Role string

// Roles.
const (
	RoleApplicant        Role = "applicant"         // files for their own entity
	RoleProviderReviewer Role = "provider_reviewer" // 初审 for one access provider
	RoleBureauReviewer   Role = "bureau_reviewer"   // 管局审核 for some provinces
	RoleAdmin            Role = "admin"             // operations, not review decisions
)

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	switch r {
	case RoleApplicant, RoleProviderReviewer, RoleBureauReviewer, RoleAdmin:
		return true
	}
	return false
}

// Label is the Chinese name of the role.
func (r Role) Label() string {
	switch r {
	case RoleApplicant:
		return "备案申请人"
	case RoleProviderReviewer:
		return "接入商初审员"
	case RoleBureauReviewer:
		return "管局审核员"
	case RoleAdmin:
		return "系统管理员"
	}
	return string(r)
}

// NeedsTOTP reports whether the role must log in with a second factor.
func (r Role) NeedsTOTP() bool { return r == RoleBureauReviewer || r == RoleAdmin }

// Account is a person who logs in.
type Account struct {
	ID   int64
	Role Role
	// Login is the mobile number of an applicant or the user name of staff.
	Login string
	Name  string
	// Enterprise applicants file only for their own entity; personal ones
	// only as 个人.
	Enterprise bool
	// Provider is the access provider a provider reviewer reviews for.
	Provider string
	// Email is where a staff account's notices go ("" for none).
	Email string
	// Provinces are the GB/T 2260 codes a bureau reviewer reviews.
	Provinces    []string
	PasswordHash string
	TOTPSecret   string
	Disabled     bool
	CreatedAt    time.Time
}

// Session is a logged-in browser.
type Session struct {
	ID        int64
	AccountID int64
	CreatedAt time.Time
	LastSeen  time.Time
}
