package rsc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// TestBodyLoanReturnsBuffersAfterLastReader checks a loan's buffers go
// back to the pool only once the request is over and every reader of them
// is closed, and that no reader reads them after.
func TestBodyLoanReturnsBuffersAfterLastReader(t *testing.T) {
	t.Parallel()
	var pool bufferPool
	l := pool.lend()
	b := l.body()
	*b = append(*b, "hello"...)
	r, err := l.reader(bodyParts{*b})
	if err != nil {
		t.Fatal(err)
	}
	l.end()
	if l.bufs == nil {
		t.Fatal("the buffers went back while a reader was open")
	}
	if _, err := l.reader(bodyParts{*b}); !errors.Is(err, errBodyReleased) {
		t.Errorf("a reader made after the end: %v, want errBodyReleased", err)
	}
	if got, err := io.ReadAll(r); err != nil || string(got) != "hello" {
		t.Errorf("read %q, %v; want hello", got, err)
	}
	r.(io.Closer).Close()
	if l.bufs != nil {
		t.Error("the buffers did not go back once the last reader was closed")
	}
	if n, err := r.Read(make([]byte, 8)); n != 0 || !errors.Is(err, errBodyClosed) {
		t.Errorf("read after close: %d, %v; want errBodyClosed", n, err)
	}
}

// heldBodies is a transport that answers at once and keeps each request's
// body unread and open, as a transport may still be sending a body after
// its answer came.
type heldBodies struct {
	mu     sync.Mutex
	bodies []io.ReadCloser
}

func (h *heldBodies) RoundTrip(r *http.Request) (*http.Response, error) {
	h.mu.Lock()
	h.bodies = append(h.bodies, r.Body)
	h.mu.Unlock()
	answer := `{"results":{},"errors":{}}`
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(answer)), Request: r, ContentLength: int64(len(answer))}, nil
}

// TestBatchBodyNotReusedWhileOpen sends batches, tunnelled and not, whose
// bodies the transport reads only after later batches were sent: each
// body must still be its own batch's, not a later one's written into
// the same lent buffer.
func TestBatchBodyNotReusedWhileOpen(t *testing.T) {
	t.Parallel()
	h := &heldBodies{}
	c, err := NewClient(WithBaseURL("https://api.linkedin.test"), WithTransport(h),
		WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t", Expiry: time.Now().Add(time.Hour)})),
		WithRateLimits(NoRateLimits()))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"Ada", "Grace", "Edsger", "Barbara"}
	sizes := []int{MaxBatchSize, 2, MaxBatchSize, 2} // tunnelled, then not
	for i, name := range names {
		batch := make([]model.Candidate, sizes[i])
		for j := range batch {
			batch[j] = testCandidate(fmt.Sprintf("c-%d", j))
			batch[j].FirstName = name
		}
		if _, err := c.Candidates.BatchUpdate(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
	}
	if len(h.bodies) != len(names) {
		t.Fatalf("%d requests, want %d", len(h.bodies), len(names))
	}
	for i, body := range h.bodies {
		got, err := io.ReadAll(body)
		if err != nil {
			t.Fatal(err)
		}
		body.Close()
		want := fmt.Sprintf(`"firstName":%q`, names[i])
		if n := bytes.Count(got, []byte(want)); n != sizes[i] {
			t.Errorf("request %d's body has %d records with %s, want %d", i, n, want, sizes[i])
		}
	}
}

// keyedAnswers is a transport that answers a batch write for exactly the
// keys its body names, in reverse order, each with the status wantStatus
// gives its candidate id, after checking the query's ids are the body's
// keys in order.
type keyedAnswers struct{}

func wantStatus(id string) int {
	if strings.HasSuffix(id, "3") {
		return http.StatusUnprocessableEntity
	}
	return http.StatusNoContent
}

