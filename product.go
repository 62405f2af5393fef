package beian

import (
	"time"
)

// Product is a server (cloud instance, hosting plan) an applicant account
// holds at an access provider. A website is filed on a product: its IP
// becomes the access record of the service.
type Product struct {
	ID        string // letters, digits and '-'
	OwnerID   int64  // the applicant account that holds it
	Provider  string
	IP        string
	Region    string
	Mainland  bool
	ExpiresAt time.Time // the last day it runs, at midnight Asia/Shanghai
	CreatedAt time.Time
}

// MaxProductIDLen is the longest product id.
const MaxProductIDLen = 64

// ValidProductID reports whether id is a well-formed product id: 1 to 64
// ASCII letters, digits and '-'.
func ValidProductID(id string) bool {
	if id == "" || len(id) > MaxProductIDLen {
		return false
	}
	for _, c := range id {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// ProductPolicy holds the qualifying rules for the product of a website.
// Providers set them (Alibaba, Huawei and JD: 5 services per IP and three
// months of subscription).
type ProductPolicy struct {
	MinDaysLeft      int // days the product must still run at submission
	MaxServicesPerIP int // an IP carries fewer than this many filed or pending services
}

// DefaultProductPolicy is 90 days left and fewer than 5 services per IP.
var DefaultProductPolicy = ProductPolicy{MinDaysLeft: 90, MaxServicesPerIP: 5}

// DaysLeft returns the whole calendar days (Asia/Shanghai) from at until the
// product expires; negative once it has expired.
func (p *Product) DaysLeft(at time.Time) int {
	return civilDays(at, p.ExpiresAt)
}

// Qualify checks that product p may carry one more service at time at, given
// the number of services already filed or pending on its IP. The error is
// an EINVALID field error for field (e.g. products[0].productId).
func (pol ProductPolicy) Qualify(field string, p *Product, servicesOnIP int, at time.Time) error {
	if !p.Mainland {
		return FieldErrorf(field, "产品 %s 不在中国大陆，不能用于备案", p.ID)
	}
	if left := p.DaysLeft(at); left < pol.MinDaysLeft {
		if left < 0 {
			return FieldErrorf(field, "产品 %s 已于 %s 到期，请续费后再备案", p.ID, p.ExpiresAt.In(Shanghai).Format(time.DateOnly))
		}
		return FieldErrorf(field, "产品 %s 剩余有效期 %d 天，不足 %d 天，请续费后再备案", p.ID, left, pol.MinDaysLeft)
	}
	if pol.MaxServicesPerIP > 0 && servicesOnIP >= pol.MaxServicesPerIP {
		return FieldErrorf(field, "产品 %s 的 IP %s 已有 %d 个已备案或备案中的服务，已达上限 %d 个", p.ID, p.IP, servicesOnIP, pol.MaxServicesPerIP)
	}
	return nil
}

// civilDays counts the calendar days in Asia/Shanghai from a to b.
func civilDays(a, b time.Time) int {
	a, b = a.In(Shanghai), b.In(Shanghai)
	da := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	db := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(db.Sub(da).Hours() / 24)
}

// AuthCode is a 备案授权码: the owner of a product lets another account use
// it in one application. It is single use and expires.
type AuthCode struct {
	Code      string
	ProductID string
	OwnerID   int64 // the account that holds the product and issued the code
	CreatedAt time.Time
	ExpiresAt time.Time
	UsedAt    time.Time // zero while unused
	UsedBy    int64     // the application that used it
}

// ValidAuthCode reports whether s has the form of an authorization code: 6 to
// 64 ASCII letters, digits and '-'.
func ValidAuthCode(s string) bool { return len(s) >= 6 && ValidProductID(s) }

// DefaultAuthCodeTTL is how long an authorization code stays valid.
const DefaultAuthCodeTTL = 30 * 24 * time.Hour

// Usable reports, as an error, why c cannot be used at time at: already
// used (ECONFLICT) or expired (EINVALID). field names the body field.
func (c *AuthCode) Usable(field string, at time.Time) error {
	if !c.UsedAt.IsZero() {
		return &Error{Code: ECONFLICT, Field: field, Message: field + ": 备案授权码已被使用"}
	}
	if !at.Before(c.ExpiresAt) {
		return FieldErrorf(field, "备案授权码已于 %s 过期", c.ExpiresAt.In(Shanghai).Format("2006-01-02 15:04"))
	}
	return nil
}

// Use marks c used by application appID at time at, or says why it cannot be.
func (c *AuthCode) Use(field string, appID int64, at time.Time) error {
	if err := c.Usable(field, at); err != nil {
		return err
	}
	c.UsedAt, c.UsedBy = at, appID
	return nil
}
