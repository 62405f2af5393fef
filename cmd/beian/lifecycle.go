package main

import (
	"context"
	"fmt"
	"os"
	"time"

	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// wireLifecycle sets up the shell clean-up: its scan runs every
// BEIAN_SHELL_SCAN_EVERY (default a day) and proposes a shell to the bureau
// BEIAN_SHELL_GRACE after it was found (default a week). Both are Go
// durations, e.g. 168h.
func wireLifecycle(ctx context.Context, db *store.DB, n *notify.Notifier, runner *jobs.Runner, srv *beianhttp.Server) error {
	grace, err := envDuration("BEIAN_SHELL_GRACE", registry.DefaultShellGrace)
	if err != nil {
		return err
	}
	every, err := envDuration("BEIAN_SHELL_SCAN_EVERY", registry.DefaultShellEvery)
	if err != nil {
		return err
	}
	srv.Shells = &registry.ShellCleanup{DB: db, Notifier: n, Grace: grace}
	if err := srv.Shells.RegisterJobs(ctx, runner, every); err != nil {
		return fmt.Errorf("shell scan job: %w", err)
	}
	return nil
}

func envDuration(name string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(name)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, fmt.Errorf("%s: %q is not a positive duration (e.g. 168h)", name, v)
	}
	return d, nil
}
