package registry

import (
	"context"
	"crypto/subtle"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/jobs"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// VerifyRequest is one SMS verification attempt (短信核验).
type VerifyRequest struct {
	Mobile     string `json:"mobile"`
	Code       string `json:"code"`
	CertSuffix string `json:"certSuffix"`
	Client     string `json:"-"`
}

// ResendRequest asks for new codes (短信重发).
type ResendRequest struct {
	Mobile     string `json:"mobile"`
	CertSuffix string `json:"certSuffix"`
	Client     string `json:"-"`
}

// Rate-event buckets of SMS verification.
const (
	verifyClient = "filing.verify.client"
	resendClient = "filing.resend.client"
	resendNumber = "filing.resend.number"
)

var errVerifyNotFound = beian.Errorf(beian.EINVALID, "%s", beian.SMSVerifyNotFound)

func checkMobileSuffix(mobile, suffix string) (string, string, error) {
	m := rules.NormalizeMobile(mobile)
	if err := rules.CheckMobile(m); err != nil {
		return "", "", beian.FieldError("mobile", err)
	}
	s := strings.ToUpper(strings.TrimSpace(suffix))
	if n := len([]rune(s)); n == 0 || n > beian.SMSCertSuffixLen {
		return "", "", beian.FieldErrorf("certSuffix", "请输入负责人证件号码的后6位")
	}
	return m, s, nil
}

// Verify checks a principal's code. It answers beian.SMSVerifyPartial while
// others must still verify and beian.SMSVerifyDone when the filing goes to
// the bureau. A wrong or unknown combination is EINVALID with
// beian.SMSVerifyNotFound and counts against every filing waiting for that
// mobile: the one after beian.SMSMaxWrong wrong attempts returns it.
func (fs *Filings) Verify(ctx context.Context, req VerifyRequest) (string, error) {
	mobile, suffix, err := checkMobileSuffix(req.Mobile, req.CertSuffix)
	if err != nil {
		return "", err
	}
	code := strings.TrimSpace(req.Code)
	if code == "" {
		return "", beian.FieldErrorf("code", "请输入短信验证码")
	}
	var answer string
	defer fs.wake()
	err = fs.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
		if err := countRate(ctx, tx, verifyClient, req.Client, fs.Policy.VerifyPerClient, "短信核验尝试过于频繁，请 %s后再试"); err != nil {
			return err, nil
		}
		pending, err := fs.livePending(ctx, tx, mobile)
		if err != nil {
			return nil, err
		}
		for _, v := range pending {
			if v.CertSuffix != suffix || subtle.ConstantTimeCompare([]byte(codeHash(v.Salt, code)), []byte(v.Hash)) != 1 {
				continue
			}
			answer, err = fs.verified(ctx, tx, v)
			return nil, err
		}
		return errVerifyNotFound, fs.countWrong(ctx, tx, pending)
	})
	return answer, err
}

// livePending returns the pending verifiers of mobile whose filing's window
// is still open; a filing found past its window is returned on the way.
func (fs *Filings) livePending(ctx context.Context, tx *store.Tx, mobile string) ([]store.FilingVerifier, error) {
	all, err := tx.PendingVerifiers(ctx, mobile)
	if err != nil {
		return nil, err
	}
	var live []store.FilingVerifier
	expired := map[int64]bool{}
	for _, v := range all {
		if expired[v.FilingID] {
			continue
		}
		f, err := tx.LockFiling(ctx, v.FilingID)
		if err != nil {
			return nil, err
		}
		if !tx.Now().Before(f.SMSDeadline) {
			expired[v.FilingID] = true
			if err := fs.timeOut(ctx, tx, f); err != nil {
				return nil, err
			}
			continue
		}
		live = append(live, v)
	}
	return live, nil
}

// verified records v's verification and, when it was the last, sends the
// filing to the bureau.
func (fs *Filings) verified(ctx context.Context, tx *store.Tx, v store.FilingVerifier) (string, error) {
	if err := tx.MarkFilingVerified(ctx, v.ID); err != nil {
		return "", err
	}
	if err := tx.Audit(ctx, beian.AuditRecord{Actor: "principal:" + v.Mobile, Action: "filing.sms_verify", Object: beian.FilingNo(v.FilingID), Outcome: v.Role}); err != nil {
		return "", err
	}
	all, err := tx.FilingVerifiers(ctx, v.FilingID)
	if err != nil {
		return "", err
	}
	for _, o := range all {
		if o.ID != v.ID && o.VerifiedAt.IsZero() {
			return beian.SMSVerifyPartial, nil
		}
	}
	f, err := tx.LockFiling(ctx, v.FilingID)
	if err != nil {
		return "", err
	}
	return beian.SMSVerifyDone, fs.enterBureau(ctx, tx, f, "短信核验已全部完成，已提交管局审核")
}

