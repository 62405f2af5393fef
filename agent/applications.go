package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
	"time"
)

// plan is a checked application body: what the store writes.
type plan struct {
	body        *ApplicationBody
	provider    string
	filingType  beian.FilingType
	mainLicence string
	ips         map[int]string // product IP by service
	codes       []string       // authorization codes to use
}

// Create files a draft application from body for the caller.
func (s *Service) Create(ctx context.Context, actor *beian.Account, body *ApplicationBody) (*beian.Application, error) {
	if actor == nil || actor.Role != beian.RoleApplicant {
		return nil, beian.Errorf(beian.EFORBIDDEN, "只有备案申请人可以提交备案申请")
	}
	p, err := s.prepare(ctx, actor, body, 0)
	if err != nil {
		return nil, err
	}
	a := &beian.Application{AccountID: actor.ID, Status: beian.StatusDraft}
	p.apply(a)
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		if err := tx.LockAccount(ctx, actor.ID); err != nil {
			return err
		}
		open, err := tx.InFlightOfAccount(ctx, actor.ID)
		if err != nil {
			return err
		}
		if err := beian.CheckOneInFlight(open, 0); err != nil {
			return err
		}
		a.Events = []beian.Event{{At: tx.Now(), Status: beian.StatusDraft, Note: "创建申请"}}
		if err := tx.InsertApplication(ctx, a, p.ips); err != nil {
			return err
		}
		if err := useCodes(ctx, tx, p.codes, a.ID); err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, a.ID, a.Events[0], actor.ID); err != nil {
			return err
		}
		return tx.Audit(ctx, auditOf(actor, "application.create", a))
	})
	if err != nil {
		return nil, err
	}
	return a, nil
}

// Update replaces the record and products of a draft or rejected
// application, re-deciding its filing type.
func (s *Service) Update(ctx context.Context, actor *beian.Account, id int64, body *ApplicationBody) (*beian.Application, error) {
	if _, err := s.load(ctx, actor, beian.EditApplication, id); err != nil {
		return nil, err
	}
	p, err := s.prepare(ctx, actor, body, id)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, actor, beian.EditApplication, id, func(tx *store.Tx, a *beian.Application) (step, error) {
		if !a.Editable() {
			return step{}, beian.Errorf(beian.ECONFLICT, "申请当前状态为“%s”，不能修改（只有待提交和初审驳回的申请可以修改）", a.Status.Label())
		}
		p.apply(a)
		if err := useCodes(ctx, tx, p.codes, a.ID); err != nil {
			return step{}, err
		}
		return step{action: "application.update", ips: p.ips}, nil
	})
}

func (p *plan) apply(a *beian.Application) {
	a.Provider, a.FilingType, a.MainLicence = p.provider, p.filingType, ""
	a.Record, a.Cancel, a.Products, a.LegacyPassword = p.body.Record, p.body.Cancel, p.body.Products, p.body.LegacyPassword
}

// useCodes marks the authorization codes used by application id; a code
// this application used already stays its own.
func useCodes(ctx context.Context, tx *store.Tx, codes []string, id int64) error {
	for _, c := range codes {
		ac, err := tx.FindAuthCode(ctx, c)
		if err != nil {
			return err
		}
		if ac.UsedBy == id {
			continue
		}
		if err := tx.UseAuthCode(ctx, c, id); err != nil {
			return err
		}
	}
	return nil
}

