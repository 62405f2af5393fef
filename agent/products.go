package agent

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/passhash"
	"github.com/beianhq/beian/rules"
	"github.com/beianhq/beian/store"
)

// NewProduct is a product to add: the server an applicant account (Owner,
// its login) holds at a provider.
type NewProduct struct {
	Owner    string
	Provider string
	IP       string
	Region   string
	Mainland bool
	Expires  time.Time // the last day it runs
}

// AddProduct adds a product for an applicant account, on behalf of actor
// (an administrator; nil for the command line). It returns the product.
func (s *Service) AddProduct(ctx context.Context, actor *beian.Account, n NewProduct) (*beian.Product, error) {
	if actor != nil && actor.Role != beian.RoleAdmin {
		return nil, beian.Errorf(beian.EFORBIDDEN, "只有管理员可以添加产品")
	}
	p := &beian.Product{Provider: strings.TrimSpace(n.Provider), Region: strings.TrimSpace(n.Region), Mainland: n.Mainland,
		ExpiresAt: n.Expires}
	if err := beian.CheckText("provider", p.Provider, 64); err != nil || p.Provider == "" {
		return nil, beian.FieldErrorf("provider", "请填写接入商名称（1到64个字符）")
	}
	if err := beian.CheckText("region", p.Region, 64); err != nil {
		return nil, err
	}
	ip, err := rules.ParsePublicIP(strings.TrimSpace(n.IP))
	if err != nil {
		return nil, beian.FieldError("ip", err)
	}
	p.IP = ip.String()
	if n.Expires.IsZero() {
		return nil, beian.FieldErrorf("expires", "请填写到期日期")
	}
	err = s.DB.InTx(ctx, func(tx *store.Tx) error {
		owner, err := tx.FindAccountByLogin(ctx, rules.NormalizeMobile(strings.TrimSpace(n.Owner)))
		if beian.ErrorCode(err) == beian.ENOTFOUND {
			return beian.FieldErrorf("owner", "账号 %s 不存在", n.Owner)
		} else if err != nil {
			return err
		}
		if owner.Role != beian.RoleApplicant {
			return beian.FieldErrorf("owner", "产品只能属于备案申请人账号")
		}
		p.OwnerID = owner.ID
		if err := tx.InsertProduct(ctx, p); err != nil {
			return err
		}
		return tx.Audit(ctx, auditProduct(actor, "product.add", p.ID, owner.Login))
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

func auditProduct(actor *beian.Account, action, id, outcome string) beian.AuditRecord {
	who := "system"
	if actor != nil {
		who = actor.Login
	}
	return beian.AuditRecord{Actor: who, Action: action, Object: "product:" + id, Outcome: outcome}
}

// ProductView is a product with the services filed or in flight on its IP.
type ProductView struct {
	*beian.Product
	Filings int
}

// Products lists the caller's products.
func (s *Service) Products(ctx context.Context, actor *beian.Account) ([]ProductView, error) {
	if actor == nil || actor.Role != beian.RoleApplicant {
		return nil, beian.Errorf(beian.EFORBIDDEN, "只有备案申请人有产品")
	}
	ps, err := s.DB.FindProductsByOwner(ctx, actor.ID)
	if err != nil {
		return nil, err
	}
	out := make([]ProductView, 0, len(ps))
	for _, p := range ps {
		n, err := s.DB.CountServicesOnIP(ctx, p.IP, 0)
		if err != nil {
			return nil, err
		}
		out = append(out, ProductView{Product: p, Filings: n})
	}
	return out, nil
}

// IssueAuthCode gives the owner of a product a 备案授权码 with which
// another account may use it in one application. Anyone but the owner is
// told the product does not exist.
func (s *Service) IssueAuthCode(ctx context.Context, actor *beian.Account, productID string) (*beian.AuthCode, error) {
	if actor == nil || actor.Role != beian.RoleApplicant || !beian.ValidProductID(productID) {
		return nil, notFoundProduct
	}
	c := &beian.AuthCode{Code: newAuthCode(), ProductID: productID, OwnerID: actor.ID}
	err := s.DB.InTx(ctx, func(tx *store.Tx) error {
		p, err := tx.FindProduct(ctx, productID)
		if beian.ErrorCode(err) == beian.ENOTFOUND || (err == nil && p.OwnerID != actor.ID) {
			return notFoundProduct
		} else if err != nil {
			return err
		}
		c.ExpiresAt = tx.Now().Add(s.authCodeTTL())
		if err := tx.InsertAuthCode(ctx, c); err != nil {
			return err
		}
		return tx.Audit(ctx, auditProduct(actor, "product.authcode", p.ID, "issued"))
	})
	if err != nil {
		return nil, err
	}
	return c, nil
}

var notFoundProduct = beian.Errorf(beian.ENOTFOUND, "未找到产品")

func (s *Service) authCodeTTL() time.Duration {
	if s.AuthCodeTTL > 0 {
		return s.AuthCodeTTL
	}
	return beian.DefaultAuthCodeTTL
}

// newAuthCode returns a code of 16 letters and digits in groups of four,
// without look-alike characters: Ab3d-EfGh-jK4m-NpQr.
func newAuthCode() string {
	r := passhash.Random(16)
	return fmt.Sprintf("%s-%s-%s-%s", r[0:4], r[4:8], r[8:12], r[12:16])
}
