package registry

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"strconv"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// FilingObserver is told every transition of a filing, inside the
// transaction that makes it, so the provider's side mirrors the registry's
// state (status, dates, rejections, numbers) together with it or not at all.
type FilingObserver interface {
	FilingChanged(ctx context.Context, tx *store.Tx, c beian.RegistryChange) error
}

// FilingPolicy are the limits of SMS verification.
type FilingPolicy struct {
	// VerifyPerClient bounds verification attempts from one client address.
	VerifyPerClient beian.RateWindow
	// ResendPerNumber and ResendPerClient bound resends to one mobile and
	// from one client address.
	ResendPerNumber beian.RateWindow
	ResendPerClient beian.RateWindow
}

// DefaultFilingPolicy: 30 attempts an hour per client (five wrong ones
// return a filing anyway), 5 resends a day per number (the SMS gateway's
// own limits come on top), 20 resends an hour per client.
var DefaultFilingPolicy = FilingPolicy{
	VerifyPerClient: beian.RateWindow{Limit: 30, Window: time.Hour},
	ResendPerNumber: beian.RateWindow{Limit: 5, Window: 24 * time.Hour},
	ResendPerClient: beian.RateWindow{Limit: 20, Window: time.Hour},
}

// SMSTimeoutJob is the job kind that returns a filing whose SMS window
// ended without every verification.
const SMSTimeoutJob = "filing_sms_timeout"

// Filings is the registry's half of a filing: it accepts what providers
// submit, runs SMS verification (短信核验) and the bureau's review (管局审核),
// and on approval writes the national record and issues the numbers.
type Filings struct {
	DB        *store.DB
	Notifier  *notify.Notifier
	Passwords *Passwords // issues a first filing's password
	// Observer, if set, is told every transition.
	Observer FilingObserver
	Calendar *rules.Calendar // default rules.DefaultCalendar
	Policy   FilingPolicy
	// NewCode returns a 6-digit code; tests replace it.
	NewCode func() string
}

// Accept takes a filing a provider submitted after its initial review, in
// the caller's transaction: it re-checks what only the registry knows (the
// domains against the national record and other entities' pending filings,
// the entity against filings in flight at any provider, the main number of
// a filed entity), records the filing and sends each principal who must
// verify a code; with nobody to verify it goes straight to the bureau.
// The caller learns the outcome from f (Status, SMSDeadline, Deadline): the
// Observer hears of the transitions that follow, not of this one, which
// happens inside the caller's own change.
func (fs *Filings) Accept(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) error {
	var cur *beian.Entity
	if f.FilingType.IsChange() || f.FilingType.IsCancel() {
		var err error
		if cur, err = fs.checkFiled(ctx, tx, f); err != nil {
			return err
		}
	} else if err := fs.checkSubmission(ctx, tx, f); err != nil {
		return err
	}
	now := tx.Now()
	f.ID, f.Status, f.AcceptedAt, f.UpdatedAt = 0, beian.StatusSMSVerification, now, now
	if cur != nil {
		f.Province = cur.Province
	} else {
		f.Province = f.Record.Entity.Province
	}
	f.SMSDeadline, f.Deadline, f.WrongAttempts = now.Add(beian.SMSVerifyWindow), time.Time{}, 0
	f.Rejections, f.MainLicence, f.ServiceLicences = nil, "", nil
	f.Events = []beian.Event{{At: now, Status: beian.StatusSMSVerification, Note: "管局系统已受理，等待负责人短信核验"}}
	err := tx.InsertFiling(ctx, f)
	if err != nil {
		return err
	}
	if err := tx.Audit(ctx, beian.AuditRecord{Actor: "provider:" + f.Provider, Action: "filing.accept", Object: beian.FilingNo(f.ID), Outcome: "accepted"}); err != nil {
		return err
	}
	if f.FilingType == beian.FilingNewAccess {
		if cur, err = tx.FindEntityByLicence(ctx, f.Record.Entity.MainLicence); err != nil {
			return err
		}
	}
	verifiers := f.Verifiers(cur)
	if len(verifiers) == 0 {
		f.Deadline = fs.calendar().AddWorkingDays(now, beian.BureauWorkingDays)
		return fs.move(ctx, tx, f, beian.StatusBureauReview, "无需短信核验，已提交管局审核", "registry")
	}
	for _, v := range verifiers {
		sv := &store.FilingVerifier{FilingID: f.ID, Role: v.Role, Name: v.Name, Mobile: rules.NormalizeMobile(v.Mobile), CertSuffix: beian.CertSuffix(v.CertNo)}
		code := fs.code()
		sv.Salt, sv.Hash = hashCode(code)
		if err := tx.InsertFilingVerifier(ctx, sv); err != nil {
			return err
		}
		if err := fs.sendCode(ctx, tx, sv, 1, code); err != nil {
			return err
		}
	}
	_, err = tx.EnqueueJob(ctx, &beian.Job{Kind: SMSTimeoutJob, Key: "filing-sms-timeout:" + strconv.FormatInt(f.ID, 10),
		Payload: strconv.FormatInt(f.ID, 10), RunAt: f.SMSDeadline})
	return err
}

