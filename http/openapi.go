package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"sync"
)

// The server describes its own JSON API as an OpenAPI 3.1 document, built
// from the table in api_docs.go: a route under /api/ has one entry there, and
// a test holds the table and the route table to each other.

// apiDoc describes one JSON route.
type apiDoc struct {
	summary string
	// desc says more, in Markdown.
	desc string
	// auth: the route needs a session (a bearer token, or the cookie of
	// the pages).
	auth   bool
	params []apiParam
	// body is the schema of the JSON request body; nil for none.
	body schema
	// ok is the schema of params in the 200 answer; nil for none.
	ok schema
	// plain is the schema of a 200 answer that is not the envelope.
	plain schema
	// errors lists the error statuses the route answers, besides 500.
	errors []int
	// limited: the route counts against the per-client rate (429).
	limited bool
	// created: success is 201 Created, not 200.
	created bool
	// multipart is the schema of a multipart/form-data request body.
	multipart schema
	// binary: a 200 answer is the bytes of a JPEG, PNG or PDF file.
	binary bool
}

// apiParam is a path or query parameter.
type apiParam struct {
	name, in, desc string
	required       bool
	schema         schema
}

// schema is a JSON Schema (draft 2020-12, as OpenAPI 3.1 uses).
type schema map[string]any

func str(desc string) schema { return schema{"type": "string", "description": desc} }
func integer(desc string) schema {
	return schema{"type": "integer", "description": desc}
}
func boolean(desc string) schema  { return schema{"type": "boolean", "description": desc} }
func arrayOf(items schema) schema { return schema{"type": "array", "items": items} }
func ref(name string) schema      { return schema{"$ref": "#/components/schemas/" + name} }

// object is an object schema; every property is required unless its name
// ends in "?", and no other property is allowed.
func object(props ...any) schema {
	p, req := schema{}, []string{}
	for i := 0; i+1 < len(props); i += 2 {
		name := props[i].(string)
		if opt, ok := strings.CutSuffix(name, "?"); ok {
			name = opt
		} else {
			req = append(req, name)
		}
		p[name] = props[i+1]
	}
	return schema{"type": "object", "properties": p, "required": req, "additionalProperties": false}
}

// openAPI builds the document from apiDocs.
func openAPI(serves func(pattern string) bool) map[string]any {
	paths := map[string]map[string]any{}
	for pattern, d := range apiDocs {
		if !serves(pattern) {
			continue
		}
		method, path, _ := strings.Cut(pattern, " ")
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = d.operation(pattern)
	}
	return map[string]any{
		"openapi":           "3.1.0",
		"jsonSchemaDialect": "https://spec.openapis.org/oas/3.1/dialect/base",
		"info": map[string]any{
			"title":       "Beian API",
			"version":     "1",
			"summary":     "ICP filing (ICP备案): public query, filing password, accounts",
			"description": "Every answer is the MIIT-compatible envelope {code, success, msg, params}. Request bodies are application/json, exactly one object, no unknown or repeated field. Human documentation: docs/API.md.",
			"license":     map[string]any{"name": "see the repository"},
		},
		"paths": paths,
		"components": map[string]any{
			"schemas": apiSchemas,
			"securitySchemes": map[string]any{
				"bearer":  map[string]any{"type": "http", "scheme": "bearer", "description": "the token POST /api/v1/login (and /api/v1/login/totp) answers"},
				"session": map[string]any{"type": "apiKey", "in": "cookie", "name": sessionCookie, "description": "the session cookie that logging in at /login sets"},
			},
		},
	}
}

func (d apiDoc) operation(pattern string) map[string]any {
	op := map[string]any{
		"operationId": operationID(pattern),
		"summary":     d.summary,
	}
	if d.desc != "" {
		op["description"] = d.desc
	}
	var params []map[string]any
	for _, p := range d.params {
		params = append(params, map[string]any{"name": p.name, "in": p.in, "description": p.desc, "required": p.required || p.in == "path", "schema": p.schema})
	}
	if params != nil {
		op["parameters"] = params
	}
	if d.body != nil {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": d.body}}}
	}
	if d.multipart != nil {
		op["requestBody"] = map[string]any{"required": true, "content": map[string]any{"multipart/form-data": map[string]any{"schema": d.multipart}}}
	}
	if d.auth {
		op["security"] = []map[string][]string{{"bearer": {}}, {"session": {}}}
	}
	ok := ref("Success")
	if d.plain != nil {
		ok = d.plain
	} else if d.ok != nil {
		// Not object(): its additionalProperties false would refuse the
		// envelope's own fields, which allOf checks against each part.
		ok = schema{"allOf": []schema{ref("Success"), {"type": "object", "required": []string{"params"}, "properties": schema{"params": d.ok}}}}
	}
	success, content := "200", jsonContent(ok)
	if d.created {
		success = "201"
	}
	if d.binary {
		content = map[string]any{}
		for _, ct := range []string{"image/jpeg", "image/png", "application/pdf"} {
			content[ct] = map[string]any{"schema": schema{"type": "string", "contentMediaType": ct}}
		}
	}
	responses := map[string]any{success: map[string]any{"description": "操作成功", "content": content}}
	statuses := append([]int{http.StatusInternalServerError}, d.errors...)
	if d.limited {
		statuses = append(statuses, http.StatusTooManyRequests)
	}
	for _, st := range statuses {
		resp := map[string]any{"description": http.StatusText(st), "content": jsonContent(ref("Error"))}
		if st == http.StatusTooManyRequests {
			resp["headers"] = map[string]any{"Retry-After": map[string]any{"description": "seconds to wait", "schema": schema{"type": "integer"}}}
		}
		if st == http.StatusMethodNotAllowed {
			resp["headers"] = map[string]any{"Allow": map[string]any{"description": "the methods the path accepts", "schema": schema{"type": "string"}}}
		}
		responses[itoa(st)] = resp
	}
	op["responses"] = responses
	return op
}

func jsonContent(s schema) map[string]any {
	return map[string]any{"application/json": map[string]any{"schema": s}}
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// operationID turns "POST /api/v1/password/change" into
// "post_v1_password_change".
func operationID(pattern string) string {
	method, path, _ := strings.Cut(pattern, " ")
	id := strings.ToLower(method) + strings.NewReplacer("/api/", "_", "/", "_", "{", "", "}", "", ".", "_").Replace(path)
	return id
}

// openAPIDoc is the encoded document of a server that serves every route.
var openAPIDoc = sync.OnceValue(func() []byte { return encodeOpenAPI(ModeAll.serves) })

// encodeOpenAPI encodes the document of the routes serves admits.
func encodeOpenAPI(serves func(pattern string) bool) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(openAPI(serves)); err != nil {
		panic(err) // the document is built from constants
	}
	return buf.Bytes()
}

// apiPatterns lists the documented routes, sorted; for the tests.
func apiPatterns() []string {
	var out []string
	for p := range apiDocs {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// handleOpenAPI serves GET /api/openapi.json.
func (s *Server) handleOpenAPI(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Write(s.openAPI)
	return nil
}
