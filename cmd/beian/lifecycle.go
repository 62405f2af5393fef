package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// ShellConfig is the shell clean-up: the scan runs every ScanEvery
// (BEIAN_SHELL_SCAN_EVERY, default a day) and proposes a shell to the bureau
// Grace after it was found (BEIAN_SHELL_GRACE, default a week); both are Go
// durations, e.g. 168h.
type ShellConfig struct {
	Grace     time.Duration
	ScanEvery time.Duration
}

func shellEnv(c *Config, env *envErrors) {
	c.Shells.Grace = env.duration("BEIAN_SHELL_GRACE", c.Shells.Grace)
	c.Shells.ScanEvery = env.duration("BEIAN_SHELL_SCAN_EVERY", c.Shells.ScanEvery)
}

func (c ShellConfig) validate() error {
	if c.Grace <= 0 || c.ScanEvery <= 0 {
		return errors.New("BEIAN_SHELL_GRACE and BEIAN_SHELL_SCAN_EVERY must be positive durations (e.g. 168h)")
	}
	return nil
}

func (c ShellConfig) settings() []setting {
	return []setting{{"BEIAN_SHELL_GRACE", c.Grace.String()}, {"BEIAN_SHELL_SCAN_EVERY", c.ScanEvery.String()}}
}

// wireLifecycle sets up the shell clean-up and registers its scan job.
func wireLifecycle(ctx context.Context, c ShellConfig, db *store.DB, n *notify.Notifier, runner *jobs.Runner, srv *beianhttp.Server) error {
	srv.Shells = &registry.ShellCleanup{DB: db, Notifier: n, Grace: c.Grace}
	if err := srv.Shells.RegisterJobs(ctx, runner, c.ScanEvery); err != nil {
		return fmt.Errorf("shell scan job: %w", err)
	}
	return nil
}
