package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync/atomic"
	"time"

	"github.com/pquerna/otp/totp"
)

// client holds what the flows draw from and the staff sessions.
type client struct {
	cfg               config
	hc                *http.Client
	domains, entities []string
	applicants        [][2]string // mobile, product id
	reviewer, bureau  string      // session tokens
	next              atomic.Int64
	png               []byte
}

func newClient(cfg config) (*client, error) {
	c := &client{cfg: cfg, hc: &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 16}}}
	var err error
	if c.domains, err = lines(cfg.domains); err != nil {
		return nil, err
	}
	if c.entities, err = lines(cfg.entities); err != nil {
		return nil, err
	}
	as, err := lines(cfg.applicants)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		m, p, _ := strings.Cut(a, "|")
		c.applicants = append(c.applicants, [2]string{m, p})
	}
	var b bytes.Buffer
	png.Encode(&b, image.NewGray(image.Rect(0, 0, 8, 8)))
	c.png = b.Bytes()
	if c.reviewer, err = c.signIn(cfg.reviewer); err != nil {
		return nil, err
	}
	if c.bureau, err = c.signIn(cfg.bureau); err != nil {
		return nil, err
	}
	return c, nil
}

func lines(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" {
			out = append(out, l)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: empty", path)
	}
	return out, sc.Err()
}

// answer is the API's envelope.
type answer struct {
	status int
	Msg    string         `json:"msg"`
	Params map[string]any `json:"params"`
}

func (c *client) do(ctx context.Context, method, path, token, ctype string, body io.Reader) (answer, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.cfg.base+path, body)
	if err != nil {
		return answer{}, err
	}
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	a := answer{status: resp.StatusCode}
	b, _ := io.ReadAll(resp.Body)
	if json.Unmarshal(b, &a) != nil && resp.StatusCode < 300 {
		return a, fmt.Errorf("%s %s: %d unreadable %.200s", method, path, resp.StatusCode, b)
	}
	if resp.StatusCode >= 500 {
		return a, fmt.Errorf("%s %s: %d %s", method, path, resp.StatusCode, a.Msg)
	}
	return a, nil
}

func (c *client) post(ctx context.Context, path, token, body string) (answer, error) {
	return c.do(ctx, "POST", path, token, "application/json", strings.NewReader(body))
}

// expect is do, failing unless the answer has status.
func (c *client) expect(status int, what string, ctx context.Context, method, path, token, ctype string, body io.Reader) (answer, error) {
	return check(status, what)(c.do(ctx, method, path, token, ctype, body))
}

func (c *client) expectPost(status int, what string, ctx context.Context, path, token, body string) (answer, error) {
	return check(status, what)(c.post(ctx, path, token, body))
}

func (c *client) expectUpload(status int, what string, ctx context.Context, app, tok, kind string) (answer, error) {
	return check(status, what)(c.upload(ctx, app, tok, kind))
}

// check returns a function failing an answer that does not have status.
func check(status int, what string) func(answer, error) (answer, error) {
	return func(a answer, err error) (answer, error) {
		if err == nil && a.status != status {
			err = fmt.Errorf("%s: %d %s", what, a.status, a.Msg)
		}
		return a, err
	}
}

// signIn logs a staff account in, enrolling TOTP at the first login.
func (c *client) signIn(login string) (string, error) {
	ctx := context.Background()
	a, err := c.expectPost(200, "login "+login, ctx, "/api/v1/login", "", fmt.Sprintf(`{"login": %q, "password": %q}`, login, c.cfg.password))
	if err != nil {
		return "", err
	}
	token, _ := a.Params["token"].(string)
	if a.Params["totpRequired"] != true {
		return token, nil
	}
	secret, _ := a.Params["totpSecret"].(string)
	code, _ := totp.GenerateCode(secret, time.Now())
	a, err = c.expectPost(200, "totp "+login, ctx, "/api/v1/login/totp", "", fmt.Sprintf(`{"token": %q, "code": %q}`, token, code))
	if err != nil {
		return "", err
	}
	return a.Params["token"].(string), nil
}

func (c *client) query(ctx context.Context) error {
	d := c.domains[rand.IntN(len(c.domains))]
	_, err := c.expect(200, "query", ctx, "GET", "/api/v1/query?keyword="+url.QueryEscape(d), "", "", nil)
	return err
}

// recover asks for a filed entity's password: 200, or 429 once the entity
// had its recoveries of the day.
func (c *client) recover(ctx context.Context) error {
	f := strings.Split(c.entities[rand.IntN(len(c.entities))], "|")
	a, err := c.post(ctx, "/api/v1/password/recover", "", fmt.Sprintf(`{"province": %q, "licence": %q, "certType": %q, "certNo": %q}`, f[0], f[1], f[2], f[3]))
	if err == nil && a.status != 200 && a.status != 429 {
		err = fmt.Errorf("recover: %d %s", a.status, a.Msg)
	}
	return err
}

func (c *client) login(ctx context.Context) error {
	m := c.applicants[rand.IntN(len(c.applicants))][0]
	a, err := c.expectPost(200, "login", ctx, "/api/v1/login", "", fmt.Sprintf(`{"login": %q, "password": %q}`, m, c.cfg.password))
	if err != nil {
		return err
	}
	_, err = c.expectPost(200, "logout", ctx, "/api/v1/logout", a.Params["token"].(string), "")
	return err
}

var codeRE = regexp.MustCompile(`验证码：(\d{6})`)
