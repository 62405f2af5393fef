package http

import (
	"net/http"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
)

type eventJSON struct {
	At     string `json:"at"`
	Status string `json:"status"`
	Note   string `json:"note"`
}

type materialJSON struct {
	ID          string `json:"id"`
	Kind        string `json:"kind"`
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
	SHA256      string `json:"sha256"`
	UploadedAt  string `json:"uploadedAt"`
}

func (s *Server) handleAgentGet(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	actor := accountFrom(r.Context())
	a, err := ag.Get(r.Context(), actor, id)
	if err != nil {
		return err
	}
	ms, err := ag.MaterialsOf(r.Context(), actor, id)
	if err != nil {
		return err
	}
	p := statusJSON(a)
	p["record"] = agent.EncodeRecord(a.Record)
	if c := a.Cancel; c != nil {
		p["cancel"] = cancelJSON(c)
	}
	rejections := make([]rejectionJSON, 0, len(a.Rejections))
	for _, rj := range a.Rejections {
		rejections = append(rejections, rejectionJSON{Field: rj.Field, Reason: rj.Reason})
	}
	p["rejections"] = rejections
	events := make([]eventJSON, 0, len(a.Events))
	for _, e := range a.Events {
		events = append(events, eventJSON{At: jsonTime(e.At), Status: string(e.Status), Note: e.Note})
	}
	p["events"] = events
	materials := make([]materialJSON, 0, len(ms))
	for _, m := range ms {
		materials = append(materials, materialJSON{ID: idString(m.ID), Kind: string(m.Kind), Name: m.Name, ContentType: m.ContentType,
			Size: m.Size, SHA256: m.SHA256, UploadedAt: jsonTime(m.CreatedAt)})
	}
	p["materials"] = materials
	if changes, err := s.versionChanges(r, ag, id); err != nil {
		return err
	} else if changes != nil {
		p["changes"] = changes
	}
	p["provider"] = a.Provider
	if !a.SubmittedAt.IsZero() {
		p["submittedAt"] = jsonTime(a.SubmittedAt)
	}
	if a.MainLicence != "" {
		p["mainLicence"] = a.MainLicence
	}
	if len(a.ServiceLicences) > 0 {
		p["serviceLicences"] = a.ServiceLicences
	}
	if a.RealPerson != nil {
		p["realPerson"] = map[string]any{"method": a.RealPerson.Method, "verdict": a.RealPerson.Verdict, "score": a.RealPerson.Score}
	}
	ok(w, http.StatusOK, p)
	return nil
}

type summaryJSON struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	UnitName    string `json:"unitName"`
	FilingType  string `json:"filingType"`
	SubmittedAt string `json:"submittedAt"`
	Deadline    string `json:"deadline,omitempty"`
	Overdue     bool   `json:"overdue,omitempty"`
}

func (s *Server) handleAgentList(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	q := r.URL.Query()
	f := beian.ApplicationFilter{Status: beian.ApplicationStatus(q.Get("status")), Limit: 20}
	pageNum, pageSize := 1, 20
	for _, p := range []struct {
		name string
		dst  *int
		max  int
	}{{"pageNum", &pageNum, 1 << 20}, {"pageSize", &pageSize, 100}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 1 || n > p.max {
				return beian.FieldErrorf(p.name, "应为 1 到 %d 的整数", p.max)
			}
			*p.dst = n
		}
	}
	f.Offset, f.Limit = (pageNum-1)*pageSize, pageSize
	list, total, err := ag.List(r.Context(), accountFrom(r.Context()), f)
	if err != nil {
		return err
	}
	now := s.Now()
	out := make([]summaryJSON, 0, len(list))
	for _, a := range list {
		overdue := (&beian.Application{Status: a.Status, Deadline: a.Deadline}).Overdue(now)
		out = append(out, summaryJSON{ID: idString(a.ID), Status: string(a.Status), UnitName: a.UnitName, FilingType: string(a.FilingType),
			SubmittedAt: jsonTime(a.SubmittedAt), Deadline: jsonTime(a.Deadline), Overdue: overdue})
	}
	ok(w, http.StatusOK, map[string]any{"list": out, "total": total, "pageNum": pageNum, "pageSize": pageSize})
	return nil
}

type changeJSON struct {
	Field string `json:"field"`
	Old   string `json:"old"`
	New   string `json:"new"`
}

// versionChanges lists what the last submitted version changed from the
// one before it (nil before a second version), for the reviewer.
func (s *Server) versionChanges(r *http.Request, ag *agent.Service, id int64) ([]changeJSON, error) {
	vs, err := ag.Versions(r.Context(), accountFrom(r.Context()), id)
	if err != nil || len(vs) < 2 {
		return nil, err
	}
	out := []changeJSON{}
	for _, c := range beian.DiffRecords(vs[len(vs)-2].Record, vs[len(vs)-1].Record) {
		out = append(out, changeJSON{Field: c.Field, Old: c.Old, New: c.New})
	}
	return out, nil
}
