package rscmock_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

func cand(ctx model.URN, id, email string) model.Candidate {
	return model.Candidate{Key: model.CandidateKey{IntegrationContext: ctx, ATSCandidateID: id},
		ATSCreatedAt: 1484864187000, ATSLastModifiedAt: 1484864187001, EmailAddresses: []string{email},
		ExternalProfileURL: "https://ats.example.com/c/" + id, FirstName: "Ada", LastName: "Lovelace"}
}

func job(ctx model.URN, id string, op model.JobPostingOperation) model.JobPosting {
	return model.JobPosting{IntegrationContext: ctx, ExternalJobPostingID: id, Operation: op, Title: "Software Engineer",
		Description: strings.Repeat("Build the SDK that every ATS uses to talk to LinkedIn. ", 3),
		ListedAt:    1484864187000, Location: "San Francisco, CA", CompanyApplyURL: "https://ats.example.com/jobs/" + id,
		Availability: model.AvailabilityPrivate}
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func TestEndToEndSync(t *testing.T) {
	t.Parallel()
	for _, versioned := range []bool{false, true} {
		t.Run(fmt.Sprint("versioned=", versioned), func(t *testing.T) {
			t.Parallel()
			srv := rscmock.NewServer(t)
			c := srv.Client(rsc.WithVersionedEndpoints(versioned), rsc.WithAPIVersion("202604"))
			ctx := context.Background()
			d := srv.Default()
			org := d.Organization
			m := srv.AddMember(rscmock.Member{Email: "grace@example.com"})

			// Integrations, configurations.
			res, err := c.Integrations.Enable(ctx, rsc.EnableRequest{Organization: org, Contract: d.Contract, CustomerName: "Acme"})
			if err != nil || len(rsc.Failed(res)) > 0 {
				t.Fatalf("enable: %v %+v", err, res)
			}
			if err := c.Configurations.SetCallbackURL(ctx, org, "https://ats.example.com/cb"); err != nil {
				t.Fatal(err)
			}
			oce := model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}
			ins, err := c.Integrations.BatchGet(ctx, []model.IntegrationKey{oce})
			if err != nil || ins[0].Err != nil || ins[0].Value.IntegrationName != "Acme LinkedIn Recruiter One-Click Export Integration" || ins[0].Value.Status != "DISABLED" {
				t.Fatalf("integrations: %v %+v", err, ins)
			}
			cfgs, err := c.Configurations.BatchGet(ctx, []model.ConfigurationKey{{Integration: oce, Name: model.ConfigCallbackURL}})
			if err != nil || cfgs[0].Err != nil || cfgs[0].Value.Value.String != "https://ats.example.com/cb" {
				t.Fatalf("configurations: %v %+v", err, cfgs)
			}

			// Candidates: one valid, one invalid record (per-entity 422).
			good := cand(org, "C1", "grace@example.com")
			bad := cand(org, "C2", "x@example.com")
			rs, err := c.Candidates.BatchUpdate(ctx, []model.Candidate{good})
			if err != nil || rs[0].Err != nil || rs[0].Status != 204 {
				t.Fatalf("candidates: %v %+v", err, rs)
			}
			_ = bad
			matches, err := c.Candidates.BatchGetMatches(ctx, []model.CandidateKey{good.Key, {IntegrationContext: org, ATSCandidateID: "nope"}})
			if err != nil || matches[0].Err != nil || len(matches[0].Value.MatchedMembers) != 1 || matches[0].Value.MatchedMembers[0] != m.URN {
				t.Fatalf("matches: %v %+v", err, matches)
			}
			if !errors.Is(matches[1].Err, rsc.ErrNotFound) {
				t.Errorf("missing candidate: %v", matches[1].Err)
			}
			if !versioned {
				other := srv.AddMember(rscmock.Member{})
				if rs, err := c.Candidates.AttachPerson(ctx, []rsc.PersonLink{{Candidate: good.Key, Person: other.URN}}); err != nil || rs[0].Err != nil {
					t.Fatalf("attach: %v %+v", err, rs)
				}
				matches, _ = c.Candidates.BatchGetMatches(ctx, []model.CandidateKey{good.Key})
				if matches[0].Value.ManualMatchedMember != other.URN || len(matches[0].Value.MatchedMembers) != 1 {
					t.Errorf("after attach: %+v", matches[0].Value)
				}
				if rs, err := c.Candidates.DetachPerson(ctx, []model.CandidateKey{good.Key}); err != nil || rs[0].Err != nil {
					t.Fatalf("detach: %v %+v", err, rs)
				}
				matches, _ = c.Candidates.BatchGetMatches(ctx, []model.CandidateKey{good.Key})
				if matches[0].Value.ManualMatchedMember != "" {
					t.Errorf("after detach: %+v", matches[0].Value)
				}
			}

			// Notes, applications, stages, feedback.
			ck := good.Key
			ak := model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: "A1"}
			if rs, err := c.CandidateNotes.BatchUpdate(ctx, []model.CandidateNote{{Key: model.CandidateNoteKey{Candidate: ck, NoteID: "N1"}, Note: "hi"}}); err != nil || rs[0].Err != nil {
				t.Fatalf("candidate notes: %v %+v", err, rs)
			}
			if rs, err := c.Applications.BatchUpdate(ctx, []model.Application{{Key: ak, ATSCandidateID: "C1", ATSCreatedAt: 1, ATSLastModifiedAt: 2,
				ATSJobPostingID: "J1", ATSJobPostingName: "Engineer", CandidateEmail: "grace@example.com", FirstName: "Grace"}}); err != nil || rs[0].Err != nil {
				t.Fatalf("applications: %v %+v", err, rs)
			}
			if rs, err := c.ApplicationNotes.BatchUpdate(ctx, []model.ApplicationNote{{Key: model.ApplicationNoteKey{Application: ak, NoteID: "AN1"}, Note: "x"}}); err != nil || rs[0].Err != nil {
				t.Fatalf("application notes: %v %+v", err, rs)
			}
			if rs, err := c.Stages.BatchUpdate(ctx, []model.ApplicationStage{{Key: model.StageKey{Application: ak, StageID: "S1"}, ATSCreatedAt: 5, Stage: "Offer Extended"}}); err != nil || rs[0].Err != nil {
				t.Fatalf("stages: %v %+v", err, rs)
			}
			if rs, err := c.InterviewFeedback.BatchUpdate(ctx, []model.InterviewFeedback{{Key: model.InterviewFeedbackKey{Application: ak, FeedbackID: "F1"}, Feedback: "good"}}); err != nil || rs[0].Err != nil {
				t.Fatalf("feedback: %v %+v", err, rs)
			}
			ind := srv.InATS(org, m.URN, "")
			if len(ind.Candidates) != 1 || len(ind.Applications) != 1 || len(ind.Stages) != 1 || ind.Notes != 2 || ind.Feedback != 1 {
				t.Errorf("indicator %+v", ind)
			}
			if n := srv.PastApplicants(org, m.URN, "urn:li:person:none"); n != 1 {
				t.Errorf("past applicants %d", n)
			}
			if rs, err := c.Applications.BatchDelete(ctx, []model.ApplicationKey{ak}); err != nil || rs[0].Err != nil {
				t.Fatalf("delete application: %v %+v", err, rs)
			}
			ind = srv.InATS(org, m.URN, "")
			if len(ind.Applications) != 0 || len(ind.Stages) != 0 || ind.Notes != 1 || ind.Feedback != 0 {
				t.Errorf("after cascade: %+v", ind)
			}
			if rs, err := c.Stages.BatchDelete(ctx, []model.StageKey{{Application: ak, StageID: "S1"}}); err != nil || rs[0].Err != nil {
				t.Fatalf("stage delete: %v %+v", err, rs)
			}
			if rs, err := c.CandidateNotes.BatchDelete(ctx, []model.CandidateNoteKey{{Candidate: ck, NoteID: "N1"}}); err != nil || rs[0].Err != nil {
				t.Fatalf("note delete: %v %+v", err, rs)
			}
			if rs, err := c.Candidates.BatchDelete(ctx, []model.CandidateKey{ck}); err != nil || rs[0].Err != nil {
				t.Fatalf("candidate delete: %v %+v", err, rs)
			}
			if got := srv.Candidates(org); len(got) != 0 {
				t.Errorf("candidates left: %+v", got)
			}

			// Jobs and tasks.
			jr, err := c.JobPostings.BatchCreate(ctx, []model.JobPosting{job(org, "J1", model.OperationCreate)})
			if err != nil || jr[0].Err != nil || jr[0].Status != 202 || jr[0].Task == "" {
				t.Fatalf("jobs: %v %+v", err, jr)
			}
			tasks, err := c.JobPostings.BatchGetTasks(ctx, []model.URN{jr[0].Task, "urn:li:simpleJobPostingTask:999"})
			if err != nil || tasks[0].Err != nil || tasks[0].Value.Status != model.TaskSucceeded || tasks[0].Value.JobPosting == "" {
				t.Fatalf("tasks: %v %+v", err, tasks)
			}
			if !errors.Is(tasks[1].Err, rsc.ErrNotFound) {
				t.Errorf("unknown task: %v", tasks[1].Err)
			}

			// Seats.
			seats, resp, err := c.Seats.List(ctx, rsc.SeatListOptions{Contracts: []model.URN{d.Contract}, ListOptions: rsc.ListOptions{Count: 2}})
			if err != nil || len(seats) != 2 || resp.Paging.Total != 3 || seats[0].URN != d.Seats[0].URN || seats[0].Member != d.Seats[0].Holder.URN {
				t.Fatalf("seats: %v %+v %+v", err, seats, resp)
			}
		})
	}
}

