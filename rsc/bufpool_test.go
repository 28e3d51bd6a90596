package rsc

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/oauth2"

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
