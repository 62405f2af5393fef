package main

import (
	"context"
	"time"

	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/store"
)

// Retention of the rows that only grow: rate events are needed only within
// the longest counting window (the filing-password recovery limit's rolling
// 24 hours); a subject that comes back trims its own, so this job forgets
// those of subjects that never came back.
const (
	purgeRateEventsKind = "purge_rate_events"
	purgeRateEvery      = time.Hour
	rateEventsKeep      = 25 * time.Hour // the longest window and an hour's margin
)

// scheduleRetention registers the retention jobs on runner and makes sure
// their first run is queued; the keys make repeated starts (and several
// nodes) queue each run once.
func scheduleRetention(ctx context.Context, db *store.DB, runner *jobs.Runner) error {
	runner.Handle(purgeRateEventsKind, jobs.Every(purgeRateEventsKind, purgeRateEvery, func(ctx context.Context, _ *jobs.Attempt) error {
		return db.InTx(ctx, func(tx *store.Tx) error {
			_, err := tx.PurgeRateEvents(ctx, tx.Now().Add(-rateEventsKeep))
			return err
		})
	}))
	return db.InTx(ctx, func(tx *store.Tx) error {
		_, err := jobs.Schedule(ctx, tx, purgeRateEventsKind, purgeRateEvery, tx.Now())
		return err
	})
}