func TestEndToEndACLsExportsAndProspects(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	var mu sync.Mutex
	var got []string
	cb := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
	}))
	t.Cleanup(cb.Close)
	tr := cb.Client().Transport.(*http.Transport).Clone()
	tr.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, cb.Listener.Addr().String())
	}
	srv := rscmock.NewServer(t, rscmock.WithClock(clock.Now), rscmock.WithExportsPerSeatMonth(1), rscmock.WithCallbackClient(&http.Client{Transport: tr}))
	c := srv.Client(v2Exports())
	ctx := context.Background()
	d := srv.Default()
	org, seat := d.Organization, d.Seats[0]
	member := srv.AddMember(rscmock.Member{FirstName: "Grace", LastName: "Hopper"})

	if _, err := c.JobPostings.BatchCreate(ctx, []model.JobPosting{job(org, "J1", model.OperationCreate), job(org, "J2", model.OperationCreate)}); err != nil {
		t.Fatal(err)
	}
	aclKey := model.EntityACLKey{IntegrationContext: org, ATSEntityACLID: "G1", ATSEntityID: "J1", ATSEntityType: model.EntityTypeJobPosting}
	if rs, err := c.EntityACLs.BatchUpdate(ctx, []model.EntityACL{{Key: aclKey}}); err != nil || rs[0].Err != nil {
		t.Fatalf("acl: %v %+v", err, rs)
	}
	asKey := model.ACLAssigneeKey{IntegrationContext: org, ATSEntityACLID: "G1", Assignee: seat.Holder.URN, ATSEntityType: model.EntityTypeJobPosting}
	if rs, err := c.ACLAssignees.BatchUpdate(ctx, []model.ACLAssignee{{Key: asKey}}); err != nil || rs[0].Err != nil {
		t.Fatalf("assignee: %v %+v", err, rs)
	}
	acls, _, err := c.EntityACLs.List(ctx, rsc.EntityACLListOptions{IntegrationContext: org, ATSEntityID: "J1"})
	if err != nil || len(acls) != 1 || acls[0].Key != aclKey {
		t.Fatalf("acl list: %v %+v", err, acls)
	}
	as, _, err := c.ACLAssignees.List(ctx, rsc.ACLAssigneeListOptions{IntegrationContext: org, Assignee: seat.Holder.URN})
	if err != nil || len(as) != 1 || as[0].Key != asKey {
		t.Fatalf("assignee list: %v %+v", err, as)
	}
	if err := c.Configurations.SetCallbackURL(ctx, org, "https://example.com/linkedin"); err != nil {
		t.Fatal(err)
	}
	if jobs := srv.ExportJobs(seat.URN); len(jobs) != 1 || jobs[0].ExternalJobPostingID != "J1" {
		t.Errorf("export jobs %+v", jobs)
	}
	if _, _, err := srv.Export(ctx, seat.URN, member.URN, "J1"); !errors.Is(err, rscmock.ErrNotEnabled) {
		t.Errorf("export before enable: %v", err)
	}
	oce := model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport}
	del, err := srv.SetIntegrationEnabled(ctx, oce, true)
	if err != nil {
		t.Fatal(err)
	}
	ins, _, err := c.Integrations.FindByRequest(ctx, del.Notification.ID)
	if err != nil || len(ins) != 1 || ins[0].Status != "ENABLED" || ins[0].Key.IntegrationType != model.IntegrationTypeOneClickExport {
		t.Fatalf("find by request: %v %+v", err, ins)
	}
	if _, _, err := srv.Export(ctx, seat.URN, member.URN, "J2"); !errors.Is(err, rscmock.ErrJobNotVisible) {
		t.Errorf("export of hidden job: %v", err)
	}
	id, _, err := srv.Export(ctx, seat.URN, member.URN, "J1")
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := srv.Export(ctx, seat.URN, member.URN, "J1"); !errors.Is(err, rscmock.ErrExportQuota) {
		t.Errorf("second export in month: %v", err)
	}
	clock.Add(31 * 24 * time.Hour)
	if _, _, err := srv.Export(ctx, seat.URN, member.URN, "J1"); err != nil {
		t.Errorf("export next month: %v", err)
	}
	ex, _, err := c.Exports.Get(ctx, id)
	if err != nil || len(ex) != 1 || ex[0].Candidate.Member != member.URN || ex[0].Candidate.FirstName != "Grace" ||
		ex[0].Exporter.Seat != seat.URN || ex[0].ExternalJobPostingID != "J1" || ex[0].IntegrationContext != org {
		t.Fatalf("export get: %v %+v", err, ex)
	}
	if err := srv.Purge(member.URN); err != nil {
		t.Fatal(err)
	}
	purged, _, err := c.Exports.ListPurged(ctx, rsc.PurgedListOptions{Window: rsc.Window{Since: clock.Now().Add(-time.Hour), Until: clock.Now().Add(time.Hour)}})
	if err != nil || len(purged) != 2 || purged[0].Member != member.URN {
		t.Fatalf("purged: %v %+v", err, purged)
	}

	// InMails, stubs, notes.
	t0 := clock.Now()
	if _, err := srv.SendInMail(seat.URN, member.URN, "Hello", "Job?"); err != nil {
		t.Fatal(err)
	}
	clock.Add(time.Minute)
	if _, _, err := srv.ReplyInMail(seat.URN, member.URN, "Sure", true); err != nil {
		t.Fatal(err)
	}
	evs, _, err := c.InMails.List(ctx, rsc.InMailListOptions{Viewer: seat.URN, Window: rsc.Window{Since: t0, Until: t0.Add(time.Minute)}})
	if err != nil || len(evs) != 1 || evs[0].Subject != "Hello" {
		t.Fatalf("inmails [t0, t0+1m): %v %+v", err, evs)
	}
	if _, _, err := c.InMails.List(ctx, rsc.InMailListOptions{Viewer: "urn:li:seat:424242"}); !errors.Is(err, rsc.ErrForbidden) {
		t.Errorf("foreign viewer: %v", err)
	}
	stubs, _, err := c.MailStubs.List(ctx, rsc.MailStubListOptions{Contract: d.Contract, Owners: []model.URN{seat.URN}, Window: rsc.Window{Since: t0.Add(time.Minute)}})
	if err != nil || len(stubs) != 1 || stubs[0].Member != member.URN || stubs[0].EmailAddress == "" {
		t.Fatalf("stubs: %v %+v", err, stubs)
	}
	n1, _ := srv.AddProspectNote(seat.URN, member.URN, "shared", false)
	_, _ = srv.AddProspectNote(seat.URN, member.URN, "private", true)
	notes, _, err := c.ProspectNotes.List(ctx, rsc.ProspectNoteListOptions{Contract: d.Contract, Window: rsc.Window{Until: n1.LastModified.Time().Add(time.Millisecond)}})
	if err != nil || len(notes) != 1 || notes[0].Note != "shared" {
		t.Fatalf("notes (.., before]: %v %+v", err, notes)
	}
	notes, _, _ = c.ProspectNotes.List(ctx, rsc.ProspectNoteListOptions{Contract: d.Contract, Window: rsc.Window{Since: n1.LastModified.Time().Add(time.Millisecond)}})
	if len(notes) != 0 {
		t.Errorf("notes (after, ..): %+v", notes)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 3 || !strings.Contains(got[0], `"type":"INTEGRATION_STATUS_CHANGE"`) || !strings.Contains(got[1], `"id":"`+id+`","type":"EXPORT_CANDIDATE_PROFILE"`) {
		t.Errorf("callbacks %q", got)
	}
}

