package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// Decision is a provider reviewer's initial-review decision.
type Decision struct {
	Approve    bool
	Rejections []beian.Rejection
	// RealPersonChecked says the reviewer compared the verification photo
	// with the certificate and found the holder. Over the API an approval
	// by the provider's reviewer counts as that confirmation (the API has
	// no separate step); a verdict an automatic provider gave is never
	// overridden.
	RealPersonChecked bool
}

// Review records a provider reviewer's decision: an approval hands the
// frozen version to the registry (sms_verification); approving a returned
// application submits it again. A rejection needs at least one field
// reason and sends the application back to the applicant.
func (s *Service) Review(ctx context.Context, actor *beian.Account, id int64, d Decision) (*beian.Application, error) {
	if !d.Approve {
		if err := beian.CheckRejections(d.Rejections); err != nil {
			return nil, err
		}
		return s.change(ctx, actor, beian.InitialReview, id, func(tx *store.Tx, a *beian.Application) (step, error) {
			return s.reject(ctx, tx, actor, a, d.Rejections)
		})
	}
	return s.change(ctx, actor, beian.InitialReview, id, func(tx *store.Tx, a *beian.Application) (step, error) {
		now := tx.Now()
		if a.Status != beian.StatusInitialReview && a.Status != beian.StatusReturned {
			return step{}, beian.CheckTransition(a.Status, beian.StatusSMSVerification)
		}
		if a.RealPerson == nil {
			a.RealPerson = &beian.RealPersonCheck{Method: "manual", Verdict: beian.VerdictPending}
		}
		if a.RealPerson.Verdict == beian.VerdictPending && d.RealPersonChecked {
			if err := a.RealPerson.Confirm(actor.ID, true, now, "审核员已比对核验照片与证件"); err != nil {
				return step{}, err
			}
		}
		note := "接入商初审通过，已提交管局系统"
		if a.Status == beian.StatusReturned {
			note = "重新提交管局系统"
		}
		if err := a.Approve(now, note); err != nil {
			return step{}, err
		}
		f, err := filingOf(ctx, tx, a)
		if err != nil {
			return step{}, err
		}
		var c *beian.RegistryChange
		if ts, ok := s.Registry.(txSubmitter); ok {
			c, err = ts.SubmitTx(ctx, tx, f) // in one binary: in this transaction
		} else {
			// Apart: if this transaction then fails, the reviewer's retry
			// submits the same version again, which the registry takes once.
			c, err = s.Registry.Submit(ctx, f)
		}
		if err != nil {
			return step{}, fmt.Errorf("submit to registry: %w", err)
		}
		if c != nil {
			// Nobody verifies this kind: the registry passed it to the
			// bureau at once, and the application follows.
			if _, err := a.MirrorRegistry(*c); err != nil {
				return step{}, err
			}
		}
		return step{action: "application.approve", notice: s.result(a, true, nil)}, nil
	})
}

// filingOf is application a as the registry receives it: its frozen
// version with its materials' kinds and checksums.
func filingOf(ctx context.Context, tx *store.Tx, a *beian.Application) (beian.Filing, error) {
	f := beian.Filing{ApplicationID: a.ID, Version: a.Version, Provider: a.Provider,
		FilingType: a.FilingType, Record: a.Record, Cancel: a.Cancel, Products: a.Products, SubmittedAt: a.SubmittedAt}
	ms, err := tx.FindMaterials(ctx, a.ID)
	if err != nil {
		return f, err
	}
	for _, m := range ms {
		f.Materials = append(f.Materials, beian.MaterialRef{Kind: m.Kind, SHA256: m.SHA256})
	}
	return f, nil
}

// txSubmitter is a registry that takes a submission inside the agent's
// transaction (registry.InProcess). A change it returns is the registry's
// next transition, made at once (no SMS verification).
type txSubmitter interface {
	SubmitTx(ctx context.Context, tx *store.Tx, f beian.Filing) (*beian.RegistryChange, error)
}

func (s *Service) reject(ctx context.Context, tx *store.Tx, actor *beian.Account, a *beian.Application, rs []beian.Rejection) (step, error) {
	if a.Status != beian.StatusInitialReview {
		return step{}, beian.CheckTransition(a.Status, beian.StatusRejected)
	}
	clean := make([]beian.Rejection, len(rs))
	for i, r := range rs {
		clean[i] = beian.Rejection{Field: strings.TrimSpace(r.Field), Reason: strings.TrimSpace(r.Reason)}
	}
	if err := a.Reject(beian.StatusRejected, clean, tx.Now(), "接入商初审驳回"); err != nil {
		return step{}, err
	}
	if err := tx.InsertRejections(ctx, a.ID, a.Version, clean, actor.ID); err != nil {
		return step{}, err
	}
	return step{action: "application.reject", notice: s.result(a, false, clean)}, nil
}

func (s *Service) result(a *beian.Application, approved bool, rs []beian.Rejection) notify.Notice {
	n := notify.ReviewResult{ApplicationNo: applicationNo(a.ID), Approved: approved}
	if a.Record != nil {
		n.UnitName = a.Record.Entity.UnitName
	}
	for _, r := range rs {
		n.Reasons = append(n.Reasons, r.Field+"："+r.Reason)
	}
	return n
}
