package http_test

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"testing"
	"time"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/auth"
	beianhttp "github.com/beianhq/beian/http"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/store"
)

// BenchmarkAgentCreateSubmit: one op creates an application over the API,
// uploads its three materials, submits it, and abandons it (so the next op
// is not refused as a second order in flight).
func BenchmarkAgentCreateSubmit(b *testing.B) {
	for _, engine := range testdb.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			var srv *beianhttp.Server
			ts := newTestServer(b, engine, func(s *beianhttp.Server) { srv = s })
			c := &apiClient{t: b, ts: ts, token: sessionB(b, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleApplicant, Login: "13700000003", Password: "bench-pass-123"})}
			product := addProductB(b, srv, "13700000003")
			img := testPNG(400, 300)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				status, p, msg := c.json("POST", "/api/v1/agent/applications", personalBody(product, "王五的小站", "wangwu-blog.cn"))
				if status != 201 {
					b.Fatalf("create: %d %s", status, msg)
				}
				base := "/api/v1/agent/applications/" + p["id"].(string)
				for _, kind := range []string{"principalIdFront", "principalIdBack", "principalPhoto"} {
					if status, _, msg := c.upload(base+"/materials", kind, img); status != 201 {
						b.Fatalf("upload: %d %s", status, msg)
					}
				}
				if status, _, msg := c.json("POST", base+"/submit", ""); status != 200 {
					b.Fatalf("submit: %d %s", status, msg)
				}
				b.StopTimer()
				if status, _, msg := c.json("POST", base+"/abandon", ""); status != 200 {
					b.Fatalf("abandon: %d %s", status, msg)
				}
				b.StartTimer()
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submitted/s")
		})
	}
}

// BenchmarkReviewerQueue: the reviewer's queue over the API with 100,000
// applications in the store (half of them this provider's, in review).
func BenchmarkReviewerQueue(b *testing.B) {
	for _, engine := range testdb.Engines(b) {
		b.Run(engine, func(b *testing.B) {
			var srv *beianhttp.Server
			ts := newTestServer(b, engine, func(s *beianhttp.Server) { srv = s })
			rev := &apiClient{t: b, ts: ts, token: sessionB(b, ts.db, srv.Accounts, auth.NewAccount{Role: beian.RoleProviderReviewer, Login: "rev", Provider: "某某云", Password: "bench-pass-123"})}
			owner := sessionAccount(b, ts.db)
			seedApplications(b, ts.db, owner, 100_000)
			lat := make([]time.Duration, 0, b.N)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				start := time.Now()
				status, _, msg := rev.call(http.MethodGet, fmt.Sprintf("/api/v1/agent/applications?status=initial_review&pageNum=%d", 1+i%50), "", nil)
				lat = append(lat, time.Since(start))
				if status != 200 {
					b.Fatalf("queue: %d %s", status, msg)
				}
			}
			sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
			b.ReportMetric(float64(lat[len(lat)*95/100].Microseconds())/1000, "p95-ms")
		})
	}
}

func sessionB(b *testing.B, db *store.DB, accounts *auth.Accounts, n auth.NewAccount) string {
	a, err := accounts.Create(context.Background(), n)
	if err != nil {
		b.Fatal(err)
	}
	token := "bench-token-" + n.Login
	if err := db.InTx(context.Background(), func(tx *store.Tx) error { return tx.CreateSession(context.Background(), a.ID, token) }); err != nil {
		b.Fatal(err)
	}
	return token
}

func sessionAccount(b *testing.B, db *store.DB) int64 {
	a := &beian.Account{Role: beian.RoleApplicant, Login: "13700000009", PasswordHash: "x"}
	if err := db.CreateAccount(context.Background(), a); err != nil {
		b.Fatal(err)
	}
	return a.ID
}

func addProductB(b *testing.B, srv *beianhttp.Server, login string) string {
	p, err := srv.Agent.AddProduct(context.Background(), nil, agentNewProduct(login, srv.Agent.Now()))
	if err != nil {
		b.Fatal(err)
	}
	return p.ID
}

// seedApplications writes n applications straight into the store, 1,000 a
// transaction: every other one of provider 某某云 and in initial review.
func seedApplications(b *testing.B, db *store.DB, account int64, n int) {
	ctx := context.Background()
	now := db.Now()
	for i := 0; i < n; i += 1000 {
		err := db.InTx(ctx, func(tx *store.Tx) error {
			for j := i; j < min(n, i+1000); j++ {
				e := beian.Entity{UnitName: fmt.Sprintf("测试%06d科技有限公司", j), Nature: "企业", Province: "330000", CertNo: fmt.Sprintf("SEED%014d", j)}
				a := &beian.Application{AccountID: account, Provider: "某某云", FilingType: beian.FilingFirst, Status: beian.StatusInitialReview,
					Record: &beian.ApplicationRecord{Entity: e}, Deadline: now.Add(time.Duration(j%5000) * time.Minute)}
				if j%2 == 1 {
					a.Provider, a.Status = "另一云", beian.StatusDraft
				}
				if err := tx.InsertApplication(ctx, a, nil); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
