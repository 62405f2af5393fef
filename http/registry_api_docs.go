package http

// The provider API's entries of the OpenAPI document (/api/v1/registry/…):
// what an access provider that runs only the agent calls on the registry,
// with its API key. Merged into apiDocs and apiSchemas.
func init() {
	for k, v := range registryAPIDocs {
		apiDocs[k] = v
	}
	for k, v := range registrySchemas {
		apiSchemas[k] = v
	}
}

const providerKeyDesc = " Send `Authorization: Bearer KEY` with the provider's API key (made by `beian provider add`), over TLS; " +
	"an unknown or revoked key is 401 at once. The provider is the key's, never the body's."

var registryAPIDocs = map[string]apiDoc{
	"POST /api/v1/registry/type-check": {
		summary: "Provider API: decide the filing type (验证备案类型) for the key's provider",
		desc:    "The registry's type check as the agent's own type check uses it: 409 with 域名冲突 or 主办者冲突, 409 naming the field for the blacklist." + providerKeyDesc,
		auth:    true, body: ref("RegistryTypeCheck"), ok: object("filingType", filingTypeSch, "mainLicence", str("set when the entity is filed")),
		errors: []int{400, 401, 404, 405, 409, 415},
	},
	"POST /api/v1/registry/filings": {
		summary: "Provider API: submit a filing that passed the provider's initial review",
		desc: "Idempotent by the provider's application id and version: the same one submitted again while the registry holds it " +
			"answers with the same filing and sends no new codes. A filing naming another provider is 403 naming `provider`. " +
			"Every filing kind is taken: first filings, new sites and accesses, changes and cancellations. " +
			"The registry re-checks domains, the entity in flight, the blacklist and the main number, then sends the SMS codes " +
			"to the principals the kind names; a kind nobody verifies goes to the bureau at once, and `change` says so." + providerKeyDesc,
		auth: true, body: ref("RegistrySubmit"), ok: object("id", str("the registry's filing number"), "status", str("sms_verification or bureau_review"),
			"smsDeadline", str("RFC 3339"), "change", ref("RegistryChange")),
		errors: []int{400, 401, 403, 404, 405, 409, 415},
	},
	"GET /api/v1/registry/entities/{licence}": {
		summary: "Provider API: a filed entity the key's provider serves",
		desc: "The live entity a main number or a service number names, with its services and their access records, as the agent " +
			"needs it to prefill and check a change or a cancellation. Only an entity one of whose live services the key's provider " +
			"serves is shown; any other, and a cancelled one, is 404." + providerKeyDesc,
		auth:   true,
		params: []apiParam{{name: "licence", in: "path", required: true, desc: "a main number or a service number (URL-escaped)", schema: str("")}},
		ok:     ref("RegistryEntity"), errors: []int{401, 403, 404, 405},
	},
	"GET /api/v1/registry/changes": {
		summary: "Provider API: the transitions of the key's provider's filings after a cursor",
		desc: "Oldest first; each names the provider's application and version, the status with its date and note, the deadline of the " +
			"step that starts, a bureau rejection's reasons and an approval's mainLicence and serviceLicences. Ask again with the " +
			"answer's cursor. Only the key's provider's filings are ever listed." + providerKeyDesc,
		auth: true,
		params: []apiParam{
			{name: "cursor", in: "query", desc: "the cursor of the last change applied (0 for the start)", schema: schema{"type": "integer", "minimum": 0}},
			{name: "limit", in: "query", desc: "at most this many (1 to 500, default 100)", schema: schema{"type": "integer", "minimum": 1, "maximum": 500}},
		},
		ok: object("list", arrayOf(ref("RegistryChange")), "cursor", integer("ask from here next")), errors: []int{400, 401, 404, 405},
	},
}

var registrySchemas = map[string]schema{
	"RegistryTypeCheck": object("certNo", str("the entity's certificate number"),
		"domains", arrayOf(object("field", str("the request path that named it"), "value", str("the domain"))),
		"exclude", integer("the provider's application being edited (0 for none)"),
		"principals", arrayOf(object("field", str(""), "value", str("a principal's certificate number")))),
	"RegistrySubmit": object("filing", object(
		"applicationId", integer("the provider's application"), "version", integer("its frozen version, 1, 2, …"),
		"provider", str("the key's provider"), "filingType", filingTypeSch,
		"record", object("entity", ref("RegistryEntity"), "apps", arrayOf(schema{"description": "null for a website; packageName, platforms, platform, appId"})),
		"cancel", object("mainLicence", str("注销主体"), "serviceLicence", str("注销网站, 取消接入"), "productId", str("取消接入"), "reason", str("")),
		"products", arrayOf(object("service", integer("index into record.entity.services"), "productId", str(""), "authCode", str(""))),
		"submittedAt", str("RFC 3339"),
		"materials", arrayOf(object("kind", str("entityCert, principalIdFront …"), "sha256", str("hex; the files stay with the provider"))))),
	"RegistryEntity": object("id", integer("0 in a submission"), "unitName", str(""), "nature", str("企业, 个人 …"), "province", str("GB/T 2260, e.g. 330000"),
		"certType", str(""), "certNo", str(""), "certAddress", str(""), "address", str(""), "mainLicence", str("set once filed"),
		"principal", ref("RegistryPrincipal"),
		"services", arrayOf(object("id", integer(""), "type", integer("1 website, 6 App, 7 mini-program, 8 quick app"), "name", str(""),
			"licence", str("set once filed"), "domains", arrayOf(str("")), "homeUrl", str(""), "principal", ref("RegistryPrincipal"),
			"access", arrayOf(object("provider", str(""), "ips", arrayOf(str("")))), "contentTypes", arrayOf(str("")),
			"limitAccess", boolean(""), "cancelled", boolean("")))),
	"RegistryPrincipal": object("name", str(""), "certType", str(""), "certNo", str(""), "mobile", str(""), "email", str("")),
	"RegistryChange": object("cursor", integer(""), "filingId", integer(""), "provider", str("the key's provider"), "applicationId", integer("the provider's application"),
		"version", integer(""), "status", str("sms_verification, bureau_review, approved, bureau_rejected or returned"),
		"at", str("RFC 3339"), "note", str(""), "deadline", str("RFC 3339; zero when none"),
		"rejections", arrayOf(object("field", str(""), "reason", str(""))),
		"mainLicence", str("on approval"), "serviceLicences", arrayOf(str("on approval"))),
}
