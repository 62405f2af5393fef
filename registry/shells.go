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

// ScanResult counts what one scan did: shells found, cases proposed to the
// bureau, cases closed as no longer shells, and dismissed shells back in
// the queue after another grace period.
type ScanResult struct{ Found, Proposed, Resolved, Again int }

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
			n, again, err := c.open(ctx, batch)
			res.Found, res.Again = res.Found+n, res.Again+again
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

// open opens the cases of a batch in one transaction, with their notices;
// it counts the new shells and the dismissed ones back in the queue.
func (c *ShellCleanup) open(ctx context.Context, batch []store.Shell) (n, again int, err error) {
	err = c.DB.InTx(ctx, func(tx *store.Tx) error {
		n, again = 0, 0
		regrace := tx.Now().Add(-c.grace())
		for _, s := range batch {
			opened, back, err := tx.OpenShellCase(ctx, s, regrace)
			switch {
			case err != nil:
				return err
			case back:
				again++
			case opened:
				n++
				if err := c.notifyFound(ctx, tx, s); err != nil {
					return err
				}
			}
		}
		return nil
	})
	return n, again, err
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
	if err := c.notifyPrincipals(ctx, tx, key, e, s, n); err != nil {
		return err
	}
	return c.notifyProviders(ctx, tx, key, s, n)
}

// notifyProviders emails the reviewers of every provider that served the
// shell before (its history keeps their access records): they may still
// serve it, and can help its holder file a new access.
func (c *ShellCleanup) notifyProviders(ctx context.Context, tx *store.Tx, key string, s store.Shell, found notify.ShellFound) error {
	providers, err := tx.FormerProviders(ctx, s)
	if err != nil {
		return err
	}
	staff, err := tx.ProviderReviewers(ctx, providers)
	if err != nil {
		return err
	}
	for _, a := range staff {
		n := notify.ShellProvider{Provider: a.Provider, What: found.What, Licence: found.Licence, UnitName: found.UnitName, Deadline: found.Deadline}
		if _, err := c.Notifier.Notify(ctx, tx, key+":provider:"+a.Login, notify.Recipient{Email: a.Email}, n); err != nil {
			return err
		}
	}
	return nil
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