func TestProvisioningAndTenancy(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	ctx := context.Background()
	pc := srv.PartnerClient()
	app := model.ProvisionedApplication{UniqueForeignID: "cust-9", Name: "ATS - Nine", Description: "Nine"}
	made, created, err := pc.ProvisionCustomer(ctx, app)
	if err != nil || !created || made.Credentials == nil || made.Credentials.ClientSecret.Reveal() == "[redacted]" {
		t.Fatalf("provision: %v %v %+v", err, created, made)
	}
	again, created, err := pc.ProvisionCustomer(ctx, app)
	if err != nil || created || again.Key != made.Key || again.Credentials.ClientSecret.Reveal() != made.Credentials.ClientSecret.Reveal() {
		t.Fatalf("re-provision: %v %v %+v", err, created, again)
	}
	if _, err := pc.Applications.Create(ctx, app); !errors.Is(err, rsc.ErrConflict) {
		t.Errorf("duplicate: %v", err)
	}
	if err := pc.Applications.Update(ctx, made.Key, rsc.ApplicationUpdate{ValidJSSDKDomains: []string{"https://ats.example.com"}}); err != nil {
		t.Fatal(err)
	}
	if a, ok := srv.Application(made.Credentials.ClientID); !ok || len(a.ValidJSSDKDomains) != 1 {
		t.Errorf("after update: %+v", a)
	}
	// The new child app binds to the first organization it uses; then the
	// default customer's organization is off limits.
	child := srv.ClientFor(rscmock.Customer{ClientID: made.Credentials.ClientID, ClientSecret: made.Credentials.ClientSecret.Reveal()})
	own := model.OrganizationURN("777")
	if rs, err := child.Candidates.BatchUpdate(ctx, []model.Candidate{cand(own, "C1", "a@example.com")}); err != nil || rs[0].Err != nil {
		t.Fatalf("own org: %v %+v", err, rs)
	}
	_, err = child.Candidates.BatchUpdate(ctx, []model.Candidate{cand(srv.Default().Organization, "C1", "a@example.com")})
	if !errors.Is(err, rsc.ErrForbidden) {
		t.Errorf("wrong tenant: %v", err)
	}
	// Parent token on child resources, child token on provisioning.
	parentAsChild := srv.ClientFor(rscmock.Customer{ClientID: "partner-client-id", ClientSecret: "partner-client-secret"})
	if _, err := parentAsChild.Candidates.BatchUpdate(ctx, []model.Candidate{cand(own, "C1", "a@example.com")}); !errors.Is(err, rsc.ErrForbidden) {
		t.Errorf("parent on child resource: %v", err)
	}
	d := srv.Default()
	childAsPartner := srv.PartnerClient(rsc.WithClientCredentials(d.ClientID, d.ClientSecret))
	if _, err := childAsPartner.Applications.FindByForeignID(ctx, "cust-9"); !errors.Is(err, rsc.ErrForbidden) {
		t.Errorf("child on provisioning: %v", err)
	}
	// Wrong secret.
	bad := srv.ClientFor(rscmock.Customer{ClientID: d.ClientID, ClientSecret: "wrong"})
	_, err = bad.Candidates.BatchUpdate(ctx, []model.Candidate{cand(d.Organization, "C1", "a@example.com")})
	var ae *rsc.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 401 || ae.Code != "invalid_client" {
		t.Errorf("wrong secret: %v", err)
	}
}

