package registry

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// indexedPath turns the dotted path encoding/json gives a type error
// (services.access.ips) into the one with indices the rest of the import
// names fields by (services[1].access[0].ips[2]), by finding the first
// element of each array whose value there is of the kind the decoder met
// (got: "string", "number", "number 1.5", "bool", "array", "object"). It
// returns "" when it cannot tell.
func indexedPath(line []byte, dotted, got string) string {
	var v any
	if json.Unmarshal(line, &v) != nil {
		return ""
	}
	p, ok := findPath(v, strings.Split(dotted, "."), got)
	if !ok {
		return ""
	}
	return p
}

func findPath(v any, keys []string, got string) (string, bool) {
	if arr, ok := v.([]any); ok {
		for i, el := range arr {
			if p, ok := findPath(el, keys, got); ok {
				return fmt.Sprintf("[%d]%s", i, p), true
			}
		}
		return "", false
	}
	if len(keys) == 0 {
		return "", sameKind(v, got)
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return "", false
	}
	for k, el := range obj { // encoding/json matches member names without case
		if strings.EqualFold(k, keys[0]) {
			if p, ok := findPath(el, keys[1:], got); ok {
				return "." + keys[0] + p, true
			}
		}
	}
	return "", false
}

// sameKind reports whether v is what the decoder met: "number 1.5" is that
// number, the other descriptions a kind.
func sameKind(v any, got string) bool {
	if lit, ok := strings.CutPrefix(got, "number "); ok {
		f, isNum := v.(float64)
		return isNum && strconv.FormatFloat(f, 'f', -1, 64) == lit
	}
	return kindOf(v) == got
}

func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case float64:
		return "number"
	case bool:
		return "bool"
	case []any:
		return "array"
	case map[string]any:
		return "object"
	}
	return "null"
}
