package beian_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
)

func TestProductQualify(t *testing.T) {
	at := time.Date(2026, 3, 1, 23, 30, 0, 0, beian.Shanghai)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, beian.Shanghai) }
	tests := []struct {
		name    string
		p       beian.Product
		onIP    int
		policy  beian.ProductPolicy
		wantErr string // substring; "" = qualifies
	}{
		{"qualifies", beian.Product{ID: "p-1", Mainland: true, ExpiresAt: day(2026, 6, 1)}, 0, beian.DefaultProductPolicy, ""},
		{"exactly 90 days", beian.Product{ID: "p-1", Mainland: true, ExpiresAt: day(2026, 5, 30)}, 4, beian.DefaultProductPolicy, ""},
		{"89 days", beian.Product{ID: "p-1", Mainland: true, ExpiresAt: day(2026, 5, 29)}, 0, beian.DefaultProductPolicy, "剩余有效期 89 天，不足 90 天"},
		{"expired", beian.Product{ID: "p-1", Mainland: true, ExpiresAt: day(2026, 2, 1)}, 0, beian.DefaultProductPolicy, "已于 2026-02-01 到期"},
		{"abroad", beian.Product{ID: "p-1", Mainland: false, ExpiresAt: day(2027, 1, 1)}, 0, beian.DefaultProductPolicy, "不在中国大陆"},
		{"IP full", beian.Product{ID: "p-1", IP: "203.0.113.10", Mainland: true, ExpiresAt: day(2027, 1, 1)}, 5, beian.DefaultProductPolicy, "203.0.113.10 已有 5 个"},
		{"configured limit", beian.Product{ID: "p-1", Mainland: true, ExpiresAt: day(2027, 1, 1)}, 9, beian.ProductPolicy{MinDaysLeft: 30, MaxServicesPerIP: 10}, ""},
		{"configured days", beian.Product{ID: "p-1", Mainland: true, ExpiresAt: day(2026, 3, 20)}, 0, beian.ProductPolicy{MinDaysLeft: 30, MaxServicesPerIP: 10}, "不足 30 天"},
	}
	for _, tt := range tests {
		err := tt.policy.Qualify("products[0].productId", &tt.p, tt.onIP, at)
		if tt.wantErr == "" {
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
			}
			continue
		}
		if beian.ErrorCode(err) != beian.EINVALID || !strings.HasPrefix(err.Error(), "products[0].productId: ") || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("%s: %v, want field error containing %q", tt.name, err, tt.wantErr)
		}
	}
}

func TestValidProductID(t *testing.T) {
	for id, want := range map[string]bool{"p-1": true, "ECS-2026-abc": true, "": false, "p_1": false, "产品": false, "a/b": false, strings.Repeat("a", 65): false, strings.Repeat("a", 64): true} {
		if beian.ValidProductID(id) != want {
			t.Errorf("ValidProductID(%q) = %v", id, !want)
		}
	}
}

func TestAuthCode(t *testing.T) {
	at := time.Date(2026, 3, 1, 10, 0, 0, 0, beian.Shanghai)
	c := &beian.AuthCode{Code: "ABCD", ProductID: "p-1", CreatedAt: at, ExpiresAt: at.Add(beian.DefaultAuthCodeTTL)}
	if err := c.Usable("products[0].authCode", at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := c.Usable("products[0].authCode", c.ExpiresAt); beian.ErrorCode(err) != beian.EINVALID || !strings.Contains(err.Error(), "过期") {
		t.Errorf("at expiry: %v", err)
	}
	if err := c.Use("products[0].authCode", 7, at.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if c.UsedBy != 7 || c.UsedAt.IsZero() {
		t.Errorf("after Use: %+v", c)
	}
	err := c.Use("products[0].authCode", 8, at.Add(2*time.Hour))
	if beian.ErrorCode(err) != beian.ECONFLICT || !strings.Contains(err.Error(), "已被使用") || c.UsedBy != 7 {
		t.Errorf("second use: %v, used by %d", err, c.UsedBy)
	}
}