// raw sends a request with a token of the default customer (see rawAs).
func raw(t *testing.T, srv *rscmock.Server, method, path string, body string, hdr map[string]string) (int, string) {
	t.Helper()
	d := srv.Default()
	return rawAs(t, srv, d.ClientID, d.ClientSecret, method, path, body, hdr)
}

// rawAs sends a request with a token of application clientID. A non-empty
// body goes with Content-Type: application/json, as LinkedIn requires,
// unless hdr sets Content-Type; a header set to "" is not sent.
func rawAs(t *testing.T, srv *rscmock.Server, clientID, clientSecret, method, path string, body string, hdr map[string]string) (int, string) {
	t.Helper()
	tok := ""
	if _, ok := hdr["Authorization"]; !ok {
		form := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {clientSecret}}
		req, _ := http.NewRequest(http.MethodPost, srv.TokenURL(), strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "text/plain")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		_, after, _ := strings.Cut(string(b), `"access_token":"`)
		tok, _, _ = strings.Cut(after, `"`)
	}
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range hdr {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestRawProtocol(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	org := string(srv.Default().Organization)
	orgEnc := url.QueryEscape(org)
	candBody := `{"addresses":[],"atsCreatedAt":1,"atsLastModifiedAt":2,"emailAddresses":["a@example.com"],"externalProfileUrl":"https://x.example.com/1","firstName":"A","phoneNumbers":[]}`
	badBody := `{"addresses":[],"atsCreatedAt":1,"atsLastModifiedAt":2,"emailAddresses":["a@example.com"],"externalProfileUrl":"https://x.example.com/1","phoneNumbers":[]}`
	ids := "ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext=" + org +
		"&ids%5B1%5D.integrationContext=" + orgEnc + "&ids%5B1%5D.atsCandidateId=C2&ids%5B1%5D.dataProvider=ATS"
	k1 := "dataProvider=ATS&integrationContext=" + org + "&atsCandidateId=C1"
	k2 := "atsCandidateId=C2&dataProvider=ATS&integrationContext=" + orgEnc
	body := `{"entities":{"` + k1 + `":` + candBody + `,"` + k2 + `":` + badBody + `}}`
	cases := []struct {
		name, method, path, body string
		hdr                      map[string]string
		status                   int
		contains                 string
	}{
		{"batch update, documented URL, one invalid", "PUT", "/v2/atsCandidates?" + ids, body, nil, 200, `"` + k2 + `":{"status":422,"message":"ERROR :: /firstName :: `},
		{"no token", "GET", "/v2/atsCandidates?" + ids, "", map[string]string{"Authorization": ""}, 401, "Empty oauth2_access_token"},
		{"bad token", "GET", "/v2/atsCandidates?" + ids, "", map[string]string{"Authorization": "Bearer nope"}, 401, `"message":"Invalid access token"`},
		{"entities do not match ids", "PUT", "/v2/atsCandidates?" + ids, `{"entities":{"` + k1 + `":` + candBody + `}}`, nil, 400, "do not match"},
		{"partial update without header", "POST", "/v2/atsCandidates?" + ids, `{"entities":{}}`, nil, 400, "batch_partial_update"},
		{"batch create without header", "POST", "/v2/simpleJobPostings", `{"elements":[]}`, nil, 403, "batch_create"},
		{"rest without version", "PUT", "/rest/candidates?ids=List((externalCandidateId:C1,integrationContext:" + orgEnc + "))", `{"entities":{}}`, nil, 400, "LinkedIn-Version"},
		{"seats without start", "GET", "/v2/seatsV2?q=attributes&contracts=" + string(srv.Default().Contract), "", nil, 400, "start"},
		{"inmails without viewer", "GET", "/v2/conversationEvents?q=criteria", "", nil, 400, "viewer"},
		{"query too long", "GET", "/v2/atsCandidates?" + ids + "&x=" + strings.Repeat("a", 4100), "", nil, 414, ""},
		{"url too long", "GET", "/v2/atsCandidates/" + strings.Repeat("a", 8200), "", nil, 414, ""},
		{"tunneled batch get", "POST", "/v2/atsCandidates", ids + "&fields=" + strings.Repeat("a", 4100),
			map[string]string{"X-HTTP-Method-Override": "GET", "Content-Type": "application/x-www-form-urlencoded"}, 200, `"statuses"`},
	}
	for _, tc := range cases {
		st, got := raw(t, srv, tc.method, tc.path, tc.body, tc.hdr)
		if st != tc.status || !strings.Contains(got, tc.contains) {
			t.Errorf("%s: %d %s", tc.name, st, got)
		}
	}
	// The valid record of the mixed batch was stored.
	if cs := srv.Candidates(model.URN(org)); len(cs) != 1 || cs[0].Key.ATSCandidateID != "C1" {
		t.Errorf("stored %+v", cs)
	}
	// Over 100 entities.
	var b strings.Builder
	for i := range 101 {
		fmt.Fprintf(&b, "&ids=N%d", i)
	}
	st, _ := raw(t, srv, "DELETE", "/v2/atsCandidates/atsCandidateId=C1&dataProvider=ATS&integrationContext="+orgEnc+"/notes?"+b.String()[1:], "", nil)
	if st != 400 && st != 414 {
		t.Errorf("101 ids: %d", st)
	}
}

func TestStrictRejectsUnknownFields(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t, rscmock.WithStrict(true))
	org := string(srv.Default().Organization)
	body := `{"entities":{"atsCandidateId=C1&dataProvider=ATS&integrationContext=` + org + `":{"addresses":[],"atsCreatedAt":1,"atsLastModifiedAt":2,"emailAddresses":["a@example.com"],"externalProfileUrl":"https://x.example.com/1","firstName":"A","phoneNumbers":[],"favouriteColour":"blue"}}}`
	st, got := raw(t, srv, "PUT", "/v2/atsCandidates?ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext="+org, body, nil)
	if st != 200 || !strings.Contains(got, `"status":422`) || !strings.Contains(got, "favouriteColour") {
		t.Errorf("%d %s", st, got)
	}
}

