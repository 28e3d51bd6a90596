package rscsync_test

import (
	"context"
	"fmt"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
	"github.com/rsckit/rsckit/rscmock"
)

// exampleTenant returns a tenant on an in-memory fake LinkedIn whose one
// candidate and note a first sync pass sent.
func exampleTenant() (*rscmock.Server, *memstore.Store, rscsync.Tenant, *rscsync.Runner) {
	li := rscmock.New()
	li.SetBaseURL("http://linkedin.test")
	cust := li.Default()
	client, err := rsc.NewClient(
		rsc.WithClientCredentials(cust.ClientID, cust.ClientSecret),
		rsc.WithBaseURL(li.URL()), rsc.WithTokenURL(li.TokenURL()),
		rsc.WithTransport(handlerTransport{li.Handler()}))
	if err != nil {
		panic(err)
	}
	store := memstore.New()
	created := model.Millis(time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC))
	store.Put("acme", rscsync.Candidates, rscsync.Record{Ref: rscsync.Ref{ID: "C1"}, Value: model.Candidate{
		FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
		ATSCreatedAt: created, ATSLastModifiedAt: created, ExternalProfileURL: "https://ats.example.com/c/C1"}})
	store.Put("acme", rscsync.CandidateNotes, rscsync.Record{Ref: rscsync.Ref{ID: "N1", Parent: "C1"}, Value: model.CandidateNote{
		Note: "Strong in analysis", ATSCreatedAt: created}})
	tenant := rscsync.Tenant{ID: "acme", Client: client, Organization: cust.Organization}
	runner, err := rscsync.NewRunner(store, rscsync.Tenants{tenant}, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		panic(err)
	}
	if err := runner.SyncOnce(context.Background()); err != nil {
		panic(err)
	}
	return li, store, tenant, runner
}

// The customer disconnects: what the SDK sent is deleted at LinkedIn, and
// the report tells the host what to purge on its side.
func ExampleOffboarder_Offboard() {
	li, store, tenant, _ := exampleTenant()
	fmt.Println("before:", len(li.Candidates(tenant.Organization)), "candidate at LinkedIn")

	off, err := rscsync.NewOffboarder(store, rscsync.Config{})
	if err != nil {
		panic(err)
	}
	rep, err := off.Offboard(context.Background(), tenant, rscsync.OffboardRequest{})
	if err != nil {
		panic(err) // call Offboard again: it resumes
	}
	fmt.Println("after:", len(li.Candidates(tenant.Organization)), "candidates at LinkedIn; complete:", rep.Complete)
	for _, p := range rep.Resources {
		if p.Resource == rscsync.Candidates || p.Resource == rscsync.CandidateNotes {
			fmt.Println(p.Resource, "deleted:", p.Deleted)
		}
	}
	fmt.Println("for the host to purge, first:", rep.Purge[0].What)
	// Output:
	// before: 1 candidate at LinkedIn
	// after: 0 candidates at LinkedIn; complete: true
	// candidateNotes deleted: 1
	// candidates deleted: 1
	// for the host to purge, first: One-Click Exports: candidates and hiring processes created from LinkedIn profiles, and the profile fields they brought
}

// A GDPR erasure in the ATS: the host removes the candidate from its store,
// then has LinkedIn forget it at once.
func ExampleOffboarder_EraseCandidate() {
	li, store, tenant, _ := exampleTenant()
	store.Delete("acme", rscsync.CandidateNotes, rscsync.Ref{ID: "N1", Parent: "C1"})
	store.Delete("acme", rscsync.Candidates, rscsync.Ref{ID: "C1"})

	off, err := rscsync.NewOffboarder(store, rscsync.Config{})
	if err != nil {
		panic(err)
	}
	rep, err := off.EraseCandidate(context.Background(), tenant, rscsync.Erasure{CandidateID: "C1", Notes: []string{"N1"}})
	if err != nil {
		panic(err)
	}
	fmt.Println("deleted:", rep.Deleted[rscsync.CandidateNotes], "note,", rep.Deleted[rscsync.Candidates], "candidate, in", rep.Requests, "requests")
	fmt.Println("left at LinkedIn:", len(li.Candidates(tenant.Organization)))
	// Output:
	// deleted: 1 note, 1 candidate, in 2 requests
	// left at LinkedIn: 0
}

// LinkedIn's RESYNC_JOBS webhook (or an admin's button): the jobs are sent
// again by the next pass.
func ExampleRequestResync() {
	_, store, tenant, runner := exampleTenant()
	ctx := context.Background()
	if err := rscsync.RequestResync(ctx, store, tenant.ID, rscsync.Candidates); err != nil {
		panic(err)
	}
	var sent []string
	for id, cp := range store.Checkpoints() {
		if id.Name == "resync" {
			sent = append(sent, "requested: "+cp.Cursor)
		}
	}
	if err := runner.SyncOnce(ctx); err != nil {
		panic(err)
	}
	for id, cp := range store.Checkpoints() {
		if id.Name == "resync/candidates" {
			sent = append(sent, fmt.Sprintf("resent: %d candidate(s), complete %v", cp.Done, cp.Complete))
		}
	}
	fmt.Println(sent)
	// Output:
	// [requested: candidates resent: 1 candidate(s), complete true]
}
