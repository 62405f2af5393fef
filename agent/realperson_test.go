package agent_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/agent"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/realperson"
	"github.com/beianhq/beian/store"
)

// submitted files, equips and submits an application of f.a.
func (f *fixture) submitted(t *testing.T, domain string) *beian.Application {
	t.Helper()
	p := f.product(t, f.a.Login, "某某云", "47.96.20.1", 365, true)
	app, err := f.s.Create(ctx, f.a, body(t, p, domain))
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []beian.MaterialKind{beian.MaterialPrincipalIDFront, beian.MaterialPrincipalIDBack, beian.MaterialPrincipalPhoto} {
		if _, err := f.s.AddMaterial(ctx, f.a, app.ID, k, "x.png", pngBytes()); err != nil {
			t.Fatal(err)
		}
	}
	if app, err = f.s.Submit(ctx, f.a, app.ID); err != nil {
		t.Fatal(err)
	}
	return app
}

// TestRealPersonProvider: with the HTTP provider, its verdict decides: a
// pass needs no confirmation, a fail cannot be approved (over the API
// either, where an approval confirms a manual check).
func TestRealPersonProvider(t *testing.T) {
	secret := []byte("provider-secret")
	for _, tc := range []struct {
		verdict beian.Verdict
		approve bool
	}{{beian.VerdictPass, true}, {beian.VerdictFail, false}} {
		t.Run(string(tc.verdict), func(t *testing.T) {
			var photos int
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				b, _ := io.ReadAll(r.Body)
				if err := realperson.VerifySignature(secret, r.Header.Get(realperson.HeaderTimestamp), r.Header.Get(realperson.HeaderSignature), b, testNow()); err != nil {
					http.Error(w, err.Error(), http.StatusUnauthorized)
					return
				}
				var req struct{ Photo, IDFront, IDBack []byte }
				json.Unmarshal(b, &req)
				if len(req.Photo) > 0 && len(req.IDFront) > 0 && len(req.IDBack) > 0 {
					photos++
				}
				json.NewEncoder(w).Encode(map[string]any{"verdict": tc.verdict, "score": 91.5, "reference": "ref-1"})
			}))
			defer srv.Close()
			f := newFixture(t, "sqlite")
			f.s.RealPerson = &realperson.Provider{Name: "vendor", URL: srv.URL, Secret: secret, Now: f.clock.Now}
			app := f.submitted(t, "wangwu-a.cn")
			if photos != 1 || app.RealPerson == nil || app.RealPerson.Verdict != tc.verdict || app.RealPerson.Method != "vendor" {
				t.Fatalf("check = %+v after %d calls with the photos", app.RealPerson, photos)
			}
			got, err := f.s.Review(ctx, f.rev, app.ID, agent.Decision{Approve: true, RealPersonChecked: true})
			switch {
			case tc.approve && (err != nil || got.Status != beian.StatusSMSVerification):
				t.Fatalf("approve after a pass: %v", err)
			case !tc.approve && (beian.ErrorCode(err) != beian.EINVALID || !hasField(err, "realPerson")):
				t.Fatalf("approve after a fail: %v", err)
			}
			if !tc.approve {
				if a, _ := f.s.Get(ctx, f.rev, app.ID); a.Status != beian.StatusInitialReview {
					t.Fatalf("a refused approval changed the status to %s", a.Status)
				}
			}
		})
	}
}

func testNow() time.Time { return testdb.Now }

func hasField(err error, field string) bool {
	e, ok := err.(*beian.Error)
	return ok && e.Field == field
}

// TestManualNeedsConfirmation: the manual check stays pending until the
// reviewer confirms; approval without it is refused.
func TestManualNeedsConfirmation(t *testing.T) {
	f := newFixture(t, "sqlite")
	app := f.submitted(t, "wangwu-a.cn")
	if _, err := f.s.Review(ctx, f.rev, app.ID, agent.Decision{Approve: true}); !hasField(err, "realPerson") {
		t.Fatalf("approve without confirming: %v", err)
	}
	got, err := f.s.Review(ctx, f.rev, app.ID, agent.Decision{Approve: true, RealPersonChecked: true})
	if err != nil || got.RealPerson.Verdict != beian.VerdictPass || got.RealPerson.ReviewerID != f.rev.ID {
		t.Fatalf("approve confirming: %+v %v", got, err)
	}
}

// hookStore runs afterPut once the content is stored.
type hookStore struct {
	beian.MaterialStore
	afterPut func()
}

func (h hookStore) Put(ctx context.Context, key string, r io.Reader, size int64, ct string) error {
	err := h.MaterialStore.Put(ctx, key, r, size, ct)
	if err == nil && h.afterPut != nil {
		h.afterPut()
	}
	return err
}

// TestFailedUploadLeavesNothing: when the row cannot be written (the
// application was submitted meanwhile), the stored content goes again.
func TestFailedUploadLeavesNothing(t *testing.T) {
	f := newFixture(t, "sqlite")
	p := f.product(t, f.a.Login, "某某云", "47.96.20.1", 365, true)
	app, err := f.s.Create(ctx, f.a, body(t, p, "wangwu-a.cn"))
	if err != nil {
		t.Fatal(err)
	}
	inner := f.s.Materials
	f.s.Materials = hookStore{MaterialStore: inner, afterPut: func() {
		err := f.db.InTx(ctx, func(tx *store.Tx) error {
			a, err := tx.LockApplication(ctx, app.ID)
			if err != nil {
				return err
			}
			a.Status = beian.StatusInitialReview
			return tx.SaveApplication(ctx, a, nil)
		})
		if err != nil {
			t.Error(err)
		}
	}}
	m, err := f.s.AddMaterial(ctx, f.a, app.ID, beian.MaterialPrincipalPhoto, "x.png", pngBytes())
	if beian.ErrorCode(err) != beian.ECONFLICT {
		t.Fatalf("upload into a submitted application: %+v %v", m, err)
	}
	key, _ := beian.NewMaterial(beian.MaterialPrincipalPhoto, "", pngBytes(), beian.DefaultUploadLimits)
	if _, err := inner.Get(ctx, key.Key); beian.ErrorCode(err) != beian.ENOTFOUND {
		t.Fatalf("the content of the failed upload is still stored: %v", err)
	}
	if ms, _ := f.db.FindMaterials(ctx, app.ID); len(ms) != 0 {
		t.Fatalf("rows: %v", ms)
	}
}
