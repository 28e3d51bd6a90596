package crash_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/textproto"
	"net/url"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/rsckit/rsckit/examples/crash"
)

const org = "urn%3Ali%3Aorganization%3A1"

// multipartBody is a tunneled request's body: the query and a JSON body.
func multipartBody(t *testing.T, query, body string) (contentType string, b []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for _, part := range []struct{ ct, data string }{{"application/x-www-form-urlencoded", query}, {"application/json", body}} {
		pw, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {part.ct}})
		if err != nil {
			t.Fatal(err)
		}
		pw.Write([]byte(part.data))
	}
	mw.Close()
	return "multipart/mixed; boundary=" + mw.Boundary(), buf.Bytes()
}

func TestRecordSends(t *testing.T) {
	t.Parallel()
	candQuery := "ids%5B0%5D.integrationContext=urn:li:organization:1&ids%5B0%5D.atsCandidateId=C1&ids%5B1%5D.atsCandidateId=C2&ids%5B1%5D.integrationContext=urn:li:organization:1"
	candBody := `{"entities":{"atsCandidateId=C1&integrationContext=` + org + `":{"firstName":"Ada"},"integrationContext=` + org + `&atsCandidateId=C2":{"firstName":"Alan"}}}`
	candSends := []crash.Send{
		{Stream: "/v2/atsCandidates", Key: "atsCandidateId=C1&integrationContext=" + org, Op: crash.OpUpsert, Body: `{"firstName":"Ada"}`},
		{Stream: "/v2/atsCandidates", Key: "atsCandidateId=C2&integrationContext=" + org, Op: crash.OpUpsert, Body: `{"firstName":"Alan"}`},
	}
	mpType, mpBody := multipartBody(t, candQuery, candBody)
	stagePath := "/v2/atsApplications/atsJobApplicationId=A1&integrationContext=urn:li:organization:1/stages"
	appKey := "atsJobApplicationId=A1&integrationContext=" + org
	tests := []struct {
		name, method, target string
		header               http.Header
		body                 string
		want                 []crash.Send
		wantErr              string
	}{
		{name: "batch update", method: http.MethodPut, target: "/v2/atsCandidates?" + candQuery, body: candBody, want: candSends},
		{name: "tunneled batch update", method: http.MethodPost, target: "/v2/atsCandidates",
			header: http.Header{"X-Http-Method-Override": {"PUT"}, "Content-Type": {mpType}}, body: string(mpBody), want: candSends},
		{name: "batch delete", method: http.MethodDelete, target: "/v2/atsCandidates?ids%5B0%5D.atsCandidateId=C1&ids%5B0%5D.integrationContext=urn:li:organization:1",
			want: []crash.Send{{Stream: "/v2/atsCandidates", Key: "atsCandidateId=C1&integrationContext=" + org, Op: crash.OpDelete}}},
		{name: "tunneled batch delete", method: http.MethodPost, target: "/v2/atsCandidates",
			header: http.Header{"X-Http-Method-Override": {"DELETE"}, "Content-Type": {"application/x-www-form-urlencoded"}},
			body:   "ids%5B0%5D.atsCandidateId=C1&ids%5B0%5D.integrationContext=urn:li:organization:1",
			want:   []crash.Send{{Stream: "/v2/atsCandidates", Key: "atsCandidateId=C1&integrationContext=" + org, Op: crash.OpDelete}}},
		{name: "sub-resource update", method: http.MethodPut, target: stagePath + "?ids=S1&ids=S2",
			body: `{"entities":{"S1":{"stage":"New"},"S2":{"stage":"Hired"}}}`,
			want: []crash.Send{
				{Stream: "/v2/atsApplications/{key}/stages", Key: appKey + "/S1", Op: crash.OpUpsert, Body: `{"stage":"New"}`},
				{Stream: "/v2/atsApplications/{key}/stages", Key: appKey + "/S2", Op: crash.OpUpsert, Body: `{"stage":"Hired"}`},
			}},
		{name: "sub-resource delete", method: http.MethodDelete, target: stagePath + "?ids=S1",
			want: []crash.Send{{Stream: "/v2/atsApplications/{key}/stages", Key: appKey + "/S1", Op: crash.OpDelete}}},
		{name: "job postings", method: http.MethodPost, target: "/v2/simpleJobPostings",
			body: `{"elements":[{"integrationContext":"urn:li:organization:1","externalJobPostingId":"J1","jobPostingOperationType":"CREATE"},` +
				`{"integrationContext":"urn:li:organization:1","externalJobPostingId":"J2","jobPostingOperationType":"CLOSE"}]}`,
			want: []crash.Send{
				{Stream: "/v2/simpleJobPostings", Key: "externalJobPostingId=J1&integrationContext=" + org, Op: "CREATE",
					Body: `{"integrationContext":"urn:li:organization:1","externalJobPostingId":"J1","jobPostingOperationType":"CREATE"}`},
				{Stream: "/v2/simpleJobPostings", Key: "externalJobPostingId=J2&integrationContext=" + org, Op: "CLOSE",
					Body: `{"integrationContext":"urn:li:organization:1","externalJobPostingId":"J2","jobPostingOperationType":"CLOSE"}`},
			}},
		{name: "read", method: http.MethodGet, target: "/v2/atsCandidates?" + candQuery},
		{name: "entity missing", method: http.MethodPut, target: "/v2/atsCandidates?" + candQuery, body: `{"entities":{}}`, wantErr: "no entity for id"},
		{name: "bad ids parameter", method: http.MethodDelete, target: "/v2/atsCandidates?ids%5Bx%5D=1", wantErr: "not ids[i].field"},
		{name: "job without id", method: http.MethodPost, target: "/v2/simpleJobPostings", body: `{"elements":[{}]}`, wantErr: "no externalJobPostingId"},
		{name: "bad tunnel", method: http.MethodPost, target: "/v2/atsCandidates",
			header: http.Header{"X-Http-Method-Override": {"PUT"}, "Content-Type": {"text/html"}}, wantErr: "tunneled PUT"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, err := url.Parse(tt.target)
			if err != nil {
				t.Fatal(err)
			}
			header := tt.header
			if header == nil {
				header = http.Header{}
			}
			got, err := crash.RecordSends(tt.method, u, header, []byte(tt.body))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one with %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d := cmp.Diff(tt.want, got); d != "" {
				t.Errorf("sends (-want +got):\n%s", d)
			}
		})
	}
}