// TestJSONBodiesNeedContentTypeJSON: LinkedIn requires Content-Type:
// application/json on JSON bodies (explicitly on provisioning create); a
// body without it gets an error in LinkedIn's shape and changes nothing.
// text/plain with a JSON body is accepted, as LinkedIn's Postman collection
// sends it (TestPostmanTextPlainBodies).
func TestJSONBodiesNeedContentTypeJSON(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	pid, psecret := srv.PartnerCredentials()
	org := string(srv.Default().Organization)
	orgEnc := url.QueryEscape(org)
	app := func(foreignID string) string {
		return `{"uniqueForeignId":"` + foreignID + `","name":"My ATS - Acme","description":"Acme's instance"}`
	}
	candFields := `"addresses":[],"emailAddresses":["a@example.com"],"externalProfileUrl":"https://x.example.com/1","firstName":"A","phoneNumbers":[]`
	v2Path := "/v2/atsCandidates?ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext=" + org
	v2Body := `{"entities":{"atsCandidateId=C1&dataProvider=ATS&integrationContext=` + org + `":{"atsCreatedAt":1,"atsLastModifiedAt":2,` + candFields + `}}}`
	restPath := "/rest/candidates?ids=List((externalCandidateId:C2,integrationContext:" + orgEnc + "))"
	restBody := `{"entities":{"(externalCandidateId:C2,integrationContext:` + orgEnc + `)":{"externalCreatedAt":1,"externalLastModifiedAt":2,` + candFields + `}}}`
	rest := func(ct string) map[string]string {
		return map[string]string{"LinkedIn-Version": "202603", "X-Restli-Protocol-Version": "2.0.0", "X-RestLi-Method": "batch_update", "Content-Type": ct}
	}
	ct := func(v string) map[string]string { return map[string]string{"Content-Type": v} }

	// Provisioning create (parent application).
	for _, h := range []map[string]string{ct(""), ct("text/html"), ct("application/x-www-form-urlencoded"), ct("application/jsonp")} {
		st, got := rawAs(t, srv, pid, psecret, "POST", "/v2/provisionedApplications", app("rejected"), h)
		if st != 400 || !strings.Contains(got, `"status":400`) || !strings.Contains(got, "Content-Type") {
			t.Errorf("provisioning create with Content-Type %q: %d %s", h["Content-Type"], st, got)
		}
	}
	if st, got := rawAs(t, srv, pid, psecret, "GET", "/v2/provisionedApplications?q=credentialsByUniqueForeignId&uniqueForeignId=rejected", "", nil); st != 200 || !strings.Contains(got, `"elements":[]`) {
		t.Errorf("a rejected create was stored: %d %s", st, got)
	}
	st, got := rawAs(t, srv, pid, psecret, "POST", "/v2/provisionedApplications", app("acme-1"), ct("application/json"))
	if st != 201 {
		t.Fatalf("provisioning create with application/json: %d %s", st, got)
	}
	if st, got := rawAs(t, srv, pid, psecret, "POST", "/v2/provisionedApplications", app("acme-2"), ct("application/json; charset=utf-8")); st != 201 {
		t.Errorf("provisioning create with a charset: %d %s", st, got)
	}
	// Provisioning partial update.
	_, after, _ := strings.Cut(got, `"key":"`)
	key, _, _ := strings.Cut(after, `"`)
	upd := `{"patch":{"$set":{"validJsSdkDomains":["https://ats.example.com"]}}}`
	if st, got := rawAs(t, srv, pid, psecret, "POST", "/v2/provisionedApplications/"+url.PathEscape(key), upd, ct("")); st != 400 || !strings.Contains(got, "Content-Type") {
		t.Errorf("provisioning update without Content-Type: %d %s", st, got)
	}
	if st, got := rawAs(t, srv, pid, psecret, "POST", "/v2/provisionedApplications/"+url.PathEscape(key), upd, nil); st != 204 {
		t.Errorf("provisioning update: %d %s", st, got)
	}

	// Sync calls (child application), /v2 and /rest.
	if st, got := raw(t, srv, "PUT", v2Path, v2Body, map[string]string{"X-RestLi-Method": "batch_update", "Content-Type": ""}); st != 400 || !strings.Contains(got, "Content-Type") {
		t.Errorf("/v2 batch update without Content-Type: %d %s", st, got)
	}
	if st, got := raw(t, srv, "PUT", restPath, restBody, rest("text/xml")); st != 400 || !strings.Contains(got, "Content-Type") {
		t.Errorf("/rest batch update as text/xml: %d %s", st, got)
	}
	if st, got := raw(t, srv, "PUT", restPath, "entities=x", rest("text/plain")); st != 400 || !strings.Contains(got, "Content-Type") {
		t.Errorf("/rest batch update as text/plain, not JSON: %d %s", st, got)
	}
	if cs := srv.Candidates(model.URN(org)); len(cs) != 0 {
		t.Errorf("rejected writes stored %+v", cs)
	}
	if st, got := raw(t, srv, "PUT", v2Path, v2Body, map[string]string{"X-RestLi-Method": "batch_update"}); st != 200 || !strings.Contains(got, `"status":204`) {
		t.Errorf("/v2 batch update: %d %s", st, got)
	}
	if st, got := raw(t, srv, "PUT", restPath, restBody, rest("application/json")); st != 200 || !strings.Contains(got, `"status":204`) {
		t.Errorf("/rest batch update: %d %s", st, got)
	}
	// Calls without a body need no Content-Type.
	if st, got := raw(t, srv, "GET", v2Path, "", nil); st != 200 {
		t.Errorf("/v2 batch get: %d %s", st, got)
	}
}

