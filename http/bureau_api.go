package http

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/notify"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// The bureau's lifecycle routes: the blacklist, limit access and the shell
// queue, and the providers' list of their limited sites.

type blacklistJSON struct {
	ID        string `json:"id"`
	Kind      string `json:"kind"`
	Value     string `json:"value"`
	Province  string `json:"province"`
	Reason    string `json:"reason"`
	CreatedAt string `json:"createdAt"`
	ExpiresAt string `json:"expiresAt,omitempty"`
}

func blacklistOut(e beian.BlacklistEntry) blacklistJSON {
	return blacklistJSON{ID: idString(e.ID), Kind: string(e.Kind), Value: e.Value, Province: provinceName(e.Province),
		Reason: e.Reason, CreatedAt: jsonTime(e.CreatedAt), ExpiresAt: jsonTime(e.ExpiresAt)}
}

func (s *Server) handleBlacklistList(w http.ResponseWriter, r *http.Request) error {
	list, err := s.Registry.ListBlacklist(r.Context(), accountFrom(r.Context()))
	if err != nil {
		return err
	}
	out := make([]blacklistJSON, 0, len(list))
	for _, e := range list {
		out = append(out, blacklistOut(e))
	}
	ok(w, http.StatusOK, map[string]any{"list": out, "total": len(out)})
	return nil
}

type blacklistRequest struct {
	Kind      string `json:"kind"`
	Value     string `json:"value"`
	Province  string `json:"province"`
	Reason    string `json:"reason"`
	ExpiresAt string `json:"expiresAt"`
}

// entry checks the request's own forms (the expiry date); the registry
// checks the rest.
func (q blacklistRequest) entry() (*beian.BlacklistEntry, error) {
	e := &beian.BlacklistEntry{Kind: beian.BlacklistKind(strings.TrimSpace(q.Kind)), Value: q.Value, Province: q.Province, Reason: q.Reason}
	if v := strings.TrimSpace(q.ExpiresAt); v != "" {
		t, err := time.ParseInLocation(time.DateOnly, v, beian.Shanghai)
		if err != nil {
			if t, err = time.Parse(time.RFC3339, v); err != nil {
				return nil, beian.FieldErrorf("expiresAt", "应为 YYYY-MM-DD 或 RFC 3339 时间")
			}
		}
		e.ExpiresAt = t
	}
	return e, nil
}

func (s *Server) handleBlacklistAdd(w http.ResponseWriter, r *http.Request) error {
	var q blacklistRequest
	if err := decodeJSON(w, r, &q); err != nil {
		return err
	}
	e, err := q.entry()
	if err != nil {
		return err
	}
	if err := s.Registry.AddBlacklist(r.Context(), accountFrom(r.Context()), e); err != nil {
		return err
	}
	ok(w, http.StatusCreated, blacklistOut(*e))
	return nil
}

func (s *Server) handleBlacklistRemove(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return beian.Errorf(beian.ENOTFOUND, "未找到黑名单记录")
	}
	if err := s.Registry.RemoveBlacklist(r.Context(), accountFrom(r.Context()), id); err != nil {
		return err
	}
	ok(w, http.StatusOK, map[string]any{"id": idString(id), "removed": true})
	return nil
}

type limitRequest struct {
	LimitAccess *bool  `json:"limitAccess"`
	Reason      string `json:"reason"`
}

func (s *Server) handleLimitAccess(w http.ResponseWriter, r *http.Request) error {
	l, err := rules.ParseLicence(strings.TrimSpace(r.PathValue("licence")))
	if err != nil || l.IsMain() {
		return beian.Errorf(beian.ENOTFOUND, "未找到服务备案号")
	}
	var q limitRequest
	if err := decodeJSON(w, r, &q); err != nil {
		return err
	}
	if q.LimitAccess == nil {
		return beian.FieldErrorf("limitAccess", "请填写 true（限制接入）或 false（解除限制）")
	}
	if err := s.Registry.LimitAccess(r.Context(), accountFrom(r.Context()), l.String(), *q.LimitAccess, q.Reason, s.notifier()); err != nil {
		return err
	}
	ok(w, http.StatusOK, map[string]any{"serviceLicence": l.String(), "limitAccess": yesNo(*q.LimitAccess)})
	return nil
}

type shellJSON struct {
	ID         string `json:"id"`
	Kind       string `json:"kind"`
	Licence    string `json:"licence"`
	Province   string `json:"province"`
	Status     string `json:"status"`
	FoundAt    string `json:"foundAt"`
	ProposedAt string `json:"proposedAt,omitempty"`
}

func shellOut(c store.ShellCase) shellJSON {
	kind := "空壳主体"
	if c.Shell.Kind == "service" {
		kind = "空壳网站"
	}
	return shellJSON{ID: idString(c.ID), Kind: kind, Licence: c.Shell.Licence, Province: provinceName(c.Shell.Province),
		Status: c.Status, FoundAt: jsonTime(c.FoundAt), ProposedAt: jsonTime(c.ProposedAt)}
}