func TestRecorder(t *testing.T) {
	t.Parallel()
	// LinkedIn answers 200, 500 for a body with "fail", and nothing at all
	// for "gone" (as rscmock does when the caller left during its latency).
	rec := crash.NewRecorder(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b bytes.Buffer
		b.ReadFrom(r.Body)
		switch {
		case strings.Contains(b.String(), "fail"):
			http.Error(w, "no", http.StatusInternalServerError)
		case strings.Contains(b.String(), "gone"):
		default:
			w.Write([]byte("{}"))
		}
	}))
	ts := httptest.NewServer(rec)
	defer ts.Close()
	put := func(id, body string) {
		t.Helper()
		req, err := http.NewRequest(http.MethodPut, ts.URL+"/v2/atsCandidates?ids="+id, strings.NewReader(`{"entities":{"`+id+`":`+body+`}}`))
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	rec.SetRun(1)
	put("C1", `{"v":1}`)
	put("C2", `{"v":1}`)
	put("C3", `{"v":"gone"}`)
	rec.SetRun(2)
	put("C1", `{"v":1}`)      // again, unchanged: a repeat
	put("C2", `{"v":2}`)      // changed: new work
	put("C3", `{"v":3}`)      // first processed send
	put("C3", `{"v":3}`)      // a repeat within the run
	put("C4", `{"v":"fail"}`) // not processed
	if got := rec.Requests(); got != 8 {
		t.Errorf("Requests = %d, want 8", got)
	}
	if got := rec.Sends(); got != 6 {
		t.Errorf("Sends = %d, want 6", got)
	}
	want := []crash.Repeat{
		{Send: crash.Send{Stream: "/v2/atsCandidates", Key: "C1", Op: crash.OpUpsert, Body: `{"v":1}`}, Run: 2, PrevRun: 1},
		{Send: crash.Send{Stream: "/v2/atsCandidates", Key: "C3", Op: crash.OpUpsert, Body: `{"v":3}`}, Run: 2, PrevRun: 2},
	}
	if d := cmp.Diff(want, rec.Repeats()); d != "" {
		t.Errorf("repeats (-want +got):\n%s", d)
	}
	if err := rec.Err(); err != nil {
		t.Errorf("Err = %v", err)
	}
	if rec.Inflight() != 0 {
		t.Errorf("Inflight = %d after the answers", rec.Inflight())
	}
}