// inFlightError refuses a submission whose entity has filing held in
// flight, naming the order that holds it (its kind, number, provider and
// application), as the agent's own refusal does, so that the applicant
// knows what to wait for.
func inFlightError(held *beian.RegistryFiling) error {
	return beian.Errorf(beian.ECONFLICT, "%s：该主体已有%s（%s，%s的订单 %d）正在管局系统办理，请待其办结后再提交",
		beian.EntityConflict, held.FilingType, beian.FilingNo(held.ID), held.Provider, held.ApplicationID)
}

// checkSubmission checks a filing against the national record and the
// filings in flight.
func (fs *Filings) checkSubmission(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) error {
	if f.Record == nil || !f.FilingType.IsNew() {
		return beian.Errorf(beian.EINVALID, "filingType: 不支持的备案类型 %s", f.FilingType)
	}
	if err := checkBlacklist(ctx, tx, recordQuery(f.Record), tx.Now()); err != nil {
		return err
	}
	e := &f.Record.Entity
	if f.Provider == "" || f.ApplicationID == 0 || f.Version == 0 {
		return beian.Errorf(beian.EINVALID, "提交管局的备案缺少接入商、申请编号或版本")
	}
	if len(f.Access) != len(e.Services) || len(e.Services) == 0 {
		return beian.Errorf(beian.EINVALID, "access: 每项服务须有接入信息")
	}
	if _, ok := rules.LookupProvince(e.Province); !ok {
		return beian.FieldErrorf("province", "未知的省份代码 %q", e.Province)
	}
	if prev, err := tx.FilingOfApplication(ctx, f.Provider, f.ApplicationID); err != nil {
		return err
	} else if prev != nil {
		return beian.Errorf(beian.ECONFLICT, "该申请已提交管局系统（%s），请等待结果", beian.FilingNo(prev.ID))
	}
	if held, err := tx.FilingInFlight(ctx, e.CertNo, f.Provider, f.ApplicationID); err != nil {
		return err
	} else if held != nil {
		return inFlightError(held)
	}
	live, err := tx.LiveLicenceOfCert(ctx, e.CertNo)
	if err != nil {
		return err
	}
	switch {
	case f.FilingType == beian.FilingFirst && live != "":
		return beian.Errorf(beian.ECONFLICT, "%s：该主体已备案（%s），请办理新增网站", beian.EntityConflict, live)
	case f.FilingType != beian.FilingFirst && (live == "" || (e.MainLicence != "" && live != e.MainLicence)):
		// A cancelled main number is never live again.
		return beian.FieldErrorf("mainLicence", "主体备案号 %s 不存在或已注销", e.MainLicence)
	case f.FilingType != beian.FilingFirst:
		// An applicant's 新增网站 or 新增接入 names its entity by the
		// certificate (the type check found its number; the record may not
		// carry it): the filing is of the live entity's number.
		e.MainLicence = live
	}
	return fs.checkDomains(ctx, tx, f)
}

func (fs *Filings) checkDomains(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) error {
	e := &f.Record.Entity
	for i, s := range e.Services {
		if f.FilingType == beian.FilingNewAccess && len(s.Domains) == 0 {
			return beian.FieldErrorf(fmt.Sprintf("services[%d].domains", i), "新增接入须填写已备案的域名")
		}
		for j, d := range s.Domains {
			field := fmt.Sprintf("services[%d].domains[%d]", i, j)
			holder, err := tx.DomainHolderCert(ctx, d)
			if err != nil {
				return err
			}
			pending, err := tx.DomainPendingElsewhere(ctx, d, e.CertNo)
			if err != nil {
				return err
			}
			switch {
			case (holder != "" && holder != e.CertNo) || pending:
				return &beian.Error{Code: beian.ECONFLICT, Field: field, Message: fmt.Sprintf("%s: %s：域名 %s 已由其他主体备案或正在备案", field, beian.DomainConflict, d)}
			case holder == "" && f.FilingType == beian.FilingNewAccess:
				return &beian.Error{Code: beian.ECONFLICT, Field: field, Message: fmt.Sprintf("%s: 域名 %s 尚未备案，不能新增接入", field, d)}
			case holder != "" && f.FilingType != beian.FilingNewAccess:
				return &beian.Error{Code: beian.ECONFLICT, Field: field, Message: fmt.Sprintf("%s: 域名 %s 已备案，请办理新增接入", field, d)}
			}
		}
	}
	return nil
}

