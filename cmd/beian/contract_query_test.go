package main

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/idna"
)

var rowFields = []string{"unitName", "natureName", "mainLicence", "serviceLicence", "serviceName", "serviceType",
	"domain", "homeUrl", "updateRecordTime", "limitAccess", "contentTypeName"}

// query runs a public query and checks its envelope.
func (x *ext) query(params string) ([]map[string]any, map[string]any) {
	x.t.Helper()
	r := x.get("/api/v1/query?"+params, "")
	if r.status != 200 || r.Code != 200 || r.Msg != "操作成功" || r.Succ == nil || !*r.Succ {
		x.t.Fatalf("query %s: %d %s", params, r.status, r.raw)
	}
	for _, k := range []string{"list", "total", "pages", "pageNum", "pageSize", "isLastPage"} {
		if _, ok := r.Params[k]; !ok {
			x.t.Errorf("query %s: no %s in %s", params, k, r.raw)
		}
	}
	var rows []map[string]any
	for _, it := range r.Params["list"].([]any) {
		row := it.(map[string]any)
		for _, k := range rowFields {
			if _, ok := row[k]; !ok {
				x.t.Errorf("row lacks %s: %v", k, row)
			}
		}
		if l := row["limitAccess"]; l != "是" && l != "否" {
			x.t.Errorf("limitAccess %v", l)
		}
		if !regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`).MatchString(fmt.Sprint(row["updateRecordTime"])) {
			x.t.Errorf("updateRecordTime %v", row["updateRecordTime"])
		}
		rows = append(rows, row)
	}
	return rows, r.Params
}

func (x *ext) kw(k string, more string) []map[string]any {
	rows, _ := x.query("keyword=" + url.QueryEscape(k) + more)
	return rows
}

func contractQuery(t *testing.T, x *ext, gen []map[string]any) {
	// A generated entity's first website, by every domain form.
	var site map[string]any
	for _, e := range gen {
		for _, s := range e["services"].([]any) {
			if sv := s.(map[string]any); sv["serviceType"] == 1.0 && site == nil {
				site = sv
			}
		}
	}
	dom := site["domains"].([]any)[0].(string)
	rows := x.kw(dom, "")
	if len(rows) != 1 || rows[0]["domain"] != dom || rows[0]["serviceType"] != 1.0 {
		t.Fatalf("query %s: %v", dom, rows)
	}
	main, svc := rows[0]["mainLicence"].(string), rows[0]["serviceLicence"].(string)
	if rows[0]["updateRecordTime"] == "" || !strings.HasPrefix(svc, main+"-") {
		t.Errorf("row %v", rows[0])
	}
	for _, k := range []string{"https://www." + dom + ":8443/a/b?c=d", "WWW." + strings.ToUpper(dom) + ".", "shop.blog." + dom, "http://" + dom + "/", dom + ":80"} {
		if r := x.kw(k, ""); len(r) != 1 || r[0]["serviceLicence"] != svc {
			t.Errorf("keyword %q: %v", k, r)
		}
	}
	if r := x.kw(svc, ""); len(r) < 1 {
		t.Errorf("service number %s: %v", svc, r)
	} else {
		for _, row := range r {
			if row["serviceLicence"] != svc {
				t.Errorf("service number %s lists %v", svc, row)
			}
		}
	}
	if r := x.kw(main, ""); len(r) < 1 {
		t.Errorf("main number %s: %v", main, r)
	}
	contractQueryForms(t, x, gen)
	contractQueryPaging(t, x)
}

// contractQueryForms: IDN forms, province abbreviations, the time and the
// services of a main number.
func contractQueryForms(t *testing.T, x *ext, gen []map[string]any) {
	// IDN in Unicode and punycode; 川 for 蜀, 贵 for 黔, 甘 for 陇.
	puny, _ := idna.Lookup.ToASCII("例子小站.cn")
	for _, k := range []string{"例子小站.cn", puny, "www." + puny, "https://www.例子小站.cn/"} {
		r := x.kw(k, "")
		if len(r) != 1 || r[0]["unitName"] != "陈小明" {
			t.Errorf("IDN keyword %q: %v", k, r)
			continue
		}
		if k == puny {
			checkAlias(t, x, r[0], "蜀", "川")
		}
	}
	// updateRecordTime is the approval time in Shanghai.
	if r := x.kw("zhaodawei-site.cn", ""); len(r) != 1 || r[0]["updateRecordTime"] != "2021-08-30 13:10:24" || r[0]["natureName"] != "个人" {
		t.Errorf("zhaodawei-site.cn: %v", r)
	}
	// A main number lists every service of its entity.
	var most map[string]any
	for _, e := range gen {
		if most == nil || len(e["services"].([]any)) > len(most["services"].([]any)) {
			most = e
		}
	}
	if r := x.kw(most["unitName"].(string), "&pageSize=100"); len(r) > 0 {
		services := map[any]bool{}
		for _, row := range x.kw(r[0]["mainLicence"].(string), "&pageSize=100") {
			services[row["serviceLicence"]] = true
		}
		if len(services) != len(most["services"].([]any)) {
			t.Errorf("main number %s lists %d services, want %d", r[0]["mainLicence"], len(services), len(most["services"].([]any)))
		}
	}
	if r := x.kw("赵大伟", ""); len(r) == 1 {
		checkAlias(t, x, r[0], "黔", "贵")
	} else {
		t.Errorf("name 赵大伟: %v", r)
	}
	if r := x.kw("钱多多", ""); len(r) == 1 {
		checkAlias(t, x, r[0], "陇", "甘")
	} else {
		t.Errorf("name 钱多多: %v", r)
	}
	for _, e := range gen {
		if e["province"] == "云南" {
			r := x.kw(e["unitName"].(string), "")
			checkAlias(t, x, r[0], "滇", "云")
			break
		}
	}
}

// contractQueryPaging: name substrings, the serviceType filter, stable
// paging and bad parameters.
func contractQueryPaging(t *testing.T, x *ext) {
	// Name substrings of two characters and more; one is too short.
	if r := x.kw("小明", ""); len(r) != 1 {
		t.Errorf("substring 小明: %v", r)
	}
	if r := x.kw("nothing-filed-here.cn", ""); len(r) != 0 {
		t.Errorf("no match: %v", r)
	}
	// serviceType filters; without it every kind is listed; paging is stable.
	all, p := x.query("keyword=" + url.QueryEscape("有限公司") + "&pageSize=100")
	total := int(p["total"].(float64))
	kinds := map[float64]int{}
	for _, r := range all {
		kinds[r["serviceType"].(float64)]++
	}
	if total < 20 || kinds[1] == 0 || kinds[7] == 0 {
		t.Fatalf("有限公司: total %d kinds %v", total, kinds)
	}
	for _, st := range []string{"1", "6", "7", "8"} {
		rows, _ := x.query("keyword=" + url.QueryEscape("有限公司") + "&pageSize=100&serviceType=" + st)
		for _, r := range rows {
			if fmt.Sprint(r["serviceType"]) != st {
				t.Errorf("serviceType=%s listed %v", st, r["serviceType"])
			}
		}
	}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		rows, p := x.query(fmt.Sprintf("keyword=%s&pageSize=7&pageNum=%d", url.QueryEscape("有限公司"), n))
		for _, r := range rows {
			k := fmt.Sprint(r["serviceLicence"], r["domain"], r["serviceName"])
			if seen[k] {
				t.Errorf("page %d repeats %s", n, k)
			}
			seen[k] = true
		}
		if p["isLastPage"] == true {
			if p["pages"].(float64) != float64(n) || p["pageSize"].(float64) != 7 {
				t.Errorf("last page %d: %v", n, p)
			}
			break
		}
		if n > 100 {
			t.Fatal("no last page")
		}
	}
	if len(seen) != total {
		t.Errorf("paging yielded %d rows, total %d", len(seen), total)
	}
	// Bad parameters: 400 naming the field.
	for _, tc := range []struct{ q, field string }{
		{"", "keyword"}, {"keyword=" + url.QueryEscape("明"), "keyword"}, {"keyword=abc.cn&serviceType=2", "serviceType"},
		{"keyword=abc.cn&serviceType=x", "serviceType"}, {"keyword=abc.cn&pageSize=101", "pageSize"},
		{"keyword=abc.cn&pageSize=0", "pageSize"}, {"keyword=abc.cn&pageNum=0", "pageNum"}, {"keyword=abc.cn&pageNum=-1", "pageNum"},
		{"keyword=abc.cn&pageNum=abc", "pageNum"}, {"keyword=abc.cn&pageNum=99999999999999999999", "pageNum"},
		{"keyword=" + strings.Repeat("长", 300), "keyword"},
	} {
		want(t, "query "+tc.q, x.get("/api/v1/query?"+tc.q, ""), 400, tc.field)
	}
}

// checkAlias: a main number found with its province's other abbreviation.
func checkAlias(t *testing.T, x *ext, row map[string]any, official, alias string) {
	t.Helper()
	main, svc := row["mainLicence"].(string), row["serviceLicence"].(string)
	if !strings.HasPrefix(main, official) {
		t.Errorf("main number %s does not start with %s", main, official)
		return
	}
	other := alias + strings.TrimPrefix(main, official)
	if r := x.kw(other, ""); len(r) == 0 || r[0]["mainLicence"] != main {
		t.Errorf("%s (for %s): %v", other, main, r)
	}
	if r := x.kw(alias+strings.TrimPrefix(svc, official), ""); len(r) == 0 || r[0]["serviceLicence"] != svc {
		t.Errorf("%s with %s: %v", svc, alias, r)
	}
}

var passwordRE = regexp.MustCompile(`备案密码：([A-Za-z0-9]*)`)

func contractPassword(t *testing.T, x *ext) {
	r := x.kw("赵大伟", "")
	main := r[0]["mainLicence"].(string)
	id := idNo("52010219880101002")
	body := func(p, l, ct, no string) string {
		return fmt.Sprintf(`{"province": %q, "licence": %q, "certType": %q, "certNo": %q}`, p, l, ct, no)
	}
	hit := x.post("/api/v1/password/recover", "", body("贵州", main, "居民身份证", id))
	miss := x.post("/api/v1/password/recover", "", body("贵州", main, "居民身份证", idNo("52010219880101003")))
	if hit.status != 200 || hit.Code != 200 || !*hit.Succ || hit.raw != miss.raw {
		t.Fatalf("recover: %s / %s", hit.raw, miss.raw)
	}
	want(t, "recover with a service number", x.post("/api/v1/password/recover", "", body("贵州", main+"-1", "居民身份证", id)), 400, "licence")
	want(t, "recover without province", x.post("/api/v1/password/recover", "", body("", main, "居民身份证", id)), 400, "province")
	want(t, "recover bad JSON", x.post("/api/v1/password/recover", "", `{"province": 5`), 400, "")
	sms := x.outbox("13800000002", "sms", passwordRE)[1]
	mail := x.outbox("p13800000002@example.cn", "email", passwordRE)[1]
	if len(sms) < 10 || len(sms) > 32 || sms != mail {
		t.Fatalf("password by sms %q, by email %q", sms, mail)
	}
	change := func(old, nw string) resp {
		return x.post("/api/v1/password/change", "", fmt.Sprintf(`{"province": "贵州", "licence": %q, "oldPassword": %q, "newPassword": %q}`, main, old, nw))
	}
	newPw := "Abcdef123456xyz"
	if r := change(sms, newPw); r.status != 200 || !*r.Succ {
		t.Fatalf("change: %s", r.raw)
	}
	want(t, "change with the recovered password again", change(sms, "Other123456abc"), 400, "")
	// Recovering again: the password set by the change stops working.
	x.post("/api/v1/password/recover", "", body("贵州", main, "居民身份证", id))
	var again string
	poll(t, "a second password", func() bool {
		again = x.outbox("13800000002", "sms", passwordRE)[1]
		return again != sms
	})
	want(t, "change with the replaced password", change(newPw, "Other123456abc"), 400, "您输入的旧密码错误,请重新输入")
	if r := change(again, newPw); r.status != 200 {
		t.Fatalf("change with the second recovered password: %s", r.raw)
	}
	if r := change(sms, "Other123456abc"); r.Msg != "您输入的旧密码错误,请重新输入" && r.status != 429 {
		t.Errorf("wrong old password: %q", r.Msg)
	}
	want(t, "change without newPassword", x.post("/api/v1/password/change", "", `{"province": "贵州", "licence": "`+main+`", "oldPassword": "x"}`), 400, "newPassword")
	var last resp
	for i := 0; i < 10 && last.status != 429; i++ {
		last = change("wrong-"+fmt.Sprint(i), "Other123456abc")
	}
	if last.status != 429 || last.header.Get("Retry-After") == "" {
		t.Fatalf("too many failures: %d %v", last.status, last.header)
	}
	if r := change(newPw, "Other123456abc"); r.status != 429 || r.header.Get("Retry-After") == "" {
		t.Errorf("right password while locked: %d", r.status)
	}
}
