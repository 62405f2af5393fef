package agent

import (
	"context"
	"fmt"
	"strings"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/rules"
)

// TypeCheckRequest is the body of a type check: the entity and the domains
// of the service to file, and optionally the product it runs on (whose
// provider it is).
type TypeCheckRequest struct {
	Province    string   `json:"province"`
	NatureName  string   `json:"natureName"`
	CertType    string   `json:"certType"`
	CertNo      string   `json:"certNo"`
	UnitName    string   `json:"unitName"`
	ServiceType int      `json:"serviceType"`
	Domains     []string `json:"domains"`
	ProductID   string   `json:"productId"`
}

// TypeCheck decides the filing type a new filing of the caller would have
// (验证备案类型).
func (s *Service) TypeCheck(ctx context.Context, actor *beian.Account, r TypeCheckRequest) (beian.TypeCheckAnswer, error) {
	if actor == nil || actor.Role != beian.RoleApplicant {
		return beian.TypeCheckAnswer{}, beian.Errorf(beian.EFORBIDDEN, "只有备案申请人可以验证备案类型")
	}
	certNo := strings.ToUpper(strings.TrimSpace(r.CertNo))
	if certNo == "" {
		return beian.TypeCheckAnswer{}, beian.FieldErrorf("certNo", "请填写证件号码")
	}
	if err := beian.CheckText("certNo", certNo, 64); err != nil {
		return beian.TypeCheckAnswer{}, err
	}
	for _, f := range []struct{ name, v string }{{"province", r.Province}, {"natureName", r.NatureName}, {"certType", r.CertType}, {"unitName", r.UnitName}} {
		if err := beian.CheckText(f.name, f.v, 200); err != nil {
			return beian.TypeCheckAnswer{}, err
		}
	}
	if r.Province != "" {
		if _, ok := rules.LookupProvince(strings.TrimSpace(r.Province)); !ok {
			return beian.TypeCheckAnswer{}, beian.FieldErrorf("province", "未知的省份 %q", r.Province)
		}
	}
	if err := s.checkTypeCheckEntity(r, certNo); err != nil {
		return beian.TypeCheckAnswer{}, err
	}
	st := beian.ServiceType(r.ServiceType)
	if r.ServiceType != 0 && !st.Valid() {
		return beian.TypeCheckAnswer{}, beian.FieldErrorf("serviceType", "应为 1（网站）、6（App）、7（小程序）或 8（快应用）")
	}
	if (st == beian.ServiceWebsite || st == 0) && len(r.Domains) == 0 {
		return beian.TypeCheckAnswer{}, beian.FieldErrorf("domains", "网站至少填写一个域名")
	}
	q := beian.TypeCheckQuery{CertNo: certNo}
	for i, d := range r.Domains {
		field := fmt.Sprintf("domains[%d]", i)
		dom, err := rules.ParseFilingDomain(d)
		if err != nil {
			return beian.TypeCheckAnswer{}, beian.FieldError(field, err)
		}
		q.Domains = append(q.Domains, beian.FieldValue{Field: field, Value: dom.ASCII})
	}
	if r.ProductID != "" {
		p, err := s.ownProduct(ctx, actor, "productId", strings.TrimSpace(r.ProductID))
		if err != nil {
			return beian.TypeCheckAnswer{}, err
		}
		q.Provider = p.Provider
	}
	return s.Registry.CheckType(ctx, q)
}

// checkTypeCheckEntity checks the entity fields a type check was given: a
// nature that exists, a certificate type that fits it and a number that
// fits the type, as a filing would. Fields left out are not checked (the
// number alone decides the type).
func (s *Service) checkTypeCheckEntity(r TypeCheckRequest, certNo string) error {
	if strings.TrimSpace(r.NatureName) == "" {
		return nil
	}
	nature, ok := rules.LookupNature(strings.TrimSpace(r.NatureName))
	if !ok {
		return beian.FieldErrorf("natureName", "未知的单位性质 %q", r.NatureName)
	}
	if strings.TrimSpace(r.CertType) == "" {
		return nil
	}
	ct, err := rules.LookupEntityCertType(nature.Name, strings.TrimSpace(r.CertType))
	if err != nil {
		return beian.FieldError("certType", err)
	}
	if err := rules.CheckCertNo(ct.Kind, beian.NormalizeCertNo(certNo), s.Now()); err != nil {
		return beian.FieldError("certNo", err)
	}
	return nil
}

// ownProduct returns the caller's product id; another's or a missing one is
// a field error naming field.
func (s *Service) ownProduct(ctx context.Context, actor *beian.Account, field, id string) (*beian.Product, error) {
	if !beian.ValidProductID(id) {
		return nil, beian.FieldErrorf(field, "产品编号只能包含字母、数字和“-”")
	}
	p, err := s.DB.FindProduct(ctx, id)
	if beian.ErrorCode(err) == beian.ENOTFOUND || (err == nil && p.OwnerID != actor.ID) {
		return nil, beian.FieldErrorf(field, "产品 %s 不存在或不属于您的账号（使用他人的产品请填写备案授权码）", id)
	}
	return p, err
}
