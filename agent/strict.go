package agent

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
)

// decodeStrict decodes one JSON object from b into dst (a pointer to a
// struct) and refuses, naming the field by its path (services[0].app.appId),
// what encoding/json lets through: unknown or differently-cased member
// names, and values of the wrong kind. deny maps a path with its indices
// emptied (services[].access) to the reason a known field may not be given.
func decodeStrict(b []byte, dst any, deny map[string]string) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return syntaxError(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return beian.Errorf(beian.EINVALID, "JSON: 请求体只能包含一个对象")
	}
	if _, ok := v.(map[string]any); !ok {
		return beian.Errorf(beian.EINVALID, "JSON: 请求体应为一个对象")
	}
	w := walker{deny: deny}
	if err := w.check(v, reflect.TypeOf(dst).Elem(), "", ""); err != nil {
		return err
	}
	// The shape is right, so this cannot fail on a field; it may still on
	// limits encoding/json has and the walk does not (nesting depth).
	if err := json.Unmarshal(b, dst); err != nil {
		return syntaxError(err)
	}
	return nil
}

func syntaxError(err error) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return beian.Errorf(beian.EINVALID, "JSON: 第%d字节处语法错误", se.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return beian.Errorf(beian.EINVALID, "JSON: 请求体不完整")
	}
	return beian.Errorf(beian.EINVALID, "JSON: 无法解析")
}

type walker struct{ deny map[string]string }

// check compares the generic value v with type t. path names the value for
// the user; pattern is path with every index emptied, for deny.
func (w walker) check(v any, t reflect.Type, path, pattern string) error {
	if v == nil {
		return nil // null leaves the zero value, as encoding/json does
	}
	if t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Struct:
		obj, ok := v.(map[string]any)
		if !ok {
			return kindError(path, "对象")
		}
		fields := jsonFields(t)
		for _, name := range sortedKeys(obj) {
			p, pat := join(path, name), join(pattern, name)
			ft, ok := fields[name]
			if !ok {
				return beian.FieldErrorf(p, "未知字段")
			}
			if reason, ok := w.deny[pat]; ok {
				return beian.FieldErrorf(p, "%s", reason)
			}
			if err := w.check(obj[name], ft, p, pat); err != nil {
				return err
			}
		}
	case reflect.Slice:
		arr, ok := v.([]any)
		if !ok {
			return kindError(path, "数组")
		}
		for i, e := range arr {
			if err := w.check(e, t.Elem(), fmt.Sprintf("%s[%d]", path, i), pattern+"[]"); err != nil {
				return err
			}
		}
	case reflect.String:
		if _, ok := v.(string); !ok {
			return kindError(path, "字符串")
		}
	case reflect.Bool:
		if _, ok := v.(bool); !ok {
			return kindError(path, "布尔值")
		}
	case reflect.Int, reflect.Int64:
		n, ok := v.(json.Number)
		if !ok {
			return kindError(path, "整数")
		}
		if _, err := strconv.ParseInt(string(n), 10, 64); err != nil {
			return kindError(path, "整数")
		}
	default:
		panic("agent: decodeStrict cannot check " + t.String())
	}
	return nil
}

func kindError(path, kind string) error {
	if path == "" {
		return beian.Errorf(beian.EINVALID, "JSON: 请求体应为%s", kind)
	}
	return beian.FieldErrorf(path, "类型错误：应为%s", kind)
}

func join(path, name string) string {
	if path == "" {
		return name
	}
	return path + "." + name
}

// jsonFields returns the JSON member names of struct type t and their types,
// with the fields of embedded structs inlined unless an outer field of the
// same name shadows them, as encoding/json resolves them.
func jsonFields(t reflect.Type) map[string]reflect.Type {
	fields := map[string]reflect.Type{}
	var embedded []reflect.Type
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if tag == "-" || !f.IsExported() && !f.Anonymous {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" && f.Type.Kind() == reflect.Struct {
			embedded = append(embedded, f.Type)
			continue
		}
		if name == "" {
			name = f.Name
		}
		fields[name] = f.Type
	}
	for _, et := range embedded {
		for name, ft := range jsonFields(et) {
			if _, ok := fields[name]; !ok {
				fields[name] = ft
			}
		}
	}
	return fields
}

// sortedKeys returns the keys of m in order, so that the first error named
// does not depend on map iteration.
func sortedKeys(m map[string]any) []string { return slices.Sorted(maps.Keys(m)) }

// decodeLoose decodes what it can of b into dst, ignoring errors.
func decodeLoose(b []byte, dst any) error { return json.Unmarshal(b, dst) }
