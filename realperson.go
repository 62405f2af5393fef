package beian

import (
	"context"
	"time"
)

// Verdict is the outcome of a real-person verification (真实性核验): whether
// the person in the verification photo is the holder of the certificate.
type Verdict string

// Verdicts.
const (
	VerdictPending Verdict = "pending" // waiting for a reviewer to compare the photo with the certificate
	VerdictPass    Verdict = "pass"
	VerdictFail    Verdict = "fail"
)

// RealPersonRequest is what a verification looks at: the principal and the
// photos the applicant uploaded.
type RealPersonRequest struct {
	ApplicationID int64
	Name          string
	CertType      string
	CertNo        string
	Photo         []byte // the verification photo (principalPhoto)
	IDFront       []byte // principalIdFront
	IDBack        []byte // principalIdBack
}

// RealPersonCheck records one verification and its verdict.
type RealPersonCheck struct {
	Method    string // manual, or the name of the provider
	Verdict   Verdict
	Score     float64 // the provider's similarity score, 0 to 100; 0 for manual
	Reference string  // the provider's id of the check
	Note      string
	CheckedAt time.Time
	// ReviewerID is the reviewer who confirmed a manual check (0 otherwise).
	ReviewerID int64
}

// RealPersonVerifier verifies that the person in a photo holds a
// certificate. Verify may answer VerdictPending: then a reviewer decides.
type RealPersonVerifier interface {
	Verify(ctx context.Context, r RealPersonRequest) (*RealPersonCheck, error)
}

// ManualVerification is the default verifier: it decides nothing and leaves
// the comparison of photo and certificate to the provider's reviewer, who
// must confirm it (Confirm) before approving.
type ManualVerification struct {
	Now func() time.Time
}

var _ RealPersonVerifier = ManualVerification{}

// Verify returns a pending check.
func (m ManualVerification) Verify(ctx context.Context, r RealPersonRequest) (*RealPersonCheck, error) {
	now := time.Now
	if m.Now != nil {
		now = m.Now
	}
	return &RealPersonCheck{Method: "manual", Verdict: VerdictPending, CheckedAt: now(), Note: "待审核员比对核验照片与证件"}, nil
}

// Confirm records a reviewer's comparison of a pending check: pass when the
// photo shows the certificate holder. A check already decided is ECONFLICT.
func (c *RealPersonCheck) Confirm(reviewerID int64, pass bool, at time.Time, note string) error {
	if c.Verdict != VerdictPending {
		return Errorf(ECONFLICT, "真实性核验已有结论（%s），不能再确认", c.Verdict)
	}
	c.Verdict, c.ReviewerID, c.CheckedAt, c.Note = VerdictFail, reviewerID, at, note
	if pass {
		c.Verdict = VerdictPass
	}
	return nil
}

// CheckApprovable refuses approval of an application whose real-person
// verification has not passed, naming the field realPerson.
func CheckApprovable(c *RealPersonCheck) error {
	switch {
	case c == nil:
		return FieldErrorf("realPerson", "尚未进行真实性核验")
	case c.Verdict == VerdictPending:
		return FieldErrorf("realPerson", "请先比对核验照片与证件，并勾选确认为本人")
	case c.Verdict != VerdictPass:
		return FieldErrorf("realPerson", "真实性核验未通过，请驳回并要求重新上传核验照片")
	}
	return nil
}
