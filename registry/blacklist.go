package registry

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

// checkBlacklist refuses a filing whose entity certificate, principal
// certificates or domains are on the blacklist, naming the field.
func (r *Registry) checkBlacklist(ctx context.Context, q beian.TypeCheckQuery) error {
	return checkBlacklist(ctx, r.DB, q, r.DB.Now())
}

type blacklistReader interface {
	BlacklistHit(ctx context.Context, kind beian.BlacklistKind, value string, now time.Time) (*beian.BlacklistEntry, error)
}

func checkBlacklist(ctx context.Context, db blacklistReader, q beian.TypeCheckQuery, now time.Time) error {
	check := func(kind beian.BlacklistKind, field, value string) error {
		hit, err := db.BlacklistHit(ctx, kind, value, now)
		if err != nil || hit == nil {
			return err
		}
		return beian.BlacklistRefusal(field, *hit)
	}
	if err := check(beian.BlacklistEntity, "certNo", q.CertNo); err != nil {
		return err
	}
	for _, p := range q.Principals {
		if err := check(beian.BlacklistPrincipal, p.Field, beian.NormalizeCertNo(p.Value)); err != nil {
			return err
		}
	}
	for _, d := range q.Domains {
		if err := check(beian.BlacklistDomain, d.Field, d.Value); err != nil {
			return err
		}
	}
	return nil
}

// filingQuery is what the blacklist looks at in a submitted filing.
func filingQuery(f beian.Filing) beian.TypeCheckQuery { return recordQuery(f.Record) }

func recordQuery(r *beian.ApplicationRecord) beian.TypeCheckQuery {
	e := &r.Entity
	q := beian.TypeCheckQuery{CertNo: e.CertNo, Principals: []beian.FieldValue{{Field: "principal.certNo", Value: e.Principal.CertNo}}}
	for i, s := range e.Services {
		if s.Principal != nil {
			q.Principals = append(q.Principals, beian.FieldValue{Field: fmt.Sprintf("services[%d].principal.certNo", i), Value: s.Principal.CertNo})
		}
		for j, d := range s.Domains {
			q.Domains = append(q.Domains, beian.FieldValue{Field: fmt.Sprintf("services[%d].domains[%d]", i, j), Value: d})
		}
	}
	return q
}

// AddBlacklist puts e on the blacklist for actor: a bureau reviewer of
// e's province or an administrator. Audited.
func (r *Registry) AddBlacklist(ctx context.Context, actor *beian.Account, e *beian.BlacklistEntry) error {
	if err := e.Normalize(r.DB.Now()); err != nil {
		return err
	}
	if !beian.CanKeepBlacklist(actor, e.Province) {
		return beian.Errorf(beian.EFORBIDDEN, "您只能维护所辖省份的备案黑名单")
	}
	e.CreatedBy = actor.ID
	return r.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.InsertBlacklist(ctx, e); err != nil {
			return err
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: actor.Login, Action: "blacklist.add",
			Object: "blacklist:" + strconv.FormatInt(e.ID, 10) + ":" + string(e.Kind) + ":" + e.Value, Outcome: "added"})
	})
}

// RemoveBlacklist ends entry id for actor (as AddBlacklist). Audited.
func (r *Registry) RemoveBlacklist(ctx context.Context, actor *beian.Account, id int64) error {
	return r.DB.InTx(ctx, func(tx *store.Tx) error {
		e, err := tx.FindBlacklistEntry(ctx, id)
		if err != nil {
			return err
		}
		if !beian.CanKeepBlacklist(actor, e.Province) {
			return beian.Errorf(beian.EFORBIDDEN, "您只能维护所辖省份的备案黑名单")
		}
		if err := tx.RemoveBlacklist(ctx, id, actor.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, beian.AuditRecord{Actor: actor.Login, Action: "blacklist.remove",
			Object: "blacklist:" + strconv.FormatInt(id, 10) + ":" + string(e.Kind) + ":" + e.Value, Outcome: "removed"})
	})
}

// ListBlacklist lists the entries in force that actor keeps: those of a
// bureau reviewer's provinces, every one for an administrator.
func (r *Registry) ListBlacklist(ctx context.Context, actor *beian.Account) ([]beian.BlacklistEntry, error) {
	switch {
	case actor == nil || actor.Disabled:
		return nil, beian.Errorf(beian.EFORBIDDEN, "无权查看备案黑名单")
	case actor.Role == beian.RoleAdmin:
		return r.DB.FindBlacklist(ctx, nil, r.DB.Now())
	case actor.Role == beian.RoleBureauReviewer:
		return r.DB.FindBlacklist(ctx, append([]string{}, actor.Provinces...), r.DB.Now())
	}
	return nil, beian.Errorf(beian.EFORBIDDEN, "无权查看备案黑名单")
}
