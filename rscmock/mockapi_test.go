package rscmock_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// TestMockAPIRecruiterSide drives every /_mock/ action over HTTP and checks
// its effect through inspection and through the real rsc client.
func TestMockAPIRecruiterSide(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	ctx := context.Background()
	org, contract, seat, grace := string(f.org), string(f.d.Contract), string(f.seat), string(f.grace.URN)

	// Customers.
	cs := arr(t, f.call(t, "GET", "customers", "", 200))
	if len(cs) != 1 {
		t.Fatalf("customers %v", cs)
	}
	keys := slices.Sorted(func(yield func(string) bool) {
		for k := range obj(t, cs[0]) {
			if !yield(k) {
				return
			}
		}
	})
	if want := []string{"application", "clientId", "clientSecret", "contract", "name", "organization", "seats"}; !slices.Equal(keys, want) {
		t.Errorf("customer keys %v, want %v", keys, want)
	}
	beta := obj(t, f.call(t, "POST", "customers", `{"name":"Beta","seats":2,"validJsSdkDomains":["https://beta.example.com"]}`, 201))
	if beta["name"] != "Beta" || len(arr(t, beta["seats"])) != 2 || !strings.HasPrefix(beta["organization"].(string), "urn:li:organization:") {
		t.Fatalf("new customer %v", beta)
	}
	bc := f.srv.ClientFor(rscmock.Customer{ClientID: beta["clientId"].(string), ClientSecret: beta["clientSecret"].(string)})
	if seats, _, err := bc.Seats.List(ctx, rsc.SeatListOptions{Contracts: []model.URN{model.URN(beta["contract"].(string))}}); err != nil || len(seats) != 2 {
		t.Errorf("new customer's seats through the client: %v %+v", err, seats)
	}
	f.call(t, "POST", "customers", `{"organization":"`+org+`"}`, 409)
	f.call(t, "POST", "customers", `{"nmae":"typo"}`, 400)
	f.call(t, "POST", "customers", `{"organization":"urn:li:contract:1"}`, 400)

	// Members and seats.
	ms := arr(t, f.call(t, "GET", "members?q=GRACE@example.com", "", 200))
	if len(ms) != 1 || obj(t, ms[0])["email"] != "grace@example.com" || obj(t, ms[0])["urn"] != grace {
		t.Fatalf("member search %v", ms)
	}
	alan := obj(t, f.call(t, "POST", "members", `{"firstName":"Alan","lastName":"Turing","email":"alan@example.com"}`, 201))
	alanURN := alan["urn"].(string)
	if !strings.HasPrefix(alanURN, "urn:li:person:") || alan["profileUrl"] == "" {
		t.Fatalf("new member %v", alan)
	}
	f.call(t, "POST", "members", `{"urn":"urn:li:seat:1"}`, 400)
	st := obj(t, f.call(t, "POST", "seats", `{"contract":"`+contract+`","member":"`+alanURN+`"}`, 201))
	if obj(t, st["holder"])["firstName"] != "Alan" || st["contract"] != contract {
		t.Errorf("new seat %v", st)
	}
	if seats, _, err := f.c.Seats.List(ctx, rsc.SeatListOptions{Contracts: []model.URN{f.d.Contract}}); err != nil || len(seats) != 4 || seats[3].Member != model.URN(alanURN) {
		t.Errorf("seats through the client: %v %+v", err, seats)
	}
	f.call(t, "POST", "seats", `{"contract":"urn:li:contract:999"}`, 404)
	f.call(t, "POST", "seats", `{"contract":"`+contract+`","member":"urn:li:person:nobody"}`, 404)

	// Integrations: named by the fixture (partner ready), then enabled and requested.
	ins := arr(t, f.call(t, "GET", "integrations?integrationContext="+org, "", 200))
	if len(ins) != 4 || obj(t, ins[0])["integrationType"] != "ONE_CLICK_EXPORT" || obj(t, ins[0])["onboardingStatus"] != rscmock.OnboardingPartnerReady {
		t.Fatalf("integrations %v", ins)
	}
	del := obj(t, f.call(t, "POST", "integrations/enable", `{"integrationContext":"`+org+`","integrationType":"ONE_CLICK_EXPORT","enabled":true}`, 200))
	n := obj(t, del["notification"])
	if n["type"] != "INTEGRATION_STATUS_CHANGE" || del["status"] != float64(200) {
		t.Fatalf("enable delivery %v", del)
	}
	byReq, _, err := f.c.Integrations.FindByRequest(ctx, n["id"].(string))
	if err != nil || len(byReq) != 1 || byReq[0].Status != "ENABLED" {
		t.Errorf("FindByRequest: %v %+v", err, byReq)
	}
	f.call(t, "POST", "integrations/enable", `{"integrationContext":"`+org+`","integrationType":"ONE_CLICK_EXPORT"}`, 400)
	f.call(t, "POST", "integrations/enable", `{"integrationContext":"`+org+`","integrationType":"NOPE","enabled":true}`, 400)
	f.call(t, "POST", "integrations/enable", `{"integrationContext":"urn:li:organization:999","integrationType":"ONE_CLICK_EXPORT","enabled":true}`, 404)
	reqs := arr(t, f.call(t, "POST", "integrations/request", `{"integrationContext":"`+org+`","bundles":["RECRUITER_SYSTEM_CONNECT_CONTRACT"]}`, 200))
	want := map[string]any{"integrationContext": contract, "integrationType": "CSA_API", "onboardingStatus": "REQUESTED", "tenantType": "RECRUITER"}
	if len(reqs) != 1 || !reflect.DeepEqual(reqs[0], want) {
		t.Errorf("request payload %v", reqs)
	}
	states, _ := f.srv.Integrations(f.org)
	if states[0].OnboardingStatus != rscmock.OnboardingEnabled || states[3].OnboardingStatus != rscmock.OnboardingRequested {
		t.Errorf("states after enable and request %+v", states)
	}

	// Synced data, read with the organization alias.
	jobs := arr(t, f.call(t, "GET", "jobs?organization="+org, "", 200))
	if len(jobs) != 1 || obj(t, jobs[0])["externalJobPostingId"] != "J1" || obj(t, jobs[0])["closed"] != false {
		t.Errorf("jobs %v", jobs)
	}
	cands := arr(t, f.call(t, "GET", "candidates?integrationContext="+org, "", 200))
	if len(cands) != 1 || obj(t, cands[0])["atsCandidateId"] != "C1" || !reflect.DeepEqual(obj(t, cands[0])["matchedMembers"], []any{grace}) {
		t.Errorf("candidates %v", cands)
	}
	apps := arr(t, f.call(t, "GET", "applications?integrationContext="+org, "", 200))
	if len(apps) != 1 || obj(t, apps[0])["atsJobApplicationId"] != "A1" || obj(t, apps[0])["atsJobPostingId"] != "J1" {
		t.Errorf("applications %v", apps)
	}
	f.call(t, "GET", "jobs", "", 400)
	m := obj(t, f.call(t, "GET", "matches?integrationContext="+org+"&atsCandidateId=C1", "", 200))
	if !reflect.DeepEqual(m["matchedMembers"], []any{grace}) || m["manualMatchedMember"] != "" {
		t.Errorf("matches %v", m)
	}
	f.call(t, "GET", "matches?integrationContext="+org+"&atsCandidateId=nope", "", 404)

	// Manual match, seen by the client.
	ck := model.CandidateKey{IntegrationContext: f.org, ATSCandidateID: "C1"}
	m = obj(t, f.call(t, "POST", "candidates/match", `{"integrationContext":"`+org+`","atsCandidateId":"C1","member":"`+alanURN+`"}`, 200))
	if m["manualMatchedMember"] != alanURN {
		t.Errorf("match %v", m)
	}
	if got, err := f.c.Candidates.BatchGetMatches(ctx, []model.CandidateKey{ck}); err != nil || got[0].Value.ManualMatchedMember != model.URN(alanURN) || len(got[0].Value.MatchedMembers) != 1 {
		t.Errorf("client after match: %v %+v", err, got)
	}
	f.call(t, "POST", "candidates/match", `{"integrationContext":"`+org+`","atsCandidateId":"C1"}`, 200)
	if got, _ := f.c.Candidates.BatchGetMatches(ctx, []model.CandidateKey{ck}); got[0].Value.ManualMatchedMember != "" {
		t.Errorf("client after unlink: %+v", got[0].Value)
	}
	f.call(t, "POST", "candidates/match", `{"integrationContext":"`+org+`","atsCandidateId":"C1","member":"urn:li:seat:1"}`, 400)
	f.call(t, "POST", "candidates/match", `{"integrationContext":"`+org+`","atsCandidateId":"C9","member":"`+alanURN+`"}`, 404)

	// Inspection of what Recruiter shows.
	ind := obj(t, f.call(t, "GET", "inats?integrationContext="+org+"&member="+grace+"&seat="+seat, "", 200))
	if !reflect.DeepEqual(ind, map[string]any{"candidates": []any{"C1"}, "applications": []any{"A1"}, "stages": []any{"Phone Screen"}, "notes": float64(0), "feedback": float64(0)}) {
		t.Errorf("inats %v", ind)
	}
	pa := obj(t, f.call(t, "GET", "pastApplicants?integrationContext="+org+"&members="+grace+","+alanURN, "", 200))
	if pa["count"] != float64(1) || !reflect.DeepEqual(pa["members"], []any{grace}) {
		t.Errorf("past applicants %v", pa)
	}
	if ej := arr(t, f.call(t, "GET", "exportJobs?seat="+seat, "", 200)); len(ej) != 1 || obj(t, ej[0])["title"] != "Software Engineer" {
		t.Errorf("export jobs %v", ej)
	}
	f.call(t, "GET", "exportJobs?seat=urn:li:seat:1", "", 404)

	// One-Click Export: notification, then exportedCandidates?q=request through the client.
	ex := obj(t, f.call(t, "POST", "exports", `{"seat":"`+seat+`","member":"`+grace+`","externalJobPostingId":"J1"}`, 200))
	reqID := ex["requestId"].(string)
	if d := obj(t, ex["delivery"]); d["status"] != float64(200) || obj(t, d["notification"])["id"] != reqID {
		t.Errorf("export delivery %v", ex)
	}
	got, _, err := f.c.Exports.Get(ctx, reqID)
	if err != nil || len(got) != 1 || got[0].Candidate.Member != f.grace.URN || got[0].ExternalJobPostingID != "J1" || got[0].Exporter.Seat != f.seat {
		t.Fatalf("exported candidate through the client: %v %+v", err, got)
	}
	if !strings.Contains(f.sink.all(), `"id":"`+reqID+`","type":"EXPORT_CANDIDATE_PROFILE"`) {
		t.Errorf("callback got %s", f.sink.all())
	}
	f.call(t, "POST", "exports", `{"seat":"`+seat+`","member":"`+grace+`","externalJobPostingId":"J9"}`, 403)
	f.call(t, "POST", "exports", `{"seat":"urn:li:seat:1","member":"`+grace+`","externalJobPostingId":"J1"}`, 404)
	f.call(t, "POST", "exports", `{"seat":"`+seat+`","member":"`+grace+`","jobId":"J1"}`, 400)

	// InMails, reply with contact details, notes: seen by the pollers.
	ev := obj(t, f.call(t, "POST", "inmails", `{"seat":"`+seat+`","member":"`+grace+`","subject":"Hello","body":"A role?"}`, 200))
	if obj(t, obj(t, ev["content"])["mail"])["subject"] != "Hello" || ev["author"] != seat {
		t.Errorf("inmail %v", ev)
	}
	rep := obj(t, f.call(t, "POST", "inmails/reply", `{"seat":"`+seat+`","member":"`+grace+`","body":"Sure","shareContact":true}`, 200))
	if obj(t, rep["stub"])["emailAddress"] != "grace@example.com" || obj(t, rep["event"])["author"] != grace {
		t.Errorf("reply %v", rep)
	}
	f.call(t, "POST", "inmails", `{"seat":"`+seat+`","member":"urn:li:person:nobody","body":"x"}`, 404)
	evs, _, err := f.c.InMails.List(ctx, rsc.InMailListOptions{Viewer: f.seat})
	if err != nil || len(evs) != 2 || evs[0].Subject != "Hello" {
		t.Errorf("InMails through the client: %v %+v", err, evs)
	}
	stubs, _, err := f.c.MailStubs.List(ctx, rsc.MailStubListOptions{Contract: f.d.Contract})
	if err != nil || len(stubs) != 1 || stubs[0].Member != f.grace.URN {
		t.Errorf("stubs through the client: %v %+v", err, stubs)
	}
	note := obj(t, f.call(t, "POST", "prospectNotes", `{"seat":"`+seat+`","member":"`+grace+`","note":"Great fit"}`, 200))
	f.call(t, "POST", "prospectNotes", `{"seat":"`+seat+`","member":"`+grace+`","note":"Salary?","private":true}`, 200)
	if note["note"] != "Great fit" || note["visibility"] != "CONTRACT" {
		t.Errorf("note %v", note)
	}
	notes, _, err := f.c.ProspectNotes.List(ctx, rsc.ProspectNoteListOptions{Contract: f.d.Contract})
	if err != nil || len(notes) != 1 || notes[0].Note != "Great fit" {
		t.Errorf("notes through the client: %v %+v", err, notes)
	}
	if n := len(arr(t, f.call(t, "GET", "conversationEvents?integrationContext="+org+"&member="+grace, "", 200))); n != 2 {
		t.Errorf("conversationEvents: %d", n)
	}
	if n := len(arr(t, f.call(t, "GET", "mailStubs?contract="+contract, "", 200))); n != 1 {
		t.Errorf("mailStubs: %d", n)
	}
	if n := len(arr(t, f.call(t, "GET", "notes?integrationContext="+org+"&member="+grace, "", 200))); n != 2 {
		t.Errorf("notes with private: %d", n)
	}
	f.call(t, "GET", "notes?integrationContext=urn:li:organization:999", "", 404)

	// Purge.
	f.call(t, "POST", "purge", `{"member":"`+grace+`"}`, 200)
	purged, _, err := f.c.Exports.ListPurged(ctx, rsc.PurgedListOptions{Window: rsc.Window{Since: time.Now().Add(-time.Hour), Until: time.Now().Add(time.Hour)}})
	if err != nil || len(purged) != 1 || purged[0].Member != f.grace.URN || purged[0].RequestID != reqID {
		t.Errorf("purged through the client: %v %+v", err, purged)
	}
	f.call(t, "POST", "purge", `{"member":"`+alanURN+`"}`, 409)

	// Deliveries and stored entities.
	dels := arr(t, f.call(t, "GET", "deliveries", "", 200))
	if len(dels) != 2 || obj(t, dels[1])["url"] != "https://ats.example.com/linkedin" {
		t.Errorf("deliveries %v", dels)
	}
	e := obj(t, f.call(t, "GET", "entity?kind=candidate&ctx="+org+"&cand=C1", "", 200))
	if !reflect.DeepEqual(e["emailAddresses"], []any{"grace@example.com"}) {
		t.Errorf("entity %v", e)
	}
	f.call(t, "GET", "entity?kind=candidate&ctx="+org+"&cand=C2", "", 404)
}

