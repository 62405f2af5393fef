package http

// The agent routes' entries of the OpenAPI document, merged into apiDocs
// and apiSchemas.
func init() {
	for k, v := range agentAPIDocs {
		apiDocs[k] = v
	}
	for k, v := range agentSchemas {
		apiSchemas[k] = v
	}
}

var (
	idParam       = apiParam{name: "id", in: "path", desc: "the application's id", schema: schema{"type": "string", "pattern": `^[0-9]+$`}}
	statusSchema  = schema{"type": "string", "enum": []string{"draft", "initial_review", "rejected", "sms_verification", "bureau_review", "approved", "bureau_rejected", "returned", "abandoned"}}
	filingTypeSch = schema{"type": "string", "enum": []string{"首次备案", "新增网站", "新增接入", "变更主体", "变更网站", "变更接入", "变更备案", "注销主体", "注销网站", "取消接入"}}
	timeSchema    = schema{"type": "string", "description": "RFC 3339, +08:00"}
	stepErrors    = []int{401, 403, 404, 405, 409}
)

var agentAPIDocs = map[string]apiDoc{
	"GET /api/v1/agent/products": {
		summary: "The caller's products (the servers their sites run on)",
		desc:    "filings counts the services filed or in flight on the product's IP. Applicants only.",
		auth:    true, ok: object("list", arrayOf(ref("Product")), "total", integer("how many")),
		errors: []int{401, 403, 405},
	},
	"POST /api/v1/agent/products/{id}/authcode": {
		summary: "Issue a 备案授权码 for one of the caller's products",
		desc:    "Another account may use the product in one application with the code; single use, it expires. Anyone but the owner gets 404.",
		auth:    true, params: []apiParam{{name: "id", in: "path", desc: "the product's id", schema: schema{"type": "string"}}},
		ok: ref("AuthCode"), errors: []int{401, 403, 404, 405},
	},
	"POST /api/v1/agent/type-check": {
		summary: "Decide the filing type (验证备案类型)",
		desc: "首次备案 when the entity has no number, 新增网站 when it has and the domains are new, 新增接入 when they are filed " +
			"under it and the product's provider does not serve them yet. 409 with 域名冲突 when a domain belongs to another entity " +
			"or another entity's pending filing, with 主办者冲突 when the entity has a filing in flight at any provider.",
		auth: true, body: ref("TypeCheckRequest"), ok: ref("TypeCheckAnswer"), errors: []int{400, 401, 403, 405, 409, 415},
	},
	"POST /api/v1/agent/applications": {
		summary: "Create a draft application (备案订单)",
		desc: "record has the shape of an import record without numbers, approvedAt or access; every website names one product " +
			"(productId, or authCode for another account's). The filing type is decided as type-check does (same 409s). Field errors " +
			"name the field by path, e.g. services[0].domains[1].",
		auth: true, body: ref("ApplicationBody"), ok: ref("ApplicationStep"), created: true, errors: []int{400, 401, 403, 405, 409, 415},
	},
	"GET /api/v1/agent/applications": {
		summary: "List applications: an applicant's own (newest first), a provider reviewer's provider's (by deadline)",
		auth:    true,
		params: []apiParam{
			{name: "status", in: "query", desc: "only this status", schema: statusSchema},
			{name: "pageNum", in: "query", desc: "page, from 1", schema: schema{"type": "integer", "minimum": 1, "default": 1}},
			{name: "pageSize", in: "query", desc: "rows per page", schema: schema{"type": "integer", "minimum": 1, "maximum": 100, "default": 20}},
		},
		ok:     object("list", arrayOf(ref("ApplicationSummary")), "total", integer("how many match"), "pageNum", integer(""), "pageSize", integer("")),
		errors: []int{400, 401, 403, 405},
	},
	"GET /api/v1/agent/applications/{id}": {
		summary: "One application with its record, rejections, history and materials",
		desc:    "Someone else's application: 404 for applicants, 403 for staff outside its provider.",
		auth:    true, params: []apiParam{idParam}, ok: ref("Application"), errors: []int{401, 403, 404, 405},
	},
	"PUT /api/v1/agent/applications/{id}": {
		summary: "Replace the record and products of a draft or rejected application",
		auth:    true, params: []apiParam{idParam}, body: ref("ApplicationBody"), ok: ref("ApplicationStep"),
		errors: []int{400, 401, 403, 404, 405, 409, 415},
	},
	"POST /api/v1/agent/applications/{id}/materials": {
		summary: "Upload a material (multipart: kind, file)",
		desc:    "JPEG, PNG or PDF by content, at most 5 MB by default; anything else is 400 naming file.",
		auth:    true, params: []apiParam{idParam}, created: true,
		multipart: object("kind", schema{"type": "string", "enum": []string{"entityCert", "principalIdFront", "principalIdBack", "principalPhoto", "checklist", "other"}},
			"file", schema{"type": "string", "contentMediaType": "application/octet-stream"}),
		ok: ref("Material"), errors: []int{400, 401, 403, 404, 405, 409},
	},
	"GET /api/v1/agent/applications/{id}/materials/{mid}": {
		summary: "The bytes of a material, for its applicant and the provider's reviewer",
		auth:    true, params: []apiParam{idParam, {name: "mid", in: "path", desc: "the material's id", schema: schema{"type": "string"}}},
		binary: true, errors: []int{401, 403, 404, 405},
	},
	"POST /api/v1/agent/applications/{id}/submit": {
		summary: "Submit to the provider's initial review (status initial_review)",
		desc: "Needs principalIdFront, principalIdBack and principalPhoto, and entityCert for every nature but 个人; a missing one " +
			"is 400 naming materials.KIND. The record is frozen as the next numbered version; the review is due in 1 working day.",
		auth: true, params: []apiParam{idParam}, ok: ref("ApplicationStep"), errors: append([]int{400}, stepErrors...),
	},
	"POST /api/v1/agent/applications/{id}/withdraw": {
		summary: "Withdraw (撤销) an application in initial review back to draft",
		auth:    true, params: []apiParam{idParam}, ok: ref("ApplicationStep"), errors: stepErrors,
	},
	"POST /api/v1/agent/applications/{id}/abandon": {
		summary: "Abandon (放弃) an application before the bureau decides",
		auth:    true, params: []apiParam{idParam}, ok: ref("ApplicationStep"), errors: stepErrors,
	},
	"POST /api/v1/agent/applications/{id}/review": {
		summary: "The provider reviewer's initial-review decision",
		desc: "approve: handed to the registry, status sms_verification (a returned application is submitted again); the approval " +
			"is also the reviewer's confirmation of a manual real-person check. reject: at least one {field, reason}, status rejected.",
		auth: true, params: []apiParam{idParam}, body: ref("ReviewRequest"), ok: ref("ApplicationStep"),
		errors: append([]int{400, 415}, stepErrors...),
	},
}