// countWrong counts a wrong attempt against each filing waiting for the
// mobile, returning those past the limit.
func (fs *Filings) countWrong(ctx context.Context, tx *store.Tx, pending []store.FilingVerifier) error {
	seen := map[int64]bool{}
	for _, v := range pending {
		if seen[v.FilingID] {
			continue
		}
		seen[v.FilingID] = true
		f, err := tx.LockFiling(ctx, v.FilingID)
		if err != nil {
			return err
		}
		f.WrongAttempts++
		if f.WrongAttempts > beian.SMSMaxWrong {
			if err := fs.transition(ctx, tx, f, beian.StatusReturned, "短信核验错误次数过多，已退回接入商", "registry"); err != nil {
				return err
			}
			continue
		}
		if err := tx.SaveFiling(ctx, f); err != nil {
			return err
		}
	}
	return nil
}

// Resend sends new codes to the pending verifications of a mobile and
// certificate suffix; with none pending it is EINVALID with
// beian.SMSResendNothing.
func (fs *Filings) Resend(ctx context.Context, req ResendRequest) error {
	mobile, suffix, err := checkMobileSuffix(req.Mobile, req.CertSuffix)
	if err != nil {
		return err
	}
	defer fs.wake()
	return fs.DB.InTxRefusal(ctx, func(tx *store.Tx) (error, error) {
		if err := countRate(ctx, tx, resendClient, req.Client, fs.Policy.ResendPerClient, "重发短信的请求过于频繁，请 %s后再试"); err != nil {
			return err, nil
		}
		pending, err := fs.livePending(ctx, tx, mobile)
		if err != nil {
			return nil, err
		}
		var mine []store.FilingVerifier
		for _, v := range pending {
			if v.CertSuffix == suffix {
				mine = append(mine, v)
			}
		}
		if len(mine) == 0 {
			return beian.Errorf(beian.EINVALID, "%s", beian.SMSResendNothing), nil
		}
		if err := countRate(ctx, tx, resendNumber, mobile, fs.Policy.ResendPerNumber, "该号码重发短信过于频繁，请 %s后再试"); err != nil {
			return err, nil
		}
		for _, v := range mine {
			code := fs.code()
			salt, hash := hashCode(code)
			if err := tx.ReplaceFilingCode(ctx, v.ID, salt, hash); err != nil {
				return nil, err
			}
			if err := fs.sendCode(ctx, tx, &v, v.Sends+1, code); err != nil {
				return nil, err
			}
		}
		return nil, tx.Audit(ctx, beian.AuditRecord{Actor: "principal:" + mobile, Action: "filing.sms_resend", Object: mobile, Client: req.Client, Outcome: strconv.Itoa(len(mine))})
	})
}

// countRate counts one event against subject in bucket, or returns
// ERATELIMITED when w's limit is reached. An empty subject or a zero limit
// counts nothing.
func countRate(ctx context.Context, tx *store.Tx, bucket, subject string, w beian.RateWindow, format string) error {
	if w.Limit <= 0 || subject == "" {
		return nil
	}
	events, err := tx.RateEvents(ctx, bucket, subject, tx.Now().Add(-w.Window))
	if err != nil {
		return err
	}
	if wait := w.Wait(events, tx.Now()); wait > 0 {
		return beian.RateLimited(wait, format)
	}
	return tx.AddRateEvent(ctx, bucket, subject, w.Window)
}

// timeOut returns a filing whose SMS window ended.
func (fs *Filings) timeOut(ctx context.Context, tx *store.Tx, f *beian.RegistryFiling) error {
	if f.Status != beian.StatusSMSVerification || tx.Now().Before(f.SMSDeadline) {
		return nil
	}
	return fs.transition(ctx, tx, f, beian.StatusReturned, "24小时内未完成短信核验，已退回接入商", "registry")
}

// HandleSMSTimeout is the handler of SMSTimeoutJob: the filing returns in
// the transaction that finishes the job, so the job and the transition
// commit together.
func (fs *Filings) HandleSMSTimeout(ctx context.Context, a *jobs.Attempt) error {
	id, err := strconv.ParseInt(a.Payload, 10, 64)
	if err != nil {
		return jobs.Permanent(err)
	}
	if _, err := fs.DB.FindFiling(ctx, id); beian.ErrorCode(err) == beian.ENOTFOUND {
		return jobs.Permanent(err)
	} else if err != nil {
		return err
	}
	a.OnFinish(func(ctx context.Context, tx *store.Tx, o jobs.Outcome) error {
		if o.State != jobs.Done {
			return nil
		}
		f, err := tx.LockFiling(ctx, id)
		if err != nil {
			return err
		}
		return fs.timeOut(ctx, tx, f)
	})
	return nil
}

// RegisterJobs registers the handlers of the filings' jobs with r.
func (fs *Filings) RegisterJobs(r *jobs.Runner) { r.Handle(SMSTimeoutJob, fs.HandleSMSTimeout) }
