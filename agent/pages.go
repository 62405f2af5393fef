package agent

import (
	"context"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
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

// WizardStateTTL is how long the wizard keeps an applicant's unsaved input.
const WizardStateTTL = 30 * 24 * time.Hour

// WizardState returns the wizard's unsaved input the caller left, if any
// (an opaque document of the pages), younger than WizardStateTTL.
func (s *Service) WizardState(ctx context.Context, actor *beian.Account) (string, bool, error) {
	if actor == nil || actor.Role != beian.RoleApplicant {
		return "", false, nil
	}
	return s.DB.WizardState(ctx, actor.ID, s.now().Add(-WizardStateTTL))
}

// SaveWizardState keeps the caller's unsaved wizard input on the server, so
// certificate numbers and mobiles never ride in a cookie.
func (s *Service) SaveWizardState(ctx context.Context, actor *beian.Account, state string) error {
	if actor == nil || actor.Role != beian.RoleApplicant {
		return beian.Errorf(beian.EFORBIDDEN, "只有备案申请人可以填写备案申请")
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.SetWizardState(ctx, actor.ID, state) })
}

// ClearWizardState forgets the caller's unsaved wizard input.
func (s *Service) ClearWizardState(ctx context.Context, actor *beian.Account) error {
	if actor == nil {
		return nil
	}
	return s.DB.InTx(ctx, func(tx *store.Tx) error { return tx.ClearWizardState(ctx, actor.ID) })
}
