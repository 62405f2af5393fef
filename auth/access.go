package auth

import "github.com/beianhq/beian"

// Access says who may use a route: a guard on the route, not a filing rule
// (those are in package rules). Every route declares one; the server
// refuses to start with a route that has none. Object-level checks (an
// applicant's own applications, a bureau reviewer's provinces) are made by
// the services on top of these.
type Access struct {
	Name  string
	allow func(a *beian.Account) bool
}

// Allows reports whether a (nil: anonymous) may use a route under r.
func (r Access) Allows(a *beian.Account) bool { return r.allow != nil && r.allow(a) }

// Defined reports whether r was built by this package.
func (r Access) Defined() bool { return r.allow != nil }

func roleIs(roles ...beian.Role) func(*beian.Account) bool {
	return func(a *beian.Account) bool {
		if a == nil {
			return false
		}
		for _, r := range roles {
			if a.Role == r {
				return true
			}
		}
		return false
	}
}

// The access levels routes choose from.
var (
	// Public: anyone, logged in or not.
	Public = Access{"public", func(*beian.Account) bool { return true }}
	// Authenticated: any logged-in account.
	Authenticated = Access{"authenticated", func(a *beian.Account) bool { return a != nil }}
	// Applicants: applicant accounts.
	Applicants = Access{"applicant", roleIs(beian.RoleApplicant)}
	// ProviderReviewers: 初审 staff.
	ProviderReviewers = Access{"provider_reviewer", roleIs(beian.RoleProviderReviewer)}
	// BureauReviewers: 管局 staff.
	BureauReviewers = Access{"bureau_reviewer", roleIs(beian.RoleBureauReviewer)}
	// Admins: operators. They run the system; they make no review decisions.
	Admins = Access{"admin", roleIs(beian.RoleAdmin)}
)
