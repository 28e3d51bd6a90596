package rscmock_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// The endpoints the fake serves from LinkedIn's notes before the client
// calls them (issue 12, last part).

var rest2 = map[string]string{"LinkedIn-Version": "202604", "X-RestLi-Protocol-Version": "2.0.0"}

func withHdr(base map[string]string, kv ...string) map[string]string {
	out := map[string]string{}
	for k, v := range base {
		out[k] = v
	}
	for i := 0; i+1 < len(kv); i += 2 {
		out[kv[i]] = kv[i+1]
	}
	return out
}

// TestRestExportReadsHaveTheirOwnQuota: rest/exportedCandidates serves the
// export as /v2 does; exportedCandidates and atsPurgedExportedCandidates
// each have a daily quota of their own, apart from the application's.
func TestRestExportReadsHaveTheirOwnQuota(t *testing.T) {
	t.Parallel()
	f := newFixture(t, "Grace")
	if _, err := f.srv.SetIntegrationEnabled(context.Background(), model.IntegrationKey{IntegrationContext: f.org,
		IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, true); err != nil {
		t.Fatal(err)
	}
	id, _, err := f.srv.Export(context.Background(), f.seat, f.grace.URN, "J1")
	if err != nil {
		t.Fatal(err)
	}
	st, _, body := sendChild(t, f.srv, "GET", "/rest/exportedCandidates?q=request&requestId="+id, "", rest2)
	if st != 200 || len(elements(t, body)) != 1 {
		t.Fatalf("rest/exportedCandidates: %d %s", st, body)
	}
	_, _, v2 := sendChild(t, f.srv, "GET", "/v2/exportedCandidates?q=request&requestId="+id, "", nil)
	if v2 != body {
		t.Errorf("rest and v2 differ:\n%s\n%s", body, v2)
	}

	srv := rscmock.NewServer(t, rscmock.Options{ExportReadsPerDay: 2})
	for i := range 3 {
		st, _, body := sendChild(t, srv, "GET", "/rest/exportedCandidates?q=request&requestId=1", "", rest2)
		if want := map[bool]int{true: 200, false: 429}[i < 2]; st != want {
			t.Errorf("exportedCandidates read %d: %d %s", i+1, st, body)
		}
	}
	if st, _, body := sendChild(t, srv, "GET", "/rest/atsPurgedExportedCandidates?q=criteria", "", rest2); st != 200 {
		t.Errorf("purged, with its own quota: %d %s", st, body)
	}
	if st, _, body := sendChild(t, srv, "GET", "/v2/seatsV2?q=attributes&start=0&contracts="+url.QueryEscape(string(srv.Default().Contract)), "", nil); st != 200 {
		t.Errorf("another resource, on the application's quota: %d %s", st, body)
	}
}

// TestRestIntegrationConfigurations: the /rest configurations resource
// writes what /v2's sub-resource reads, with the documented key and the
// undocumented name field under any of its plausible names.
func TestRestIntegrationConfigurations(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	org := srv.Default().Organization
	enc := url.QueryEscape(string(org))
	for _, nameField := range []string{"name", "configurationName"} {
		key := "(integrationContext:" + enc + ",integrationType:ONE_CLICK_EXPORT,tenantType:RECRUITER," + nameField + ":CALLBACK_URL)"
		body := `{"entities":{"` + key + `":{"configurationValue":{"string":"https://ats.example.com/li-` + nameField + `"}}}}`
		st, _, got := sendChild(t, srv, "PUT", "/rest/integrationConfigurations?ids=List("+key+")", body,
			withHdr(rest2, "X-RestLi-Method", "batch_update", "Content-Type", "application/json"))
		if st != 200 || !strings.Contains(got, `"status":204`) {
			t.Errorf("%s: %d %s", nameField, st, got)
		}
	}
	cfg, ok := srv.SyncedConfiguration(model.ConfigurationKey{Integration: model.IntegrationKey{IntegrationContext: org,
		IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, Name: model.ConfigCallbackURL})
	if !ok || cfg.Writes != 2 || !strings.Contains(string(cfg.Body), "li-configurationName") {
		t.Errorf("stored: %+v %v", cfg, ok)
	}
	// A CALLBACK_URL set through /rest lets the admin enable One-Click Export.
	if _, err := srv.SetIntegrationEnabled(context.Background(), model.IntegrationKey{IntegrationContext: org,
		IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}, true); err != nil {
		t.Errorf("enable after a /rest CALLBACK_URL: %v", err)
	}
	// The callback rule holds on /rest too.
	key := "(integrationContext:" + enc + ",integrationType:ONE_CLICK_EXPORT,tenantType:RECRUITER,name:CALLBACK_URL)"
	st, _, got := sendChild(t, srv, "PUT", "/rest/integrationConfigurations?ids=List("+key+")",
		`{"entities":{"`+key+`":{"configurationValue":{"string":"http://ats.example.com/li"}}}}`,
		withHdr(rest2, "X-RestLi-Method", "batch_update", "Content-Type", "application/json"))
	if st != 200 || !strings.Contains(got, `"status":422`) {
		t.Errorf("http CALLBACK_URL: %d %s", st, got)
	}
}

// attachmentKey is a rest/attachments key in Rest.li 2.0.
func attachmentKey(org model.URN, ctxField, app, id string) string {
	return "(externalReferenceEntityId:" + app + ",externalAttachmentId:" + id + "," + ctxField + ":" + url.QueryEscape(string(org)) +
		",externalReferenceEntityType:APPLICATION,attachmentType:RESUME)"
}

// TestRestAttachments: batch_update and batch_delete of resumes, at most 10
// per call, the context named integrationContext or organizationId.
func TestRestAttachments(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	org := srv.Default().Organization
	hdr := withHdr(rest2, "X-RestLi-Method", "batch_update", "Content-Type", "application/json")
	content := base64.StdEncoding.EncodeToString([]byte("Grace Hopper, COBOL"))
	doc := `{"externalFileName":"cv.txt","fileType":"TXT","externalCreatedAt":1,"externalLastModifiedAt":2,"content":"` + content + `"}`
	k1, k2 := attachmentKey(org, "integrationContext", "A1", "R1"), attachmentKey(org, "organizationId", "A1", "R2")
	st, _, got := sendChild(t, srv, "PUT", "/rest/attachments?ids=List("+k1+","+k2+")", `{"entities":{"`+k1+`":`+doc+`,"`+k2+`":`+doc+`}}`, hdr)
	if st != 200 || strings.Count(got, `"status":204`) != 2 {
		t.Fatalf("batch update: %d %s", st, got)
	}
	a, ok := srv.SyncedAttachment(rscmock.AttachmentKey{IntegrationContext: org, EntityType: "APPLICATION", EntityID: "A1", AttachmentID: "R2"})
	if !ok || !strings.Contains(string(a.Body), content) {
		t.Errorf("stored %+v %v", a, ok)
	}
	bad := strings.Replace(doc, `"TXT"`, `"EXE"`, 1)
	if st, _, got := sendChild(t, srv, "PUT", "/rest/attachments?ids=List("+k1+")", `{"entities":{"`+k1+`":`+bad+`}}`, hdr); st != 200 || !strings.Contains(got, "/fileType") {
		t.Errorf("bad fileType: %d %s", st, got)
	}
	var ids []string
	for i := range 11 {
		ids = append(ids, attachmentKey(org, "integrationContext", "A1", fmt.Sprint("N", i)))
	}
	if st, _, got := sendChild(t, srv, "DELETE", "/rest/attachments?ids=List("+strings.Join(ids, ",")+")", "", rest2); st != 400 || !strings.Contains(got, "at most 10") {
		t.Errorf("11 attachments: %d %s", st, got)
	}
	if st, _, got := sendChild(t, srv, "DELETE", "/rest/attachments?ids=List("+k1+","+k2+")", "", rest2); st != 200 {
		t.Errorf("batch delete: %d %s", st, got)
	}
	if a, ok := srv.SyncedAttachment(rscmock.AttachmentKey{IntegrationContext: org, EntityType: "APPLICATION", EntityID: "A1", AttachmentID: "R1"}); ok || a.Deletes != 1 {
		t.Errorf("after the delete: %+v %v", a, ok)
	}
	if st, _, _ := sendChild(t, srv, "GET", "/rest/attachments?ids=List("+k1+")", "", rest2); st != 405 {
		t.Errorf("batch get: %d, want 405", st)
	}
}

// TestResumeUploadFlow: /v2/hireMediaUrl answers an upload URL; the file
// goes there; atsApplications/{key}/resumes attaches it.
func TestResumeUploadFlow(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	d := srv.Default()
	json201 := map[string]string{"Content-Type": "application/json"}
	req := `{"blobTtl":{"duration":72,"unit":"HOUR"},"contentType":"text/plain","fileName":"resume.txt","hiringContext":"` +
		string(d.Contract) + `","usageParameters":{"recruiterSystemConnectResumeParameters":{}}}`
	st, _, got := sendChild(t, srv, "POST", "/v2/hireMediaUrl", req, json201)
	var media struct {
		UploadURL string `json:"uploadUrl"`
		ResumeURN string `json:"resumeUrn"`
	}
	if err := json.Unmarshal([]byte(got), &media); st != 201 || err != nil || media.UploadURL == "" {
		t.Fatalf("hireMediaUrl: %d %s", st, got)
	}
	if st, _, got := sendChild(t, srv, "POST", "/v2/hireMediaUrl", strings.Replace(req, string(d.Contract), string(d.Organization), 1), json201); st != 422 || !strings.Contains(got, "hiringContext") {
		t.Errorf("organization as hiringContext: %d %s", st, got)
	}
	appKey := "atsJobApplicationId=A1&dataProvider=ATS&integrationContext=" + url.QueryEscape(string(d.Organization))
	attach := `{"resume":"` + media.ResumeURN + `"}`
	if st, _, got := sendChild(t, srv, "PUT", "/v2/atsApplications/"+appKey+"/resumes", attach, json201); st != 422 || !strings.Contains(got, "not uploaded") {
		t.Errorf("attach before the upload: %d %s", st, got)
	}
	put := func(body string, ct string) int {
		r, _ := http.NewRequest(http.MethodPut, media.UploadURL, strings.NewReader(body))
		r.Header.Set("Content-Type", ct)
		resp, err := http.DefaultClient.Do(r)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if st := put("Grace", "application/pdf"); st != 400 {
		t.Errorf("upload with another type: %d", st)
	}
	if st := put(strings.Repeat("x", 10<<20+1), "text/plain"); st != 413 {
		t.Errorf("upload over 10 MB: %d", st)
	}
	if st := put("Grace Hopper, COBOL", "text/plain"); st != 201 {
		t.Errorf("upload: %d", st)
	}
	if st, _, got := sendChild(t, srv, "PUT", "/v2/atsApplications/"+appKey+"/resumes", attach, json201); st != 204 {
		t.Fatalf("attach: %d %s", st, got)
	}
	a, ok := srv.SyncedAttachment(rscmock.AttachmentKey{IntegrationContext: d.Organization, EntityType: "APPLICATION", EntityID: "A1", AttachmentID: "resume"})
	if !ok || !strings.Contains(string(a.Body), base64.StdEncoding.EncodeToString([]byte("Grace Hopper, COBOL"))) || !strings.Contains(string(a.Body), `"TXT"`) {
		t.Errorf("resume stored: %+v %v", a, ok)
	}
}

// TestExportedApplicationEvaluations: the request finder serves an
// evaluation on both documented paths, for 24 hours.
func TestExportedApplicationEvaluations(t *testing.T) {
	t.Parallel()
	clk := &fakeClock{t: time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)}
	srv := rscmock.NewServer(t, rscmock.Options{Clock: clk.Now})
	org := srv.Default().Organization
	id := srv.AddApplicationEvaluation(model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: "A1"}, map[string]any{"fit": "STRONG"})
	for _, p := range []string{"/rest/exportedApplicationEvaluations", "/rest/exportedApplicationEvaluation"} {
		st, _, got := sendChild(t, srv, "GET", p+"?q=request&requestId="+id, "", rest2)
		if st != 200 || !strings.Contains(got, `"fit":"STRONG"`) || !strings.Contains(got, `"atsJobApplicationId":"A1"`) {
			t.Errorf("%s: %d %s", p, st, got)
		}
	}
	clk.Add(24 * time.Hour)
	if st, _, got := sendChild(t, srv, "GET", "/rest/exportedApplicationEvaluations?q=request&requestId="+id, "", rest2); st != 404 {
		t.Errorf("after 24 hours: %d %s", st, got)
	}
}
