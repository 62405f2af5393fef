package http

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/registry"
)

// handleAPISMSVerify serves POST /api/v1/sms-verify: one principal's code.
func (s *Server) handleAPISMSVerify(w http.ResponseWriter, r *http.Request) error {
	var req registry.VerifyRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	req.Client = s.clientAddr(r)
	msg, err := s.Filings.Verify(r.Context(), req)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: msg})
	return nil
}

// handleAPISMSResend serves POST /api/v1/sms-verify/resend.
func (s *Server) handleAPISMSResend(w http.ResponseWriter, r *http.Request) error {
	var req registry.ResendRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	req.Client = s.clientAddr(r)
	if err := s.Filings.Resend(r.Context(), req); err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: beian.SMSResendDone})
	return nil
}

type filingList struct {
	List []filingRow `json:"list"`
}

// queueFilter reads ?status= of the bureau queue: pending, or absent for
// every filing that reached the bureau.
func queueFilter(r *http.Request) (bool, error) {
	switch st := r.URL.Query().Get("status"); st {
	case "":
		return false, nil
	case "pending", string(beian.StatusBureauReview):
		return true, nil
	default:
		return false, beian.FieldErrorf("status", "应为 pending 或不填")
	}
}

// handleAPIBureauFilings serves GET /api/v1/bureau/filings: the queue of
// the reviewer's provinces.
func (s *Server) handleAPIBureauFilings(w http.ResponseWriter, r *http.Request) error {
	pending, err := queueFilter(r)
	if err != nil {
		return err
	}
	rows, err := s.Filings.Queue(r.Context(), accountFrom(r.Context()), pending, 0)
	if err != nil {
		return err
	}
	now := s.Now()
	out := filingList{List: make([]filingRow, 0, len(rows))}
	for _, row := range rows {
		out.List = append(out.List, filingRowOf(row, now))
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: "操作成功", Params: out})
	return nil
}

// filingID reads the {id} of a filing route.
func filingID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, beian.Errorf(beian.ENOTFOUND, "未找到备案")
	}
	return id, nil
}

// handleAPIBureauFiling serves GET /api/v1/bureau/filings/{id}.
func (s *Server) handleAPIBureauFiling(w http.ResponseWriter, r *http.Request) error {
	id, err := filingID(r)
	if err != nil {
		return err
	}
	v, err := s.Filings.View(r.Context(), accountFrom(r.Context()), id)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: "操作成功", Params: filingDetailOf(v.RegistryFiling, v.Verifiers, s.Now())})
	return nil
}

// decisionRequest is the body of a bureau decision.
type decisionRequest struct {
	Decision   string            `json:"decision"`
	Rejections []filingRejection `json:"rejections"`
}

// decision checks a decision body.
func (d decisionRequest) decision() (registry.BureauDecision, error) {
	switch strings.TrimSpace(d.Decision) {
	case "approve":
		if len(d.Rejections) > 0 {
			return registry.BureauDecision{}, beian.FieldErrorf("rejections", "通过时不填写驳回原因")
		}
		return registry.BureauDecision{Approve: true}, nil
	case "reject":
		var rs []beian.Rejection
		for _, r := range d.Rejections {
			rs = append(rs, beian.Rejection{Field: r.Field, Reason: r.Reason})
		}
		if err := beian.CheckRejections(rs); err != nil {
			return registry.BureauDecision{}, err
		}
		return registry.BureauDecision{Rejections: rs}, nil
	}
	return registry.BureauDecision{}, beian.FieldErrorf("decision", "应为 approve 或 reject")
}

// handleAPIBureauDecision serves POST /api/v1/bureau/filings/{id}/decision.
func (s *Server) handleAPIBureauDecision(w http.ResponseWriter, r *http.Request) error {
	id, err := filingID(r)
	if err != nil {
		return err
	}
	var req decisionRequest
	if err := decodeJSON(w, r, &req); err != nil {
		return err
	}
	d, err := req.decision()
	if err != nil {
		return err
	}
	f, err := s.Filings.Decide(r.Context(), accountFrom(r.Context()), id, d)
	if err != nil {
		return err
	}
	writeJSON(w, http.StatusOK, envelope{Code: 200, Success: true, Msg: "操作成功", Params: decisionAnswer{
		ID: strconv.FormatInt(f.ID, 10), Status: string(f.Status), MainLicence: f.MainLicence, ServiceLicences: f.ServiceLicences}})
	return nil
}

type decisionAnswer struct {
	ID              string   `json:"id"`
	Status          string   `json:"status"`
	MainLicence     string   `json:"mainLicence,omitempty"`
	ServiceLicences []string `json:"serviceLicences,omitempty"`
}
