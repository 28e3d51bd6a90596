package sim_test

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// TestSyncedReads: what the recruiter side reads of synced records follows
// the configurations (JOB_POSTING_VIEWERS, APPLICATION_VIEWERS) and ACLs.
func TestSyncedReads(t *testing.T) {
	t.Parallel()
	r, c, _ := customer(t)
	org := c.Org
	holder := c.Seats[0].Holder.URN
	ada := r.AddMember(sim.Member{FirstName: "Ada", Email: "ada@example.com"})
	st := state.New()
	v := sim.Synced{R: r, Store: st, Jobs: sim.NewJobs(0)}
	put := func(kind string, key restli.Key, body string) { st.Write(kind, key, body, 1) }
	put(records.Candidate.Name, restli.Key{"ctx": org, "cand": "C1"}, `{"firstName":"Ada","lastName":"L","emailAddresses":["ada@example.com"]}`)
	put(records.Application.Name, restli.Key{"ctx": org, "app": "A1"}, `{"atsCandidateId":"C1","atsJobPostingId":"J1","atsJobPostingName":"Engineer"}`)
	put(records.Stage.Name, restli.Key{"ctx": org, "app": "A1", "stage": "S1"}, `{"stage":"INTERVIEW"}`)
	cfg := func(itype, name, value string) {
		put(records.Configuration.Name, restli.Key{"ctx": org, "itype": itype, "tenant": sim.TenantRecruiter, "name": name},
			`{"configurationValue":{"string":"`+value+`"}}`)
	}

	if got := v.MatchedMembers(&state.Entity{Body: map[string]json.RawMessage{}}); len(got) != 0 {
		t.Errorf("matches of an empty candidate: %v", got)
	}
	e, _ := st.Get(records.Candidate.Name, restli.Key{"ctx": org, "cand": "C1"})
	if got := v.MatchedMembers(e); !reflect.DeepEqual(got, []string{ada.URN}) {
		t.Errorf("matches %v, want [%s]", got, ada.URN)
	}
	if v.JobVisible(org, holder, "J1") {
		t.Error("J1 visible without an ACL or ALL_PRODUCT_USERS")
	}
	ind := v.InATS(org, ada.URN, c.Seats[0].URN)
	if len(ind.Candidates) != 1 || ind.Candidates[0].Name != "Ada L" || len(ind.Applications) != 0 || ind.Hidden != 1 {
		t.Errorf("indicator for the seat: %+v", ind)
	}
	put(records.ACL.Name, restli.Key{"ctx": org, "entity": "J1", "acl": "L1"}, `{}`)
	put(records.Assignee.Name, restli.Key{"ctx": org, "acl": "L1", "assignee": holder}, `{}`)
	if !v.JobVisible(org, holder, "J1") || v.JobVisible(org, "urn:li:person:other", "J1") {
		t.Error("J1's ACL: visible to its assignee only")
	}
	ind = v.InATS(org, ada.URN, c.Seats[0].URN)
	if len(ind.Applications) != 1 || !reflect.DeepEqual(ind.Applications[0].Stages, []string{"INTERVIEW"}) || ind.Hidden != 0 {
		t.Errorf("indicator with the ACL: %+v", ind)
	}
	cfg(sim.OneClickExport, sim.JobViewers, sim.AllProductUsers)
	if v.Config(org, sim.OneClickExport, sim.JobViewers) != sim.AllProductUsers || !v.JobVisible(org, "urn:li:person:other", "J2") {
		t.Error("JOB_POSTING_VIEWERS=ALL_PRODUCT_USERS shows every job")
	}
	if got := v.IntegrationStatus(org, sim.OneClickExport); got != "" {
		t.Errorf("status of an integration never set: %q", got)
	}
	put(records.Integration.Name, restli.Key{"ctx": org, "itype": sim.OneClickExport, "tenant": sim.TenantRecruiter}, `{"status":"ENABLED"}`)
	if got := v.IntegrationStatus(org, sim.OneClickExport); got != "ENABLED" {
		t.Errorf("status %q, want ENABLED", got)
	}
	if got := v.ExportJobs("urn:li:seat:unknown"); got != nil {
		t.Errorf("jobs of an unknown seat: %v", got)
	}
}
