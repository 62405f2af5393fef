package agent

import (
	"context"
	"fmt"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// Service runs the wizard and the initial review: products, the type check,
// applications, materials, submission and review. Every step checks the
// root's authorization policy and writes, in one transaction, the change,
// its audit record and its notices.
type Service struct {
	DB         *store.DB
	Registry   beian.Registry
	Notifier   *notify.Notifier
	Materials  beian.MaterialStore
	RealPerson beian.RealPersonVerifier
	// Passwords checks the legacy password step (nil: six digits).
	Passwords     *registry.Passwords
	Calendar      *rules.Calendar
	ProvinceRules *rules.ProvinceRules
	ProductRules  beian.ProductPolicy
	OrderRules    beian.OrderPolicy
	Uploads       beian.UploadLimits
	AuthCodeTTL   time.Duration
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// New returns a Service with the default policies; db, reg, n and ms are
// required, the real-person verifier defaults to manual.
func New(db *store.DB, reg beian.Registry, n *notify.Notifier, ms beian.MaterialStore) *Service {
	s := &Service{DB: db, Registry: reg, Notifier: n, Materials: ms}
	s.defaults()
	return s
}

func (s *Service) defaults() {
	if s.Now == nil {
		s.Now = time.Now
	}
	if s.RealPerson == nil {
		s.RealPerson = beian.ManualVerification{Now: s.Now}
	}
	if s.Calendar == nil {
		s.Calendar = rules.DefaultCalendar
	}
	if s.ProvinceRules == nil {
		s.ProvinceRules = rules.DefaultProvinceRules()
	}
	if s.ProductRules == (beian.ProductPolicy{}) {
		s.ProductRules = beian.DefaultProductPolicy
	}
	if s.OrderRules == (beian.OrderPolicy{}) {
		s.OrderRules = beian.DefaultOrderPolicy
	}
	if s.Uploads == (beian.UploadLimits{}) {
		s.Uploads = beian.DefaultUploadLimits
	}
	if s.AuthCodeTTL == 0 {
		s.AuthCodeTTL = beian.DefaultAuthCodeTTL
	}
}

// now is the service's clock, truncated to the second the store keeps.
func (s *Service) now() time.Time {
	s.defaults()
	return s.Now().Truncate(time.Second)
}

func refOf(a *beian.Application) beian.ApplicationRef {
	ref := beian.ApplicationRef{ApplicantID: a.AccountID, Provider: a.Provider}
	if a.Record != nil {
		ref.Province = a.Record.Entity.Province
	}
	return ref
}

// authorize answers whether actor may act on a: applicants never learn
// that someone else's application exists (ENOTFOUND); staff outside its
// provider are refused (EFORBIDDEN).
func authorize(actor *beian.Account, act beian.Action, a *beian.Application) error {
	if beian.Can(actor, act, refOf(a)) {
		return nil
	}
	if actor == nil || actor.Role == beian.RoleApplicant {
		return errNoApplication
	}
	if beian.Can(actor, beian.ViewApplication, refOf(a)) {
		return beian.Errorf(beian.EFORBIDDEN, "您的账号不能对该申请执行此操作")
	}
	return beian.Errorf(beian.EFORBIDDEN, "该申请不属于您所在的接入商")
}

// actSystem is a change the system makes on its own (the expiry of a
// rejected order): no account acts.
const actSystem beian.Action = ""

var errNoApplication = beian.Errorf(beian.ENOTFOUND, "未找到备案申请")

// load reads application id for actor's action act.
func (s *Service) load(ctx context.Context, actor *beian.Account, act beian.Action, id int64) (*beian.Application, error) {
	a, err := s.DB.FindApplication(ctx, id)
	if beian.ErrorCode(err) == beian.ENOTFOUND {
		return nil, errNoApplication
	} else if err != nil {
		return nil, err
	}
	return a, authorize(actor, act, a)
}

// change runs f on application id locked in one transaction, after the
// policy allowed actor's action act; f changes a and says what to record.
func (s *Service) change(ctx context.Context, actor *beian.Account, act beian.Action, id int64,
	f func(tx *store.Tx, a *beian.Application) (step, error)) (*beian.Application, error) {
	var out *beian.Application
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		a, err := tx.LockApplication(ctx, id)
		if beian.ErrorCode(err) == beian.ENOTFOUND {
			return errNoApplication
		} else if err != nil {
			return err
		}
		if act != actSystem {
			if err := authorize(actor, act, a); err != nil {
				return err
			}
		}
		before := len(a.Events)
		st, err := f(tx, a)
		if err != nil {
			return err
		}
		out = a
		return s.record(ctx, tx, actor, a, before, st)
	})
	return out, err
}

// record writes a changed application in tx: the row, the events after the
// first before, the notices of a status change, a rejected order's expiry
// job and the audit record.
func (s *Service) record(ctx context.Context, tx *store.Tx, actor *beian.Account, a *beian.Application, before int, st step) error {
	if err := tx.SaveApplication(ctx, a, st.ips); err != nil {
		return err
	}
	for _, e := range a.Events[before:] {
		if err := tx.AddEvent(ctx, a.ID, e, actorID(actor)); err != nil {
			return err
		}
	}
	if len(a.Events) > before {
		if err := s.notifyStatus(ctx, tx, a, st.notice); err != nil {
			return err
		}
	}
	if a.Status == beian.StatusRejected {
		if err := scheduleExpiry(ctx, tx, a); err != nil {
			return err
		}
	}
	return tx.Audit(ctx, auditOf(actor, st.action, a))
}

// step is what a change records besides the application itself.
type step struct {
	action string         // audit action, e.g. application.submit
	notice notify.Notice  // nil: a StatusChanged notice
	ips    map[int]string // new product IPs of the services, if they changed
}

func actorID(a *beian.Account) int64 {
	if a == nil {
		return 0
	}
	return a.ID
}

func auditOf(actor *beian.Account, action string, a *beian.Application) beian.AuditRecord {
	who := "system"
	if actor != nil {
		who = actor.Login
	}
	return beian.AuditRecord{Actor: who, Action: action, Object: fmt.Sprintf("application:%d", a.ID), Outcome: string(a.Status)}
}

// notifyStatus tells the applicant (SMS to the login mobile) and the entity
// principal (email) that a moved on, in tx.
func (s *Service) notifyStatus(ctx context.Context, tx *store.Tx, a *beian.Application, n notify.Notice) error {
	if s.Notifier == nil {
		return nil
	}
	applicant, err := tx.FindAccountByID(ctx, a.AccountID)
	if err != nil {
		return err
	}
	to := notify.Recipient{}
	if applicant.Role == beian.RoleApplicant {
		to.Mobile = applicant.Login
	}
	unit := ""
	if a.Record != nil {
		unit, to.Email = a.Record.Entity.UnitName, a.Record.Entity.Principal.Email
	}
	if n == nil {
		n = notify.StatusChanged{ApplicationNo: applicationNo(a.ID), UnitName: unit, Status: a.Status.Label()}
	}
	key := fmt.Sprintf("application:%d:event:%d", a.ID, len(a.Events))
	_, err = s.Notifier.Notify(ctx, tx, key, to, n)
	return err
}

// applicationNo is how messages name an application.
func applicationNo(id int64) string { return fmt.Sprintf("%d", id) }
