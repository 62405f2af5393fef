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

// Submit takes a filing of provider, through the path of one binary
// (Filings.SubmitTx). It is idempotent: the same application and version
// submitted again while the filing is in the registry answers with that
// filing and changes nothing. A filing that names another provider is
// EFORBIDDEN. Its materials are the kinds and checksums the provider holds
// (the files stay with the provider). The change returned is the move the
// registry made at once when nobody has to verify (nil otherwise).
func (p *ProviderAPI) Submit(ctx context.Context, provider string, f beian.Filing) (*beian.RegistryFiling, *beian.RegistryChange, error) {
	if f.Provider != provider {
		return nil, nil, beian.Errorf(beian.EFORBIDDEN, "provider: 只能提交本接入商的备案")
	}
	if err := checkWireFiling(&f); err != nil {
		return nil, nil, err
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
		out, err = p.Filings.accept(ctx, tx, f, true)
		return err
	})
	if err != nil {
		return nil, nil, err
	}
	if out.Status == beian.StatusSMSVerification {
		return out, nil, nil
	}
	c := p.Filings.change(out)
	return out, &c, nil
}

// FiledEntity returns the live entity licence names (its main number or a
// service's) as provider may see it: only an entity one of whose live
// services provider serves; any other is ENOTFOUND, as is a cancelled one.
func (p *ProviderAPI) FiledEntity(ctx context.Context, provider, licence string) (*beian.Entity, error) {
	e, err := p.Registry.FiledEntity(ctx, licence)
	if err != nil {
		return nil, err
	}
	for _, s := range e.Services {
		for _, a := range s.Access {
			if !s.Cancelled && a.Provider == provider {
				return e, nil
			}
		}
	}
	return nil, beian.Errorf(beian.ENOTFOUND, "未找到本接入商接入的已备案主体 %s", licence)
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

// checkWireFiling refuses the shapes a filing from outside may have that
// an agent's own never does: a kind the registry does not know, neither a
// record nor a cancellation, a null service, apps that do not line up with
// the services.
func checkWireFiling(f *beian.Filing) error {
	if f.ApplicationID <= 0 || f.Version <= 0 {
		return beian.FieldErrorf("filing.applicationId", "缺少申请编号或版本")
	}
	if !f.FilingType.Valid() {
		return beian.FieldErrorf("filing.filingType", "未知的备案类型 %q", f.FilingType)
	}
	if f.FilingType.IsCancel() {
		if f.Cancel == nil || f.Record != nil {
			return beian.FieldErrorf("filing.cancel", "注销和取消接入须有 cancel，且不带 record")
		}
		return nil
	}
	r := f.Record
	if r == nil || len(r.Entity.Services) == 0 {
		return beian.FieldErrorf("filing.record", "须有备案信息和至少一个服务")
	}
	for i, s := range r.Entity.Services {
		if s == nil {
			return beian.FieldErrorf(fmt.Sprintf("filing.record.entity.services[%d]", i), "服务不能为空")
		}
	}
	if len(r.Apps) > len(r.Entity.Services) {
		return beian.FieldErrorf("filing.record.apps", "应用信息与服务不对应")
	}
	for len(r.Apps) < len(r.Entity.Services) {
		r.Apps = append(r.Apps, nil)
	}
	return nil
}
