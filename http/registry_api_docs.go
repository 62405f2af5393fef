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
			"answers with the same filing and sends no new codes. A filing naming another provider is 400 naming `provider`. " +
			"The registry re-checks domains, the entity in flight, the blacklist and the main number, then sends the SMS codes." + providerKeyDesc,
		auth: true, body: ref("RegistrySubmit"), ok: object("id", str("the registry's filing number"), "status", str("sms_verification or bureau_review"), "smsDeadline", str("RFC 3339")),
		errors: []int{400, 401, 404, 405, 409, 415},
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
	"RegistrySubmit": object(
		"filing", schema{"type": "object", "description": "the frozen application as the agent hands it over: ApplicationID, Version, Provider, FilingType, Record (the record with each service's Access), Products, SubmittedAt"},
		"materials", arrayOf(object("Kind", str("entityCert, principalIdFront …"), "SHA256", str("hex")))),
	"RegistryChange": object("cursor", integer(""), "filingId", integer(""), "provider", str("the key's provider"), "applicationId", integer("the provider's application"),
		"version", integer(""), "status", str("sms_verification, bureau_review, approved, bureau_rejected or returned"),
		"at", str("RFC 3339"), "note", str(""), "deadline", str("RFC 3339; zero when none"),
		"rejections", arrayOf(object("Field", str(""), "Reason", str(""))),
		"mainLicence", str("on approval"), "serviceLicences", arrayOf(str("on approval"))),
}
