package rscmock_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// The forms LinkedIn's own tools send (issue 12 §2): its Postman collection,
// its Java SDK (talent-solutions-java-sdk) and its python client
// (linkedin-api-python-client). One test per form.

// send is rawAs that also answers the response headers.
func send(t *testing.T, srv *rscmock.Server, clientID, clientSecret, method, path, body string, hdr map[string]string) (int, http.Header, string) {
	t.Helper()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {clientID}, "client_secret": {clientSecret}}
	resp, err := http.PostForm(srv.TokenURL(), form)
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	err = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequest(method, srv.URL()+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// sendChild sends as the default customer's child application.
func sendChild(t *testing.T, srv *rscmock.Server, method, path, body string, hdr map[string]string) (int, http.Header, string) {
	t.Helper()
	d := srv.Default()
	return send(t, srv, d.ClientID, d.ClientSecret, method, path, body, hdr)
}

// elements decodes a finder answer's elements.
func elements(t *testing.T, body string) []map[string]any {
	t.Helper()
	var v struct {
		Elements []map[string]any `json:"elements"`
	}
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("%v: %s", err, body)
	}
	return v.Elements
}

// TestPostmanLegacySeatFinder: the Postman collection's legacy seat finder
// answers the seats, projected to their id.
func TestPostmanLegacySeatFinder(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	d := srv.Default()
	st, _, body := sendChild(t, srv, "GET", "/v2/seats?q=seatsByAttributes&fields=id&active=true&count=100&start=0&contracts="+string(d.Contract), "", nil)
	if st != 200 {
		t.Fatalf("%d %s", st, body)
	}
	els := elements(t, body)
	if len(els) != len(d.Seats) {
		t.Fatalf("%d seats, want %d: %s", len(els), len(d.Seats), body)
	}
	for i, el := range els {
		id, ok := el["id"].(float64)
		if len(el) != 1 || !ok || model.SeatURN(jsonNumber(id)) != d.Seats[i].URN {
			t.Errorf("element %d %v, want only id of %s", i, el, d.Seats[i].URN)
		}
	}
	if st, _, body := sendChild(t, srv, "GET", "/v2/seats?q=seatsByAttributes&active=maybe&start=0&contracts="+string(d.Contract), "", nil); st != 400 || !strings.Contains(body, "active") {
		t.Errorf("active=maybe: %d %s", st, body)
	}
}

func jsonNumber(f float64) string {
	b, _ := json.Marshal(f)
	return string(b)
}

// TestPostmanTextPlainBodies: Postman sends raw JSON bodies as text/plain;
// the provisionedApplications partial updates are applied.
func TestPostmanTextPlainBodies(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	pid, psecret := srv.PartnerCredentials()
	d := srv.Default()
	path := "/v2/provisionedApplications/" + url.PathEscape(string(d.Application))
	for _, body := range []string{
		`{"patch":{"$set":{"validJsSdkDomains":["http://localhost:8000","http://localhost:5000"]}}}`,
		`{"patch":{"$set":{"oauth2AuthorizedCallbackUrls":["https://ats.example.com/oauth"]}}}`,
	} {
		if st, _, got := send(t, srv, pid, psecret, "POST", path, body, map[string]string{"Content-Type": "text/plain"}); st != 204 {
			t.Errorf("%s as text/plain: %d %s", body, st, got)
		}
	}
	a, ok := srv.Application(d.ClientID)
	if !ok || !slices.Equal(a.ValidJSSDKDomains, []string{"http://localhost:8000", "http://localhost:5000"}) ||
		!slices.Equal(a.OAuth2AuthorizedCallbackURLs, []string{"https://ats.example.com/oauth"}) {
		t.Errorf("application after the updates: %+v", a)
	}
}

// TestPostmanJobWithoutOperationType: a job posting without
// jobPostingOperationType is a create.
func TestPostmanJobWithoutOperationType(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	org := srv.Default().Organization
	j := `{"elements":[{"integrationContext":"` + string(org) + `","externalJobPostingId":"PM1","title":"Engineer",` +
		`"description":"` + strings.Repeat("Build things. ", 10) + `","listedAt":1484864187000,"location":"San Francisco, CA",` +
		`"companyApplyUrl":"https://ats.example.com/jobs/PM1","availability":"PRIVATE_TO_ATS_INTEGRATION"}]}`
	st, _, body := sendChild(t, srv, "POST", "/v2/simpleJobPostings", j, map[string]string{"X-RestLi-Method": "batch_create", "Content-Type": "application/json"})
	if st != 200 || !strings.Contains(body, `"status":202`) {
		t.Fatalf("%d %s", st, body)
	}
	if jobs := srv.Jobs(org); len(jobs) != 1 || jobs[0].ExternalJobPostingID != "PM1" || jobs[0].Closed {
		t.Errorf("jobs %+v", jobs)
	}
}

