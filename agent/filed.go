package agent

import (
	"context"

	"github.com/beianhq/beian"
)

// prepareFiled checks a change or a cancellation of a filed entity for the
// caller's application self (0: a new one): the entity it names is live,
// what it asks would apply to the record as it stands (a dry run of the
// bureau's approval), no other order holds the entity, and the reviewing
// provider is decided: the provider of the products it names (for 取消接入
// the product's provider, which must serve the service), else the provider
// of the first access record of the services it touches.
func (s *Service) prepareFiled(ctx context.Context, actor *beian.Account, body *ApplicationBody, self int64) (*plan, error) {
	ft := body.FilingType
	p := &plan{body: body, filingType: ft, ips: map[int]string{}}
	cur, err := s.filedEntity(ctx, body)
	if err != nil {
		return nil, err
	}
	if body.Record != nil && body.Record.Entity.CertNo != cur.CertNo {
		return nil, beian.FieldErrorf("certNo", "证件号码须与主体备案号 %s 的已备案主体一致", cur.MainLicence)
	}
	if len(body.Products) > 0 {
		if err := s.resolveProducts(ctx, actor, p, self); err != nil {
			return nil, err
		}
	}
	if ft == beian.FilingCancelAccess {
		prod, err := s.ownProduct(ctx, actor, "productId", body.Cancel.ProductID)
		if err != nil {
			return nil, err
		}
		p.provider = prod.Provider
	}
	if p.provider == "" {
		p.provider = firstProvider(cur, body)
	}
	if p.provider == "" {
		return nil, beian.FieldErrorf("mainLicence", "%s的服务均无接入商（空壳），无法经接入商办理，请向管局申请", cur.MainLicence)
	}
	f := beian.Filing{FilingType: ft, Provider: p.provider, Record: body.Record, Cancel: body.Cancel}
	if _, err := beian.ApplyFiling(cur, f); err != nil {
		return nil, err
	}
	held, err := s.DB.EntityInFlightID(ctx, cur.CertNo, self)
	if err != nil {
		return nil, err
	}
	if held != 0 {
		return nil, beian.Errorf(beian.ECONFLICT, "%s：该主体已有备案申请（订单 %d）正在办理，请先完成或放弃该申请", beian.EntityConflict, held)
	}
	if c := body.Cancel; c != nil {
		c.Province, c.UnitName, c.CertNo = cur.Province, cur.UnitName, cur.CertNo
	}
	p.mainLicence = cur.MainLicence
	return p, nil
}

// filedEntity is the live entity body names, by its main number or the
// number of one of its services.
func (s *Service) filedEntity(ctx context.Context, body *ApplicationBody) (*beian.Entity, error) {
	field, licence := "mainLicence", ""
	switch c := body.Cancel; {
	case c != nil && c.MainLicence != "":
		licence = c.MainLicence
	case c != nil:
		field, licence = "serviceLicence", c.ServiceLicence
	default:
		licence = body.Record.Entity.MainLicence
	}
	// The registry holds the record: in one binary the same store, apart
	// its provider API (which shows only entities this provider serves).
	e, err := s.Registry.FiledEntity(ctx, licence)
	if beian.ErrorCode(err) == beian.ENOTFOUND {
		if field == "serviceLicence" {
			return nil, beian.FieldErrorf(field, "未找到服务备案号 %s（不存在或已注销）", licence)
		}
		return nil, beian.FieldErrorf(field, "未找到已备案的主体（%s 不存在或已注销）", licence)
	}
	return e, err
}

// firstProvider is the provider of the first access record among the
// services body touches (all of the entity's for a change of the entity or
// its cancellation).
func firstProvider(e *beian.Entity, body *ApplicationBody) string {
	named := map[string]bool{}
	if body.Cancel != nil && body.Cancel.ServiceLicence != "" {
		named[body.Cancel.ServiceLicence] = true
	} else if body.Record != nil {
		for _, sv := range body.Record.Entity.Services {
			named[sv.Licence] = true
		}
	}
	for _, all := range []bool{false, true} {
		for _, sv := range e.Services {
			if !sv.Cancelled && len(sv.Access) > 0 && (all || named[sv.Licence]) {
				return sv.Access[0].Provider
			}
		}
	}
	return ""
}
