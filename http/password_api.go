package http

import (
	"net/http"

	"github.com/beianhq/beian/registry"
)

// handleAPIRecover serves POST /api/v1/password/recover. The
// body of a success is the same whether or not anything matched.
func (s *Server) handleAPIRecover(w http.ResponseWriter, r *http.Request) error {
	var req registry.RecoverRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	req.Client = s.clientAddr(r)
	if err := s.Passwords.Recover(r.Context(), req); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: registry.RecoverAnswer})
	return nil
}

// handleAPIChange serves POST /api/v1/password/change.
func (s *Server) handleAPIChange(w http.ResponseWriter, r *http.Request) error {
	var req registry.ChangeRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	req.Client = s.clientAddr(r)
	if err := s.Passwords.Change(r.Context(), req); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: "备案密码修改成功"})
	return nil
}
