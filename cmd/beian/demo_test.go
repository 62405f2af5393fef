package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
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
