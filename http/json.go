package http

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
)

// envelope is the MIIT-compatible response body.
type envelope struct {
	Code    int    `json:"code"`
	Msg     string `json:"msg"`
	Success bool   `json:"success"`
	Params  any    `json:"params,omitempty"`
}

// writeJSON encodes v into a buffer first, so an encoding failure cannot
// leave a half-written body.
func writeJSON(w http.ResponseWriter, status int, v any) {
	body, err := encodeJSON(v)
	if err != nil {
		http.Error(w, `{"code":500,"success":false,"msg":"系统内部错误"}`, http.StatusInternalServerError)
		return
	}
	writeJSONBody(w, status, body)
}

// encodeJSON is the one encoding of every JSON answer: HTML characters as
// they are, one line ending in a newline.
func encodeJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeJSONBody writes an encoded JSON answer.
func writeJSONBody(w http.ResponseWriter, status int, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	w.Write(body)
}

// maxJSONBody bounds a JSON request body: ours are a few hundred bytes.
const maxJSONBody = 16 << 10

// Errors of decodeJSON that name no field.
var (
	errJSONType     = &statusError{status: http.StatusUnsupportedMediaType, err: beian.Errorf(beian.EINVALID, "请求体应为 JSON（Content-Type: application/json）")}
	errJSONTooLarge = beian.Errorf(beian.EINVALID, "请求体过大（上限 %d KB）", maxJSONBody>>10)
	errJSONEmpty    = beian.Errorf(beian.EINVALID, "请求体为空，应为 JSON 对象")
	errJSONSyntax   = beian.Errorf(beian.EINVALID, "请求体不是合法的 JSON 对象")
	errJSONEncoding = beian.Errorf(beian.EINVALID, "请求体含有无效的字符编码（应为 UTF-8）")
	errJSONTrailing = beian.Errorf(beian.EINVALID, "请求体只能是一个 JSON 对象，其后不能有其他内容")
)

// decodeJSON is the one reader of JSON request bodies: application/json
// only, at most maxJSONBody bytes, exactly one object, no key twice, no
// unknown field, and every string (keys too) checked like a form value.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	body, err := readJSON(w, r, maxJSONBody)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) && te.Field != "" {
			return beian.FieldErrorf(te.Field, "类型错误（应为%s）", jsonKind(te.Type.Kind()))
		}
		// encoding/json names an unknown field only in its message.
		if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
			name, _ = strconv.Unquote(name)
			return beian.FieldErrorf(name, "未知字段")
		}
		return errJSONSyntax
	}
	return nil
}

func jsonKind(k reflect.Kind) string {
	switch k {
	case reflect.String:
		return "字符串"
	case reflect.Bool:
		return "true 或 false"
	case reflect.Slice, reflect.Array:
		return "数组"
	case reflect.Struct, reflect.Map:
		return "对象"
	}
	return "数字"
}

// checkJSON walks body token by token: one object, nothing after it, no key
// twice in an object (compared as encoding/json matches them, ignoring
// case), every string a valid text value named by its path.
func checkJSON(body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return errJSONSyntax
	}
	if err := checkObject(dec, ""); err != nil {
		return err
	}
	if _, err := dec.Token(); err != io.EOF {
		return errJSONTrailing
	}
	return nil
}

func checkObject(dec *json.Decoder, path string) error {
	seen := map[string]bool{}
	for dec.More() {
		tok, err := dec.Token()
		key, ok := tok.(string)
		if err != nil || !ok {
			return errJSONSyntax
		}
		field := key
		if path != "" {
			field = path + "." + key
		}
		if err := form.Text(field, key); err != nil {
			return err
		}
		fold := strings.ToLower(key)
		if seen[fold] {
			return beian.FieldErrorf(field, "重复的字段")
		}
		seen[fold] = true
		if err := checkValue(dec, field); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil { // the closing '}'
		return errJSONSyntax
	}
	return nil
}

func checkValue(dec *json.Decoder, path string) error {
	tok, err := dec.Token()
	if err != nil {
		return errJSONSyntax
	}
	switch t := tok.(type) {
	case json.Delim:
		if t == '{' {
			return checkObject(dec, path)
		}
		for i := 0; dec.More(); i++ { // '['
			if err := checkValue(dec, path+"["+strconv.Itoa(i)+"]"); err != nil {
				return err
			}
		}
		if _, err := dec.Token(); err != nil { // the closing ']'
			return errJSONSyntax
		}
	case string:
		return form.Text(path, t)
	}
	return nil
}

// readJSON reads and checks a JSON request body of at most limit bytes
// (application/json, one object, no key twice, every string a valid text
// value) and returns its bytes, for the decoders that need them raw.
func readJSON(w http.ResponseWriter, r *http.Request, limit int64) ([]byte, error) {
	if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
		return nil, errJSONType
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe) && limit == maxJSONBody:
		return nil, errJSONTooLarge
	case errors.As(err, &mbe):
		return nil, beian.Errorf(beian.EINVALID, "请求体过大（上限 %d KB）", limit>>10)
	case err != nil:
		return nil, errJSONSyntax
	case len(bytes.TrimSpace(body)) == 0:
		return nil, errJSONEmpty
	case !utf8.Valid(body):
		return nil, errJSONEncoding
	}
	if err := checkJSON(body); err != nil {
		return nil, err
	}
	return body, nil
}