func TestMockAPIFaults(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	ctx := context.Background()
	c := f.srv.Client(rsc.WithVersionedEndpoints(false), rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: -1}))
	keys := []model.CandidateKey{{IntegrationContext: f.org, ATSCandidateID: "C1"}}
	fs := arr(t, f.call(t, "POST", "faults", `{"op":"BATCH_GET /v2/atsCandidates","status":503,"latencyMs":5,"count":1}`, 201))
	if want := []any{map[string]any{"op": "BATCH_GET /v2/atsCandidates", "status": float64(503), "latencyMs": float64(5), "count": float64(1)}}; !reflect.DeepEqual(fs, want) {
		t.Errorf("faults %v", fs)
	}
	if _, err := c.Candidates.BatchGetMatches(ctx, keys); !errors.Is(err, rsc.ErrServer) {
		t.Errorf("with the fault: %v", err)
	}
	if _, err := c.Candidates.BatchGetMatches(ctx, keys); err != nil {
		t.Errorf("after its count: %v", err)
	}
	if n := len(arr(t, f.call(t, "GET", "faults", "", 200))); n != 1 {
		t.Errorf("listed faults: %d", n)
	}
	f.call(t, "POST", "faults", `{"burst429":2,"retryAfterSeconds":1}`, 201)
	if _, err := c.Candidates.BatchGetMatches(ctx, keys); !errors.Is(err, rsc.ErrRateLimited) {
		t.Errorf("burst: %v", err)
	}
	if n := len(arr(t, f.call(t, "POST", "faults/clear", "", 200))); n != 0 {
		t.Errorf("after clear: %d", n)
	}
	if _, err := c.Candidates.BatchGetMatches(ctx, keys); err != nil {
		t.Errorf("after clear: %v", err)
	}
	f.call(t, "POST", "faults", `{"rate":2}`, 400)
	f.call(t, "POST", "faults", `{"status":42}`, 400)
	f.call(t, "POST", "faults", `{"latency":"1s"}`, 400)
}

