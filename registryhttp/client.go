package registryhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
)

// Client is the registry as an agent that runs apart sees it: the provider
// API at URL, authenticated with the provider's API key (sent as a bearer
// token; use an https URL, as the key travels in every request).
type Client struct {
	URL  string // e.g. https://registry.example.cn
	Key  string
	HTTP *http.Client // http.DefaultClient when nil
}

var _ beian.Registry = (*Client)(nil)

// CheckType implements beian.Registry. The provider is the key's.
func (c *Client) CheckType(ctx context.Context, q beian.TypeCheckQuery) (beian.TypeCheckAnswer, error) {
	var ans TypeCheckResponse
	err := c.do(ctx, http.MethodPost, "/api/v1/registry/type-check", TypeCheckRequest{CertNo: q.CertNo, Domains: q.Domains,
		Exclude: q.Exclude, Principals: q.Principals}, &ans)
	return beian.TypeCheckAnswer{FilingType: ans.FilingType, MainLicence: ans.MainLicence}, err
}

// Submit implements beian.Registry. Sending it again after a lost answer
// is safe: the registry takes an application's version once.
func (c *Client) Submit(ctx context.Context, f beian.Filing) (*beian.RegistryChange, error) {
	out, err := c.SubmitFiling(ctx, f)
	return out.Change, err
}

// SubmitFiling submits f and returns the registry's whole answer: the
// filing's number and status.
func (c *Client) SubmitFiling(ctx context.Context, f beian.Filing) (SubmitResponse, error) {
	var out SubmitResponse
	err := c.do(ctx, http.MethodPost, "/api/v1/registry/filings", SubmitRequest{Filing: f}, &out)
	return out, err
}

// FiledEntity implements beian.Registry: the registry shows the entities
// one of whose live services the key's provider serves.
func (c *Client) FiledEntity(ctx context.Context, licence string) (*beian.Entity, error) {
	var e beian.Entity
	if err := c.do(ctx, http.MethodGet, "/api/v1/registry/entities/"+url.PathEscape(licence), nil, &e); err != nil {
		return nil, err
	}
	return &e, nil
}

// Changes returns up to limit transitions of the provider's filings after
// cursor.
func (c *Client) Changes(ctx context.Context, cursor int64, limit int) (ChangesResponse, error) {
	var out ChangesResponse
	q := url.Values{"cursor": {strconv.FormatInt(cursor, 10)}, "limit": {strconv.Itoa(limit)}}
	err := c.do(ctx, http.MethodGet, "/api/v1/registry/changes?"+q.Encode(), nil, &out)
	return out, err
}

// envelope is the API's answer.
type envelope struct {
	Code    int             `json:"code"`
	Success bool            `json:"success"`
	Msg     string          `json:"msg"`
	Params  json.RawMessage `json:"params"`
}

// codeOf maps the registry's HTTP status back to the domain's error codes,
// so the agent answers its own callers as it would in one binary.
var codeOf = map[int]string{
	http.StatusBadRequest:      beian.EINVALID,
	http.StatusUnauthorized:    beian.EUNAUTHORIZED,
	http.StatusForbidden:       beian.EFORBIDDEN,
	http.StatusNotFound:        beian.ENOTFOUND,
	http.StatusConflict:        beian.ECONFLICT,
	http.StatusTooManyRequests: beian.ERATELIMITED,
}

func (c *Client) do(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimRight(c.URL, "/")+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Key)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("registry: %w", err)
	}
	defer resp.Body.Close()
	var env envelope
	if err := json.NewDecoder(io.LimitReader(resp.Body, 8<<20)).Decode(&env); err != nil {
		return fmt.Errorf("registry: %s %s: status %d, unreadable answer: %w", method, path, resp.StatusCode, err)
	}
	if resp.StatusCode != http.StatusOK || !env.Success {
		if code, ok := codeOf[resp.StatusCode]; ok {
			return &beian.Error{Code: code, Message: env.Msg}
		}
		return fmt.Errorf("registry: %s %s: status %d: %s", method, path, resp.StatusCode, env.Msg)
	}
	return json.Unmarshal(env.Params, out)
}
