package agent

import (
	"context"
	"time"

	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/store"
)

// ExpireKind is the job kind of the sweep that expires rejected orders.
const ExpireKind = "agent.expire_rejected"

// expireEvery is how often the sweep runs: an order expires within the
// hour after its 45 days.
const expireEvery = time.Hour

// RegisterJobs registers the agent's timers with the runner and schedules
// the first run (a repeated call at start-up is harmless).
func (s *Service) RegisterJobs(ctx context.Context, r *jobs.Runner) error {
	r.Handle(ExpireKind, jobs.Every(ExpireKind, expireEvery, func(ctx context.Context, _ *jobs.Attempt) error {
		_, err := s.ExpireRejected(ctx)
		return err
	}))
	return s.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := jobs.Schedule(ctx, tx, ExpireKind, expireEvery, tx.Now())
		return err
	})
}