// TestRestNeedsVersionAndProtocolHeaders: every versioned /rest call needs
// LinkedIn-Version as YYYYMM or YYYYMM.NN, and X-Restli-Protocol-Version
// absent (Rest.li 1.0), 1.0.0 or 2.0.0; /v2 calls need neither.
func TestRestNeedsVersionAndProtocolHeaders(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	org := srv.Default().Organization
	get := "/rest/candidates?ids=List((externalCandidateId:C1,integrationContext:" + url.QueryEscape(string(org)) + "))"
	hdr := func(version, protocol string) map[string]string {
		return map[string]string{"LinkedIn-Version": version, "X-Restli-Protocol-Version": protocol}
	}
	cases := []struct {
		name, path string
		hdr        map[string]string
		status     int
		contains   string
	}{
		{"valid", get, hdr("202603", "2.0.0"), 200, `"results"`},
		{"valid with patch suffix", get, hdr("202508.02", "2.0.0"), 200, `"results"`},
		{"version missing", get, hdr("", "2.0.0"), 400, `"code":"VERSION_MISSING"`},
		{"version with a dash", get, hdr("2025-04", "2.0.0"), 400, `"code":"INVALID_VERSION"`},
		{"month 99", get, hdr("999999", "2.0.0"), 400, `"code":"INVALID_VERSION"`},
		{"month 13", get, hdr("202613", "2.0.0"), 400, `"code":"INVALID_VERSION"`},
		{"month 00", get, hdr("202600", "2.0.0"), 400, `"code":"INVALID_VERSION"`},
		{"date", get, hdr("20260301", "2.0.0"), 400, `"code":"INVALID_VERSION"`},
		{"one-digit patch", get, hdr("202603.1", "2.0.0"), 400, `"code":"INVALID_VERSION"`},
		{"letters", get, hdr("latest", "2.0.0"), 400, `"code":"INVALID_VERSION"`},
		// Without the protocol header LinkedIn reads Rest.li 1.0, as the Java SDK sends it.
		{"protocol missing", get, hdr("202603", ""), 200, `"results"`},
		{"protocol 1.0.0", get, hdr("202603", "1.0.0"), 200, `"results"`},
		{"protocol 2.0", get, hdr("202603", "2.0"), 400, "X-Restli-Protocol-Version"},
		{"protocol 3.0.0", get, hdr("202603", "3.0.0"), 400, "X-Restli-Protocol-Version"},
		{"v2 without either", "/v2/atsCandidates?ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext=" + string(org), nil, 200, `"results"`},
	}
	for _, tc := range cases {
		st, got := raw(t, srv, "GET", tc.path, "", tc.hdr)
		if st != tc.status || !strings.Contains(got, tc.contains) || (st == 400 && !strings.Contains(got, `"status":400`)) {
			t.Errorf("%s: %d %s", tc.name, st, got)
		}
	}

	// The client sends both headers on every versioned call.
	ctx := context.Background()
	c := srv.Client(rsc.WithVersionedEndpoints(true), rsc.WithAPIVersion("202508.02"))
	if rs, err := c.Candidates.BatchUpdate(ctx, []model.Candidate{cand(org, "C1", "a@example.com")}); err != nil || rs[0].Err != nil {
		t.Fatalf("versioned client: %v %+v", err, rs)
	}
	// A malformed per-call version never leaves the client (the raw cases
	// above show the mock's answer to one).
	_, err := c.Candidates.BatchUpdate(ctx, []model.Candidate{cand(org, "C2", "b@example.com")}, rsc.WithVersion("2025-04"))
	var ae *rsc.APIError
	if err == nil || errors.As(err, &ae) || !strings.Contains(err.Error(), "YYYYMM") {
		t.Errorf("malformed version through the client: %v", err)
	}
}

