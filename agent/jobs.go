package agent

import (
	"context"
	"fmt"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/store"
)

// ExpireKind is the job kind of a rejected order's expiry: it runs 45 days
// (beian.RejectedExpiry) after the order's last change.
const ExpireKind = "agent.expire_rejected"

// RegisterJobs registers the agent's timers with the runner.
func (s *Service) RegisterJobs(r *jobs.Runner) { r.Handle(ExpireKind, s.handleExpire) }

// scheduleExpiry enqueues the expiry of rejected a for 45 days after its
// last change. The key names that time, so each change of a rejected order
// schedules once, however often it is written.
func scheduleExpiry(ctx context.Context, tx *store.Tx, a *beian.Application) error {
	at := a.UpdatedAt.Add(beian.RejectedExpiry)
	_, err := tx.EnqueueJob(ctx, &beian.Job{Kind: ExpireKind, Key: fmt.Sprintf("%s:%d@%d", ExpireKind, a.ID, at.Unix()),
		Payload: strconv.FormatInt(a.ID, 10), RunAt: at})
	return err
}

func (s *Service) handleExpire(ctx context.Context, at *jobs.Attempt) error {
	id, err := strconv.ParseInt(at.Payload, 10, 64)
	if err != nil {
		return jobs.Permanent(fmt.Errorf("expire: payload %q: %w", at.Payload, err))
	}
	return s.expire(ctx, id)
}

// expire abandons application id if it is rejected and untouched for 45
// days. One changed since is scheduled again for 45 days after that
// change; one no longer rejected is left alone.
func (s *Service) expire(ctx context.Context, id int64) error {
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.LockApplication(ctx, id)
		switch {
		case beian.ErrorCode(err) == beian.ENOTFOUND:
			return nil
		case err != nil:
			return err
		case a.Status != beian.StatusRejected:
			return nil
		case !a.Expired(tx.Now()):
			return scheduleExpiry(ctx, tx, a)
		}
		before := len(a.Events)
		if err := a.Transition(beian.StatusAbandoned, tx.Now(), ExpiredNote); err != nil {
			return err
		}
		return s.record(ctx, tx, nil, a, before, step{action: "application.expire"})
	})
}
