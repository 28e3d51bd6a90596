package records_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/state"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

const org = "urn:li:organization:1"

// tenant is a Caller owning org, with a records quota.
type tenant struct{ left int }

func (t *tenant) Own(ctxs ...string) *wire.Error {
	for _, c := range ctxs {
		if c != org {
			return wire.Errorf(http.StatusForbidden, "not yours: %s", c)
		}
	}
	return nil
}

func (t *tenant) CountRecords(n int) *wire.Error {
	if n > t.left {
		return wire.Errorf(http.StatusTooManyRequests, "Too many requests")
	}
	t.left -= n
	return nil
}

var candidates = records.Route{Kind: records.Candidate, Name: "/v2/atsCandidates"}

// update builds a Rest.li 1.0 batch update of candidates id (in ctx) with body.
func update(t *testing.T, num uint64, ctx string, bodies map[string]string) *records.Request {
	t.Helper()
	q := url.Values{}
	ents := map[string]json.RawMessage{}
	i := 0
	for id, body := range bodies {
		p := fmt.Sprintf("ids[%d].", i)
		q.Set(p+"atsCandidateId", id)
		q.Set(p+"dataProvider", "ATS")
		q.Set(p+"integrationContext", ctx)
		ents["atsCandidateId="+id+"&dataProvider=ATS&integrationContext="+url.QueryEscape(ctx)] = json.RawMessage(body)
		i++
	}
	pq, err := restli.ParseQuery(q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(map[string]any{"entities": ents})
	return &records.Request{Num: num, Query: pq, Body: b}
}

const good = `{"firstName":"Ada","emailAddresses":["ada@example.com"],"externalProfileUrl":"https://ats.example.com/c/1",` +
	`"atsCreatedAt":1,"atsLastModifiedAt":2,"addresses":[],"phoneNumbers":[]}`

func TestBatchWriteJudgesStoresAndCounts(t *testing.T) {
	st := state.New()
	svc := &records.Service{Store: st}
	ten := &tenant{left: 2}
	status, out, e := svc.BatchWrite(update(t, 7, org, map[string]string{"C1": good, "C2": `{"firstName":"Bo"}`}), candidates, ten, false)
	if e != nil || status != http.StatusOK {
		t.Fatalf("status %d, %v", status, e)
	}
	res := out.(wire.BatchResult)
	if len(res.Results) != 1 || len(res.Errors) != 1 {
		t.Fatalf("results %v errors %v", res.Results, res.Errors)
	}
	for _, eb := range res.Errors {
		if eb.Status != http.StatusUnprocessableEntity {
			t.Errorf("C2 without its required fields: %+v", eb)
		}
	}
	k := restli.Key{"ctx": org, "cand": "C1"}
	if reqs, _ := st.History(records.Candidate.Name, k); len(reqs) != 1 || reqs[0] != 7 {
		t.Errorf("C1 history %v", reqs)
	}
	if st.Has(records.Candidate.Name, restli.Key{"ctx": org, "cand": "C2"}) {
		t.Error("the refused C2 was stored")
	}
	// The quota counted both records: a third is refused whole.
	if _, _, e := svc.BatchWrite(update(t, 8, org, map[string]string{"C3": good}), candidates, ten, false); e == nil || e.Status != http.StatusTooManyRequests {
		t.Errorf("over the quota: %v", e)
	}
	// Another tenant's context is refused before anything is stored.
	if _, _, e := svc.BatchWrite(update(t, 9, "urn:li:organization:2", map[string]string{"C4": good}), candidates, &tenant{left: 10}, false); e == nil || e.Status != http.StatusForbidden {
		t.Errorf("foreign context: %v", e)
	}
}

func TestBatchGetAndDelete(t *testing.T) {
	svc := &records.Service{Store: state.New(), Matches: func(map[string]json.RawMessage) []string { return []string{"urn:li:person:1"} }}
	ten := &tenant{left: 100}
	if _, _, e := svc.BatchWrite(update(t, 1, org, map[string]string{"C1": good}), candidates, ten, false); e != nil {
		t.Fatal(e)
	}
	get := update(t, 2, org, map[string]string{"C1": good, "C9": good})
	get.Body = nil
	_, out, e := svc.BatchGet(get, candidates, ten)
	if e != nil {
		t.Fatal(e)
	}
	b, _ := json.Marshal(out)
	var got struct {
		Results map[string]map[string]any
		Errors  map[string]wire.ErrorBody
	}
	_ = json.Unmarshal(b, &got)
	if len(got.Results) != 1 || len(got.Errors) != 1 {
		t.Fatalf("get: %s", b)
	}
	for _, r := range got.Results {
		if r["firstName"] != "Ada" || fmt.Sprint(r["matchedMembers"]) != "[urn:li:person:1]" {
			t.Errorf("C1 read back as %v", r)
		}
	}
	del := update(t, 3, org, map[string]string{"C1": good})
	del.Body = nil
	if _, _, e := svc.BatchDelete(del, candidates, ten); e != nil {
		t.Fatal(e)
	}
	if _, dels := svc.Store.History(records.Candidate.Name, restli.Key{"ctx": org, "cand": "C1"}); dels != 1 {
		t.Errorf("%d deletes, want 1", dels)
	}
}

func TestHasCallbackURL(t *testing.T) {
	svc := &records.Service{Store: state.New()}
	integ := restli.Key{"ctx": org, "itype": "ONE_CLICK_EXPORT", "tenant": "RECRUITER"}
	if svc.HasCallbackURL(integ) {
		t.Error("no configuration, yet a CALLBACK_URL")
	}
	cfg := restli.Key{"ctx": org, "itype": "ONE_CLICK_EXPORT", "tenant": "RECRUITER", "name": "CALLBACK_URL"}
	svc.Store.Write(records.Configuration.Name, cfg, `{"configurationValue":{"string":"https://ats.example.com/cb"}}`, 1)
	if !svc.HasCallbackURL(integ) {
		t.Error("CALLBACK_URL not found")
	}
}

func TestFindACLs(t *testing.T) {
	svc := &records.Service{Store: state.New()}
	for _, k := range []restli.Key{
		{"ctx": org, "acl": "A1", "entity": "J1", "etype": "JOB_POSTING"},
		{"ctx": org, "acl": "A2", "entity": "J2", "etype": "JOB_POSTING"},
		{"ctx": "urn:li:organization:2", "acl": "A3", "entity": "J1", "etype": "JOB_POSTING"},
	} {
		svc.Store.Write(records.ACL.Name, k, `{}`, 1)
	}
	find := func(raw string) (any, *wire.Error) {
		q, err := restli.ParseQuery(raw)
		if err != nil {
			t.Fatal(err)
		}
		_, out, e := svc.FindACLs(q, &tenant{})
		return out, e
	}
	out, e := find("q=criteria&integrationContext=" + url.QueryEscape(org) + "&atsEntityId=J1")
	if e != nil {
		t.Fatal(e)
	}
	els := out.(map[string]any)["elements"].([]map[string]string)
	if len(els) != 1 || els[0]["atsEntityAclId"] != "A1" || els[0]["dataProvider"] != "ATS" {
		t.Errorf("elements %v", els)
	}
	if _, e := find("q=criteria&integrationContext=urn%3Ali%3Aorganization%3A2"); e == nil || e.Status != http.StatusForbidden {
		t.Errorf("another tenant's ACLs: %v", e)
	}
	if _, e := find("q=criteria"); e == nil || e.Status != http.StatusBadRequest {
		t.Errorf("without integrationContext: %v", e)
	}
}

// anyone is a Caller owning every context, without a quota.
type anyone struct{}

func (anyone) Own(...string) *wire.Error    { return nil }
func (anyone) CountRecords(int) *wire.Error { return nil }

func TestBatchWriteChecksKeyValues(t *testing.T) {
	svc := &records.Service{Store: state.New()}
	status, out, e := svc.BatchWrite(update(t, 1, "acme", map[string]string{"C1": good}), candidates, anyone{}, false)
	if e != nil || status != http.StatusOK {
		t.Fatalf("status %d, %v", status, e)
	}
	res := out.(wire.BatchResult)
	want := wire.ErrorBody{Status: http.StatusUnprocessableEntity, Message: "ERROR :: /integrationContext :: must be a urn:li:organization:... URN\n"}
	if len(res.Errors) != 1 || res.Errors["atsCandidateId=C1&dataProvider=ATS&integrationContext=acme"] != want {
		t.Errorf("a context that is no organization URN: %+v", res.Errors)
	}
}
