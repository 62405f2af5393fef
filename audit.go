package beian

import "time"

// AuditRecord is one line of the audit log. Passwords and codes never
// appear in it.
type AuditRecord struct {
	At      time.Time
	Actor   string // "public" for anonymous requests
	Action  string // e.g. password.recover
	Object  string // e.g. the main number
	Client  string // client address
	Outcome string // e.g. matched, unmatched, limited, changed, wrong_password, locked
}

// TOTPState is the second-factor state of an account besides its confirmed
// secret (Account.TOTPSecret).
type TOTPState struct {
	Pending  string // secret shown for enrolment, not yet confirmed
	LastStep int64  // last time step accepted: a code works once
}
