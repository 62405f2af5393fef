package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
	"github.com/beianhq/beian/registry"
)

// The bureau console: the queue of the reviewer's provinces with its ages as
// an inline SVG chart, and a filing's page with the approve and reject
// forms. No script.

// queueLimit is how many filings the queue page lists.
const queueLimit = 200

type queueRowView struct {
	ID, No, Province, UnitName, FilingType, Status, SubmittedAt, Deadline string
	Overdue                                                               bool
}

type chartBar struct {
	X, Y, W, H, TextX, CountY, LabelY int
	Label                             string
	Count                             int
	Overdue                           bool
}

type queueChart struct {
	Width, Height int
	Bars          []chartBar
}

type bureauQueuePage struct {
	Page
	Provinces        string
	Pending, Overdue int
	Chart            queueChart
	Rows             []queueRowView
	All              bool
	Limit            int
}

// newQueueChart draws one bar per age, scaled to the tallest.
func newQueueChart(ages []registry.QueueAge) queueChart {
	const barW, gap, top, plot, bottom = 80, 24, 24, 160, 24
	c := queueChart{Width: len(ages)*(barW+gap) + gap, Height: top + plot + bottom}
	tallest := 1
	for _, a := range ages {
		tallest = max(tallest, a.Count)
	}
	for i, a := range ages {
		h := a.Count * plot / tallest
		if a.Count > 0 {
			h = max(h, 2)
		}
		x := gap + i*(barW+gap)
		c.Bars = append(c.Bars, chartBar{X: x, Y: top + plot - h, W: barW, H: h, TextX: x + barW/2,
			CountY: top + plot - h - 6, LabelY: top + plot + 18, Label: a.Label, Count: a.Count, Overdue: a.Label == "已超期"})
	}
	return c
}

func (s *Server) handleBureauQueuePage(w http.ResponseWriter, r *http.Request) error {
	actor := accountFrom(r.Context())
	all := r.URL.Query().Get("status") == "all"
	rows, err := s.Filings.Queue(r.Context(), actor, !all, queueLimit)
	if err != nil {
		return err
	}
	ages, err := s.Filings.QueueAges(r.Context(), actor)
	if err != nil {
		return err
	}
	data := bureauQueuePage{Page: Page{Title: "管局审核"}, Chart: newQueueChart(ages), All: all, Limit: queueLimit}
	var names []string
	for _, p := range actor.Provinces {
		names = append(names, provinceLabel(p))
	}
	data.Provinces = strings.Join(names, "、")
	for _, a := range ages {
		data.Pending += a.Count
		if a.Label == "已超期" {
			data.Overdue = a.Count
		}
	}
	now := s.Now()
	for _, row := range rows {
		v := filingRowOf(row, now)
		data.Rows = append(data.Rows, queueRowView{ID: v.ID, No: beian.FilingNo(row.ID), Province: v.Province, UnitName: v.UnitName,
			FilingType: v.FilingType, Status: row.Status.Label(), SubmittedAt: datetimeOf(row.SubmittedAt), Deadline: datetimeOf(row.Deadline), Overdue: v.Overdue})
	}
	s.render(w, r, http.StatusOK, "bureau_queue.html", data)
	return nil
}

type bureauServiceView struct {
	Index              int
	Type, Name         string
	Domains            []string
	HomeURL, Principal string
	Access             []beian.Access
}

type bureauFilingPage struct {
	Page
	No        string
	F         *beian.RegistryFiling
	Verifiers any
	Province  string
	Services  []bureauServiceView
	Overdue   bool
	Decidable bool
	Fields    []provinceOption
	Notice    string
	Error     formError
}

