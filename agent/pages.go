package agent

import (
	"context"

	"github.com/beianhq/beian"
)

// CheckPassword runs the legacy password step (备案密码) for the caller on
// its own, before any draft exists: the wizard's pages check it as soon as
// it is typed. licence is the entity's main number the type check gave
// ("" for a first filing).
func (s *Service) CheckPassword(ctx context.Context, actor *beian.Account, licence, pw string) error {
	if actor == nil || actor.Role != beian.RoleApplicant {
		return beian.Errorf(beian.EFORBIDDEN, "只有备案申请人可以填写备案密码")
	}
	return s.checkLegacyPassword(ctx, licence, pw)
}
