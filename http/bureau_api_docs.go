package http

// The lifecycle routes' entries of the OpenAPI document (the blacklist,
// limit access, the shell queue, an entity's history), merged into apiDocs
// and apiSchemas.
func init() {
	for k, v := range bureauAPIDocs {
		apiDocs[k] = v
	}
	for k, v := range bureauSchemas {
		apiSchemas[k] = v
	}
}

var (
	numberParam = apiParam{name: "id", in: "path", desc: "the record's id", schema: schema{"type": "string", "pattern": `^[0-9]+$`}}
	staffErrors = []int{401, 403, 404, 405}
)

var bureauAPIDocs = map[string]apiDoc{
	"GET /api/v1/bureau/blacklist": {
		summary: "The blacklist in force (备案黑名单)",
		desc:    "A bureau reviewer sees the entries of their provinces, an administrator every one. Expired and removed entries are not listed.",
		auth:    true, ok: object("list", arrayOf(ref("BlacklistEntry")), "total", integer("how many")), errors: []int{401, 403, 405},
	},
	"POST /api/v1/bureau/blacklist": {
		summary: "Put an entity certificate, a principal certificate or a domain on the blacklist",
		desc: "kind: entity, principal or domain. A blacklisted value is refused (409 naming the field, message with 黑名单) at the type check, " +
			"at create and update, and when the registry receives a filing; cancellations are never barred. Bureau reviewers keep " +
			"their provinces' entries (another province: 403), administrators any. Audited.",
		auth: true, body: ref("BlacklistRequest"), ok: ref("BlacklistEntry"), created: true, errors: []int{400, 401, 403, 405, 415},
	},
	"POST /api/v1/bureau/blacklist/{id}/remove": {
		summary: "Take an entry off the blacklist",
		auth:    true, params: []apiParam{numberParam}, ok: object("id", str("digits"), "removed", boolean("")), errors: staffErrors,
	},
	"POST /api/v1/bureau/services/{licence}/limit-access": {
		summary: "Mark a service 限制接入, or lift the mark",
		desc: "For a bureau reviewer of the entity's province (others: 403). The public query shows limitAccess 是 at once; the " +
			"entity principal is told by SMS and email; the providers that serve it list it under /api/v1/agent/limited-services. Audited.",
		auth: true, params: []apiParam{{name: "licence", in: "path", desc: "the service number, e.g. 浙ICP备2021012345号-1 (URL-encoded)", schema: schema{"type": "string"}}},
		body: ref("LimitAccessRequest"), ok: object("serviceLicence", str(""), "limitAccess", schema{"type": "string", "enum": []string{"是", "否"}}),
		errors: []int{400, 401, 403, 404, 405, 415},
	},
	"POST /api/v1/bureau/cancellations": {
		summary: "Cancel an entity (注销主体) or a service (注销网站) on the bureau's own authority",
		desc: "For a bureau reviewer of the entity's province (others: 403), with a reason (false information, illegal content, an " +
			"expired domain taken by a new holder …). The number is gone from the query at once and never given again; the entity " +
			"principal is told. Audited.",
		auth: true, body: ref("BureauCancellation"), ok: object("filingType", filingTypeSch, "licence", str(""), "cancelled", boolean("")),
		errors: []int{400, 401, 403, 404, 405, 415},
	},
	"GET /api/v1/bureau/shells": {
		summary: "The shells (空壳网站, 空壳主体) proposed for cancellation",
		desc: "A daily scan finds live services no provider serves and live entities without a served service, tells their principals, " +
			"and after the grace period (7 days by default) proposes them here, oldest first. Bureau reviewers see their provinces, administrators all.",
		auth: true, ok: object("list", arrayOf(ref("ShellCase")), "total", integer("how many")), errors: []int{401, 403, 404, 405},
	},
	"POST /api/v1/bureau/shells/{id}/decision": {
		summary: "Confirm (cancel the number) or dismiss a proposed shell cancellation",
		desc: "confirm cancels the service (注销网站) or the entity with all its services (注销主体) on the bureau's authority, if it is " +
			"still a shell (else 409); the number is gone from the query and never given again; the principals are told. dismiss keeps it. " +
			"A bureau reviewer of its province only. Audited.",
		auth: true, params: []apiParam{numberParam}, body: ref("ShellDecision"), ok: ref("ShellCase"), errors: []int{400, 401, 403, 404, 405, 409, 415},
	},
	"GET /api/v1/bureau/entities/{id}/history": {
		summary: "An entity's filings over time (first filing, services, changes, accesses, cancellations)",
		desc:    "Bureau staff of the entity's province and administrators; another province: 404. The public query keeps showing only what is live.",
		auth:    true, params: []apiParam{numberParam}, ok: ref("EntityHistory"), errors: staffErrors,
	},
	"GET /api/v1/agent/limited-services": {
		summary: "The caller's provider's services a bureau marked 限制接入",
		auth:    true, ok: object("list", arrayOf(ref("LimitedService")), "total", integer("how many")), errors: []int{401, 403, 405},
	},
}

var bureauSchemas = map[string]schema{
	"BlacklistEntry": object("id", str("digits"), "kind", schema{"type": "string", "enum": []string{"entity", "principal", "domain"}},
		"value", str("the certificate number (upper case) or the ASCII domain"), "province", str("the province that keeps it"),
		"reason", str(""), "createdAt", timeSchema, "expiresAt?", timeSchema),
	"BlacklistRequest": object("kind", schema{"type": "string", "enum": []string{"entity", "principal", "domain"}},
		"value", str("a certificate number or a registrable domain"), "province", str("name or GB/T 2260 code"),
		"reason", str("2 to 200 characters"), "expiresAt?", str("YYYY-MM-DD or RFC 3339; absent: until removed")),
	"LimitAccessRequest": object("limitAccess", boolean("true marks, false lifts"), "reason?", str("")),
	"ShellCase": object("id", str("digits"), "kind", schema{"type": "string", "enum": []string{"空壳网站", "空壳主体"}},
		"licence", str("the service or main number"), "province", str(""),
		"status", schema{"type": "string", "enum": []string{"found", "proposed", "confirmed", "dismissed", "resolved"}},
		"foundAt", timeSchema, "proposedAt?", timeSchema),
	"BureauCancellation": object("filingType", schema{"type": "string", "enum": []string{"注销主体", "注销网站"}},
		"mainLicence?", str("for 注销主体"), "serviceLicence?", str("for 注销网站"), "reason", str("2 to 200 characters")),
	"ShellDecision": object("decision", schema{"type": "string", "enum": []string{"confirm", "dismiss"}}, "note?", str("at most 200 characters")),
	"EntityHistory": object("id", str("digits"), "mainLicence", str(""), "unitName", str(""), "cancelled", boolean(""),
		"events", arrayOf(object("at", timeSchema, "kind", str("a filing type, or 备案通过"), "licence", str(""), "what", str("")))),
	"LimitedService": object("serviceLicence", str(""), "serviceName", str(""), "unitName", str(""), "domain", str("its first domain"),
		"province", str(""), "limitAccess", schema{"type": "string", "enum": []string{"是"}}),
}