// TestMockAPIMethods checks that actions take only POST and inspection only
// GET, with 405 and an Allow header otherwise.
func TestMockAPIMethods(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	allowed := map[string][]string{}
	for _, v := range arr(t, obj(t, f.call(t, "GET", "", "", 200))["endpoints"]) {
		ep := obj(t, v)
		allowed[ep["path"].(string)] = append(allowed[ep["path"].(string)], ep["method"].(string))
	}
	for _, p := range []string{"/_mock/customers", "/_mock/members", "/_mock/seats", "/_mock/integrations/enable", "/_mock/exports",
		"/_mock/inmails", "/_mock/inmails/reply", "/_mock/prospectNotes", "/_mock/purge", "/_mock/inats", "/_mock/candidates"} {
		if allowed[p] == nil {
			t.Errorf("%s is not listed", p)
		}
	}
	for path, methods := range allowed {
		slices.Sort(methods)
		for _, m := range []string{"GET", "POST", "PUT", "DELETE", "PATCH"} {
			if slices.Contains(methods, m) {
				continue
			}
			resp, body := f.do(t, m, path, "application/json", "{}")
			if resp.StatusCode != 405 || resp.Header.Get("Allow") != strings.Join(methods, ", ") || !strings.Contains(body, `"status":405`) {
				t.Errorf("%s %s: %d Allow %q %s", m, path, resp.StatusCode, resp.Header.Get("Allow"), body)
			}
		}
	}
	if got := allowed["/_mock/exports"]; !reflect.DeepEqual(got, []string{"POST"}) {
		t.Errorf("exports allows %v", got)
	}
	if got := allowed["/_mock/inats"]; !reflect.DeepEqual(got, []string{"GET"}) {
		t.Errorf("inats allows %v", got)
	}
	f.call(t, "GET", "nope", "", 404)
}

