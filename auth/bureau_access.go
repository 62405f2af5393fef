package auth

import "github.com/beianhq/beian"

// BureauStaff: bureau reviewers and administrators, for what the bureau
// keeps (the blacklist, the shell queue); which province each may touch is
// the services' object-level check, and decisions stay with reviewers.
var BureauStaff = Access{"bureau_staff", roleIs(beian.RoleBureauReviewer, beian.RoleAdmin)}
