package smshttp

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
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Header names of the wire format.
const (
	HeaderKey            = "X-Beian-Key"
	HeaderTimestamp      = "X-Beian-Timestamp"
	HeaderSignature      = "X-Beian-Signature"
	HeaderIdempotencyKey = "Idempotency-Key"
)

// maxAnswer bounds how much of an answer body is read.
const maxAnswer = 64 << 10

// Message is one SMS.
type Message struct {
	// To is the mobile number, e.g. "13800000000".
	To string
	// Text is the message text (UTF-8).
	Text string
	// ID is the stable idempotency key of the message, the same for every
	// retry; sent as "id" and Idempotency-Key.
	ID string
}

// Sender sends Messages to one HTTP gateway. It is safe for concurrent
// use.
type Sender struct {
	url     string
	logURL  string // without query and credentials, for errors
	key     string
	secret  []byte
	sender  string
	timeout time.Duration
	client  *http.Client
	now     func() time.Time
}

// NewSender validates cfg and returns a Sender. It does not connect.
func NewSender(cfg Config) (*Sender, error) {
	return cfg.validate()
}

// payload is the JSON request body.
type payload struct {
	To     string `json:"to"`
	Text   string `json:"text"`
	ID     string `json:"id,omitempty"`
	Sender string `json:"sender,omitempty"`
}

// Send posts m to the gateway and returns the gateway's message id, which
// is empty when the gateway did not report one. A 2xx answer is success
// whatever its body. Use IsPermanent to decide whether a failure is worth
// retrying.
func (s *Sender) Send(ctx context.Context, m Message) (gatewayID string, err error) {
	if strings.TrimSpace(m.To) == "" {
		return "", fmt.Errorf("%w: empty recipient", ErrInvalidMessage)
	}
	if strings.TrimSpace(m.Text) == "" {
		return "", fmt.Errorf("%w: empty text", ErrInvalidMessage)
	}
	body, err := encode(payload{To: m.To, Text: m.Text, ID: m.ID, Sender: s.sender})
	if err != nil {
		return "", fmt.Errorf("smshttp: encode: %w", err)
	}

	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("smshttp: %w", err)
	}
	ts := strconv.FormatInt(s.now().Unix(), 10)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderKey, s.key)
	req.Header.Set(HeaderTimestamp, ts)
	req.Header.Set(HeaderSignature, sign(s.secret, ts, body))
	if m.ID != "" {
		req.Header.Set(HeaderIdempotencyKey, m.ID)
	}

	resp, err := s.client.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // its message repeats the full URL
		}
		return "", fmt.Errorf("smshttp: POST %s: %w", s.logURL, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return "", newStatusError(resp, answer[:min(len(answer), 1024)], s.now())
	}
	if err != nil {
		return "", nil // accepted; only the optional id was lost
	}
	return ackID(answer), nil
}

// ackID extracts "id" from a JSON answer; numeric ids are kept verbatim.
func ackID(answer []byte) string {
	var ack struct {
		ID json.RawMessage `json:"id"`
	}
	if json.Unmarshal(answer, &ack) != nil || len(ack.ID) == 0 {
		return ""
	}
	var id string
	if json.Unmarshal(ack.ID, &id) == nil {
		return id
	}
	var n json.Number
	if json.Unmarshal(ack.ID, &n) == nil {
		return n.String()
	}
	return ""
}

// encode marshals p as compact JSON without HTML escaping.
func encode(p payload) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// sign returns hex(HMAC-SHA256(secret, timestamp + "\n" + body)).
func sign(secret []byte, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, secret)
	mac.Write([]byte(timestamp))
	mac.Write([]byte{'\n'})
	mac.Write(body)
	return hex.EncodeToString(mac.Sum(nil))
}
