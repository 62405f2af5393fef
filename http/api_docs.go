package http

// apiDocs describes every route of the route table under /api/, keyed by its
// pattern. Adding a JSON route is one entry here beside its line in the
// route table; TestOpenAPIMatchesRoutes fails until both are there.
var apiDocs = map[string]apiDoc{
	"GET /api/openapi.json": {
		summary: "This document: the OpenAPI 3.1 description of the JSON API",
		plain:   schema{"type": "object", "description": "an OpenAPI 3.1 document"},
	},
	"GET /api/v1/query": {
		summary: "Public query (备案查询) by domain, filing number or entity name",
		desc: "keyword is read as a domain (scheme, www., port, path, case and a trailing dot ignored; a subdomain finds its " +
			"registrable domain; IDN in Unicode or punycode), else a main or service number (spaces, lower case, a missing 号 " +
			"and traditional 粵 accepted), else a substring (at least 2 characters) of the entity name. No match is a success " +
			"with an empty list. Paging is stable; pageNum × pageSize may not pass 10000.",
		params: []apiParam{
			{name: "keyword", in: "query", required: true, desc: "domain, number or part of the entity name (at most 100 characters)", schema: schema{"type": "string", "maxLength": 100}},
			{name: "serviceType", in: "query", desc: "1 website, 6 App, 7 mini-program, 8 quick app; all kinds when absent", schema: schema{"type": "integer", "enum": []int{1, 6, 7, 8}}},
			{name: "pageNum", in: "query", desc: "page, from 1", schema: schema{"type": "integer", "minimum": 1, "default": 1}},
			{name: "pageSize", in: "query", desc: "rows per page", schema: schema{"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
		},
		ok:      ref("QueryPage"),
		errors:  []int{400, 405},
		limited: true,
	},
	"POST /api/v1/password/recover": {
		summary: "Recover the filing password (找回备案密码)",
		desc: "When the data match, a new random password goes by SMS to the entity principal's mobile and by email to " +
			"their address, and the old one stops working. The answer is the same whether or not anything matched.",
		body:    ref("RecoverRequest"),
		errors:  []int{400, 405, 415},
		limited: true,
	},
	"POST /api/v1/password/change": {
		summary: "Change the filing password (修改备案密码)",
		desc: "A wrong old password answers 400 with msg 您输入的旧密码错误,请重新输入; too many failures answer 429 with " +
			"Retry-After, and then even the right password is refused until it passes.",
		body:    ref("ChangeRequest"),
		errors:  []int{400, 405, 415},
		limited: true,
	},
	"GET /api/v1/me": {
		summary: "The logged-in account",
		auth:    true,
		ok:      ref("Me"),
		errors:  []int{401, 405},
	},
	"GET /api/v1/dev/outbox": {
		summary: "Development outbox: messages sent to an address, newest first",
		desc:    "Only with serve --dev or --demo; 404 otherwise.",
		params: []apiParam{
			{name: "to", in: "query", desc: "a mobile number or an email address; every message when absent", schema: schema{"type": "string", "maxLength": 254}},
		},
		ok:     object("list", arrayOf(ref("OutboxMessage"))),
		errors: []int{400, 404, 405},
	},
}

// apiSchemas are the shared schemas of the document.
var apiSchemas = map[string]schema{
	"Error": object(
		"code", integer("the HTTP status"),
		"success", schema{"const": false},
		"msg", str("what went wrong, in Chinese, naming the field at fault"),
	),
	"Success": schema{"type": "object", "required": []string{"code", "success", "msg"}, "properties": schema{
		"code":    schema{"const": 200},
		"success": schema{"const": true},
		"msg":     str("操作成功 or the flow's own message"),
	}},
	"QueryPage": object(
		"list", arrayOf(ref("QueryRow")),
		"total", integer("rows in the whole result"),
		"pages", integer("pages in the whole result"),
		"pageNum", integer("this page"),
		"pageSize", integer("rows per page"),
		"isLastPage", boolean("pageNum is the last page (or past it)"),
	),
	"QueryRow": object(
		"unitName", str("主办单位名称"),
		"natureName", str("单位性质"),
		"mainLicence", str("主体备案号"),
		"serviceLicence", str("服务备案号"),
		"serviceName", str("服务名称"),
		"serviceType", schema{"type": "integer", "enum": []int{1, 6, 7, 8}},
		"domain", str("域名 (websites; empty otherwise)"),
		"homeUrl", str("首页网址"),
		"updateRecordTime", schema{"type": "string", "description": "审核通过日期, Asia/Shanghai", "pattern": `^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`},
		"limitAccess", schema{"type": "string", "enum": []string{"否", "是"}},
		"contentTypeName", str("前置审批/内容类型"),
		"mainId", integer("the entity's id (its page: /entities/{mainId})"),
		"serviceId", integer("the service's id"),
	),
	"RecoverRequest": object(
		"province", str("the entity's province: name or GB/T 2260 code"),
		"licence", str("the main number (before -)"),
		"certType", str("the entity's certificate type"),
		"certNo", str("the entity's certificate number"),
	),
	"ChangeRequest": object(
		"province", str("the entity's province: name or GB/T 2260 code"),
		"licence", str("the main number (before -)"),
		"oldPassword", str("the current filing password"),
		"newPassword", str("the new filing password"),
	),
	"Me": object(
		"login", str("login"),
		"name", str("name"),
		"role", schema{"type": "string", "enum": []string{"applicant", "provider_reviewer", "bureau_reviewer", "admin"}},
		"enterprise?", boolean("an enterprise applicant"),
		"provider?", str("a provider reviewer's provider"),
		"provinces?", arrayOf(str("GB/T 2260 code")),
	),
	"OutboxMessage": object(
		"channel", schema{"type": "string", "enum": []string{"sms", "email"}},
		"to", str("mobile number or email address"),
		"subject", str("subject (email)"),
		"body", str("text"),
		"createdAt", str("2006-01-02 15:04:05, Asia/Shanghai"),
		"state", str("delivery state"),
	),
}
