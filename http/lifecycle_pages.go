package http

import (
	"net/http"
	"strconv"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/http/form"
)

// blacklistPage is the bureau staff's blacklist: the entries they keep and
// a form to add one.
type blacklistPage struct {
	Page
	Entries []blacklistJSON
	Form    blacklistRequest
	Error   string
}

func (s *Server) renderBlacklist(w http.ResponseWriter, r *http.Request, status int, data blacklistPage) error {
	list, err := s.Registry.ListBlacklist(r.Context(), accountFrom(r.Context()))
	if err != nil {
		return err
	}
	for _, e := range list {
		data.Entries = append(data.Entries, blacklistOut(e))
	}
	data.Page = Page{Title: "备案黑名单"}
	s.render(w, r, status, "bureau_blacklist.html", data)
	return nil
}

// handleBlacklistPage serves GET /bureau/blacklist.
func (s *Server) handleBlacklistPage(w http.ResponseWriter, r *http.Request) error {
	return s.renderBlacklist(w, r, http.StatusOK, blacklistPage{})
}

// handleBlacklistPageAdd serves POST /bureau/blacklist.
func (s *Server) handleBlacklistPageAdd(w http.ResponseWriter, r *http.Request) error {
	f, err := form.Parse(w, r)
	if err != nil {
		return err
	}
	q := blacklistRequest{Kind: f.Get("kind"), Value: f.Get("value"), Province: f.Get("province"), Reason: f.Get("reason"), ExpiresAt: f.Get("expiresAt")}
	e, err := q.entry()
	if err == nil {
		err = s.Registry.AddBlacklist(r.Context(), accountFrom(r.Context()), e)
	}
	if err != nil {
		return s.renderBlacklist(w, r, s.errorStatus(w, r, err), blacklistPage{Form: q, Error: pageMessage(err)})
	}
	http.Redirect(w, r, "/bureau/blacklist", http.StatusSeeOther)
	return nil
}

// handleBlacklistPageRemove serves POST /bureau/blacklist/{id}/remove.
func (s *Server) handleBlacklistPageRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return beian.Errorf(beian.ENOTFOUND, "未找到黑名单记录")
	}
	if _, err := form.Parse(w, r); err != nil {
		return err
	}
	if err := s.Registry.RemoveBlacklist(r.Context(), accountFrom(r.Context()), id); err != nil {
		return s.renderBlacklist(w, r, s.errorStatus(w, r, err), blacklistPage{Error: pageMessage(err)})
	}
	http.Redirect(w, r, "/bureau/blacklist", http.StatusSeeOther)
	return nil
}

// staffEntityPage is an entity as filed, cancelled services too, with its
// timeline drawn as an inline SVG.
type staffEntityPage struct {
	Page
	Entity   *beian.Entity
	Province string
	Timeline timelineSVG
}

// timelineSVG is the timeline laid out: one row per event.
type timelineSVG struct {
	Height int
	Rows   []timelineRow
}

type timelineRow struct {
	Y, TextY int
	Event    beian.TimelineEvent
	Cancel   bool // a cancellation, drawn apart
}

const timelineRowHeight = 44

func layoutTimeline(events []beian.TimelineEvent) timelineSVG {
	t := timelineSVG{Height: 24 + len(events)*timelineRowHeight}
	for i, e := range events {
		y := 24 + i*timelineRowHeight
		ft := beian.FilingType(e.Kind)
		t.Rows = append(t.Rows, timelineRow{Y: y, TextY: y + 5, Event: e, Cancel: ft.IsCancel()})
	}
	return t
}

func (s *Server) handleStaffEntity(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return beian.Errorf(beian.ENOTFOUND, "未找到备案主体")
	}
	e, events, err := s.Registry.EntityHistory(r.Context(), accountFrom(r.Context()), id)
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "staff_entity.html", staffEntityPage{Page: Page{Title: e.UnitName + " · 备案历史"},
		Entity: e, Province: provinceName(e.Province), Timeline: layoutTimeline(events)})
	return nil
}

type timelineJSON struct {
	At      string `json:"at"`
	Kind    string `json:"kind"`
	Licence string `json:"licence"`
	What    string `json:"what"`
}

// handleEntityHistory serves the timeline of an entity as JSON.
func (s *Server) handleEntityHistory(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return beian.Errorf(beian.ENOTFOUND, "未找到备案主体")
	}
	e, events, err := s.Registry.EntityHistory(r.Context(), accountFrom(r.Context()), id)
	if err != nil {
		return err
	}
	out := make([]timelineJSON, 0, len(events))
	for _, ev := range events {
		out = append(out, timelineJSON{At: jsonTime(ev.At), Kind: ev.Kind, Licence: ev.Licence, What: ev.What})
	}
	ok(w, http.StatusOK, map[string]any{"id": idString(e.ID), "mainLicence": e.MainLicence, "unitName": e.UnitName,
		"cancelled": e.Cancelled, "events": out})
	return nil
}
