package http

import (
	"context"
	"io"
	"net/http"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
)

// handleAgentStep serves a step of an application without a body (submit,
// withdraw, abandon).
func (s *Server) handleAgentStep(step func(*agent.Service) func(context.Context, *beian.Account, int64) (*beian.Application, error)) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
		ag, err := s.agent()
		if err != nil {
			return err
		}
		id, err := pathID(r, "id")
		if err != nil {
			return err
		}
		a, err := step(ag)(r.Context(), accountFrom(r.Context()), id)
		if err != nil {
			return err
		}
		ok(w, http.StatusOK, statusJSON(a))
		return nil
	}
}

func submitStep(ag *agent.Service) func(context.Context, *beian.Account, int64) (*beian.Application, error) {
	return ag.Submit
}

func withdrawStep(ag *agent.Service) func(context.Context, *beian.Account, int64) (*beian.Application, error) {
	return ag.Withdraw
}

func abandonStep(ag *agent.Service) func(context.Context, *beian.Account, int64) (*beian.Application, error) {
	return ag.Abandon
}

type rejectionJSON struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

type reviewRequest struct {
	Decision   string          `json:"decision"`
	Rejections []rejectionJSON `json:"rejections"`
}

func (s *Server) handleAgentReview(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	var req reviewRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	var d agent.Decision
	switch req.Decision {
	case "approve":
		if len(req.Rejections) > 0 {
			return beian.FieldErrorf("rejections", "通过时不填写驳回原因")
		}
		// Over the API the approval is the reviewer's confirmation of the
		// manual real-person check (an automatic verdict still stands).
		d = agent.Decision{Approve: true, RealPersonChecked: true}
	case "reject":
		for _, rj := range req.Rejections {
			d.Rejections = append(d.Rejections, beian.Rejection{Field: rj.Field, Reason: rj.Reason})
		}
	default:
		return beian.FieldErrorf("decision", "应为 approve 或 reject")
	}
	a, err := ag.Review(r.Context(), accountFrom(r.Context()), id, d)
	if err != nil {
		return err
	}
	ok(w, http.StatusOK, statusJSON(a))
	return nil
}

func (s *Server) handleAgentUpload(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := readUpload(w, r, ag.Uploads.MaxBytes)
	if err != nil {
		return err
	}
	m, err := ag.AddMaterial(r.Context(), accountFrom(r.Context()), id, beian.MaterialKind(u.kind), u.name, u.data)
	if err != nil {
		return err
	}
	ok(w, http.StatusCreated, map[string]any{"id": idString(m.ID), "kind": m.Kind, "sha256": m.SHA256,
		"contentType": m.ContentType, "size": m.Size})
	return nil
}

func (s *Server) handleAgentMaterial(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	mid, err := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	if err != nil || mid <= 0 {
		return beian.Errorf(beian.ENOTFOUND, "未找到材料")
	}
	m, rc, err := ag.OpenMaterial(r.Context(), accountFrom(r.Context()), id, mid)
	if err != nil {
		return err
	}
	defer rc.Close()
	h := w.Header()
	h.Set("Content-Type", m.ContentType)
	h.Set("Content-Length", strconv.FormatInt(m.Size, 10))
	h.Set("Content-Disposition", "inline")
	// An uploaded file is the applicant's content: opened on its own (a PDF
	// in a tab) it runs nothing with this origin's rights.
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; object-src 'self'")
	h.Set("Cache-Control", "private, no-store")
	w.WriteHeader(http.StatusOK)
	io.Copy(w, rc)
	return nil
}
