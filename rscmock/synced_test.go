package rscmock_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// TestSyncedCountsWrites: the typed inspection counts every write LinkedIn
// accepted, keeps the count after a delete, and names the requests.
func TestSyncedCountsWrites(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	c := srv.Client()
	ctx := context.Background()
	org := srv.Default().Organization
	key := model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"}
	if got, ok := srv.SyncedCandidate(key); ok || got.Writes != 0 || got.Body != nil {
		t.Fatalf("before any write: %+v %v", got, ok)
	}
	for range 2 {
		if rs, err := c.Candidates.BatchUpdate(ctx, []model.Candidate{cand(org, "C1", "a@example.com")}); err != nil || rs[0].Err != nil {
			t.Fatal(err, rs)
		}
	}
	got, ok := srv.SyncedCandidate(key)
	if !ok || got.Writes != 2 || len(got.WriteRequests) != 2 || got.WriteRequests[0] == got.WriteRequests[1] || got.Key != key {
		t.Errorf("after two writes: %+v %v", got, ok)
	}
	// A record refused by validation is not a write.
	k := "atsCandidateId=C1&dataProvider=ATS&integrationContext=" + string(org)
	body := `{"entities":{"` + k + `":{"atsCreatedAt":1,"atsLastModifiedAt":2,"addresses":[],"phoneNumbers":[],"emailAddresses":["a@example.com"],"externalProfileUrl":"https://ats.example.com/c/1"}}}`
	if st, got := raw(t, srv, "PUT", "/v2/atsCandidates?ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext="+string(org), body, nil); st != 200 || !strings.Contains(got, `"status":422`) {
		t.Errorf("a candidate without firstName: %d %s", st, got)
	}
	if got, _ := srv.SyncedCandidate(key); got.Writes != 2 {
		t.Errorf("a refused write counted: %+v", got)
	}
	if _, err := c.Candidates.BatchDelete(ctx, []model.CandidateKey{key}); err != nil {
		t.Fatal(err)
	}
	got, ok = srv.SyncedCandidate(key)
	if ok || got.Writes != 2 || got.Deletes != 1 || got.Body != nil {
		t.Errorf("after the delete: %+v %v", got, ok)
	}
	// Jobs count accepted operations.
	if _, err := c.JobPostings.BatchCreate(ctx, []model.JobPosting{job(org, "J1", model.OperationCreate)}); err != nil {
		t.Fatal(err)
	}
	if j, ok := srv.SyncedJob(rscmock.JobKey{Organization: org, ExternalJobPostingID: "J1"}); !ok || j.Writes != 1 {
		t.Errorf("job: %+v %v", j, ok)
	}
}

// TestFaultAfterCommit: an AfterCommit fault keeps the write and loses the
// answer (a 503, or a dropped connection).
func TestFaultAfterCommit(t *testing.T) {
	t.Parallel()
	for _, f := range []rscmock.Fault{
		{Status: http.StatusServiceUnavailable, AfterCommit: true, Count: 1}, // the first API call: the batch update
		{Drop: true, AfterCommit: true, Count: 1},
	} {
		srv := rscmock.NewServer(t)
		c := srv.Client()
		org := srv.Default().Organization
		srv.InjectFault(f)
		// The client sees the 503 or the broken connection and retries: the
		// retry is a second write of the same record.
		if rs, err := c.Candidates.BatchUpdate(context.Background(), []model.Candidate{cand(org, "C1", "a@example.com")}); err != nil || rs[0].Err != nil {
			t.Fatalf("%+v: %v %+v", f, err, rs)
		}
		got, ok := srv.SyncedCandidate(model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"})
		if !ok || got.Writes != 2 {
			t.Errorf("%+v: want the lost write and the retry, got %+v %v", f, got.WriteRequests, ok)
		}
	}
}

// TestInMemoryTransport: a Server without a listener answers through
// HTTPClient; a dropped-connection fault is a transport error.
func TestInMemoryTransport(t *testing.T) {
	t.Parallel()
	srv := rscmock.New(rscmock.Options{Seed: 9})
	if srv.URL() != "http://rscmock.invalid" {
		t.Errorf("URL %s", srv.URL())
	}
	resp, err := srv.HTTPClient().Get(srv.URL() + "/_mock/customers")
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("%v %v", resp, err)
	}
	resp.Body.Close()
	srv.InjectFault(rscmock.Fault{Drop: true, Count: 1})
	if _, _, err := srv.Client(rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: -1})).Seats.List(context.Background(),
		rsc.SeatListOptions{Contracts: []model.URN{srv.Default().Contract}}); err == nil || !strings.Contains(err.Error(), "dropped") {
		t.Errorf("drop fault in memory: %v", err)
	}
	if seats, _, err := srv.Client().Seats.List(context.Background(), rsc.SeatListOptions{Contracts: []model.URN{srv.Default().Contract}}); err != nil || len(seats) != 3 {
		t.Errorf("after the fault: %v %d", err, len(seats))
	}
}
