package rscmock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/internal/cputime"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// The figures of issue 16 for rscmock as a test server of vendors' CI. Both
// drive the fake with plain HTTP requests built here (not the rsc client),
// so they measure the fake, not the SDK's encoder: tunneled Rest.li 1.0
// BATCH_UPDATEs of /v2/atsCandidates, 100 candidates each, every
// candidate new, as a backfill sends them. The quotas are off: the figures
// are the fake's own speed and size, not LinkedIn's limits.

const (
	benchBatch   = 100 // records per request, LinkedIn's largest batch
	benchClients = 4   // concurrent clients of mock-rps
)

// batchBody is one tunneled request: its body and Content-Type.
type batchBody struct {
	body        []byte
	contentType string
}

// candidateBatch builds a tunneled batch update of benchBatch new
// candidates of org, numbered from first.
func candidateBatch(tb testing.TB, org string, first int) batchBody {
	tb.Helper()
	var ids, ents strings.Builder
	ents.WriteString(`{"entities":{`)
	encOrg := url.QueryEscape(org)
	for i := range benchBatch {
		id := fmt.Sprintf("C%08d", first+i)
		if i > 0 {
			ids.WriteByte('&')
			ents.WriteByte(',')
		}
		fmt.Fprintf(&ids, "ids%%5B%d%%5D.atsCandidateId=%s&ids%%5B%d%%5D.dataProvider=ATS&ids%%5B%d%%5D.integrationContext=%s",
			i, id, i, i, encOrg)
		fmt.Fprintf(&ents, `"atsCandidateId=%s&dataProvider=ATS&integrationContext=%s":{`+
			`"atsCreatedAt":1700000000000,"atsLastModifiedAt":1700000000000,`+
			`"firstName":"Grace","lastName":"Hopper %d","emailAddresses":["grace.%s@example.com"],`+
			`"phoneNumbers":[{"number":"+1 415 555 0100","type":"MOBILE"}],`+
			`"externalProfileUrl":"https://ats.example.com/candidates/%s","addresses":[]}`,
			id, encOrg, first+i, id, id)
	}
	ents.WriteString(`}}`)
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	q, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"application/x-www-form-urlencoded"}})
	if err != nil {
		tb.Fatal(err)
	}
	_, _ = q.Write([]byte(ids.String()))
	j, err := mw.CreatePart(textproto.MIMEHeader{"Content-Type": {"application/json"}})
	if err != nil {
		tb.Fatal(err)
	}
	_, _ = j.Write([]byte(ents.String()))
	if err := mw.Close(); err != nil {
		tb.Fatal(err)
	}
	return batchBody{body: buf.Bytes(), contentType: "multipart/mixed; boundary=" + mw.Boundary()}
}

// benchToken fetches an access token of the default customer.
func benchToken(tb testing.TB, hc *http.Client, srv *rscmock.Server) string {
	tb.Helper()
	d := srv.Default()
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {d.ClientID}, "client_secret": {d.ClientSecret}}
	resp, err := hc.PostForm(srv.TokenURL(), form)
	if err != nil {
		tb.Fatal(err)
	}
	defer resp.Body.Close()
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&tok); err != nil || tok.AccessToken == "" {
		tb.Fatalf("token: %v (status %d)", err, resp.StatusCode)
	}
	return tok.AccessToken
}

// sendBatch sends one batch and checks that every record was accepted.
func sendBatch(ctx context.Context, hc *http.Client, base, token string, bb batchBody) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/v2/atsCandidates", bytes.NewReader(bb.body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", bb.contentType)
	req.Header.Set("X-HTTP-Method-Override", "PUT")
	req.Header.Set("X-RestLi-Method", "batch_update")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("status %d: %s", resp.StatusCode, body)
	}
	var out struct {
		Results map[string]struct {
			Status int `json:"status"`
		} `json:"results"`
		Errors map[string]json.RawMessage `json:"errors"`
	}
	if err := json.Unmarshal(body, &out); err != nil {
		return err
	}
	if len(out.Results) != benchBatch || len(out.Errors) != 0 {
		return fmt.Errorf("%d results, %d errors: %.300s", len(out.Results), len(out.Errors), body)
	}
	return nil
}