func (keyedAnswers) RoundTrip(r *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil {
		return nil, err
	}
	query := r.URL.RawQuery
	if q, b, err := restli.Untunnel(r.Header.Get("Content-Type"), body); err == nil && q != "" {
		query, body = q, b
	}
	p := restli.ParseProtocol(r.Header.Get("X-RestLi-Protocol-Version"))
	ids, err := restli.ParseIDs(p, query)
	if err != nil {
		return nil, err
	}
	var sent struct{ Entities map[string]json.RawMessage }
	if err := json.Unmarshal(body, &sent); err != nil {
		return nil, err
	}
	if len(sent.Entities) != len(ids) {
		return nil, fmt.Errorf("%d ids, %d entities", len(ids), len(sent.Entities))
	}
	var results, errs []string
	for i := len(ids) - 1; i >= 0; i-- {
		ek := restli.EncodeEntityKey(p, ids[i])
		if _, ok := sent.Entities[ek]; !ok {
			return nil, fmt.Errorf("id %s has no entity in the body", ek)
		}
		var id string // the candidate's id, under the route's name for it
		for _, f := range ids[i].Fields {
			if !strings.HasPrefix(f.Value, "urn:") {
				id = f.Value
			}
		}
		q, _ := json.Marshal(ek)
		if st := wantStatus(id); st >= 400 {
			errs = append(errs, fmt.Sprintf(`%s:{"status":%d,"message":"no"}`, q, st))
		} else {
			results = append(results, fmt.Sprintf(`%s:{"status":%d}`, q, st))
		}
	}
	answer := `{"results":{` + strings.Join(results, ",") + `},"errors":{` + strings.Join(errs, ",") + `}}`
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(answer)), Request: r, ContentLength: int64(len(answer))}, nil
}

// TestBatchScratchReused sends batches of different sizes, keys, key
// types and integration contexts through one client, from two goroutines
// at once,
// so that each reuses memory lent to an earlier batch (keys, their forms,
// the answer's results, the lookup table): every record must get its own
// status, none an earlier batch's.
func TestBatchScratchReused(t *testing.T) {
	t.Parallel()
	c, err := NewClient(WithBaseURL("https://api.linkedin.test"), WithTransport(keyedAnswers{}),
		WithTokenSource(oauth2.StaticTokenSource(&oauth2.Token{AccessToken: "t", Expiry: time.Now().Add(time.Hour)})),
		WithRateLimits(NoRateLimits()))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for g := range 2 {
		wg.Go(func() {
			for round, n := range []int{100, 7, 100, 1, 50, 100} {
				batch := make([]model.Candidate, n)
				for i := range batch {
					batch[i] = testCandidate(fmt.Sprintf("g%d-r%d-%04d", g, round, i))
					batch[i].Key.IntegrationContext = model.URN(fmt.Sprintf("urn:li:organization:%d", 1+(round+i/40)%3))
				}
				rs, err := c.Candidates.BatchUpdate(context.Background(), batch)
				if err != nil {
					t.Error(err)
					return
				}
				for i, r := range rs {
					if r.Key != batch[i].Key || r.Status != wantStatus(batch[i].Key.ATSCandidateID) {
						t.Errorf("goroutine %d, round %d, record %d (%v): result %v status %d", g, round, i, batch[i].Key, r.Key, r.Status)
						return
					}
				}
				// Records of another key type in between: the lent keys
				// are of the other type then.
				apps := make([]model.Application, n/2+1)
				for i := range apps {
					apps[i] = model.Application{Key: appKey(fmt.Sprintf("a%d-r%d-%04d", g, round, i)), ATSCandidateID: "c1",
						ATSCreatedAt: 1484864187000, ATSLastModifiedAt: 1484864187001, ATSJobPostingID: "J1",
						ATSJobPostingName: "Engineer", CandidateEmail: "ada@example.com", FirstName: "Ada"}
				}
				ars, err := c.Applications.BatchUpdate(context.Background(), apps)
				if err != nil {
					t.Error(err)
					return
				}
				for i, r := range ars {
					if r.Key != apps[i].Key || r.Status != wantStatus(apps[i].Key.ATSJobApplicationID) {
						t.Errorf("goroutine %d, round %d, application %d (%v): result %v status %d", g, round, i, apps[i].Key, r.Key, r.Status)
						return
					}
				}
			}
		})
	}
	wg.Wait()
}
