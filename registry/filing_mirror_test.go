package registry_test

import (
	"context"
	"slices"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
	"github.com/beianhq/beian/store"
)

// agentApplication writes an applicant and an application that passed its
// initial review, with a material, as the agent leaves them, and submits it
// to the registry in the same transaction (SubmitTx).
func (env *filingEnv) agentApplication(i int) *beian.Application {
	env.t.Helper()
	ctx := context.Background()
	rf := firstFiling(i)
	for k, s := range rf.Record.Entity.Services {
		s.Access = rf.Access[k] // the agent puts the product's access in the record
	}
	a := &beian.Application{Provider: rf.Provider, FilingType: rf.FilingType, Status: beian.StatusSMSVerification, Version: 1,
		Record: rf.Record, SubmittedAt: env.now, Events: []beian.Event{{At: env.now, Status: beian.StatusSMSVerification, Note: "接入商初审通过"}}}
	err := env.db.InTx(ctx, func(tx *store.Tx) error {
		acct := &beian.Account{Role: beian.RoleApplicant, Login: rf.Record.Entity.Principal.Mobile, Name: "申请人"}
		if err := tx.InsertAccount(ctx, acct); err != nil {
			return err
		}
		a.AccountID = acct.ID
		if err := tx.InsertApplication(ctx, a, map[int]string{0: "203.0.113.10"}); err != nil {
			return err
		}
		if err := tx.AddEvent(ctx, a.ID, a.Events[0], 0); err != nil {
			return err
		}
		if err := tx.InsertMaterial(ctx, &beian.Material{ApplicationID: a.ID, Kind: beian.MaterialPrincipalPhoto, Name: "p.jpg",
			ContentType: "image/jpeg", Size: 10, SHA256: "feed", Key: "k"}); err != nil {
			return err
		}
		ms, err := tx.FindMaterials(ctx, a.ID)
		if err != nil {
			return err
		}
		f := beian.Filing{ApplicationID: a.ID, Version: a.Version, Provider: a.Provider,
			FilingType: a.FilingType, Record: a.Record, SubmittedAt: a.SubmittedAt}
		for _, m := range ms {
			f.Materials = append(f.Materials, beian.MaterialRef{Kind: m.Kind, SHA256: m.SHA256})
		}
		_, err = env.fs.SubmitTx(ctx, tx, f)
		return err
	})
	if err != nil {
		env.t.Fatal(err)
	}
	return a
}

// TestApplicationMirror: in one binary the agent's application follows the
// registry — bureau_review with the bureau's deadline, then approved with
// its numbers, or bureau_rejected with the reasons — each step with its
// event, in the registry's transaction.
func TestApplicationMirror(t *testing.T) {
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			ctx := context.Background()
			env := newFilingEnv(t, engine)
			env.fs.Observer = registry.ApplicationMirror{Notifier: env.fs.Notifier}
			a := env.agentApplication(70)
			rows, err := env.fs.Queue(ctx, bureauZJ, false, 0)
			if err != nil || len(rows) != 0 {
				t.Fatalf("queue before verification: %v %v", rows, err)
			}
			f, err := env.db.FilingOfApplication(ctx, a.Provider, a.ID)
			if err != nil || f == nil || len(f.Materials) != 1 || f.Materials[0].SHA256 != "feed" || f.Access[0][0].Provider != "某某云" {
				t.Fatalf("submitted filing: %+v %v", f, err)
			}
			env.verifyAll(f)
			got, _ := env.db.FindApplication(ctx, a.ID)
			if got.Status != beian.StatusBureauReview || got.Deadline.IsZero() {
				t.Fatalf("application after verification: %s %v", got.Status, got.Deadline)
			}
			if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
			got, _ = env.db.FindApplication(ctx, a.ID)
			approved := env.filing(f.ID)
			if got.Status != beian.StatusApproved || got.MainLicence != approved.MainLicence || !slices.Equal(got.ServiceLicences, approved.ServiceLicences) {
				t.Fatalf("application after approval: %s %q %q", got.Status, got.MainLicence, got.ServiceLicences)
			}
			var statuses []beian.ApplicationStatus
			for _, e := range got.Events {
				statuses = append(statuses, e.Status)
			}
			if want := []beian.ApplicationStatus{beian.StatusSMSVerification, beian.StatusBureauReview, beian.StatusApproved}; !slices.Equal(statuses, want) {
				t.Fatalf("events %v, want %v", statuses, want)
			}
			list, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: "13800000070"})
			if !slices.ContainsFunc(list, func(m *beian.Message) bool { return m.Template == "status_changed" }) {
				t.Fatal("the applicant was not told")
			}

			b := env.agentApplication(71)
			g, _ := env.db.FilingOfApplication(ctx, b.Provider, b.ID)
			env.verifyAll(g)
			rs := []beian.Rejection{{Field: "services[0].serviceName", Reason: "名称不符"}}
			if _, err := env.fs.Decide(ctx, bureauZJ, g.ID, registry.BureauDecision{Rejections: rs}); err != nil {
				t.Fatal(err)
			}
			got, _ = env.db.FindApplication(ctx, b.ID)
			if got.Status != beian.StatusBureauRejected || len(got.Rejections) != 1 || got.Rejections[0] != rs[0] {
				t.Fatalf("application after rejection: %s %+v", got.Status, got.Rejections)
			}
		})
	}
}