// BenchmarkMockBatchUpdates reports mock-rps: batch updates of 100
// candidates answered per second by rscmock listening on loopback, with 4
// clients sending concurrently (1,000 requests, 100,000 records, per
// iteration). Target >= 1,000 (issue 16). On a shared machine that wall-clock
// figure follows the load of other processes; mock-cpu-us/request, the CPU
// time of the process (fake and clients) in the same timed section per
// request, is the fake's cost whatever else runs.
func BenchmarkMockBatchUpdates(b *testing.B) {
	const perClient = 250
	ctx := context.Background()
	var elapsed, cpu time.Duration
	requests := 0
	for range b.N {
		b.StopTimer()
		srv := rscmock.New(rscmock.Options{Listen: true, RecordsPerMinute: -1, RequestsPerDay: -1})
		hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchClients}}
		token := benchToken(b, hc, srv)
		org := string(srv.Default().Organization)
		bodies := make([][]batchBody, benchClients)
		for c := range bodies {
			for i := range perClient {
				bodies[c] = append(bodies[c], candidateBatch(b, org, (c*perClient+i)*benchBatch))
			}
		}
		b.StartTimer()
		start, cpu0 := time.Now(), cputime.Process()
		var wg sync.WaitGroup
		errs := make([]error, benchClients)
		for c := range benchClients {
			wg.Go(func() {
				for _, bb := range bodies[c] {
					if err := sendBatch(ctx, hc, srv.URL(), token, bb); err != nil {
						errs[c] = err
						return
					}
				}
			})
		}
		wg.Wait()
		elapsed += time.Since(start)
		cpu += cputime.Process() - cpu0
		b.StopTimer()
		hc.CloseIdleConnections()
		srv.Close()
		for _, err := range errs {
			if err != nil {
				b.Fatal(err)
			}
		}
		requests += benchClients * perClient
		b.StartTimer()
	}
	b.ReportMetric(float64(requests)/elapsed.Seconds(), "mock-rps")
	if cputime.Exact() {
		b.ReportMetric(float64(cpu.Microseconds())/float64(requests), "mock-cpu-us/request")
	}
}

// BenchmarkMockMemory reports mock-bytes-per-record: the growth of the live
// heap (after a full GC) while the fake stores 200,000 candidates sent in
// batches of 100 through its in-memory transport, divided by the records.
// It includes everything the fake keeps per record: the body, the key, its
// index entries and its write history. Target <= 600 (issue 16).
func BenchmarkMockMemory(b *testing.B) {
	const records = 200_000
	ctx := context.Background()
	var perRecord float64
	for range b.N {
		srv := rscmock.New(rscmock.Options{RecordsPerMinute: -1, RequestsPerDay: -1})
		hc := srv.HTTPClient()
		token := benchToken(b, hc, srv)
		org := string(srv.Default().Organization)
		before := liveHeap()
		for first := 0; first < records; first += benchBatch {
			if err := sendBatch(ctx, hc, srv.URL(), token, candidateBatch(b, org, first)); err != nil {
				b.Fatal(err)
			}
		}
		after := liveHeap()
		// Checking that the records are held keeps srv alive across the
		// second measurement.
		d := srv.Default()
		for _, n := range []int{0, records - 1} {
			key := model.CandidateKey{IntegrationContext: d.Organization, ATSCandidateID: fmt.Sprintf("C%08d", n)}
			if got, ok := srv.SyncedCandidate(key); !ok || got.Writes != 1 {
				b.Fatalf("candidate %s: held %v, %d writes", key.ATSCandidateID, ok, got.Writes)
			}
		}
		perRecord = float64(after-before) / records
	}
	b.ReportMetric(perRecord, "mock-bytes-per-record")
}

// liveHeap returns the heap in use after a full collection.
func liveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
