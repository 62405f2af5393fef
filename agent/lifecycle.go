package agent

import (
	"context"
	"fmt"
	"io"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// Submit sends a draft or rejected application to the provider's initial
// review: the required materials must be there and the products still
// qualify; the record is frozen as the next numbered version, due in one
// working day.
func (s *Service) Submit(ctx context.Context, actor *beian.Account, id int64) (*beian.Application, error) {
	a, err := s.load(ctx, actor, beian.EditApplication, id)
	if err != nil {
		return nil, err
	}
	if a.Status != beian.StatusDraft && a.Status != beian.StatusRejected {
		return nil, beian.CheckTransition(a.Status, beian.StatusInitialReview)
	}
	if a.Record == nil && a.Cancel == nil {
		return nil, beian.FieldErrorf("record", "缺少备案信息")
	}
	ms, err := s.DB.FindMaterials(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.Record != nil {
		if err := beian.CheckMaterials(a.Record.Entity.Nature, ms); err != nil {
			return nil, err
		}
	}
	// The products must still qualify at submission (days left, services
	// per IP), and the filing type still hold.
	body := &ApplicationBody{Record: a.Record, Cancel: a.Cancel, Products: a.Products, LegacyPassword: a.LegacyPassword}
	if a.FilingType.CarriesNumbers() {
		body.FilingType = a.FilingType
	}
	p, err := s.prepare(ctx, actor, body, id)
	if err != nil {
		return nil, err
	}
	check, err := s.checkPerson(ctx, a, ms)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, actor, beian.EditApplication, id, func(tx *store.Tx, a *beian.Application) (step, error) {
		if a.Status != beian.StatusDraft && a.Status != beian.StatusRejected {
			return step{}, beian.CheckTransition(a.Status, beian.StatusInitialReview)
		}
		now := tx.Now()
		p.apply(a)
		if err := a.Submit(now, s.Calendar.AddWorkingDays(now, 1)); err != nil {
			return step{}, err
		}
		a.RealPerson = check
		if err := tx.InsertVersion(ctx, a.ID, a.Version, a.Record); err != nil {
			return step{}, err
		}
		return step{action: "application.submit", ips: p.ips}, nil
	})
}

// checkPerson verifies the principal of a change; a cancellation names no
// principal, so its reviewer confirms who asks.
func (s *Service) checkPerson(ctx context.Context, a *beian.Application, ms []beian.Material) (*beian.RealPersonCheck, error) {
	if a.Record == nil {
		return &beian.RealPersonCheck{Method: "manual", Verdict: beian.VerdictPending, CheckedAt: s.now(), Note: "注销类申请：审核员核实申请人身份"}, nil
	}
	return s.verifyPerson(ctx, a, ms)
}

// verifyPerson runs the real-person verification of a's principal with the
// latest photo and certificate images. The manual verifier answers pending:
// the reviewer decides.
func (s *Service) verifyPerson(ctx context.Context, a *beian.Application, ms []beian.Material) (*beian.RealPersonCheck, error) {
	p := a.Record.Entity.Principal
	req := beian.RealPersonRequest{ApplicationID: a.ID, Name: p.Name, CertType: p.CertType, CertNo: p.CertNo}
	latest := map[beian.MaterialKind]beian.Material{}
	for _, m := range ms {
		latest[m.Kind] = m
	}
	for kind, dst := range map[beian.MaterialKind]*[]byte{
		beian.MaterialPrincipalPhoto: &req.Photo, beian.MaterialPrincipalIDFront: &req.IDFront, beian.MaterialPrincipalIDBack: &req.IDBack,
	} {
		m, ok := latest[kind]
		if !ok {
			continue
		}
		b, err := s.readMaterial(ctx, m.Key)
		if err != nil {
			return nil, err
		}
		*dst = b
	}
	c, err := s.RealPerson.Verify(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("real-person verification: %w", err)
	}
	return c, nil
}

func (s *Service) readMaterial(ctx context.Context, key string) ([]byte, error) {
	r, err := s.Materials.Get(ctx, key)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(io.LimitReader(r, s.Uploads.MaxBytes+1))
}

// Withdraw (撤销) takes an application in initial review back to draft.
func (s *Service) Withdraw(ctx context.Context, actor *beian.Account, id int64) (*beian.Application, error) {
	return s.change(ctx, actor, beian.EditApplication, id, func(tx *store.Tx, a *beian.Application) (step, error) {
		if a.Status != beian.StatusInitialReview {
			return step{}, beian.Errorf(beian.ECONFLICT, "只有接入商初审中的申请可以撤销（当前：%s）", a.Status.Label())
		}
		return step{action: "application.withdraw"}, a.Transition(beian.StatusDraft, tx.Now(), "申请人撤销")
	})
}

// Abandon (放弃) ends an application before the bureau decides.
func (s *Service) Abandon(ctx context.Context, actor *beian.Account, id int64) (*beian.Application, error) {
	return s.change(ctx, actor, beian.EditApplication, id, func(tx *store.Tx, a *beian.Application) (step, error) {
		return step{action: "application.abandon"}, a.Transition(beian.StatusAbandoned, tx.Now(), "申请人放弃")
	})
}

// ExpiredNote is the event note of a rejected order that expired.
const ExpiredNote = "驳回后45天未修改提交，申请已过期"
