package http

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
)

// auditPageSize is how many audit records a page shows.
const auditPageSize = 50

// adminAuditPage is the audit log, newest first, with its chain check.
type adminAuditPage struct {
	Page
	Action, Actor string
	Log           auth.AuditLog
	PageNum       int
	Pages         int
	Prev, Next    string // links to the neighbouring pages, "" at an end
}

// handleAdminAudit serves GET /admin/audit?action=A&actor=L&page=N.
func (s *Server) handleAdminAudit(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	action, actor := strings.TrimSpace(q.Get("action")), strings.TrimSpace(q.Get("actor"))
	for field, v := range map[string]string{"action": action, "actor": actor} {
		if len([]rune(v)) > 64 {
			return beian.FieldErrorf(field, "不能超过64个字符")
		}
	}
	page := 1
	if v := strings.TrimSpace(q.Get("page")); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 1<<20 {
			return beian.FieldErrorf("page", "应为正整数")
		}
		page = n
	}
	l, err := s.Accounts.ReadAuditLog(r.Context(), action, actor, (page-1)*auditPageSize, auditPageSize)
	if err != nil {
		return err
	}
	data := adminAuditPage{Page: Page{Title: "审计日志"}, Action: action, Actor: actor, Log: l, PageNum: page,
		Pages: max(1, (l.Total+auditPageSize-1)/auditPageSize)}
	link := func(n int) string {
		v := url.Values{}
		if action != "" {
			v.Set("action", action)
		}
		if actor != "" {
			v.Set("actor", actor)
		}
		v.Set("page", strconv.Itoa(n))
		return "/admin/audit?" + v.Encode()
	}
	if page > 1 {
		data.Prev = link(min(page-1, data.Pages))
	}
	if page < data.Pages {
		data.Next = link(page + 1)
	}
	s.render(w, r, http.StatusOK, "admin_audit.html", data)
	return nil
}