// TestOneClickExportNeedsCallbackURL: CALLBACK_URL is mandatory before
// ONE_CLICK_EXPORT is enabled, whichever way the admin enables it (Go
// method, /_mock/, console, onboarding widget). Other integrations, and
// disabling, need none.
func TestOneClickExportNeedsCallbackURL(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	ctx := context.Background()
	oce := model.IntegrationKey{IntegrationContext: f.org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}
	// The fixture configured a CALLBACK_URL: remove it.
	if rs, err := f.c.Configurations.BatchDelete(ctx, []model.ConfigurationKey{{Integration: oce, Name: model.ConfigCallbackURL}}); err != nil || rs[0].Err != nil {
		t.Fatalf("delete CALLBACK_URL: %v %+v", err, rs)
	}
	status := func() string {
		t.Helper()
		ins, err := f.c.Integrations.BatchGet(ctx, []model.IntegrationKey{oce})
		if err != nil || ins[0].Err != nil {
			t.Fatalf("integration: %v %+v", err, ins)
		}
		return ins[0].Value.Status
	}
	deliveries := len(f.srv.Deliveries())

	// Go method.
	if _, err := f.srv.SetIntegrationEnabled(ctx, oce, true); !errors.Is(err, rscmock.ErrNoCallbackURL) || !strings.Contains(err.Error(), "CALLBACK_URL") {
		t.Errorf("SetIntegrationEnabled without CALLBACK_URL: %v", err)
	}
	// /_mock/ JSON API.
	m := obj(t, f.call(t, "POST", "integrations/enable", `{"integrationContext":"`+string(f.org)+`","integrationType":"ONE_CLICK_EXPORT","enabled":true}`, 409))
	if msg, _ := m["message"].(string); !strings.Contains(msg, "CALLBACK_URL") {
		t.Errorf("/_mock/integrations/enable: %v", m)
	}
	// Console.
	resp, _ := f.post(t, "/_console/actions/integration", url.Values{"back": {"/_console/tenant?org=" + string(f.org)},
		"ctx": {string(f.org)}, "itype": {"ONE_CLICK_EXPORT"}, "enabled": {"true"}})
	if body := f.follow(t, resp); !strings.Contains(body, `id="error"`) || !strings.Contains(body, "CALLBACK_URL") {
		t.Errorf("console enable: %s", body)
	}
	// Onboarding widget.
	resp, _ = f.post(t, "/_widgets/onboarding/enable", url.Values{"apiKey": {f.d.ClientID},
		"supportedBundledIntegrationTypes": {"RECRUITER_SYSTEM_CONNECT_COMPANY"}, "itype": {"ONE_CLICK_EXPORT"}, "enabled": {"true"}})
	if body := f.follow(t, resp); !strings.Contains(body, `id="error"`) || !strings.Contains(body, "CALLBACK_URL") {
		t.Errorf("widget enable: %s", body)
	}
	// A batch update of the integration that sets its status.
	ikey := "integrationContext=" + string(f.org) + "&integrationType=ONE_CLICK_EXPORT&tenantType=RECRUITER&dataProvider=ATS"
	ids := "ids[0].integrationContext=" + string(f.org) + "&ids[0].integrationType=ONE_CLICK_EXPORT&ids[0].tenantType=RECRUITER&ids[0].dataProvider=ATS"
	put := `{"entities":{"` + ikey + `":{"integrationName":"Acme LinkedIn Recruiter One-Click Export Integration","status":"ENABLED"}}}`
	if st, got := raw(t, f.srv, "PUT", "/v2/atsIntegrations?"+ids, put, map[string]string{"X-RestLi-Method": "batch_update"}); st != 200 || !strings.Contains(got, `"status":409`) || !strings.Contains(got, "CALLBACK_URL") {
		t.Errorf("batch update to ENABLED: %d %s", st, got)
	}
	if st := status(); st == "ENABLED" {
		t.Errorf("ONE_CLICK_EXPORT enabled without CALLBACK_URL: %s", st)
	}
	if n := len(f.srv.Deliveries()); n != deliveries {
		t.Errorf("refused enables notified: %d deliveries, want %d", n, deliveries)
	}

	// Other integrations and disabling need no CALLBACK_URL.
	if _, err := f.srv.SetIntegrationEnabled(ctx, model.IntegrationKey{IntegrationContext: f.org, IntegrationType: model.IntegrationTypeInATSIndicator}, true); err != nil {
		t.Errorf("IN_ATS_INDICATOR: %v", err)
	}
	if _, err := f.srv.SetIntegrationEnabled(ctx, oce, false); err != nil {
		t.Errorf("disable ONE_CLICK_EXPORT: %v", err)
	}

	// With CALLBACK_URL configured, enabling works and notifies it.
	if err := f.c.Configurations.SetCallbackURL(ctx, f.org, "https://ats.example.com/linkedin"); err != nil {
		t.Fatal(err)
	}
	d, err := f.srv.SetIntegrationEnabled(ctx, oce, true)
	if err != nil || d.Status != 200 || d.URL != "https://ats.example.com/linkedin" {
		t.Fatalf("enable with CALLBACK_URL: %v %+v", err, d)
	}
	if st := status(); st != "ENABLED" {
		t.Errorf("status %q", st)
	}
}

