package registryhttp

import (
	"context"
	"time"

	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// PullJob is the job kind of the periodic pull of the registry's changes.
const PullJob = "registry_pull"

// pullPage is how many changes one request asks for.
const pullPage = 100

// Puller brings an agent that runs apart from its registry up to date: it
// asks for the changes of the provider's filings since its cursor and
// applies each through Observer — registry.ApplicationMirror, the mirror
// one binary uses — in one transaction with the cursor, so a change is
// applied once however often a pull is repeated or cut short.
type Puller struct {
	Client   *Client
	DB       *store.DB
	Observer registry.FilingObserver
	// Name keys the cursor (default Client.URL).
	Name string
}

// Register makes the runner pull every period; start the chain with
// jobs.Schedule(ctx, tx, PullJob, period, now).
func (p *Puller) Register(r *jobs.Runner, period time.Duration) {
	r.Handle(PullJob, jobs.Every(PullJob, period, func(ctx context.Context, _ *jobs.Attempt) error {
		_, err := p.Pull(ctx)
		return err
	}))
}

// Pull applies every change there is and reports how many it applied.
func (p *Puller) Pull(ctx context.Context) (int, error) {
	name := p.Name
	if name == "" {
		name = p.Client.URL
	}
	applied := 0
	for {
		cursor, err := p.DB.RegistryCursor(ctx, name)
		if err != nil {
			return applied, err
		}
		page, err := p.Client.Changes(ctx, cursor, pullPage)
		if err != nil {
			return applied, err
		}
		for _, c := range page.List {
			n, err := p.apply(ctx, name, c)
			if err != nil {
				return applied, err
			}
			applied += n
		}
		if len(page.List) < pullPage {
			return applied, nil
		}
	}
}

// apply applies one change unless another pull did meanwhile.
func (p *Puller) apply(ctx context.Context, name string, c Change) (int, error) {
	n := 0
	err := p.DB.InTx(ctx, func(tx *store.Tx) error {
		done, err := tx.RegistryCursor(ctx, name)
		if err != nil || done >= c.Cursor {
			return err
		}
		if p.Observer != nil {
			if err := p.Observer.FilingChanged(ctx, tx, c.RegistryChange); err != nil {
				return err
			}
		}
		n = 1
		return tx.SetRegistryCursor(ctx, name, c.Cursor)
	})
	return n, err
}
