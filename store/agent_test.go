package store_test

import (
	"strings"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/store"
)

func mustAccount(t *testing.T, db *store.DB, login string) *beian.Account {
	t.Helper()
	a := &beian.Account{Role: beian.RoleApplicant, Login: login, PasswordHash: "x"}
	if err := db.CreateAccount(ctx, a); err != nil {
		t.Fatal(err)
	}
	return a
}

func inTx(t *testing.T, db *store.DB, f func(tx *store.Tx) error) error {
	t.Helper()
	return db.InTx(ctx, f)
}

// newApp returns a draft of account for an entity with cert and domains,
// each a website on ip.
func newApp(account int64, provider, cert string, domains ...string) *beian.Application {
	e := newEntity(1, "330000", domains...)
	e.CertNo = cert
	return &beian.Application{AccountID: account, Provider: provider, FilingType: beian.FilingFirst, Status: beian.StatusDraft,
		Record: &beian.ApplicationRecord{Entity: *e, Apps: make([]*beian.AppInfo, len(domains))}}
}

func TestProducts(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		a := mustAccount(t, db, "13700000001")
		exp := time.Date(2027, 12, 31, 0, 0, 0, 0, beian.Shanghai)
		var p1, p2 beian.Product
		for _, p := range []*beian.Product{&p1, &p2} {
			*p = beian.Product{OwnerID: a.ID, Provider: "某某云", IP: "47.96.9.9", Mainland: true, ExpiresAt: exp}
			if err := inTx(t, db, func(tx *store.Tx) error { return tx.InsertProduct(ctx, p) }); err != nil {
				t.Fatal(err)
			}
		}
		if p1.ID == p2.ID || !beian.ValidProductID(p1.ID) || p1.ID[0] != 'P' {
			t.Fatalf("ids %q %q", p1.ID, p2.ID)
		}
		dup := beian.Product{ID: p1.ID, OwnerID: a.ID, Provider: "x", IP: "47.96.9.8", ExpiresAt: exp}
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.InsertProduct(ctx, &dup) }); beian.ErrorCode(err) != beian.ECONFLICT {
			t.Fatalf("duplicate id: %v", err)
		}
		got, err := db.FindProduct(ctx, p1.ID)
		if err != nil || got.IP != "47.96.9.9" || !got.Mainland || !got.ExpiresAt.Equal(exp) {
			t.Fatalf("FindProduct = %+v, %v", got, err)
		}
		if _, err := db.FindProduct(ctx, "P0"); beian.ErrorCode(err) != beian.ENOTFOUND {
			t.Fatalf("missing product: %v", err)
		}
		if l, _ := db.FindProductsByOwner(ctx, a.ID); len(l) != 2 || l[0].ID != p1.ID {
			t.Fatalf("by owner = %v", l)
		}
	})
}

func TestAuthCodes(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		a := mustAccount(t, db, "13700000001")
		c := &beian.AuthCode{Code: "Abcd-EFGH-2345-wxyz", ProductID: "P1", OwnerID: a.ID, ExpiresAt: time.Now().Add(time.Hour)}
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.InsertAuthCode(ctx, c) }); err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			name string
			f    func(tx *store.Tx) error
			want string
		}{
			{"unknown code", func(tx *store.Tx) error { _, err := tx.FindAuthCode(ctx, "nope-nope"); return err }, beian.ENOTFOUND},
			{"first use", func(tx *store.Tx) error { return tx.UseAuthCode(ctx, c.Code, 7) }, ""},
			{"second use", func(tx *store.Tx) error { return tx.UseAuthCode(ctx, c.Code, 8) }, beian.ECONFLICT},
			{"found used", func(tx *store.Tx) error {
				got, err := tx.FindAuthCode(ctx, c.Code)
				if err == nil && (got.UsedBy != 7 || got.UsedAt.IsZero() || got.ProductID != "P1") {
					t.Errorf("used code = %+v", got)
				}
				return err
			}, ""},
		}
		for _, tc := range cases {
			if err := inTx(t, db, tc.f); beian.ErrorCode(err) != tc.want {
				t.Errorf("%s: %v, want %q", tc.name, err, tc.want)
			}
		}
	})
}