// enterBureau puts f in the bureau's queue, due in 20 working days.
func (fs *Filings) enterBureau(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling, note string) error {
	f.Deadline = fs.calendar().AddWorkingDays(tx.Now(), beian.BureauWorkingDays)
	return fs.transition(ctx, tx, f, beian.StatusBureauReview, note, "registry")
}

// transition moves f to status to and writes, in tx, the filing, its event,
// the audit record and the observer's mirror.
func (fs *Filings) transition(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling, to beian.ApplicationStatus, note, actor string) error {
	if err := fs.move(ctx, tx, f, to, note, actor); err != nil {
		return err
	}
	return fs.observe(ctx, tx, f)
}

// move is transition without the observer.
func (fs *Filings) move(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling, to beian.ApplicationStatus, note, actor string) error {
	if err := beian.CheckRegistryTransition(f.Status, to); err != nil {
		return err
	}
	now := tx.Now()
	f.RecordEvent(to, now, note)
	if to != beian.StatusBureauReview {
		f.Deadline = time.Time{}
	}
	if err := tx.SaveFiling(ctx, f); err != nil {
		return err
	}
	if err := tx.AddFilingEvent(ctx, f.ID, f.Events[len(f.Events)-1], actor); err != nil {
		return err
	}
	return tx.Audit(ctx, beian.AuditRecord{Actor: actor, Action: "filing." + string(to), Object: beian.FilingNo(f.ID), Outcome: string(to)})
}

func (fs *Filings) observe(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) error {
	if fs.Observer == nil || f.Remote {
		return nil
	}
	return fs.Observer.FilingChanged(ctx, tx, fs.change(f))
}

// change is f's last transition as the provider's side mirrors it.
func (fs *Filings) change(f *beian.RegistryFiling) beian.RegistryChange {
	last := f.Events[len(f.Events)-1]
	deadline := f.Deadline
	if f.Status == beian.StatusSMSVerification {
		deadline = f.SMSDeadline
	}
	return beian.RegistryChange{
		FilingID: f.ID, Provider: f.Provider, ApplicationID: f.ApplicationID, Version: f.Version,
		Status: f.Status, At: last.At, Note: last.Note, Deadline: deadline,
		Rejections: f.Rejections, MainLicence: f.MainLicence, ServiceLicences: f.ServiceLicences,
	}
}

func (fs *Filings) calendar() *rules.Calendar {
	if fs.Calendar != nil {
		return fs.Calendar
	}
	return rules.DefaultCalendar
}

func (fs *Filings) code() string {
	if fs.NewCode != nil {
		return fs.NewCode()
	}
	n, err := rand.Int(rand.Reader, big.NewInt(1000000))
	if err != nil {
		panic(err) // crypto/rand does not fail
	}
	return fmt.Sprintf("%06d", n.Int64())
}

// hashCode returns a random salt and the SHA-256 of salt and code: a code
// is never stored.
func hashCode(code string) (salt, hash string) {
	b := make([]byte, 16)
	rand.Read(b)
	salt = hex.EncodeToString(b)
	return salt, codeHash(salt, code)
}

func codeHash(salt, code string) string {
	h := sha256.Sum256([]byte(salt + ":" + code))
	return hex.EncodeToString(h[:])
}

// sendCode sends the n-th code of a verifier. The key names the verifier
// and the send, so a repeated transaction never sends twice.
func (fs *Filings) sendCode(ctx context.Context, tx *store.Tx, v *store.FilingVerifier, n int, code string) error {
	if fs.Notifier == nil {
		return nil
	}
	key := fmt.Sprintf("filing-code:%d:%d:%d", v.FilingID, v.ID, n)
	_, err := fs.Notifier.Notify(ctx, tx, key, notify.Recipient{Mobile: v.Mobile},
		notify.VerificationCode{Code: code, Purpose: "备案短信核验（" + beian.FilingNo(v.FilingID) + "）", ValidMinutes: int(beian.SMSVerifyWindow / time.Minute)})
	return err
}

func (fs *Filings) wake() {
	if fs.Notifier != nil && fs.Notifier.Wake != nil {
		fs.Notifier.Wake()
	}
}