// TestJavaSDKForms: the Java SDK calls /rest/simpleJobPostings and
// /rest/simpleJobPostingTasks without X-RestLi-Protocol-Version (Rest.li
// 1.0 keys), and sends LinkedIn-Version and X-External-User to
// /v2/provisionedApplications.
func TestJavaSDKForms(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	org := srv.Default().Organization
	j := `{"elements":[{"integrationContext":"` + string(org) + `","externalJobPostingId":"SDK1","jobPostingOperationType":"CREATE","title":"Engineer",` +
		`"description":"` + strings.Repeat("Build things. ", 10) + `","listedAt":1484864187000,"location":"San Francisco, CA",` +
		`"companyApplyUrl":"https://ats.example.com/jobs/SDK1","availability":"PRIVATE_TO_ATS_INTEGRATION"}]}`
	sdk := map[string]string{"LinkedIn-Version": "202504", "X-RestLi-Method": "batch_create", "Content-Type": "application/json"}
	st, _, body := sendChild(t, srv, "POST", "/rest/simpleJobPostings", j, sdk)
	if st != 200 {
		t.Fatalf("create: %d %s", st, body)
	}
	els := elements(t, body)
	task, _ := els[0]["id"].(string)
	if !strings.HasPrefix(task, "urn:li:simpleJobPostingTask:") {
		t.Fatalf("create answered %s", body)
	}
	st, _, body = sendChild(t, srv, "GET", "/rest/simpleJobPostingTasks?ids="+task, "", map[string]string{"LinkedIn-Version": "202504"})
	var res struct {
		Results map[string]struct {
			Status string `json:"status"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &res); st != 200 || err != nil || res.Results[task].Status != "SUCCEEDED" {
		t.Errorf("task status: %d %s", st, body)
	}

	pid, psecret := srv.PartnerCredentials()
	st, _, body = send(t, srv, pid, psecret, "POST", "/v2/provisionedApplications",
		`{"uniqueForeignId":"sdk-1","name":"My ATS - SDK","description":"d"}`,
		map[string]string{"Content-Type": "application/json", "LinkedIn-Version": "202504", "X-External-User": "ats-admin-1"})
	if st != 201 || !strings.Contains(body, `"client_id"`) {
		t.Errorf("provisioning with the SDK's headers: %d %s", st, body)
	}
}

// TestPythonClientProtocol2OnV2: with X-RestLi-Protocol-Version: 2.0.0 on a
// /v2 path, keys come and go in 2.0 syntax (the /v2 field names stay).
func TestPythonClientProtocol2OnV2(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	org := srv.Default().Organization
	orgEnc := url.QueryEscape(string(org))
	key := "(atsCandidateId:C1,dataProvider:ATS,integrationContext:" + orgEnc + ")"
	cand := `{"atsCreatedAt":1,"atsLastModifiedAt":2,"addresses":[],"phoneNumbers":[],"emailAddresses":["a@example.com"],"externalProfileUrl":"https://ats.example.com/c/1","firstName":"Ada"}`
	hdr := map[string]string{"X-RestLi-Protocol-Version": "2.0.0", "X-RestLi-Method": "batch_update", "Content-Type": "application/json"}
	st, _, body := sendChild(t, srv, "PUT", "/v2/atsCandidates?ids=List("+key+")", `{"entities":{"`+key+`":`+cand+`}}`, hdr)
	if st != 200 || !strings.Contains(body, `"`+key+`":{"status":204}`) {
		t.Fatalf("batch update: %d %s", st, body)
	}
	st, _, body = sendChild(t, srv, "GET", "/v2/atsCandidates?ids=List("+key+")", "", map[string]string{"X-RestLi-Protocol-Version": "2.0.0"})
	var res struct {
		Results map[string]map[string]any `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &res); st != 200 || err != nil || res.Results[key]["firstName"] != "Ada" {
		t.Errorf("batch get: want the result under the 2.0 key %s: %d %s", key, st, body)
	}
	// Without the header the same resource answers 1.0 keys.
	st, _, body = sendChild(t, srv, "GET", "/v2/atsCandidates?ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext="+string(org), "", nil)
	if st != 200 || !strings.Contains(body, `"atsCandidateId=C1&dataProvider=ATS&integrationContext=`) {
		t.Errorf("1.0 batch get: %d %s", st, body)
	}
}

// TestRecordParamIn2Syntax: timeRange=(start:a,end:b) filters as
// timeRange.start=a&timeRange.end=b does.
func TestRecordParamIn2Syntax(t *testing.T) {
	t.Parallel()
	clk := &fakeClock{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	srv := rscmock.NewServer(t, rscmock.WithClock(clk.Now))
	d := srv.Default()
	seat := d.Seats[0].URN
	var times []int64
	for range 3 {
		m := srv.AddMember(rscmock.Member{})
		if _, err := srv.SendInMail(seat, m.URN, "s", "b"); err != nil {
			t.Fatal(err)
		}
		times = append(times, clk.Now().UnixMilli())
		clk.Add(time.Hour)
	}
	start, end := jsonNumber(float64(times[1])), jsonNumber(float64(times[2]))
	base := "/v2/conversationEvents?q=criteria&viewer=" + url.QueryEscape(string(seat)) + "&start=0&count=50"
	_, _, all := sendChild(t, srv, "GET", base, "", nil)
	_, _, dotted := sendChild(t, srv, "GET", base+"&timeRange.start="+start+"&timeRange.end="+end, "", nil)
	st, _, rec := sendChild(t, srv, "GET", base+"&timeRange=(start:"+start+",end:"+end+")", "", map[string]string{"X-RestLi-Protocol-Version": "2.0.0"})
	if n := len(elements(t, all)); n != 3 {
		t.Fatalf("all events: %d", n)
	}
	if n := len(elements(t, dotted)); n != 1 {
		t.Errorf("dotted form: %d events, want 1: %s", n, dotted)
	}
	if st != 200 || rec != dotted {
		t.Errorf("2.0 record form answered\n%d %s\nwant\n%s", st, rec, dotted)
	}
	if st, _, body := sendChild(t, srv, "GET", base+"&timeRange=(start:"+start, "", nil); st != 400 || !strings.Contains(body, "timeRange") {
		t.Errorf("malformed record: %d %s", st, body)
	}
}

// TestRestliErrorResponseHeader: an error to a 2.0 request carries
// X-RestLi-Error-Response: true; a 1.0 error does not.
func TestRestliErrorResponseHeader(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	st, h, _ := sendChild(t, srv, "GET", "/rest/seatsV2?q=attributes", "", map[string]string{"LinkedIn-Version": "202603", "X-RestLi-Protocol-Version": "2.0.0"})
	if st != 400 || h.Get("X-RestLi-Error-Response") != "true" || h.Get("X-RestLi-Protocol-Version") != "2.0.0" {
		t.Errorf("2.0 error: %d %v", st, h)
	}
	st, h, _ = sendChild(t, srv, "GET", "/v2/seatsV2?q=attributes", "", nil)
	if st != 400 || h.Get("X-RestLi-Error-Response") != "" || h.Get("X-LinkedIn-Error-Response") != "true" {
		t.Errorf("1.0 error: %d %v", st, h)
	}
}

// TestRestSeatsV2Rename: /rest/seatsV2 answers seatId and createdAt.actor
// and createdAt.time (the 2026-03 rename); /v2/seatsV2 answers id and
// created.time.
func TestRestSeatsV2Rename(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	d := srv.Default()
	q := "?q=attributes&start=0&contracts=" + url.QueryEscape(string(d.Contract))
	_, _, rest := sendChild(t, srv, "GET", "/rest/seatsV2"+q, "", map[string]string{"LinkedIn-Version": "202603", "X-RestLi-Protocol-Version": "2.0.0"})
	_, _, v2 := sendChild(t, srv, "GET", "/v2/seatsV2"+q, "", nil)
	re, ve := elements(t, rest), elements(t, v2)
	if len(re) != len(d.Seats) || len(ve) != len(d.Seats) {
		t.Fatalf("seats: rest %s, v2 %s", rest, v2)
	}
	for i := range re {
		ca, _ := re[i]["createdAt"].(map[string]any)
		if _, has := re[i]["id"]; has || re[i]["seatId"] == nil || ca == nil || ca["actor"] == nil || ca["time"] == nil {
			t.Errorf("rest element %v, want seatId and createdAt.actor/time, no id", re[i])
		}
		c, _ := ve[i]["created"].(map[string]any)
		if _, has := ve[i]["seatId"]; has || ve[i]["id"] == nil || c == nil || c["time"] == nil {
			t.Errorf("v2 element %v, want id and created.time", ve[i])
		}
		if re[i]["seatId"] != ve[i]["id"] {
			t.Errorf("seat %d: seatId %v, id %v", i, re[i]["seatId"], ve[i]["id"])
		}
	}
}

// TestUnknownQueryParameters: an unknown or malformed query parameter is a
// 400 naming it, never ignored.
func TestUnknownQueryParameters(t *testing.T) {
	t.Parallel()
	srv := rscmock.NewServer(t)
	d := srv.Default()
	org := string(d.Organization)
	seat := url.QueryEscape(string(d.Seats[0].URN))
	for _, tc := range []struct{ path, name string }{
		{"/v2/conversationEvents?q=criteria&viewer=" + seat + "&timerange.start=1", "timerange.start"},
		{"/v2/conversationEvents?q=criteria&viewer=" + seat + "&timeRange.start=yesterday", "timeRange.start"},
		{"/v2/seatsV2?q=attributes&start=0&contract=" + url.QueryEscape(string(d.Contract)), "contract"},
		{"/v2/seatsV2?q=attributes&start=x&contracts=" + url.QueryEscape(string(d.Contract)), "start"},
		{"/v2/atsCandidates?ids[0].atsCandidateId=C1&ids[0].dataProvider=ATS&ids[0].integrationContext=" + org + "&projection=x", "projection"},
		{"/v2/prospectNotes?q=criteria&contract=" + url.QueryEscape(string(d.Contract)) + "&cutoff=1", "cutoff"},
		{"/v2/atsPurgedExportedCandidates?q=criteria&timeRange=(begin:1)", "timeRange.begin"},
		// Batch keys on a finder are a parameter it does not declare.
		{"/v2/prospectNotes?q=criteria&contract=" + url.QueryEscape(string(d.Contract)) + "&ids=1", "ids"},
		{"/v2/seatsV2?q=attributes&start=0&contracts=" + url.QueryEscape(string(d.Contract)) + "&ids[0].id=1", "ids"},
		// A malformed escape names its parameter.
		{"/v2/seatsV2?q=attributes&start=0&contracts=urn%zzli", "contracts"},
	} {
		if st, _, body := sendChild(t, srv, "GET", tc.path, "", nil); st != 400 || !strings.Contains(body, tc.name) {
			t.Errorf("%s: %d %s, want 400 naming %s", tc.path, st, body, tc.name)
		}
	}
	// Writes refuse undeclared parameters too.
	pid, psecret := srv.PartnerCredentials()
	for _, tc := range []struct{ method, path, body, name string }{
		{"POST", "/v2/provisionedApplications?dryRun=true", `{"uniqueForeignId":"u-1","name":"N","description":"D"}`, "dryRun"},
		{"POST", "/v2/provisionedApplications/" + url.PathEscape(string(d.Application)) + "?fields=key", `{"patch":{"$set":{"validJsSdkDomains":[]}}}`, "fields"},
	} {
		if st, _, body := send(t, srv, pid, psecret, tc.method, tc.path, tc.body, map[string]string{"Content-Type": "application/json"}); st != 400 || !strings.Contains(body, tc.name) {
			t.Errorf("%s %s: %d %s, want 400 naming %s", tc.method, tc.path, st, body, tc.name)
		}
	}
	job := `{"elements":[{"integrationContext":"` + org + `","externalJobPostingId":"J1","jobPostingOperationType":"CREATE","title":"T","description":"D","listedAt":1,"location":"Paris","companyApplyUrl":"https://ats.example.com/j/1"}]}`
	if st, _, body := sendChild(t, srv, "POST", "/v2/simpleJobPostings?ids=1", job, map[string]string{"X-RestLi-Method": "batch_create", "Content-Type": "application/json"}); st != 400 || !strings.Contains(body, "ids") {
		t.Errorf("job postings with ids: %d %s, want 400 naming ids", st, body)
	}
}
