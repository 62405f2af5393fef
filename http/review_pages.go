package http

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/rules"
)

// 初审: the provider reviewer's queue and review page.

// reasonRows is how many reasons the review form offers at once.
const reasonRows = 3

func (s *Server) handleReviewQueue(w http.ResponseWriter, r *http.Request) error {
	return s.renderApplicationList(w, r, "review_queue.html", "初审队列", "/agent/review")
}

// reviewPage is an application as the provider's reviewer checks it.
type reviewPage struct {
	Page
	App       *beian.Application
	Record    *agent.RecordJSON
	Materials []beian.Material
	Changes   []beian.Change
	Reasons   []reasonView // of the last rejection
	Catalogue []rules.RejectionReason
	Fields    []fieldOption
	Rows      []reasonRow
	Err       fieldErr
	Pending   bool // the real-person check waits for the reviewer
	CanReview bool
	Notice    string
}

// fieldOption is a field a reason may point at.
type fieldOption struct{ Path, Label string }

// reasonRow is one reason row of the form, as posted.
type reasonRow struct {
	N                  int
	Field, Code, Extra string
}

func (s *Server) handleReviewPage(w http.ResponseWriter, r *http.Request) error {
	return s.showReview(w, r, http.StatusOK, fieldErr{}, nil)
}

func (s *Server) showReview(w http.ResponseWriter, r *http.Request, status int, fe fieldErr, rows []reasonRow) error {
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
	vs, err := ag.Versions(r.Context(), actor, id)
	if err != nil {
		return err
	}
	data := reviewPage{Page: Page{Title: fmt.Sprintf("初审 - 申请 %d", a.ID)}, App: a, Record: agent.EncodeRecord(a.Record),
		Materials: ms, Reasons: reasonViews(a.Rejections), Catalogue: rules.DefaultRejections().All(), Err: fe,
		Pending:   a.RealPerson == nil || a.RealPerson.Verdict == beian.VerdictPending,
		CanReview: a.Status == beian.StatusInitialReview, Fields: fieldOptions(a)}
	if len(vs) >= 2 {
		data.Changes = beian.DiffRecords(vs[len(vs)-2].Record, vs[len(vs)-1].Record)
	}
	if rows == nil {
		rows = make([]reasonRow, reasonRows)
	}
	for i := range rows {
		rows[i].N = i
	}
	data.Rows = rows
	if d := r.URL.Query().Get("done"); d != "" {
		data.Notice = map[string]string{"approve": "已通过初审，已提交管局系统，等待短信核验。", "reject": "已驳回，申请人会收到驳回原因。"}[d]
	}
	s.render(w, r, status, "review.html", data)
	return nil
}

// fieldOptions lists the fields of a's record and the material kinds, for
// a reason to point at.
func fieldOptions(a *beian.Application) []fieldOption {
	paths := []string{"unitName", "natureName", "certType", "certNo", "certAddress", "address", "principal.name",
		"principal.certNo", "principal.mobile", "principal.email"}
	if a.Record != nil {
		for i, sv := range a.Record.Entity.Services {
			pre := fmt.Sprintf("services[%d]", i)
			paths = append(paths, pre+".serviceName")
			for j := range sv.Domains {
				paths = append(paths, fmt.Sprintf("%s.domains[%d]", pre, j))
			}
			paths = append(paths, pre+".homeUrl", pre+".contentTypes")
		}
	}
	for _, k := range beian.MaterialKinds {
		paths = append(paths, "materials."+string(k))
	}
	out := make([]fieldOption, len(paths))
	for i, p := range paths {
		out[i] = fieldOption{p, pathLabel(p)}
	}
	return out
}

// handleReviewSubmit records the reviewer's decision.
func (s *Server) handleReviewSubmit(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	d := agent.Decision{Approve: f.Get("decision") == "approve", RealPersonChecked: f.Get("realPerson") == "yes"}
	rows, index := readReasons(f)
	if !d.Approve {
		cat := rules.DefaultRejections()
		for _, row := range rows {
			if row.Field == "" && row.Code == "" && row.Extra == "" {
				continue
			}
			reason := row.Extra
			if e, ok := cat.Lookup(row.Code); ok {
				reason = strings.TrimSpace(e.Reason + " " + row.Extra)
			}
			d.Rejections = append(d.Rejections, beian.Rejection{Field: row.Field, Reason: reason})
		}
	}
	if _, err := ag.Review(r.Context(), accountFrom(r.Context()), id, d); err != nil {
		if code := beian.ErrorCode(err); code != beian.EINVALID && code != beian.ECONFLICT {
			return err
		}
		fe := newFieldErr(err)
		fe.Field = rowField(fe.Field, index)
		return s.showReview(w, r, s.errorStatus(w, r, err), fe, rows)
	}
	done := "reject"
	if d.Approve {
		done = "approve"
	}
	http.Redirect(w, r, fmt.Sprintf("/agent/review/%d?done=%s", id, done), http.StatusSeeOther)
	return nil
}

// readReasons reads the reason rows; index maps the position of each
// filled row among the reasons sent to its row on the form.
func readReasons(f *form.Form) ([]reasonRow, []int) {
	rows := make([]reasonRow, reasonRows)
	var index []int
	for i := range rows {
		pre := fmt.Sprintf("rejections[%d]", i)
		rows[i] = reasonRow{N: i, Field: f.Trimmed(pre + ".field"), Code: f.Trimmed(pre + ".code"), Extra: f.Trimmed(pre + ".reason")}
		if rows[i].Field != "" || rows[i].Code != "" || rows[i].Extra != "" {
			index = append(index, i)
		}
	}
	return rows, index
}

// rowField names an error of the k-th reason sent by its form row.
func rowField(field string, index []int) string {
	var k int
	rest, ok := strings.CutPrefix(field, "rejections[")
	if !ok {
		return field
	}
	if _, err := fmt.Sscanf(rest, "%d]", &k); err != nil || k >= len(index) {
		return field
	}
	_, tail, _ := strings.Cut(rest, "]")
	return fmt.Sprintf("rejections[%d]%s", index[k], tail)
}
