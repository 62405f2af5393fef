package main

import (
	"context"
	"errors"
	"time"

	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// Retention of the rows that only grow. Each table has its own periodic job
// (so one failing does not hold up the others, and the job metrics name
// it), run hourly; the periods come from the owning package's policy.
//
// Rate events are needed only within the longest counting window (the
// filing-password recovery limit's rolling 24 hours); a subject that comes
// back trims its own, so that job forgets those of subjects that never came
// back.
const (
	purgeRateEventsKind    = "purge_rate_events"
	purgeReceiptsKind      = "purge_sms_receipts"
	purgeCodesKind         = "purge_sms_codes"
	purgeLockoutsKind      = "purge_lockouts"
	redactPasswordBodyKind = "redact_password_bodies"
	purgeWizardStatesKind  = "purge_wizard_states"
	retentionEvery         = time.Hour
	purgeRateEvery         = retentionEvery
	rateEventsKeep         = 25 * time.Hour // the longest window and an hour's margin
	retentionEnvReceipts   = "BEIAN_RETAIN_SMS_RECEIPTS"
	retentionEnvPasswords  = "BEIAN_RETAIN_PASSWORD_MESSAGES"
	retentionEnvCodes      = "BEIAN_RETAIN_SMS_CODES"
	retentionEnvLockouts   = "BEIAN_RETAIN_LOCKOUTS"
)

// retentionJob forgets what of one table is older than now minus keep;
// purge has the shape of a store.Tx method expression.
type retentionJob struct {
	kind  string
	keep  time.Duration
	purge func(tx *store.Tx, ctx context.Context, before time.Time) (int64, error)
}

// retentionJobs lists the jobs with the periods of c.
func retentionJobs(c Config) []retentionJob {
	return []retentionJob{
		{purgeRateEventsKind, rateEventsKeep, (*store.Tx).PurgeRateEvents},
		{purgeReceiptsKind, c.Notify.ReceiptRetention, (*store.Tx).PurgeSMSReceipts},
		{purgeCodesKind, c.Accounts.CodeRetention, (*store.Tx).PurgeSMSCodes},
		{purgeLockoutsKind, c.Accounts.LockoutRetention, (*store.Tx).PurgeLockouts},
		{purgeWizardStatesKind, agent.WizardStateTTL, (*store.Tx).PurgeWizardStates},
		{redactPasswordBodyKind, c.Notify.PasswordBodyRetention, func(tx *store.Tx, ctx context.Context, before time.Time) (int64, error) {
			return tx.RedactMessageBodies(ctx, notify.PasswordTemplates, before, notify.RedactedBody)
		}},
	}
}

// scheduleRetention registers the retention jobs on runner and makes sure
// their first runs are queued; the keys make repeated starts (and several
// nodes) queue each run once.
func scheduleRetention(ctx context.Context, c Config, db *store.DB, runner *jobs.Runner) error {
	list := retentionJobs(c)
	for _, j := range list {
		runner.Handle(j.kind, jobs.Every(j.kind, retentionEvery, func(ctx context.Context, _ *jobs.Attempt) error {
			return db.InTx(ctx, func(tx *store.Tx) error {
				n, err := j.purge(tx, ctx, tx.Now().Add(-j.keep))
				if n > 0 && runner.Logger != nil {
					runner.Logger.Info("retention", "job", j.kind, "rows", n)
				}
				return err
			})
		}))
	}
	return db.InTx(ctx, func(tx *store.Tx) error {
		for _, j := range list {
			if _, err := jobs.Schedule(ctx, tx, j.kind, retentionEvery, tx.Now()); err != nil {
				return err
			}
		}
		return nil
	})
}

// retentionEnv reads the retention periods; the defaults are the packages'.
func retentionEnv(c *Config, env *envErrors) {
	c.Notify.ReceiptRetention = env.duration(retentionEnvReceipts, c.Notify.ReceiptRetention)
	c.Notify.PasswordBodyRetention = env.duration(retentionEnvPasswords, c.Notify.PasswordBodyRetention)
	c.Accounts.CodeRetention = env.duration(retentionEnvCodes, c.Accounts.CodeRetention)
	c.Accounts.LockoutRetention = env.duration(retentionEnvLockouts, c.Accounts.LockoutRetention)
}

// retentionSettings are the printed lines of the retention periods.
func (c Config) retentionSettings() []setting {
	d := time.Duration.String
	return []setting{
		{retentionEnvReceipts, d(c.Notify.ReceiptRetention)},
		{retentionEnvPasswords, d(c.Notify.PasswordBodyRetention)},
		{retentionEnvCodes, d(c.Accounts.CodeRetention)},
		{retentionEnvLockouts, d(c.Accounts.LockoutRetention)},
	}
}

// validateRetention wants every period positive: zero would forget rows
// the moment they are written (a lock the moment it is earned).
func (c Config) validateRetention() error {
	for _, s := range []time.Duration{c.Notify.ReceiptRetention, c.Notify.PasswordBodyRetention, c.Accounts.CodeRetention, c.Accounts.LockoutRetention} {
		if s <= 0 {
			return errors.New(retentionEnvReceipts + ", " + retentionEnvPasswords + ", " + retentionEnvCodes + " and " + retentionEnvLockouts + " must be positive durations (e.g. 168h)")
		}
	}
	return nil
}
