// Package realperson asks an outside real-person verification service
// (人脸核身 / 真实性核验) whether the person in a photo holds a certificate.
//
// The request is a JSON POST to the configured URL:
//
//	{"requestId", "name", "certType", "certNo", "photo", "idFront", "idBack"}
//
// with the images in standard base64, and two headers: X-Beian-Timestamp
// (Unix seconds) and X-Beian-Signature, the lower-case hex HMAC-SHA256 of
// "TIMESTAMP.BODY" under the shared secret. The service answers 200 with
// {"verdict": "pass"|"fail"|"pending", "score": 0–100, "reference", "message"}.
// A service checks a request with VerifySignature.
package realperson

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/beianhq/beian"
)

// Headers of a signed request.
const (
	HeaderTimestamp = "X-Beian-Timestamp"
	HeaderSignature = "X-Beian-Signature"
)

// MaxSkew is how far a request's timestamp may be from the receiver's clock.
const MaxSkew = 5 * time.Minute

// Provider is a beian.RealPersonVerifier that calls an HTTP service.
type Provider struct {
	Name   string // recorded as the check's method, e.g. the vendor
	URL    string
	Secret []byte
	Client *http.Client     // default: 30 s timeout
	Now    func() time.Time // default time.Now
}

var _ beian.RealPersonVerifier = (*Provider)(nil)

type request struct {
	RequestID string `json:"requestId"`
	Name      string `json:"name"`
	CertType  string `json:"certType"`
	CertNo    string `json:"certNo"`
	Photo     []byte `json:"photo"`
	IDFront   []byte `json:"idFront"`
	IDBack    []byte `json:"idBack"`
}

type response struct {
	Verdict   beian.Verdict `json:"verdict"`
	Score     float64       `json:"score"`
	Reference string        `json:"reference"`
	Message   string        `json:"message"`
}

// maxResponse bounds what is read of an answer.
const maxResponse = 64 << 10

// Verify sends r to the service and returns its verdict and score.
func (p *Provider) Verify(ctx context.Context, r beian.RealPersonRequest) (*beian.RealPersonCheck, error) {
	now := time.Now
	if p.Now != nil {
		now = p.Now
	}
	client := p.Client
	if client == nil {
		client = &http.Client{Timeout: 30 * time.Second}
	}
	body, err := json.Marshal(request{
		RequestID: fmt.Sprintf("beian-%d-%d", r.ApplicationID, now().UnixNano()),
		Name:      r.Name, CertType: r.CertType, CertNo: r.CertNo,
		Photo: r.Photo, IDFront: r.IDFront, IDBack: r.IDBack,
	})
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(now().Unix(), 10)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.URL, bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("realperson: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, Sign(p.Secret, ts, body))
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("realperson: %w", err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxResponse))
	if err != nil {
		return nil, fmt.Errorf("realperson: reading the answer: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("realperson: %s answered %s", p.URL, resp.Status)
	}
	out, err := parseAnswer(b)
	if err != nil {
		return nil, err
	}
	name := p.Name
	if name == "" {
		name = "http"
	}
	return &beian.RealPersonCheck{
		Method: name, Verdict: out.Verdict, Score: out.Score,
		Reference: out.Reference, Note: out.Message, CheckedAt: now(),
	}, nil
}

// parseAnswer reads and checks the service's answer.
func parseAnswer(b []byte) (response, error) {
	var out response
	if err := json.Unmarshal(b, &out); err != nil {
		return response{}, fmt.Errorf("realperson: malformed answer: %w", err)
	}
	switch out.Verdict {
	case beian.VerdictPass, beian.VerdictFail, beian.VerdictPending:
	default:
		return response{}, fmt.Errorf("realperson: unknown verdict %q", out.Verdict)
	}
	if !(out.Score >= 0 && out.Score <= 100) {
		return response{}, fmt.Errorf("realperson: score %v outside 0–100", out.Score)
	}
	if len(out.Reference) > 200 || len(out.Message) > 1000 {
		return response{}, errors.New("realperson: reference or message too long")
	}
	return out, nil
}

// Sign returns the signature of a request body sent at timestamp ts.
func Sign(secret []byte, ts string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(ts))
	m.Write([]byte{'.'})
	m.Write(body)
	return hex.EncodeToString(m.Sum(nil))
}

// VerifySignature checks the signature and timestamp of a received request
// against the shared secret, at time now.
func VerifySignature(secret []byte, ts, sig string, body []byte, now time.Time) error {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return errors.New("realperson: malformed timestamp")
	}
	if d := now.Sub(time.Unix(sec, 0)); d > MaxSkew || d < -MaxSkew {
		return errors.New("realperson: timestamp too far from now")
	}
	want := Sign(secret, ts, body)
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return errors.New("realperson: bad signature")
	}
	return nil
}
