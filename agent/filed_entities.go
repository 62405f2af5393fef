package agent

import (
	"context"

	"github.com/beianhq/beian"
)

// maxFiledEntities bounds the filed entities one applicant's page lists.
const maxFiledEntities = 50

// FiledEntities lists the live entities the applicant filed (an
// application of theirs the bureau approved carries the entity's main
// number), with their services, as the registry holds them: what they may
// change or cancel.
func (s *Service) FiledEntities(ctx context.Context, actor *beian.Account) ([]*beian.Entity, error) {
	if actor == nil || actor.Role != beian.RoleApplicant {
		return nil, errNotApplicant
	}
	licences, err := s.DB.ApprovedMainLicences(ctx, actor.ID, maxFiledEntities)
	if err != nil {
		return nil, err
	}
	var out []*beian.Entity
	for _, l := range licences {
		e, err := s.Registry.FiledEntity(ctx, l)
		switch {
		case beian.ErrorCode(err) == beian.ENOTFOUND:
			continue // cancelled since
		case err != nil:
			return nil, err
		case !e.Cancelled:
			out = append(out, e)
		}
	}
	return out, nil
}

// FiledEntity returns the live entity numbered licence if the applicant
// filed it; any other is ENOTFOUND, so that nobody learns of someone
// else's entity.
func (s *Service) FiledEntity(ctx context.Context, actor *beian.Account, licence string) (*beian.Entity, error) {
	if actor == nil || actor.Role != beian.RoleApplicant {
		return nil, errNotApplicant
	}
	ok, err := s.DB.AccountApprovedFor(ctx, actor.ID, licence)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNoFiledEntity
	}
	e, err := s.Registry.FiledEntity(ctx, licence)
	if beian.ErrorCode(err) == beian.ENOTFOUND || (err == nil && e.Cancelled) {
		return nil, errNoFiledEntity
	}
	return e, err
}

// OrderOf returns the id of the order in flight for the entity e at any
// provider (0 when none): while it runs, no other may start.
func (s *Service) OrderOf(ctx context.Context, e *beian.Entity) (int64, error) {
	return s.DB.EntityInFlightID(ctx, e.CertNo, 0)
}

var (
	errNoFiledEntity = beian.Errorf(beian.ENOTFOUND, "未找到您已备案的主体")
	errNotApplicant  = beian.Errorf(beian.EFORBIDDEN, "只有备案申请人可以办理变更和注销")
)

// EntityOf returns the filed entity a change or a cancellation works on
// (by the main number its record carries, or the number its cancellation
// names), as the registry holds it now.
func (s *Service) EntityOf(ctx context.Context, a *beian.Application) (*beian.Entity, error) {
	body := &ApplicationBody{Record: a.Record, Cancel: a.Cancel}
	return s.filedEntity(ctx, body)
}
