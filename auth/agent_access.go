package auth

import "github.com/beianhq/beian"

// Agents: the two sides of the agent wizard, applicants and the provider's
// reviewers. Bureau reviewers and administrators have no business there;
// which application each may see is the services' object-level check.
var Agents = Access{"agent", roleIs(beian.RoleApplicant, beian.RoleProviderReviewer)}
