package main

import (
	"context"

	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// wireFilings builds the registry's half of a filing — SMS verification and
// the bureau's review — registers its timer job with the runner, exports
// its queue metrics and hands it to the HTTP server. It returns the service
// for the agent side: an approved application goes to SubmitTx inside the
// agent's transaction, and ApplicationMirror carries every later registry
// state back onto the application.
func wireFilings(policy registry.FilingPolicy, db *store.DB, notifier *notify.Notifier, runner *jobs.Runner, srv *beianhttp.Server) *registry.Filings {
	fs := &registry.Filings{
		DB:        db,
		Notifier:  notifier,
		Passwords: srv.Passwords,
		Policy:    policy,
	}
	if srv.Agent != nil {
		// The agent's applications follow the registry in its transactions.
		fs.Observer = registry.ApplicationMirror{Notifier: notifier}
	}
	fs.RegisterJobs(runner)
	srv.Filings = fs
	// Providers that run only the agent submit over /api/v1/registry/….
	srv.ProviderKeys = &registry.ProviderKeys{DB: db}
	srv.ProviderAPI = &registry.ProviderAPI{Registry: srv.Registry, Filings: fs}
	if srv.Agent != nil {
		// The agent submits in its own transaction.
		srv.Agent.Registry = registry.InProcess{Registry: srv.Registry, Filings: fs}
	}
	srv.Collectors = append(srv.Collectors, registry.NewFilingMetrics(db))
	return fs
}

// wireHalves builds the halves c.Mode serves: the agent (its wizard and
// initial review), the registry (SMS verification, the bureau, the shell
// clean-up), or both, handing the agent's approvals to the registry in
// process. An agent alone files with its registry over HTTP.
func wireHalves(ctx context.Context, c Config, db *store.DB, notifier *notify.Notifier, runner *jobs.Runner, srv *beianhttp.Server) error {
	mode := beianhttp.Mode(c.Mode)
	if mode != beianhttp.ModeRegistry {
		if err := wireAgent(ctx, c, db, notifier, runner, srv); err != nil {
			return err
		}
	}
	if mode == beianhttp.ModeAgent {
		return wireRemoteRegistry(ctx, c, db, srv, runner)
	}
	wireFilings(c.Filings, db, notifier, runner, srv)
	return wireLifecycle(ctx, c.Shells, db, notifier, runner, srv)
}
