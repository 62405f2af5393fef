package registry_test

import (
	"context"
	"strings"
	"testing"

	"github.com/beianhq/beian"
	"github.com/beianhq/beian/internal/testdb"
	"github.com/beianhq/beian/registry"
)

// wireFiling is firstFiling as an agent hands it over: each service's
// access inside the record.
func wireFiling(i int, provider string) beian.Filing {
	rf := firstFiling(i)
	for j, s := range rf.Record.Entity.Services {
		s.Access = append([]beian.Access(nil), rf.Access[j]...)
		for k := range s.Access {
			s.Access[k].Provider = provider
		}
	}
	return beian.Filing{ApplicationID: rf.ApplicationID, Version: 1, Provider: provider, FilingType: rf.FilingType,
		Record: rf.Record, SubmittedAt: rf.SubmittedAt}
}

func TestProviderAPIIsolationAndIdempotence(t *testing.T) {
	ctx := context.Background()
	for _, engine := range testdb.Engines(t) {
		t.Run(engine, func(t *testing.T) {
			env := newFilingEnv(t, engine)
			api := &registry.ProviderAPI{Registry: &registry.Registry{DB: env.db}, Filings: env.fs}
			wf := wireFiling(1, "甲云")
			wf.Materials = []beian.MaterialRef{{Kind: beian.MaterialPrincipalPhoto, SHA256: "ab12"}}
			f, _, err := api.Submit(ctx, "甲云", wf)
			if err != nil || f.Status != beian.StatusSMSVerification {
				t.Fatalf("submit: %+v %v", f, err)
			}
			if got, err := env.db.FindFiling(ctx, f.ID); err != nil || len(got.Materials) != 1 || got.Materials[0] != wf.Materials[0] || !got.Remote {
				t.Errorf("the filing as kept: %+v %v, want its material's checksum and marked remote", got, err)
			}
			sent, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: f.Record.Entity.Principal.Mobile})
			again, _, err := api.Submit(ctx, "甲云", wf)
			if err != nil || again.ID != f.ID {
				t.Fatalf("submit again: %+v %v, want filing %d", again, err, f.ID)
			}
			if sentAgain, _ := env.db.FindMessages(ctx, beian.MessageFilter{To: f.Record.Entity.Principal.Mobile}); len(sentAgain) != len(sent) {
				t.Errorf("the repeated submission sent %d messages more", len(sentAgain)-len(sent))
			}
			// Provider 乙云 can neither submit 甲云's filing nor read its changes.
			if _, _, err := api.Submit(ctx, "乙云", wf); !strings.HasPrefix(beian.ErrorMessage(err), "provider:") {
				t.Errorf("乙云 submitting 甲云's filing: %v, want refused naming provider", err)
			}
			if list, err := api.Changes(ctx, "乙云", 0, 100); err != nil || len(list) != 0 {
				t.Errorf("乙云's changes: %+v %v, want none", list, err)
			}
			env.verifyAll(env.filing(f.ID))
			if _, err := env.fs.Decide(ctx, bureauZJ, f.ID, registry.BureauDecision{Approve: true}); err != nil {
				t.Fatal(err)
			}
			list, err := api.Changes(ctx, "甲云", 0, 100)
			if err != nil || len(list) < 3 {
				t.Fatalf("甲云's changes: %+v %v", list, err)
			}
			var statuses []beian.ApplicationStatus
			for i, c := range list {
				statuses = append(statuses, c.Status)
				if c.ApplicationID != 1001 || c.Version != 1 || c.Provider != "甲云" || (i > 0 && c.Cursor <= list[i-1].Cursor) {
					t.Errorf("change %d: %+v", i, c)
				}
			}
			last := list[len(list)-1]
			if last.Status != beian.StatusApproved || last.MainLicence == "" || len(last.ServiceLicences) != 1 {
				t.Errorf("last change %+v (statuses %v), want approved with the numbers", last, statuses)
			}
			if rest, err := api.Changes(ctx, "甲云", last.Cursor, 100); err != nil || len(rest) != 0 {
				t.Errorf("after the last cursor: %+v %v", rest, err)
			}
			if list, _ := api.Changes(ctx, "乙云", 0, 100); len(list) != 0 {
				t.Errorf("乙云 reads 甲云's changes: %+v", list)
			}
		})
	}
}