// prepare checks body for the caller's application self (0: a new one):
// the products, the filing type, the order and province rules and the
// legacy password.
func (s *Service) prepare(ctx context.Context, actor *beian.Account, body *ApplicationBody, self int64) (*plan, error) {
	if body != nil && (body.FilingType.IsChange() || body.FilingType.IsCancel()) {
		return s.prepareFiled(ctx, actor, body, self)
	}
	if body == nil || body.Record == nil {
		return nil, beian.FieldErrorf("record", "缺少备案信息")
	}
	p := &plan{body: body, ips: map[int]string{}}
	if err := s.resolveProducts(ctx, actor, p, self); err != nil {
		return nil, err
	}
	rec := body.Record
	e := &rec.Entity
	q := beian.TypeCheckQuery{CertNo: e.CertNo, Provider: p.provider, Exclude: self,
		Principals: []beian.FieldValue{{Field: "principal.certNo", Value: e.Principal.CertNo}}}
	for i, sv := range e.Services {
		if sv.Principal != nil {
			q.Principals = append(q.Principals, beian.FieldValue{Field: fmt.Sprintf("services[%d].principal.certNo", i), Value: sv.Principal.CertNo})
		}
		for j, d := range sv.Domains {
			q.Domains = append(q.Domains, beian.FieldValue{Field: fmt.Sprintf("services[%d].domains[%d]", i, j), Value: d})
		}
	}
	ans, err := s.Registry.CheckType(ctx, q)
	if err != nil {
		return nil, err
	}
	if body.FilingType != "" && body.FilingType != ans.FilingType {
		return nil, &beian.Error{Code: beian.ECONFLICT, Field: "filingType", Message: fmt.Sprintf("filingType: 根据备案信息，本申请应为%s，而不是%s", ans.FilingType, body.FilingType)}
	}
	p.filingType, p.mainLicence = ans.FilingType, ans.MainLicence
	if err := s.OrderRules.CheckServiceCount(e.Nature, p.filingType, len(e.Services)); err != nil {
		return nil, err
	}
	facts := rec.ProvinceFacts(s.now())
	if p.mainLicence != "" {
		if facts.FiledSites, err = s.DB.CountLiveWebsites(ctx, e.CertNo); err != nil {
			return nil, err
		}
	}
	if err := beian.CheckProvinceRules(s.ProvinceRules, facts); err != nil {
		return nil, err
	}
	if err := s.checkLegacyPassword(ctx, p.mainLicence, body.LegacyPassword); err != nil {
		return nil, err
	}
	return p, nil
}

// checkLegacyPassword runs the legacy password step when one was given.
func (s *Service) checkLegacyPassword(ctx context.Context, licence, pw string) error {
	if pw == "" {
		return nil
	}
	var err error
	if s.Passwords != nil && licence != "" {
		err = s.Passwords.CheckLegacyPassword(ctx, licence, pw)
	} else if len(pw) != 6 || strings.Trim(pw, "0123456789") != "" {
		err = beian.FieldErrorf("legacyPassword", "请输入6位数字")
	}
	if e, ok := err.(*beian.Error); ok && e.Field == "password" {
		return beian.FieldErrorf("legacyPassword", "%s", strings.TrimPrefix(e.Message, "password: "))
	}
	return err
}

// resolveProducts finds the product of every choice (the caller's own, or
// another's through an unused authorization code), checks that they are
// of one provider and that each qualifies for its website, and fills in
// the services' access records.
func (s *Service) resolveProducts(ctx context.Context, actor *beian.Account, p *plan, self int64) error {
	if len(p.body.Products) == 0 {
		return beian.FieldErrorf("products", "请至少选择一个产品（接入商由产品决定）")
	}
	now := s.now()
	onIP := map[string]int{}
	services := p.body.Record.Entity.Services
	for i, c := range p.body.Products {
		field := fmt.Sprintf("products[%d]", i)
		prod, err := s.choiceProduct(ctx, actor, field, c, self, now)
		if err != nil {
			return err
		}
		if c.AuthCode != "" {
			p.codes = append(p.codes, c.AuthCode)
		}
		switch {
		case p.provider == "":
			p.provider = prod.Provider
		case prod.Provider != p.provider:
			return beian.FieldErrorf(field, "同一订单的产品须属于同一接入商（%s 与 %s 不同）", prod.Provider, p.provider)
		}
		if services[c.Service].Type == beian.ServiceWebsite {
			n, err := s.DB.CountServicesOnIP(ctx, prod.IP, self)
			if err != nil {
				return err
			}
			which := field + ".productId"
			if c.AuthCode != "" {
				which = field + ".authCode"
			}
			if err := s.ProductRules.Qualify(which, prod, n+onIP[prod.IP], now); err != nil {
				return err
			}
			onIP[prod.IP]++
		}
		p.ips[c.Service] = prod.IP
		services[c.Service].Access = []beian.Access{{Provider: prod.Provider, IPs: []string{prod.IP}}}
	}
	return nil
}

func (s *Service) choiceProduct(ctx context.Context, actor *beian.Account, field string, c beian.ProductChoice, self int64, now time.Time) (*beian.Product, error) {
	if c.ProductID != "" {
		return s.ownProduct(ctx, actor, field+".productId", c.ProductID)
	}
	var prod *beian.Product
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		ac, err := tx.FindAuthCode(ctx, c.AuthCode)
		if beian.ErrorCode(err) == beian.ENOTFOUND {
			return beian.FieldErrorf(field+".authCode", "备案授权码不存在")
		} else if err != nil {
			return err
		}
		if ac.UsedBy != self || self == 0 {
			if err := ac.Usable(field+".authCode", now); err != nil {
				return err
			}
		}
		prod, err = tx.FindProduct(ctx, ac.ProductID)
		return err
	})
	return prod, err
}
