package http

// The registry's filing routes' entries of the OpenAPI document: SMS
// verification and the bureau's review, merged into apiDocs and apiSchemas.
func init() {
	for k, v := range filingAPIDocs {
		apiDocs[k] = v
	}
	for k, v := range filingSchemas {
		apiSchemas[k] = v
	}
}

var (
	filingIDParam    = apiParam{name: "id", in: "path", desc: "the filing's id", schema: schema{"type": "string", "pattern": `^[0-9]+$`}}
	filingTimeSchema = schema{"type": "string", "description": "RFC 3339, +08:00"}
	filingStatusSch  = schema{"type": "string", "enum": []string{"sms_verification", "bureau_review", "approved", "bureau_rejected", "returned"}}
	filingRejectSch  = object("field", str("the path of the field at fault, e.g. services[0].serviceName or materials.principalPhoto"), "reason", str("why, at most 500 characters"))
)

var filingAPIDocs = map[string]apiDoc{
	"POST /api/v1/sms-verify": {
		summary: "SMS verification (短信核验) of one principal",
		desc: "mobile, the 6-digit code of the SMS (验证码：NNNNNN) and the last 6 characters of the principal's certificate number. " +
			"msg is 您的短信核验完成，请等待其他核验人进行短信核验 while others must still verify, and 您的短信核验已全部完成，该请求将提交管局审核 " +
			"when the filing goes to the bureau (bureau_review). A wrong or unknown combination is 400 with msg 该条验证库里找不到记录; " +
			"the 6th wrong attempt for a filing returns it to the provider (returned), and so do 24 hours without every verification.",
		body:    ref("SMSVerifyRequest"),
		errors:  []int{400, 405, 415, 429},
		limited: true,
	},
	"POST /api/v1/sms-verify/resend": {
		summary: "Send new verification codes (短信重发)",
		desc:    "New codes for the pending verifications of the mobile and certificate suffix; the old ones stop working. Nothing pending: 400 with msg 暂无待短信核验的备案申请，无需重发短信.",
		body:    ref("SMSResendRequest"),
		errors:  []int{400, 405, 415, 429},
		limited: true,
	},
	"GET /api/v1/bureau/filings": {
		summary: "The bureau queue: filings of the reviewer's provinces",
		desc:    "Bureau reviewers only. status=pending lists the filings waiting for a decision, soonest deadline first; without it, decided ones follow.",
		auth:    true,
		params:  []apiParam{{name: "status", in: "query", desc: "pending, or absent for all", schema: schema{"type": "string", "enum": []string{"pending"}}}},
		ok:      object("list", arrayOf(ref("BureauFilingRow"))),
		errors:  []int{400, 401, 403, 405},
	},
	"GET /api/v1/bureau/filings/{id}": {
		summary: "A filing as submitted: record, materials' kinds and checksums, verifications, history",
		desc:    "A filing of another province: 403.",
		auth:    true,
		params:  []apiParam{filingIDParam},
		ok:      ref("BureauFiling"),
		errors:  []int{401, 403, 404, 405},
	},
	"POST /api/v1/bureau/filings/{id}/decision": {
		summary: "The bureau's decision: approve (numbers issued) or reject with field reasons",
		desc: "approve allocates the numbers (a main number on a first filing, -n service numbers with the type's suffix A, X or K), writes the " +
			"national record (the public query finds the services at once), issues a first filing's password to the entity principal and " +
			"tells every principal by SMS and email. reject needs at least one {field, reason} and returns the filing to the provider (bureau_rejected). " +
			"A filing of another province: 403, and nothing changes; a filing not in bureau_review: 409.",
		auth:   true,
		params: []apiParam{filingIDParam},
		body:   ref("BureauDecision"),
		ok:     ref("BureauDecisionAnswer"),
		errors: []int{400, 401, 403, 404, 405, 409, 415},
	},
}

var filingSchemas = map[string]schema{
	"SMSVerifyRequest": object("mobile", str("the mobile the code went to"), "code", str("the 6-digit code"),
		"certSuffix", str("the last 6 characters of the principal's certificate number")),
	"SMSResendRequest": object("mobile", str("the mobile"), "certSuffix", str("the last 6 characters of the principal's certificate number")),
	"BureauFilingRow": object("id", str("the filing's id"), "province", str("province name"), "unitName", str("主办单位名称"),
		"filingType", str("首次备案, 新增网站 or 新增接入"), "status", filingStatusSch, "submittedAt", filingTimeSchema,
		"deadline?", filingTimeSchema, "overdue", boolean("past the deadline of 20 working days")),
	"BureauFiling": object("id", str("the filing's id"), "province", str("province name"), "unitName", str("主办单位名称"),
		"filingType", str("filing type"), "status", filingStatusSch, "submittedAt", filingTimeSchema, "deadline?", filingTimeSchema,
		"overdue", boolean("past the deadline"), "provider", str("the access provider that submitted it"),
		"record", schema{"type": "object", "description": "the submitted record, in the shape of an import record with access and app"},
		"materials", arrayOf(object("kind", str("material kind"), "sha256", str("lower-case hex"))),
		"events", arrayOf(object("at", filingTimeSchema, "status", filingStatusSch, "note", str("what happened"))),
		"rejections", arrayOf(filingRejectSch),
		"verifications", arrayOf(object("role", str("entity or services[i]"), "name", str("the principal"), "verified", boolean("passed"))),
		"mainLicence?", str("the main number, once approved"), "serviceLicences?", arrayOf(str("service number"))),
	"BureauDecision":       object("decision", schema{"type": "string", "enum": []string{"approve", "reject"}}, "rejections?", arrayOf(filingRejectSch)),
	"BureauDecisionAnswer": object("id", str("the filing's id"), "status", filingStatusSch, "mainLicence?", str("main number"), "serviceLicences?", arrayOf(str("service number"))),
}
