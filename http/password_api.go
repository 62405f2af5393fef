package http

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
)

// maxJSONBody bounds the JSON bodies of the password API.
const maxJSONBody = 16 << 10

// decodeJSON reads one JSON object into v, explaining malformed input.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		var te *json.UnmarshalTypeError
		switch {
		case errors.As(err, &mbe):
			return beian.Errorf(beian.EINVALID, "请求体过大")
		case errors.As(err, &te) && te.Field != "":
			return beian.FieldErrorf(te.Field, "应为字符串")
		case errors.Is(err, io.EOF):
			return beian.Errorf(beian.EINVALID, "请求体为空，应为 JSON 对象")
		}
		return beian.Errorf(beian.EINVALID, "请求体不是合法的 JSON 对象")
	}
	return nil
}

// handleAPIRecover serves POST /api/v1/password/recover (CONTRACT §4). The
// body of a success is the same whether or not anything matched.
func (s *Server) handleAPIRecover(w http.ResponseWriter, r *http.Request) {
	var req registry.RecoverRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeJSONError(w, r, err)
		return
	}
	req.Client = s.clientAddr(r)
	if err := s.Passwords.Recover(r.Context(), req); err != nil {
		s.writeJSONError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: registry.RecoverAnswer})
}

// handleAPIChange serves POST /api/v1/password/change (CONTRACT §4).
func (s *Server) handleAPIChange(w http.ResponseWriter, r *http.Request) {
	var req registry.ChangeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		s.writeJSONError(w, r, err)
		return
	}
	req.Client = s.clientAddr(r)
	if err := s.Passwords.Change(r.Context(), req); err != nil {
		s.writeJSONError(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: "备案密码修改成功"})
}