func TestLimitsAndTokenExpiry(t *testing.T) {
	t.Parallel()
	clock := &fakeClock{t: time.Date(2026, 3, 1, 23, 59, 0, 0, time.UTC)}
	srv := rscmock.NewServer(t, rscmock.WithClock(clock.Now), rscmock.WithRequestsPerDay(3), rscmock.WithRecordsPerMinute(2),
		rscmock.WithTokenTTL(time.Hour))
	ctx := context.Background()
	d := srv.Default()
	c := srv.Client(rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: -1}))
	keys := []model.CandidateKey{{IntegrationContext: d.Organization, ATSCandidateID: "C1"}}
	recs := []model.Candidate{cand(d.Organization, "C1", "a@example.com"), cand(d.Organization, "C2", "b@example.com")}
	if _, err := c.Candidates.BatchUpdate(ctx, recs); err != nil {
		t.Fatal(err)
	}
	_, err := c.Candidates.BatchUpdate(ctx, recs[:1])
	var ae *rsc.APIError
	if !errors.As(err, &ae) || ae.StatusCode != 429 || ae.RetryAfter <= 0 {
		t.Fatalf("records per minute: %v", err)
	}
	if _, err := c.Candidates.BatchGetMatches(ctx, keys); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Candidates.BatchGetMatches(ctx, keys); !errors.Is(err, rsc.ErrDailyQuota) {
		t.Fatalf("daily quota: %v", err)
	}
	clock.Add(2 * time.Minute) // past 00:00 UTC
	c2 := srv.Client(rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: -1}))
	if _, err := c2.Candidates.BatchGetMatches(ctx, keys); err != nil {
		t.Fatalf("after reset: %v", err)
	}
	// Token expiry: the server answers 401 "expired"; the client refreshes once.
	clock.Add(2 * time.Hour)
	if _, err := c2.Candidates.BatchGetMatches(ctx, keys); err != nil {
		t.Fatalf("after expiry the client should refresh: %v", err)
	}
	_, body := raw(t, srv, "GET", "/v2/atsCandidates?ids=x", "", map[string]string{"Authorization": "Bearer nope"})
	if !strings.Contains(body, "Invalid access token") {
		t.Error(body)
	}
}

func TestFaults(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	op := "BATCH_GET /v2/atsCandidates"
	cases := []struct {
		name  string
		fault rscmock.Fault
		check func(t *testing.T, err error, elapsed time.Duration)
	}{
		{"status", rscmock.Fault{Op: op, Status: 503}, func(t *testing.T, err error, _ time.Duration) {
			if !errors.Is(err, rsc.ErrServer) {
				t.Error(err)
			}
		}},
		{"latency", rscmock.Fault{Op: op, Latency: 50 * time.Millisecond}, func(t *testing.T, err error, el time.Duration) {
			if err != nil || el < 50*time.Millisecond {
				t.Error(err, el)
			}
		}},
		{"drop", rscmock.Fault{Op: op, Drop: true}, func(t *testing.T, err error, _ time.Duration) {
			if err == nil {
				t.Error("no error")
			}
		}},
		{"burst 429 then success", rscmock.Fault{Op: op, Burst429: 1}, func(t *testing.T, err error, _ time.Duration) {
			if err != nil {
				t.Error(err)
			}
		}},
		{"daily exhausted", rscmock.Fault{DailyExhausted: true, Count: 1}, func(t *testing.T, err error, _ time.Duration) {
			if !errors.Is(err, rsc.ErrDailyQuota) {
				t.Error(err)
			}
		}},
		{"other op untouched", rscmock.Fault{Op: "BATCH_UPDATE /v2/atsCandidates", Status: 500}, func(t *testing.T, err error, _ time.Duration) {
			if err != nil {
				t.Error(err)
			}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := rscmock.NewServer(t)
			c := srv.Client(rsc.WithVersionedEndpoints(false), rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
			srv.InjectFault(tc.fault)
			start := time.Now()
			_, err := c.Candidates.BatchGetMatches(ctx, []model.CandidateKey{{IntegrationContext: srv.Default().Organization, ATSCandidateID: "C1"}})
			tc.check(t, err, time.Since(start))
			srv.ClearFaults()
		})
	}
	// Rate is seeded: the same seed gives the same pattern.
	pattern := func() string {
		srv := rscmock.NewServer(t, rscmock.WithSeed(7))
		srv.InjectFault(rscmock.Fault{Op: op, Status: 500, Rate: 0.5})
		var b strings.Builder
		for range 20 {
			st, _ := raw(t, srv, "GET", "/v2/atsCandidates?ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext="+string(srv.Default().Organization), "", nil)
			fmt.Fprint(&b, st/100)
		}
		return b.String()
	}
	p1, p2 := pattern(), pattern()
	if p1 != p2 || !strings.Contains(p1, "5") || !strings.Contains(p1, "2") {
		t.Errorf("rate pattern %s vs %s", p1, p2)
	}
}
