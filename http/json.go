package http

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
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
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"code":500,"success":false,"msg":"系统内部错误"}`, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}
