package registry

import (
	"context"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/store"
)

// SubmitTx is the in-process submission of an application that passed its
// provider's initial review (beian.Filing, as the agent hands it over, with
// its materials' kinds and checksums), in the agent's transaction: the
// access of each service is the one the agent put in the record (its
// product's provider and IP). On success the filing waits in
// sms_verification with its codes sent, which is the status the agent gave
// its application; the registry's later transitions reach the application
// through the Observer (ApplicationMirror in one binary).
//
// When nobody has to verify (取消接入, 变更接入, 注销网站) the filing goes
// straight to the bureau: the change returned says so, for the agent to
// apply to the application it is writing (nil otherwise).
func (fs *Filings) SubmitTx(ctx context.Context, tx *store.Tx, f beian.Filing) (*beian.RegistryChange, error) {
	rf, err := fs.accept(ctx, tx, f, false)
	if err != nil || rf.Status == beian.StatusSMSVerification {
		return nil, err
	}
	c := fs.change(rf)
	return &c, nil
}

// accept takes f into the registry in tx: the one path of both transports.
// remote marks a filing submitted over the provider API.
func (fs *Filings) accept(ctx context.Context, tx *store.Tx, f beian.Filing, remote bool) (*beian.RegistryFiling, error) {
	if f.Record == nil && f.Cancel == nil {
		return nil, beian.Errorf(beian.EINVALID, "record: 缺少备案信息")
	}
	rf := &beian.RegistryFiling{Provider: f.Provider, ApplicationID: f.ApplicationID, Version: f.Version,
		FilingType: f.FilingType, Record: f.Record, SubmittedAt: f.SubmittedAt,
		Materials: append([]beian.MaterialRef(nil), f.Materials...), Remote: remote}
	if f.Cancel != nil {
		c := *f.Cancel
		rf.Cancel = &c
	}
	if f.Record != nil {
		for _, s := range f.Record.Entity.Services {
			rf.Access = append(rf.Access, append([]beian.Access(nil), s.Access...))
		}
	}
	if err := fs.Accept(ctx, tx, rf); err != nil {
		return nil, err
	}
	return rf, nil
}

// ApplicationMirror is the FilingObserver of one binary: it applies each
// registry transition to the agent's application in the registry's
// transaction (beian.Application.MirrorRegistry), records the event, and
// tells the applicant (whose login is their mobile) that it moved on.
type ApplicationMirror struct {
	Notifier *notify.Notifier
}

// FilingChanged implements FilingObserver.
func (m ApplicationMirror) FilingChanged(ctx context.Context, tx *store.Tx, c beian.RegistryChange) error {
	a, err := tx.LockApplication(ctx, c.ApplicationID)
	if beian.ErrorCode(err) == beian.ENOTFOUND {
		return nil // submitted by a provider that runs its own agent
	} else if err != nil {
		return err
	}
	changed, err := a.MirrorRegistry(c)
	if err != nil || !changed {
		return err
	}
	if err := tx.SaveApplication(ctx, a, nil); err != nil {
		return err
	}
	if err := tx.AddEvent(ctx, a.ID, a.Events[len(a.Events)-1], 0); err != nil {
		return err
	}
	if m.Notifier == nil {
		return nil
	}
	acct, err := tx.FindAccountByID(ctx, a.AccountID)
	if err != nil {
		return err
	}
	n := notify.StatusChanged{ApplicationNo: applicationNo(a.ID), Status: a.Status.Label()}
	if a.Record != nil {
		n.UnitName = a.Record.Entity.UnitName
	}
	key := "application-status:" + applicationNo(a.ID) + ":" + beian.FilingNo(c.FilingID) + ":" + string(c.Status)
	_, err = m.Notifier.Notify(ctx, tx, key, notify.Recipient{Mobile: acct.Login}, n)
	return err
}

func applicationNo(id int64) string { return strconv.FormatInt(id, 10) }