func TestApplicationsStore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		acc := mustAccount(t, db, "13700000001")
		filed := mustCreate(t, db, newEntity(9, "330000", "filed-example.com"))
		app := newApp(acc.ID, "某某云", "CERTAPP1", "new-example.com")
		app.Events = []beian.Event{{At: db.Now(), Status: beian.StatusDraft, Note: "创建"}}
		err := inTx(t, db, func(tx *store.Tx) error {
			if err := tx.InsertApplication(ctx, app, map[int]string{0: "47.96.9.9"}); err != nil {
				return err
			}
			return tx.AddEvent(ctx, app.ID, app.Events[0], acc.ID)
		})
		if err != nil {
			t.Fatal(err)
		}
		got, err := db.FindApplication(ctx, app.ID)
		if err != nil || got.Record.Entity.CertNo != "CERTAPP1" || len(got.Events) != 1 || got.Status != beian.StatusDraft {
			t.Fatalf("FindApplication = %+v, %v", got, err)
		}
		checks := []struct {
			name string
			f    func() (bool, error)
			want bool
		}{
			{"entity in flight", func() (bool, error) { return db.EntityInFlight(ctx, "CERTAPP1", 0) }, true},
			{"never conflicts with itself", func() (bool, error) { return db.EntityInFlight(ctx, "CERTAPP1", app.ID) }, false},
			{"domain of another entity's application", func() (bool, error) {
				return db.DomainInFlightElsewhere(ctx, "new-example.com", "OTHER", 0)
			}, true},
			{"domain of the same entity", func() (bool, error) {
				return db.DomainInFlightElsewhere(ctx, "new-example.com", "CERTAPP1", 0)
			}, false},
		}
		for _, c := range checks {
			if got, err := c.f(); err != nil || got != c.want {
				t.Errorf("%s = %v, %v; want %v", c.name, got, err, c.want)
			}
		}
		if n, err := db.CountServicesOnIP(ctx, "47.96.9.9", 0); err != nil || n != 1 {
			t.Errorf("services on the product IP = %d, %v", n, err)
		}
		if n, _ := db.CountServicesOnIP(ctx, "47.96.1.1", 0); n != 1 {
			t.Errorf("filed services on 47.96.1.1 = %d, want 1", n)
		}
		if o, err := db.FindDomainOwner(ctx, "filed-example.com"); err != nil || o == nil || o.CertNo != filed.CertNo || len(o.Providers) != 1 {
			t.Errorf("domain owner = %+v, %v", o, err)
		}
		if l, _ := db.LiveEntityByCert(ctx, filed.CertNo); l != filed.MainLicence {
			t.Errorf("live entity = %q, want %q", l, filed.MainLicence)
		}
		// Abandoned applications are no longer in flight.
		got.Status = beian.StatusAbandoned
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.SaveApplication(ctx, got, nil) }); err != nil {
			t.Fatal(err)
		}
		if in, _ := db.EntityInFlight(ctx, "CERTAPP1", 0); in {
			t.Error("an abandoned application is in flight")
		}
		if n, _ := db.CountServicesOnIP(ctx, "47.96.9.9", 0); n != 0 {
			t.Errorf("an abandoned application still counts on its IP: %d", n)
		}
	})
}

func TestVersionsAreWrittenOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		acc := mustAccount(t, db, "13700000001")
		app := newApp(acc.ID, "某某云", "CERTAPP1", "new-example.com")
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.InsertApplication(ctx, app, nil) }); err != nil {
			t.Fatal(err)
		}
		write := func() error {
			return inTx(t, db, func(tx *store.Tx) error { return tx.InsertVersion(ctx, app.ID, 1, app.Record) })
		}
		if err := write(); err != nil {
			t.Fatal(err)
		}
		if err := write(); err == nil {
			t.Fatal("version 1 was written twice")
		}
		vs, err := db.FindVersions(ctx, app.ID)
		if err != nil || len(vs) != 1 || vs[0].Record.Entity.Services[0].Domains[0] != "new-example.com" {
			t.Fatalf("versions = %+v, %v", vs, err)
		}
	})
}

