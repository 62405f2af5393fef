package main

import (
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// wireFilings builds the registry's half of a filing — SMS verification and
// the bureau's review — registers its timer job with the runner, exports
// its queue metrics and hands it to the HTTP server. It returns the service
// for the agent side, which submits approved applications to Accept and
// mirrors the registry's states through an observer.
func wireFilings(db *store.DB, notifier *notify.Notifier, runner *jobs.Runner, srv *beianhttp.Server) *registry.Filings {
	fs := &registry.Filings{
		DB:        db,
		Notifier:  notifier,
		Passwords: srv.Passwords,
		Policy:    registry.DefaultFilingPolicy,
	}
	fs.RegisterJobs(runner)
	srv.Filings = fs
	srv.Collectors = append(srv.Collectors, registry.NewFilingMetrics(db))
	return fs
}