func (s *Server) filingPage(v *registry.FilingView) bureauFilingPage {
	f := v.RegistryFiling
	p := bureauFilingPage{Page: Page{Title: "备案 " + beian.FilingNo(f.ID)}, No: beian.FilingNo(f.ID), F: f, Verifiers: v.Verifiers,
		Province: provinceLabel(f.Province), Overdue: f.Overdue(s.Now()), Decidable: f.Status == beian.StatusBureauReview, Fields: rejectFields(f)}
	if f.Record == nil {
		f.Record = &beian.ApplicationRecord{}
	}
	for i, svc := range f.Record.Entity.Services {
		sv := bureauServiceView{Index: i, Type: svc.Type.Label(), Name: svc.Name, Domains: svc.Domains, HomeURL: svc.HomeURL, Principal: "同主体负责人"}
		if svc.Principal != nil {
			sv.Principal = svc.Principal.Name + "（" + svc.Principal.Mobile + "）"
		}
		if i < len(f.Access) {
			sv.Access = f.Access[i]
		}
		p.Services = append(p.Services, sv)
	}
	return p
}

func (s *Server) handleBureauFilingPage(w http.ResponseWriter, r *http.Request) error {
	id, err := filingID(r)
	if err != nil {
		return err
	}
	v, err := s.Filings.View(r.Context(), accountFrom(r.Context()), id)
	if err != nil {
		return err
	}
	data := s.filingPage(v)
	switch r.URL.Query().Get("done") {
	case "approved":
		data.Notice = "已审核通过，备案号已分配并通知各负责人。"
	case "rejected":
		data.Notice = "已驳回，备案已退回接入商。"
	}
	s.render(w, r, http.StatusOK, "bureau_filing.html", data)
	return nil
}

func (s *Server) handleBureauDecisionSubmit(w http.ResponseWriter, r *http.Request) error {
	id, err := filingID(r)
	if err != nil {
		return err
	}
	actor := accountFrom(r.Context())
	f, err := form.Parse(w, r)
	var d registry.BureauDecision
	if err == nil {
		d, err = decisionOf(f).decision()
	}
	if err == nil {
		_, err = s.Filings.Decide(r.Context(), actor, id, d)
	}
	if err != nil {
		if code := beian.ErrorCode(err); code == beian.EFORBIDDEN || code == beian.ENOTFOUND {
			return err
		}
		v, verr := s.Filings.View(r.Context(), actor, id)
		if verr != nil {
			return verr
		}
		data := s.filingPage(v)
		data.Error = newFormError(err, "reason")
		if strings.HasSuffix(faultField(err), ".reason") {
			data.Error.Field = "reason"
		}
		data.Title = "错误：" + data.Title
		s.render(w, r, s.errorStatus(w, r, err), "bureau_filing.html", data)
		return nil
	}
	done := "approved"
	if !d.Approve {
		done = "rejected"
	}
	http.Redirect(w, r, "/bureau/filings/"+strconv.FormatInt(id, 10)+"?done="+done, http.StatusSeeOther)
	return nil
}

func datetimeOf(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(beian.Shanghai).Format(timeLayout)
}

// providerLimitedPage lists a provider reviewer's limited sites.
type providerLimitedPage struct {
	Page
	Services []limitedJSON
}

// handleLimitedPage serves GET /provider/limited.
func (s *Server) handleLimitedPage(w http.ResponseWriter, r *http.Request) error {
	actor := accountFrom(r.Context())
	if actor == nil || actor.Provider == "" {
		return beian.Errorf(beian.EFORBIDDEN, "只有接入商审核员可以查看")
	}
	list, err := s.Registry.DB.FindLimitedServices(r.Context(), actor.Provider)
	if err != nil {
		return err
	}
	data := providerLimitedPage{Page: Page{Title: "限制接入网站"}}
	for _, l := range list {
		data.Services = append(data.Services, limitedJSON{ServiceLicence: l.Licence, ServiceName: l.ServiceName, UnitName: l.UnitName,
			Domain: l.Domain, Province: provinceName(l.Province), LimitAccess: "是"})
	}
	s.render(w, r, http.StatusOK, "provider_limited.html", data)
	return nil
}
