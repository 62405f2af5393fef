package registry

import (
	"context"
	"fmt"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// Shell clean-up defaults: bureaus give about a week's notice.
const (
	DefaultShellGrace = 7 * 24 * time.Hour
	DefaultShellEvery = 24 * time.Hour
	shellBatch        = 500
	// ShellScanKind is the job kind of the periodic scan.
	ShellScanKind = "registry.shell_scan"
)

// ShellCleanup finds shells (空壳网站, 空壳主体), tells their principals,
// and after Grace proposes their cancellation to the bureau of their
// province, which confirms (the number is cancelled) or dismisses.
type ShellCleanup struct {
	DB       *store.DB
	Notifier *notify.Notifier // nil: no notices
	Grace    time.Duration    // 0: DefaultShellGrace
}

func (c *ShellCleanup) grace() time.Duration {
	if c.Grace <= 0 {
		return DefaultShellGrace
	}
	return c.Grace
}

// ScanResult counts what one scan did.
type ScanResult struct{ Found, Proposed, Resolved int }

// Scan closes the cases of what is no longer a shell, opens one (and
// notifies) for every new shell, and proposes those found Grace ago.
func (c *ShellCleanup) Scan(ctx context.Context) (ScanResult, error) {
	var res ScanResult
	err := c.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		res.Resolved, err = tx.ResolveShellCases(ctx)
		return err
	})
	if err != nil {
		return res, err
	}
	for _, kind := range []string{"service", "entity"} {
		for after := int64(0); ; {
			batch, err := c.DB.FindShells(ctx, kind, after, shellBatch)
			if err != nil {
				return res, err
			}
			if len(batch) == 0 {
				break
			}
			after = batch[len(batch)-1].TargetID
			n, err := c.open(ctx, batch)
			res.Found += n
			if err != nil {
				return res, err
			}
		}
	}
	err = c.DB.InTx(ctx, func(tx *store.Tx) error {
		var err error
		res.Proposed, err = tx.ProposeShellCases(ctx, tx.Now().Add(-c.grace()))
		return err
	})
	return res, err
}

// open opens the cases of a batch in one transaction, with their notices.
func (c *ShellCleanup) open(ctx context.Context, batch []store.Shell) (int, error) {
	n := 0
	err := c.DB.InTx(ctx, func(tx *store.Tx) error {
		n = 0
		for _, s := range batch {
			isNew, err := tx.OpenShellCase(ctx, s)
			if err != nil {
				return err
			}
			if !isNew {
				continue
			}
			n++
			if err := c.notifyFound(ctx, tx, s); err != nil {
				return err
			}
		}
		return nil
	})
	return n, err
}

func (c *ShellCleanup) notifyFound(ctx context.Context, tx *store.Tx, s store.Shell) error {
	if c.Notifier == nil {
		return nil
	}
	e, err := tx.FindEntityByID(ctx, s.EntityID)
	if err != nil {
		return err
	}
	what := "空壳主体"
	if s.Kind == "service" {
		what = "空壳网站"
	}
	n := notify.ShellFound{What: what, Licence: s.Licence, UnitName: e.UnitName,
		Deadline: tx.Now().Add(c.grace()).In(beian.Shanghai).Format(time.DateOnly)}
	key := fmt.Sprintf("shell:%s:%d@%d", s.Kind, s.TargetID, tx.Now().Unix())
	return c.notifyPrincipals(ctx, tx, key, e, s, n)
}

// notifyPrincipals sends n to the entity principal and, for a service,
// its own principal when it has one.
func (c *ShellCleanup) notifyPrincipals(ctx context.Context, tx *store.Tx, key string, e *beian.Entity, s store.Shell, n notify.Notice) error {
	to := []beian.Principal{e.Principal}
	for _, sv := range e.Services {
		if s.Kind == "service" && sv.ID == s.TargetID && sv.Principal != nil && sv.Principal.Mobile != e.Principal.Mobile {
			to = append(to, *sv.Principal)
		}
	}
	for i, p := range to {
		if _, err := c.Notifier.Notify(ctx, tx, fmt.Sprintf("%s:%d", key, i), notify.Recipient{Mobile: p.Mobile, Email: p.Email}, n); err != nil {
			return err
		}
	}
	return nil
}

// RegisterJobs registers the periodic scan, every period (0: daily), with
// runner, and queues its first run.
func (c *ShellCleanup) RegisterJobs(ctx context.Context, runner *jobs.Runner, period time.Duration) error {
	if period <= 0 {
		period = DefaultShellEvery
	}
	runner.Handle(ShellScanKind, jobs.Every(ShellScanKind, period, func(ctx context.Context, _ *jobs.Attempt) error {
		_, err := c.Scan(ctx)
		return err
	}))
	return c.DB.InTx(ctx, func(tx *store.Tx) error {
		_, err := jobs.Schedule(ctx, tx, ShellScanKind, period, tx.Now())
		return err
	})
}
