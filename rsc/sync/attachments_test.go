package rscsync_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rsc/sync/memstore"
)

// TestAttachmentsAreAStoreResource: a Store that serves Attachments gets
// its resumes backfilled at most 10 per request (rest/attachments), each
// file opened once, and a resume deleted in the ATS is deleted at
// LinkedIn. An invalid one is parked with its field path, before the
// network. (A fake LinkedIn: rscmock does not serve rest/attachments yet.)
func TestAttachmentsAreAStoreResource(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var puts []int
	var deletes []string
	fake := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth/v2/accessToken" {
			_, _ = w.Write([]byte(`{"access_token":"t","expires_in":3600}`))
			return
		}
		if r.URL.Path != "/rest/attachments" {
			http.NotFound(w, r)
			return
		}
		results := map[string]any{}
		switch r.Method {
		case http.MethodPut:
			var body struct {
				Entities map[string]struct {
					Content string `json:"content"`
				} `json:"entities"`
			}
			if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
				t.Error(err)
			}
			for k := range body.Entities {
				results[k] = map[string]int{"status": 204}
			}
			mu.Lock()
			puts = append(puts, len(body.Entities))
			mu.Unlock()
		case http.MethodDelete:
			mu.Lock()
			deletes = append(deletes, r.URL.RawQuery)
			mu.Unlock()
			ids := strings.TrimSuffix(strings.TrimPrefix(r.URL.RawQuery, "ids=List("), ")")
			for _, k := range strings.SplitAfter(ids, "),") {
				results[strings.TrimSuffix(k, ",")] = map[string]int{"status": 204}
			}
		}
		_ = json.NewEncoder(w).Encode(map[string]any{"results": results, "errors": map[string]any{}})
	})
	client, err := rsc.NewClient(rsc.WithBaseURL("http://linkedin.test"), rsc.WithTokenURL("http://linkedin.test/oauth/v2/accessToken"),
		rsc.WithClientCredentials("id", "secret"), rsc.WithTransport(handlerTransport{fake}), rsc.WithRateLimits(rsc.NoRateLimits()))
	if err != nil {
		t.Fatal(err)
	}
	store := memstore.New()
	var opens atomic.Int32
	resume := func(i int) rscsync.Record {
		return rscsync.Record{Ref: rscsync.Ref{ID: fmt.Sprint("R", i), Parent: "A1"}, Value: model.Attachment{
			FileName: fmt.Sprint("resume-", i, ".pdf"), FileType: model.FileTypePDF, CreatedAt: 1700000000000, LastModifiedAt: 1700000000000,
			Open: func() (io.ReadCloser, error) { opens.Add(1); return io.NopCloser(strings.NewReader("%PDF")), nil }}}
	}
	var recs []rscsync.Record
	for i := range 25 {
		recs = append(recs, resume(i))
	}
	bad := resume(99)
	a := bad.Value.(model.Attachment)
	a.FileType = "EXE"
	bad.Value = a
	store.Seed(tenantID, rscsync.Attachments, append(recs, bad)...)
	r, err := rscsync.NewRunner(store, rscsync.Tenants{{ID: tenantID, Client: client, Organization: "urn:li:organization:1001",
		Contract: "urn:li:contract:1"}}, rscsync.Config{Pull: rscsync.PullConfig{Disabled: true}})
	if err != nil {
		t.Fatal(err)
	}
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	if fmt.Sprint(puts) != "[10 10 5]" {
		t.Errorf("attachments per request %v, want [10 10 5]", puts)
	}
	mu.Unlock()
	if opens.Load() != 25 {
		t.Errorf("%d opens for 25 files", opens.Load())
	}
	p := store.Parked(tenantID)
	if len(p) != 1 || p[0].Ref.ID != "R99" || !strings.Contains(p[0].Reason, "fileType") {
		t.Errorf("parked %+v, want R99 for its fileType", p)
	}
	store.Delete(tenantID, rscsync.Attachments, recs[3].Ref)
	if err := r.SyncOnce(t.Context()); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(deletes) != 1 || !strings.Contains(deletes[0], "externalAttachmentId:R3,") || !strings.Contains(deletes[0], "externalReferenceEntityId:A1") {
		t.Errorf("deletes %v, want R3 of A1", deletes)
	}
	if left := store.Intents(tenantID); len(left) != 0 {
		t.Errorf("%d intents left", len(left))
	}
}
