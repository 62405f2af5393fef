package registry

import (
	"context"
	"fmt"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// ProviderAPI is what the registry offers a provider that runs its own
// agent and reaches it over HTTP: the type check, submission, and the feed
// of its filings' changes. Every call names the provider its key belongs
// to, and nothing of another provider is ever read or written.
type ProviderAPI struct {
	Registry *Registry
	Filings  *Filings
}

// ProviderChange is one entry of a provider's feed: a transition of one of
// its filings, with the cursor to ask for what follows.
type ProviderChange struct {
	Cursor int64
	beian.RegistryChange
}

// CheckType is Registry.CheckType for provider.
func (p *ProviderAPI) CheckType(ctx context.Context, provider string, q beian.TypeCheckQuery) (beian.TypeCheckAnswer, error) {
	q.Provider = provider
	return p.Registry.CheckType(ctx, q)
}

// Submit takes a filing of provider. It is idempotent: the same
// application and version submitted again while the filing is in the
// registry answers with that filing and changes nothing. A filing that
// names another provider is EFORBIDDEN. Materials are the kinds and
// checksums the provider holds (they stay with the provider).
func (p *ProviderAPI) Submit(ctx context.Context, provider string, f beian.Filing, materials []beian.MaterialRef) (*beian.RegistryFiling, error) {
	if f.Provider != provider {
		return nil, beian.FieldErrorf("provider", "只能提交本接入商的备案")
	}
	if err := checkWireRecord(f.Record); err != nil {
		return nil, err
	}
	var out *beian.RegistryFiling
	err := p.Filings.DB.InTx(ctx, func(tx *store.Tx) error {
		prev, err := tx.FilingOfApplication(ctx, provider, f.ApplicationID)
		if err != nil {
			return err
		}
		if prev != nil && prev.Version == f.Version {
			out = prev
			return nil
		}
		rf := &beian.RegistryFiling{Provider: provider, ApplicationID: f.ApplicationID, Version: f.Version,
			FilingType: f.FilingType, Record: f.Record, SubmittedAt: f.SubmittedAt, Materials: materials}
		for _, s := range f.Record.Entity.Services {
			rf.Access = append(rf.Access, append([]beian.Access(nil), s.Access...))
		}
		if err := p.Filings.Accept(ctx, tx, rf); err != nil {
			return err
		}
		out = rf
		if rf.Status != beian.StatusSMSVerification {
			return p.Filings.observe(ctx, tx, rf)
		}
		return nil
	})
	return out, err
}

// Changes returns up to limit transitions of provider's filings after
// cursor, oldest first. Each carries the filing's application, version and
// the deadline, reasons and numbers that belong to its status, so the
// agent mirrors it as ApplicationMirror does in one binary.
func (p *ProviderAPI) Changes(ctx context.Context, provider string, cursor int64, limit int) ([]ProviderChange, error) {
	if limit <= 0 || limit > 500 {
		limit = 500
	}
	rows, err := p.Filings.DB.FilingEventsOfProvider(ctx, provider, cursor, limit)
	if err != nil {
		return nil, err
	}
	filings := map[int64]*beian.RegistryFiling{}
	out := make([]ProviderChange, 0, len(rows))
	for _, row := range rows {
		f := filings[row.FilingID]
		if f == nil {
			if f, err = p.Filings.DB.FindFiling(ctx, row.FilingID); err != nil {
				return nil, err
			}
			filings[row.FilingID] = f
		}
		c := beian.RegistryChange{FilingID: f.ID, Provider: f.Provider, ApplicationID: f.ApplicationID, Version: f.Version,
			Status: row.Event.Status, At: row.Event.At, Note: row.Event.Note}
		switch row.Event.Status {
		case beian.StatusSMSVerification:
			c.Deadline = f.SMSDeadline
		case beian.StatusBureauReview:
			c.Deadline = f.Deadline
		case beian.StatusBureauRejected:
			c.Rejections = f.Rejections
		case beian.StatusApproved:
			c.MainLicence, c.ServiceLicences = f.MainLicence, f.ServiceLicences
		}
		out = append(out, ProviderChange{Cursor: row.Cursor, RegistryChange: c})
	}
	return out, nil
}

// checkWireRecord refuses the shapes a record from outside may have that
// an agent's own never does: no record, a null service, apps that do not
// line up with the services.
func checkWireRecord(r *beian.ApplicationRecord) error {
	if r == nil || len(r.Entity.Services) == 0 {
		return beian.FieldErrorf("record", "管局系统目前受理首次备案、新增网站和新增接入，须有服务")
	}
	for i, s := range r.Entity.Services {
		if s == nil {
			return beian.FieldErrorf(fmt.Sprintf("services[%d]", i), "服务不能为空")
		}
	}
	if len(r.Apps) > len(r.Entity.Services) {
		return beian.FieldErrorf("apps", "应用信息与服务不对应")
	}
	for len(r.Apps) < len(r.Entity.Services) {
		r.Apps = append(r.Apps, nil)
	}
	return nil
}
