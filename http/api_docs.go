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
	"POST /api/v1/login": {
		summary: "Log in: the password step",
		desc: "Answers a session token and the role; for a role that needs a second factor (bureau reviewers, admins, " +
			"anyone with an authenticator) a pending token and totpRequired, plus totpSecret (base32; RFC 6238: SHA-1, " +
			"6 digits, 30 s) when the account has not enrolled yet. A wrong login or password answers 401 with the same " +
			"body whether or not the account exists; 5 failures lock the account and 20 the client, 429 with Retry-After.",
		body:    ref("LoginRequest"),
		ok:      ref("Session"),
		errors:  []int{400, 401, 405, 415},
		limited: true,
	},
	"POST /api/v1/login/totp": {
		summary: "Log in: the second-factor step",
		desc: "Exchanges the pending token of the password step (in the body, or as the bearer token) and a TOTP code " +
			"for a full session token. The first valid code of an account that has not enrolled enrols the secret; a code " +
			"works once; 5 wrong codes lock the step (429). An unknown, spent or stale (10 minutes) pending token is 401.",
		body:    ref("TOTPRequest"),
		ok:      ref("Session"),
		errors:  []int{400, 401, 405, 415},
		limited: true,
	},
	"POST /api/v1/logout": {
		summary: "Log out: end the session of the request",
		auth:    true,
		errors:  []int{401, 403, 405},
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
	"LoginRequest": object(
		"login", str("the mobile number of an applicant, or a staff user name"),
		"password", str("the account password"),
	),
	"TOTPRequest": object(
		"token?", str("the pending token of the password step; else the bearer token"),
		"code", str("the 6-digit TOTP code"),
	),
	"Session": object(
		"token", str("the session token, for Authorization: Bearer; pending while totpRequired"),
		"role?", schema{"type": "string", "enum": []string{"applicant", "provider_reviewer", "bureau_reviewer", "admin"}},
		"totpRequired?", boolean("the token is pending: POST /api/v1/login/totp comes next"),
		"totpSecret?", schema{"type": "string", "pattern": "^[A-Z2-7]+=*$", "description": "base32 TOTP secret to enrol (RFC 6238: SHA-1, 6 digits, 30 s)"},
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
