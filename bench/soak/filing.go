package main

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/url"
	"strconv"
)

// filing takes one 首次备案 of a new person from the application to the
// bureau's approval, through the API as the applicant, the provider's
// reviewer, the principal and the bureau would.
func (c *client) filing(ctx context.Context) error {
	n := c.next.Add(1)
	ap := c.applicants[int(n)%len(c.applicants)]
	tok, err := c.applicantToken(ctx, ap[0])
	if err != nil {
		return err
	}
	cert := residentID(fmt.Sprintf("33010619%02d%02d%02d%03d", 70+n%30, 1+n%12, 1+n%28, n%1000))
	mobile := fmt.Sprintf("136%08d", n)
	name := "苏" + string(rune('一'+n%20)) + string(rune('乙'+n/20%20))
	body := fmt.Sprintf(`{"record": {"unitName": %q, "natureName": "个人", "province": "浙江", "certType": "居民身份证", "certNo": %q,
	  "principal": {"name": %q, "certType": "居民身份证", "certNo": %q, "mobile": %q, "email": "soak@example.cn"},
	  "services": [{"serviceType": 1, "serviceName": "浸泡测试站", "domains": ["soak-%d.cn"], "homeUrl": "www.soak-%d.cn"}]},
	  "products": [{"service": 0, "productId": %q}]}`, name, cert, name, cert, mobile, n, n, ap[1])
	a, err := c.expectPost(201, "create", ctx, "/api/v1/agent/applications", tok, body)
	if err != nil {
		return err
	}
	app := "/api/v1/agent/applications/" + a.Params["id"].(string)
	for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto", "other"} {
		if _, err := c.expectUpload(201, "upload "+kind, ctx, app, tok, kind); err != nil {
			return err
		}
	}
	if _, err := c.expectPost(200, "submit", ctx, app+"/submit", tok, ""); err != nil {
		return err
	}
	if _, err := c.expectPost(200, "review", ctx, app+"/review", c.reviewer, `{"decision": "approve"}`); err != nil {
		return err
	}
	if err := c.verify(ctx, mobile, cert); err != nil {
		return err
	}
	return c.approve(ctx, name, app, tok)
}

func (c *client) applicantToken(ctx context.Context, mobile string) (string, error) {
	a, err := c.expectPost(200, "applicant login", ctx, "/api/v1/login", "", fmt.Sprintf(`{"login": %q, "password": %q}`, mobile, c.cfg.password))
	if err != nil {
		return "", err
	}
	return a.Params["token"].(string), nil
}

func (c *client) upload(ctx context.Context, app, tok, kind string) (answer, error) {
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("kind", kind)
	fw, _ := mw.CreateFormFile("file", kind+".png")
	fw.Write(c.png)
	mw.Close()
	return c.do(ctx, "POST", app+"/materials", tok, mw.FormDataContentType(), &buf)
}

// verify reads the principal's code from the dev outbox and verifies it.
func (c *client) verify(ctx context.Context, mobile, cert string) error {
	var code string
	for range 100 { // the code is written with the approval; delivery is the runner's
		a, err := c.do(ctx, "GET", "/api/v1/dev/outbox?to="+url.QueryEscape(mobile), "", "", nil)
		if err != nil {
			return err
		}
		list, _ := a.Params["list"].([]any)
		for _, it := range list {
			if m := codeRE.FindStringSubmatch(fmt.Sprint(it.(map[string]any)["body"])); m != nil {
				code = m[1]
			}
		}
		if code != "" {
			break
		}
	}
	if code == "" {
		return fmt.Errorf("no code for %s", mobile)
	}
	_, err := c.expectPost(200, "sms-verify", ctx, "/api/v1/sms-verify", "", fmt.Sprintf(`{"mobile": %q, "code": %q, "certSuffix": %q}`, mobile, code, cert[len(cert)-6:]))
	return err
}

// approve finds the filing of name in the bureau's queue and approves it;
// the application must then be approved.
func (c *client) approve(ctx context.Context, name, app, tok string) error {
	q, err := c.expect(200, "bureau queue", ctx, "GET", "/api/v1/bureau/filings?status=pending", c.bureau, "", nil)
	if err != nil {
		return err
	}
	id := ""
	for _, it := range q.Params["list"].([]any) {
		if row := it.(map[string]any); row["unitName"] == name {
			id = row["id"].(string)
		}
	}
	if id == "" {
		return fmt.Errorf("%s is not in the bureau's queue", name)
	}
	if _, err := c.expectPost(200, "decision", ctx, "/api/v1/bureau/filings/"+id+"/decision", c.bureau, `{"decision": "approve"}`); err != nil {
		return err
	}
	g, err := c.expect(200, "application", ctx, "GET", app, tok, "", nil)
	if err == nil && g.Params["status"] != "approved" {
		err = fmt.Errorf("application %s after approval: %v", app, g.Params["status"])
	}
	return err
}

// residentID completes 17 digits with their GB 11643 check digit.
func residentID(first17 string) string {
	weights := []int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
	sum := 0
	for i, w := range weights {
		d, _ := strconv.Atoi(first17[i : i+1])
		sum += d * w
	}
	return first17 + string("10X98765432"[sum%11])
}
