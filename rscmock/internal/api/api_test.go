package api_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/api"
	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// fake is an API over fresh parts, with a child application bound to a
// contract.
type fake struct {
	api   *api.API
	st    *state.Store
	token string
	now   time.Time
}

const contract = "urn:li:contract:7"

func newFake(t *testing.T) *fake {
	t.Helper()
	var mu sync.Mutex
	f := &fake{now: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	clock := func() time.Time { return f.now }
	reg := auth.New(auth.Config{Seed: 1, Clock: clock, TokenTTL: 48 * time.Hour})
	child := &auth.App{ClientID: "child", Secret: "c", Contract: contract}
	reg.Add(child)
	r := sim.NewRecruiter(1)
	r.Bind(child)
	f.st = state.New()
	f.api = api.New(api.Config{Clock: clock, MaxURL: 8192, MaxQuery: 4096}, api.Parts{
		Mu: &mu, Sim: r, Auth: reg, Store: f.st, Records: &records.Service{Store: f.st},
		Jobs: sim.NewJobs(0), Faults: sim.NewFaults(1),
		NewApp:  func() *auth.App { return nil },
		BaseURL: func() string { return "http://fake.test" },
	})
	f.token = reg.Issue(child)
	return f
}

// do sends one request (with the child's token unless path is an upload).
func (f *fake) do(method, path, contentType, body string) (int, string) {
	r := httptest.NewRequest(method, path, strings.NewReader(body))
	if !strings.HasPrefix(path, "/_upload/") {
		r.Header.Set("Authorization", "Bearer "+f.token)
	}
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	w := httptest.NewRecorder()
	f.api.ServeHTTP(w, r)
	return w.Code, w.Body.String()
}

// TestResumeUpload: an upload URL, the PUT of the file and the resume
// attached to its application, stored as an attachment of the application.
func TestResumeUpload(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	st, body := f.do("POST", "/v2/hireMediaUrl", "application/json",
		`{"contentType":"text/plain","hiringContext":"`+contract+`","fileName":"cv.txt"}`)
	if st != http.StatusCreated {
		t.Fatalf("hireMediaUrl: %d %s", st, body)
	}
	var media struct{ UploadURL, ResumeURN string }
	if err := json.Unmarshal([]byte(body), &media); err != nil || !strings.HasPrefix(media.UploadURL, "http://fake.test/_upload/") {
		t.Fatalf("hireMediaUrl answered %s (%v)", body, err)
	}
	resumes := "/v2/atsApplications/(integrationContext:" + strings.ReplaceAll(contract, ":", "%3A") + ",atsJobApplicationId:a1,dataProvider:ATS)/resumes"
	if st, body := f.do("PUT", resumes, "application/json", `{"resumeUrn":"`+media.ResumeURN+`"}`); st != http.StatusUnprocessableEntity {
		t.Errorf("resume before its upload: %d %s, want 422", st, body)
	}
	upload := strings.TrimPrefix(media.UploadURL, "http://fake.test")
	if st, body := f.do("PUT", upload, "application/pdf", "hello"); st != http.StatusBadRequest {
		t.Errorf("upload with another Content-Type: %d %s, want 400", st, body)
	}
	if st, body := f.do("PUT", upload, "text/plain", "hello"); st != http.StatusCreated {
		t.Fatalf("upload: %d %s", st, body)
	}
	if st, body := f.do("PUT", resumes, "application/json", `{"resumeUrn":"`+media.ResumeURN+`"}`); st != http.StatusNoContent {
		t.Fatalf("resume: %d %s", st, body)
	}
	e, ok := f.st.Get(records.Attachment.Name, map[string]string{"ctx": contract, "ref": "a1", "att": "resume", "reftype": "APPLICATION", "atype": "RESUME"})
	if !ok {
		t.Fatal("the resume is not stored as an attachment")
	}
	for field, want := range map[string]string{"content": `"aGVsbG8="`, "fileType": `"TXT"`, "externalFileName": `"cv.txt"`} {
		if got := string(e.Body[field]); got != want {
			t.Errorf("stored attachment's %s = %s, want %s", field, got, want)
		}
	}
}

// TestUploadsConcurrently: uploads run under the uploads' lock only, next
// to API calls holding the simulator's (run with -race).
func TestUploadsConcurrently(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	var urls []string
	for range 8 {
		_, body := f.do("POST", "/v2/hireMediaUrl", "application/json", `{"contentType":"text/plain","hiringContext":"`+contract+`"}`)
		var media struct{ UploadURL string }
		_ = json.Unmarshal([]byte(body), &media)
		urls = append(urls, strings.TrimPrefix(media.UploadURL, "http://fake.test"))
	}
	var wg sync.WaitGroup
	codes := make([]int, len(urls))
	for i, u := range urls {
		wg.Go(func() {
			codes[i], _ = f.do("PUT", u, "text/plain", fmt.Sprint("file ", i))
			f.do("POST", "/v2/hireMediaUrl", "application/json", `{"contentType":"text/plain","hiringContext":"`+contract+`"}`)
		})
	}
	wg.Wait()
	for i, c := range codes {
		if c != http.StatusCreated {
			t.Errorf("upload %d: %d", i, c)
		}
	}
}

// TestEvaluationExpires: an evaluation is served to its organization for 24
// hours of the fake's clock, then answers 404.
func TestEvaluationExpires(t *testing.T) {
	t.Parallel()
	f := newFake(t)
	id := f.api.AddEvaluation(contract, "a1", map[string]any{"score": 3})
	path := "/rest/exportedApplicationEvaluations?q=request&requestId=" + id
	rest := func() (int, string) {
		r := httptest.NewRequest("GET", path, nil)
		r.Header.Set("Authorization", "Bearer "+f.token)
		r.Header.Set("LinkedIn-Version", "202603")
		r.Header.Set("X-RestLi-Protocol-Version", "2.0.0")
		w := httptest.NewRecorder()
		f.api.ServeHTTP(w, r)
		return w.Code, w.Body.String()
	}
	if st, body := rest(); st != http.StatusOK || !strings.Contains(body, `"atsJobApplicationId":"a1"`) || !strings.Contains(body, `"score":3`) {
		t.Fatalf("evaluation: %d %s", st, body)
	}
	f.now = f.now.Add(24 * time.Hour)
	if st, body := rest(); st != http.StatusNotFound {
		t.Errorf("after 24 hours: %d %s, want 404", st, body)
	}
}