func (s *Server) shells() (*registry.ShellCleanup, error) {
	if s.Shells == nil {
		return nil, beian.Errorf(beian.ENOTFOUND, "本服务未启用空壳清理")
	}
	return s.Shells, nil
}

func (s *Server) handleShellQueue(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.shells()
	if err != nil {
		return err
	}
	list, err := sc.Queue(r.Context(), accountFrom(r.Context()))
	if err != nil {
		return err
	}
	out := make([]shellJSON, 0, len(list))
	for _, c := range list {
		out = append(out, shellOut(c))
	}
	ok(w, http.StatusOK, map[string]any{"list": out, "total": len(out)})
	return nil
}

type shellDecision struct {
	Decision string `json:"decision"`
	Note     string `json:"note"`
}

func (s *Server) handleShellDecision(w http.ResponseWriter, r *http.Request) error {
	sc, err := s.shells()
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return beian.Errorf(beian.ENOTFOUND, "未找到空壳清理记录")
	}
	var q shellDecision
	if err := decodeJSON(w, r, &q); err != nil {
		return err
	}
	if q.Decision != "confirm" && q.Decision != "dismiss" {
		return beian.FieldErrorf("decision", "应为 confirm（确认注销）或 dismiss（不予注销）")
	}
	c, err := sc.Decide(r.Context(), accountFrom(r.Context()), id, q.Decision == "confirm", q.Note)
	if err != nil {
		return err
	}
	ok(w, http.StatusOK, shellOut(*c))
	return nil
}

type limitedJSON struct {
	ServiceLicence string `json:"serviceLicence"`
	ServiceName    string `json:"serviceName"`
	UnitName       string `json:"unitName"`
	Domain         string `json:"domain"`
	Province       string `json:"province"`
	LimitAccess    string `json:"limitAccess"`
}

// handleLimitedServices lists a provider reviewer's provider's sites that
// a bureau marked 限制接入.
func (s *Server) handleLimitedServices(w http.ResponseWriter, r *http.Request) error {
	actor := accountFrom(r.Context())
	if actor == nil || actor.Provider == "" {
		return beian.Errorf(beian.EFORBIDDEN, "只有接入商审核员可以查看")
	}
	list, err := s.Registry.DB.FindLimitedServices(r.Context(), actor.Provider)
	if err != nil {
		return err
	}
	out := make([]limitedJSON, 0, len(list))
	for _, l := range list {
		out = append(out, limitedJSON{ServiceLicence: l.Licence, ServiceName: l.ServiceName, UnitName: l.UnitName, Domain: l.Domain,
			Province: provinceName(l.Province), LimitAccess: "是"})
	}
	ok(w, http.StatusOK, map[string]any{"list": out, "total": len(out)})
	return nil
}

// notifier is the one the lifecycle notices go through (nil: none).
func (s *Server) notifier() *notify.Notifier {
	if s.Shells == nil {
		return nil
	}
	return s.Shells.Notifier
}

type bureauCancelRequest struct {
	FilingType     string `json:"filingType"`
	MainLicence    string `json:"mainLicence"`
	ServiceLicence string `json:"serviceLicence"`
	Reason         string `json:"reason"`
}

// handleBureauCancel cancels an entity or a service on the bureau's own
// authority.
func (s *Server) handleBureauCancel(w http.ResponseWriter, r *http.Request) error {
	var q bureauCancelRequest
	if err := decodeJSON(w, r, &q); err != nil {
		return err
	}
	ft := beian.FilingType(strings.TrimSpace(q.FilingType))
	field, raw := "serviceLicence", q.ServiceLicence
	if ft == beian.FilingCancelEntity {
		field, raw = "mainLicence", q.MainLicence
	}
	l, err := rules.ParseLicence(strings.TrimSpace(raw))
	switch {
	case ft != beian.FilingCancelEntity && ft != beian.FilingCancelSite:
		return beian.FieldErrorf("filingType", "应为注销主体或注销网站")
	case err != nil:
		return beian.FieldError(field, err)
	case l.IsMain() != (ft == beian.FilingCancelEntity):
		return beian.FieldErrorf(field, "注销主体填写主体备案号，注销网站填写服务备案号")
	}
	c := beian.Cancellation{Reason: q.Reason}
	if ft == beian.FilingCancelEntity {
		c.MainLicence = l.String()
	} else {
		c.ServiceLicence = l.String()
	}
	if err := s.Registry.CancelByBureau(r.Context(), accountFrom(r.Context()), ft, c, s.notifier()); err != nil {
		return err
	}
	ok(w, http.StatusOK, map[string]any{"filingType": ft, "licence": l.String(), "cancelled": true})
	return nil
}

// cancelJSON is what a cancellation application removes, as its GET shows.
func cancelJSON(c *beian.Cancellation) map[string]any {
	out := map[string]any{"reason": c.Reason, "unitName": c.UnitName}
	for k, v := range map[string]string{"mainLicence": c.MainLicence, "serviceLicence": c.ServiceLicence, "productId": c.ProductID} {
		if v != "" {
			out[k] = v
		}
	}
	return out
}
