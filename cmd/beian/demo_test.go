package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
)

// TestDemoContent: the demo's services declare content types (服务内容 /
// 前置审批), and a few have their access limited, so the query shows both
// columns filled as real records do.
func TestDemoContent(t *testing.T) {
	base, _ := startServer(t, "--demo")
	rows, limited, labels := 0, 0, map[string]bool{}
	for page := 1; ; page++ {
		resp, err := http.Get(fmt.Sprintf("%s/api/v1/query?pageSize=100&pageNum=%d&keyword=%s", base, page, url.QueryEscape("有限公司")))
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Params struct {
				List []struct {
					ServiceLicence, LimitAccess, ContentTypeName string
				} `json:"list"`
				IsLastPage bool `json:"isLastPage"`
			} `json:"params"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("page %d: %d %v", page, resp.StatusCode, err)
		}
		for _, r := range body.Params.List {
			rows++
			if r.ContentTypeName == "" {
				t.Errorf("%s has no content type", r.ServiceLicence)
			}
			labels[r.ContentTypeName] = true
			if r.LimitAccess == "是" {
				limited++
			}
		}
		if body.Params.IsLastPage || len(body.Params.List) == 0 {
			break
		}
	}
	if rows < 300 || limited == 0 || limited > rows/10 || len(labels) < 5 {
		t.Fatalf("%d company services: %d limited, %d distinct content types", rows, limited, len(labels))
	}
	t.Logf("%d company services: %d limited, %d distinct content types", rows, limited, len(labels))
}

// TestDemoFiled: the demo has filed entities to change and cancel from,
// filed through the agent, the SMS verification and the bureau: one for the
// visitor with nothing in flight, one with a 变更网站 and one with a 注销网站
// in the provider's initial review.
func TestDemoFiled(t *testing.T) {
	base, _ := startServer(t, "--demo")
	for _, test := range []struct {
		login string
		want  []string // filingType/status of each application, newest first
	}{
		{"13900000006", []string{"首次备案/approved"}},
		{"13900000007", []string{"变更网站/initial_review", "首次备案/approved"}},
		{"13900000008", []string{"注销网站/initial_review", "首次备案/approved"}},
	} {
		token := demoAPILogin(t, base, test.login)
		req, _ := http.NewRequest("GET", base+"/api/v1/agent/applications", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var body struct {
			Params struct {
				List []struct{ FilingType, Status string } `json:"list"`
			} `json:"params"`
		}
		err = json.NewDecoder(resp.Body).Decode(&body)
		resp.Body.Close()
		var got []string
		for _, a := range body.Params.List {
			got = append(got, a.FilingType+"/"+a.Status)
		}
		if err != nil || strings.Join(got, " ") != strings.Join(test.want, " ") {
			t.Errorf("%s: applications %v, want %v (%v)", test.login, got, test.want, err)
		}
	}
	// The visitor's filed entity offers every kind.
	jar, _ := cookiejar.New(nil)
	client := &http.Client{Jar: jar}
	resp, err := client.PostForm(base+"/login", url.Values{"login": {"13900000006"}, "password": {demoPassword}, "next": {"/agent/filed"}})
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, kind := range []string{"change-entity", "change", "cancel-entity", "change-site", "change-access", "cancel-site", "cancel-access"} {
		if !strings.Contains(string(page), "/"+kind) {
			t.Errorf("the visitor's filed entity offers no %s:\n%s", kind, page)
		}
	}
}

func demoAPILogin(t *testing.T, base, login string) string {
	t.Helper()
	resp, err := http.Post(base+"/api/v1/login", "application/json", strings.NewReader(`{"login":"`+login+`","password":"`+demoPassword+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body struct {
		Params struct{ Token string } `json:"params"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil || body.Params.Token == "" {
		t.Fatalf("login %s: %d %v", login, resp.StatusCode, err)
	}
	return body.Params.Token
}
