package http

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

var pathParam = regexp.MustCompile(`\{([^}$.]+)(?:\.\.\.)?\}`)

// TestOpenAPIMatchesRoutes holds the document to the route table: every
// /api/ route is documented with its method, every documented operation is
// routed, and the path parameters agree.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var routed []string
	for _, rt := range (&Server{}).routes() {
		method, path, ok := strings.Cut(rt.pattern, " ")
		if !strings.HasPrefix(path, "/api/") {
			continue
		}
		if !ok || method == "" || strings.HasPrefix(method, "/") {
			t.Errorf("API route %q has no method", rt.pattern)
			continue
		}
		routed = append(routed, rt.pattern)
		d, ok := apiDocs[rt.pattern]
		if !ok {
			t.Errorf("route %q is not in the OpenAPI document (add it to apiDocs)", rt.pattern)
			continue
		}
		var want, got []string
		for _, m := range pathParam.FindAllStringSubmatch(path, -1) {
			want = append(want, m[1])
		}
		for _, p := range d.params {
			if p.in == "path" {
				got = append(got, p.name)
			}
		}
		slices.Sort(want)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: documented path parameters %v, the pattern has %v", rt.pattern, got, want)
		}
	}
	for _, p := range apiPatterns() {
		if !slices.Contains(routed, p) {
			t.Errorf("the document describes %q, which the route table does not serve", p)
		}
	}
}

// TestOpenAPIDocument checks the document's shape: OpenAPI 3.1, every
// operation with a summary and responses, every reference resolving, every
// required property defined, the error envelope on every error answer.
func TestOpenAPIDocument(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(openAPIDoc(), &doc); err != nil {
		t.Fatal(err)
	}
	if doc["openapi"] != "3.1.0" {
		t.Fatalf("openapi=%v", doc["openapi"])
	}
	info, _ := doc["info"].(map[string]any)
	if info["title"] == nil || info["version"] == nil {
		t.Fatalf("info=%v", info)
	}
	schemas := doc["components"].(map[string]any)["schemas"].(map[string]any)
	for _, name := range []string{"Error", "Success", "QueryPage", "QueryRow"} {
		if schemas[name] == nil {
			t.Errorf("schema %s missing", name)
		}
	}
	errProps := schemas["Error"].(map[string]any)["properties"].(map[string]any)
	for _, f := range []string{"code", "success", "msg"} {
		if errProps[f] == nil {
			t.Errorf("Error lacks %q", f)
		}
	}
	listItems := schemas["QueryPage"].(map[string]any)["properties"].(map[string]any)["list"].(map[string]any)["items"]
	if listItems.(map[string]any)["$ref"] != "#/components/schemas/QueryRow" {
		t.Errorf("QueryPage.list items = %v", listItems)
	}
	paths := doc["paths"].(map[string]any)
	if len(paths) == 0 {
		t.Fatal("no paths")
	}
	methods := []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}
	ids := map[string]bool{}
	for path, item := range paths {
		for m, v := range item.(map[string]any) {
			op := v.(map[string]any)
			where := m + " " + path
			if !slices.Contains(methods, m) {
				t.Errorf("%s: not an HTTP method", where)
			}
			if id := op["operationId"].(string); ids[id] {
				t.Errorf("%s: operationId %q repeats", where, id)
			} else {
				ids[id] = true
			}
			if op["summary"] == "" {
				t.Errorf("%s: no summary", where)
			}
			resp := op["responses"].(map[string]any)
			// A create answers 201 Created instead of 200, never both.
			if (resp["200"] == nil) == (resp["201"] == nil) {
				t.Errorf("%s: want one success answer, 200 or 201", where)
			}
			for st, r := range resp {
				if st == "200" || st == "201" {
					continue
				}
				s := r.(map[string]any)["content"].(map[string]any)["application/json"].(map[string]any)["schema"].(map[string]any)
				if s["$ref"] != "#/components/schemas/Error" {
					t.Errorf("%s %s: the error answer is not the error envelope", where, st)
				}
			}
		}
	}
	walkSchemas(t, "document", doc, schemas)
}

// walkSchemas checks every $ref resolves and every required property of an
// object schema is among its properties.
func walkSchemas(t *testing.T, at string, v any, schemas map[string]any) {
	switch v := v.(type) {
	case map[string]any:
		if r, ok := v["$ref"].(string); ok {
			name, found := strings.CutPrefix(r, "#/components/schemas/")
			if !found || schemas[name] == nil {
				t.Errorf("%s: $ref %q does not resolve", at, r)
			}
		}
		if req, ok := v["required"].([]any); ok {
			props, _ := v["properties"].(map[string]any)
			for _, f := range req {
				if _, ok := props[f.(string)]; !ok && props != nil {
					t.Errorf("%s: required %q is not a property", at, f)
				}
			}
		}
		for k, c := range v {
			walkSchemas(t, at+"."+k, c, schemas)
		}
	case []any:
		for _, c := range v {
			walkSchemas(t, at, c, schemas)
		}
	}
}