// TestMockAPIDocumented checks that doc.go documents every /_mock/ endpoint.
func TestMockAPIDocumented(t *testing.T) {
	t.Parallel()
	doc, err := os.ReadFile("doc.go")
	if err != nil {
		t.Fatal(err)
	}
	f := &fixture{srv: rscmock.NewServer(t), client: &http.Client{}}
	for _, v := range arr(t, obj(t, f.call(t, "GET", "", "", 200))["endpoints"]) {
		ep := obj(t, v)
		if line := ep["method"].(string) + " " + ep["path"].(string); !strings.Contains(string(doc), line) {
			t.Errorf("doc.go does not document %q", line)
		}
	}
}

// TestJSONNames checks that the exported types the JSON API returns name
// every field in camelCase.
func TestJSONNames(t *testing.T) {
	t.Parallel()
	for _, v := range []any{rscmock.Customer{}, rscmock.CustomerSpec{}, rscmock.Member{}, rscmock.Seat{}, rscmock.Job{},
		rscmock.Indicator{}, rscmock.Delivery{}, rscmock.IntegrationState{}, rscmock.IntegrationRequest{}} {
		rt := reflect.TypeOf(v)
		for i := range rt.NumField() {
			fl := rt.Field(i)
			name, _, _ := strings.Cut(fl.Tag.Get("json"), ",")
			if fl.IsExported() && !camelKey.MatchString(name) {
				t.Errorf("%s.%s has json name %q", rt.Name(), fl.Name, name)
			}
		}
	}
	// Fault round-trips through its JSON shape.
	in := rscmock.Fault{Op: "FINDER /v2/seatsV2", Status: 500, Latency: 250 * time.Millisecond, Drop: true, Burst429: 2,
		RetryAfter: 3 * time.Second, DailyExhausted: true, Rate: 0.25, Count: 4}
	b, err := in.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var out rscmock.Fault
	if err := out.UnmarshalJSON(b); err != nil || out != in {
		t.Errorf("fault round trip: %v %+v from %s", err, out, b)
	}
}