var agentSchemas = map[string]schema{
	"Product": object("id", str("letters, digits and -"), "provider", str(""), "ip", str(""), "region", str(""),
		"mainland", boolean(""), "expiresAt", schema{"type": "string", "description": "the last day, YYYY-MM-DD"},
		"filings", integer("services filed or in flight on its IP")),
	"AuthCode": object("code", str("the 备案授权码"), "productId", str(""), "expiresAt", timeSchema),
	"TypeCheckRequest": object("province?", str("name or GB/T 2260 code"), "natureName?", str(""), "certType?", str(""),
		"certNo", str("the entity's certificate number"), "unitName?", str(""),
		"serviceType?", schema{"type": "integer", "enum": []int{1, 6, 7, 8}}, "domains?", arrayOf(str("a registrable domain")),
		"productId?", str("the product the service runs on; its provider is the applying provider")),
	"TypeCheckAnswer": object("filingType", filingTypeSch, "mainLicence?", str("the entity's main number, when filed")),
	"ApplicationBody": object("record", schema{"type": "object", "description": "an import record without numbers, approvedAt or access; " +
		"App services (6) add app {packageName, platforms [{name, fingerprint}]}, mini-programs (7) and quick apps (8) app {platform, appId}"},
		"products", arrayOf(object("service", integer("index into record.services"), "productId?", str(""), "authCode?", str(""))),
		"legacyPassword?", str("six digits, or absent"), "filingType?", filingTypeSch, "reason?", str("")),
	"ApplicationStep": object("id", str("digits"), "status", statusSchema, "filingType", filingTypeSch,
		"version", integer("the last submitted version, 0 before the first"), "deadline?", timeSchema),
	"Rejection": object("field", str("e.g. services[0].serviceName or materials.principalPhoto"), "reason", str("")),
	"Event":     object("at", timeSchema, "status", statusSchema, "note", str("")),
	"Material": object("id", str("digits"), "kind", str(""), "sha256", str("lower-case hex"), "contentType", str(""),
		"size", integer("bytes"), "name?", str("the file name given"), "uploadedAt?", timeSchema),
	"Application": object("id", str("digits"), "status", statusSchema, "filingType", filingTypeSch, "version", integer(""),
		"deadline?", timeSchema, "record", schema{"type": []string{"object", "null"}, "description": "the record, in the body's shape, with the access records its products gave"},
		"cancel?", object("mainLicence?", str(""), "serviceLicence?", str(""), "productId?", str(""), "reason", str(""), "unitName", str("the entity, as filed")),
		"rejections", arrayOf(ref("Rejection")), "events", arrayOf(ref("Event")), "materials", arrayOf(ref("Material")),
		"provider", str(""), "submittedAt?", timeSchema, "mainLicence?", str(""), "serviceLicences?", arrayOf(str("")),
		"changes?", arrayOf(object("field", str("the record path"), "old", str(""), "new", str(""))),
		"realPerson?", object("method", str("manual or the provider's name"), "verdict", schema{"type": "string", "enum": []string{"pending", "pass", "fail"}}, "score", schema{"type": "number"})),
	"ApplicationSummary": object("id", str("digits"), "status", statusSchema, "unitName", str(""), "filingType", filingTypeSch,
		"submittedAt", schema{"type": "string", "description": "RFC 3339, +08:00; empty before the first submission"},
		"deadline?", timeSchema, "overdue?", boolean("the review is past its deadline")),
	"ReviewRequest": object("decision", schema{"type": "string", "enum": []string{"approve", "reject"}}, "rejections?", arrayOf(ref("Rejection"))),
}