func TestApplicationQueue(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		acc := mustAccount(t, db, "13700000001")
		base := db.Now()
		for i := range 5 {
			app := newApp(acc.ID, []string{"甲云", "乙云"}[i%2], "C"+string(rune('A'+i)))
			app.Status, app.Deadline = beian.StatusInitialReview, base.Add(time.Duration(5-i)*time.Hour)
			if err := inTx(t, db, func(tx *store.Tx) error { return tx.InsertApplication(ctx, app, nil) }); err != nil {
				t.Fatal(err)
			}
		}
		cases := []struct {
			f         beian.ApplicationFilter
			wantTotal int
			wantPage  int
		}{
			{beian.ApplicationFilter{Provider: "甲云", ByDeadline: true, Limit: 2}, 3, 2},
			{beian.ApplicationFilter{Provider: "甲云", ByDeadline: true, Limit: 2, Offset: 2}, 3, 1},
			{beian.ApplicationFilter{Provider: "乙云"}, 2, 2},
			{beian.ApplicationFilter{AccountID: acc.ID, Status: beian.StatusDraft}, 0, 0},
			{beian.ApplicationFilter{AccountID: acc.ID}, 5, 5},
		}
		for _, c := range cases {
			list, total, err := db.FindApplications(ctx, c.f)
			if err != nil || total != c.wantTotal || len(list) != c.wantPage {
				t.Errorf("%+v: %d rows of %d, %v; want %d of %d", c.f, len(list), total, err, c.wantPage, c.wantTotal)
			}
			if c.f.ByDeadline {
				for i := 1; i < len(list); i++ {
					if list[i].Deadline.Before(list[i-1].Deadline) {
						t.Errorf("queue not by deadline: %v", list)
					}
				}
			}
		}
		if n, _ := db.CountOverdue(ctx, base.Add(10*time.Hour)); n != 5 {
			t.Errorf("overdue = %d, want 5", n)
		}
	})
}

func TestMaterialsStore(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		acc := mustAccount(t, db, "13700000001")
		app := newApp(acc.ID, "某某云", "CERTAPP1", "new-example.com")
		m := &beian.Material{Kind: beian.MaterialPrincipalPhoto, ContentType: beian.ContentPNG, Size: 3, SHA256: "ab", Key: "ab"}
		err := inTx(t, db, func(tx *store.Tx) error {
			if err := tx.InsertApplication(ctx, app, nil); err != nil {
				return err
			}
			m.ApplicationID = app.ID
			return tx.InsertMaterial(ctx, m)
		})
		if err != nil {
			t.Fatal(err)
		}
		if got, err := db.FindMaterial(ctx, app.ID, m.ID); err != nil || got.Key != "ab" {
			t.Fatalf("FindMaterial = %+v, %v", got, err)
		}
		if _, err := db.FindMaterial(ctx, app.ID+1, m.ID); beian.ErrorCode(err) != beian.ENOTFOUND {
			t.Fatalf("material of another application: %v", err)
		}
		for key, want := range map[string]bool{"ab": true, "cd": false} {
			if used, _ := db.MaterialKeyUsed(ctx, key); used != want {
				t.Errorf("key %s used = %v", key, used)
			}
		}
	})
}

// Two applications of one entity in flight at once cannot both be written,
// whatever raced past the type check: the second is a 主办者冲突. Once the
// first is over, the entity may file again.
func TestOneApplicationInFlightPerEntity(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *store.DB) {
		a, b := mustAccount(t, db, "13700000011"), mustAccount(t, db, "13700000012")
		first := newApp(a.ID, "甲云", "91330000MA27XYZ12X", "first-entity.cn")
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.InsertApplication(ctx, first, nil) }); err != nil {
			t.Fatal(err)
		}
		second := newApp(b.ID, "乙云", "91330000MA27XYZ12X", "second-entity.cn")
		err := inTx(t, db, func(tx *store.Tx) error { return tx.InsertApplication(ctx, second, nil) })
		if beian.ErrorCode(err) != beian.ECONFLICT || !strings.Contains(beian.ErrorMessage(err), beian.EntityConflict) {
			t.Fatalf("second in flight: %v, want %s", err, beian.EntityConflict)
		}
		first.Status = beian.StatusAbandoned
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.SaveApplication(ctx, first, nil) }); err != nil {
			t.Fatal(err)
		}
		if err := inTx(t, db, func(tx *store.Tx) error { return tx.InsertApplication(ctx, second, nil) }); err != nil {
			t.Fatalf("after the first was abandoned: %v", err)
		}
	})
}
