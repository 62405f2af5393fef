package agent

import (
	"context"

	"github.com/beianhq/beian"
)

// Get returns an application the caller may see.
func (s *Service) Get(ctx context.Context, actor *beian.Account, id int64) (*beian.Application, error) {
	return s.load(ctx, actor, beian.ViewApplication, id)
}

// Versions returns the submitted versions of an application the caller
// may see, oldest first, for the reviewer's "what changed".
func (s *Service) Versions(ctx context.Context, actor *beian.Account, id int64) ([]beian.ApplicationVersion, error) {
	if _, err := s.load(ctx, actor, beian.ViewApplication, id); err != nil {
		return nil, err
	}
	return s.DB.FindVersions(ctx, id)
}

// List returns a page of the applications the caller sees and their total:
// an applicant their own, newest first; a provider reviewer their
// provider's, by deadline (the queue).
func (s *Service) List(ctx context.Context, actor *beian.Account, f beian.ApplicationFilter) ([]beian.ApplicationSummary, int, error) {
	if f.Status != "" && !f.Status.Valid() {
		return nil, 0, beian.FieldErrorf("status", "未知的申请状态 %q", string(f.Status))
	}
	switch {
	case actor == nil:
		return nil, 0, beian.Errorf(beian.EUNAUTHORIZED, "请先登录")
	case actor.Role == beian.RoleApplicant:
		f.AccountID, f.Provider, f.ByDeadline = actor.ID, "", false
	case actor.Role == beian.RoleProviderReviewer && actor.Provider != "":
		f.AccountID, f.Provider, f.ByDeadline = 0, actor.Provider, true
	default:
		return nil, 0, beian.Errorf(beian.EFORBIDDEN, "只有备案申请人和接入商审核员可以查看备案申请")
	}
	return s.DB.FindApplications(ctx, f)
}
