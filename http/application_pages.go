package http

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/http/form"
)

// 我的备案: the applicant's applications, one application's page with its
// progress, and the steps taken on it (upload, submit, withdraw, abandon).

type applicationsPage struct {
	Page
	List  []summaryRow
	Total int
	Pager listPager
}

// summaryRow is a row of a list or of the reviewer's queue.
type summaryRow struct {
	beian.ApplicationSummary
	Overdue bool
}

// listPager pages a list: previous and next, and where it stands.
type listPager struct {
	Prev, Next  string
	Page, Pages int
}

const listPageSize = 20

// listPage reads ?page= and returns the filter's window and a pager maker.
func listPage(r *http.Request) (int, error) {
	v := r.URL.Query().Get("page")
	if v == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1<<20 {
		return 0, beian.FieldErrorf("page", "应为正整数")
	}
	return n, nil
}

func newListPager(path string, page, total int) listPager {
	p := listPager{Page: page, Pages: (total + listPageSize - 1) / listPageSize}
	if page > 1 {
		p.Prev = fmt.Sprintf("%s?page=%d", path, page-1)
	}
	if page < p.Pages {
		p.Next = fmt.Sprintf("%s?page=%d", path, page+1)
	}
	return p
}

// listRows lists a page of what actor sees, with the overdue flag.
func (s *Server) listRows(r *http.Request, ag *agent.Service, page int) ([]summaryRow, int, error) {
	f := beian.ApplicationFilter{Offset: (page - 1) * listPageSize, Limit: listPageSize}
	list, total, err := ag.List(r.Context(), accountFrom(r.Context()), f)
	if err != nil {
		return nil, 0, err
	}
	now := s.Now()
	rows := make([]summaryRow, len(list))
	for i, a := range list {
		rows[i] = summaryRow{a, (&beian.Application{Status: a.Status, Deadline: a.Deadline}).Overdue(now)}
	}
	return rows, total, nil
}

func (s *Server) handleMyApplications(w http.ResponseWriter, r *http.Request) error {
	return s.renderApplicationList(w, r, "applications.html", "我的备案", "/agent/applications")
}

// renderApplicationList renders one page of the applications the caller
// may see (an applicant's own, a provider reviewer's queue) with its pager.
func (s *Server) renderApplicationList(w http.ResponseWriter, r *http.Request, tmpl, title, path string) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	page, err := listPage(r)
	if err != nil {
		return err
	}
	rows, total, err := s.listRows(r, ag, page)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, tmpl, applicationsPage{Page: Page{Title: title}, List: rows, Total: total,
		Pager: newListPager(path, page, total)})
	return nil
}

// applicationPage is one application as its applicant sees it.
type applicationPage struct {
	Page
	App       *beian.Application
	Record    *agent.RecordJSON
	Timeline  timeline
	Materials []materialRow
	Reasons   []reasonView
	Notice    string
	Error     string
	// What the applicant may do now.
	CanEdit, CanWithdraw, CanAbandon bool
}

// reasonView is a reviewer's reason with its field's label.
type reasonView struct {
	Field, Label, Reason string
}

func reasonViews(rs []beian.Rejection) []reasonView {
	out := make([]reasonView, len(rs))
	for i, r := range rs {
		out[i] = reasonView{r.Field, pathLabel(r.Field), r.Reason}
	}
	return out
}

func (s *Server) handleApplicationPage(w http.ResponseWriter, r *http.Request) error {
	return s.showApplication(w, r, http.StatusOK, "")
}

// showApplication renders the application page, with errMsg above it.
func (s *Server) showApplication(w http.ResponseWriter, r *http.Request, status int, errMsg string) error {
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
	data := applicationPage{Page: Page{Title: fmt.Sprintf("备案申请 %d", a.ID)}, App: a, Record: agent.EncodeRecord(a.Record),
		Timeline: newTimeline(a, ms), Materials: materialRows(a, ms), Reasons: reasonViews(a.Rejections), Error: errMsg,
		CanEdit: a.Editable(), CanWithdraw: a.Status == beian.StatusInitialReview,
		CanAbandon: beian.CanTransition(a.Status, beian.StatusAbandoned)}
	if r.URL.Query().Get("done") != "" {
		data.Notice = doneNotices[r.URL.Query().Get("done")]
	}
	s.render(w, r, status, "application.html", data)
	return nil
}

var doneNotices = map[string]string{
	"submit":   "已提交，接入商将在1个工作日内完成初审。",
	"withdraw": "已撤销，申请回到待提交状态，可以修改后重新提交。",
	"abandon":  "已放弃该申请。",
}

// handleApplicationStep runs submit, withdraw or abandon from the page.
func (s *Server) handleApplicationStep(step string) handler {
	return func(w http.ResponseWriter, r *http.Request) error {
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
		actor := accountFrom(r.Context())
		switch step {
		case "submit":
			if f.Get("agree") == "" {
				err = beian.FieldErrorf("agree", "请勾选确认后再提交")
			} else {
				_, err = ag.Submit(r.Context(), actor, id)
			}
			if err != nil {
				return s.confirmError(w, r, err)
			}
		case "withdraw":
			_, err = ag.Withdraw(r.Context(), actor, id)
		case "abandon":
			_, err = ag.Abandon(r.Context(), actor, id)
		}
		if err != nil {
			if code := beian.ErrorCode(err); code == beian.ECONFLICT || code == beian.EINVALID {
				return s.showApplication(w, r, s.errorStatus(w, r, err), pageMessage(err))
			}
			return err
		}
		http.Redirect(w, r, fmt.Sprintf("/agent/applications/%d?done=%s", id, step), http.StatusSeeOther)
		return nil
	}
}

// confirmError shows a refused submission on the confirmation step.
func (s *Server) confirmError(w http.ResponseWriter, r *http.Request, err error) error {
	if code := beian.ErrorCode(err); code != beian.EINVALID && code != beian.ECONFLICT {
		return err
	}
	r.SetPathValue("step", "confirm")
	wr, oerr := s.openWizard(r)
	if oerr != nil {
		return oerr
	}
	return s.renderWizard(w, r, wr, s.errorStatus(w, r, err), newFieldErr(err))
}

// handleMaterialUpload stores a material from the materials step.
func (s *Server) handleMaterialUpload(w http.ResponseWriter, r *http.Request) error {
	ag, err := s.agent()
	if err != nil {
		return err
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	u, err := readUpload(w, r, ag.Uploads.MaxBytes)
	if err == nil {
		_, err = ag.AddMaterial(r.Context(), accountFrom(r.Context()), id, beian.MaterialKind(u.kind), u.name, u.data)
	}
	if err != nil {
		if code := beian.ErrorCode(err); code != beian.EINVALID && code != beian.ECONFLICT {
			return err
		}
		r.SetPathValue("step", "materials")
		wr, oerr := s.openWizard(r)
		if oerr != nil {
			return oerr
		}
		return s.renderWizard(w, r, wr, s.errorStatus(w, r, err), newFieldErr(err))
	}
	http.Redirect(w, r, wizardURL(id, "materials")+"?uploaded="+u.kind, http.StatusSeeOther)
	return nil
}
