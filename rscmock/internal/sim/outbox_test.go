package sim_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// TestOutbox: a delivery to a loopback receiver is POSTed and recorded with
// its status; one to another host is refused before any connection and its
// reason logged once however often it recurs; no URL is a failure without a
// POST.
func TestOutbox(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []string
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, string(b))
		mu.Unlock()
		w.WriteHeader(http.StatusAccepted)
	}))
	defer recv.Close()
	var log bytes.Buffer
	o := sim.NewOutbox(sim.LoopbackOnlyClient(), slog.New(slog.NewTextHandler(&log, nil)), 10)
	n := shapes.Notification{ID: "7", Type: sim.NotifyStatus, ExpiresAt: 1}
	ctx := context.Background()
	if d := o.Deliver(ctx, recv.URL+"/cb", n); d.Status != http.StatusAccepted || d.Err != "" {
		t.Errorf("loopback delivery: %+v", d)
	}
	for range 3 {
		if d := o.Deliver(ctx, "http://192.0.2.1/cb", n); d.Status != 0 || !strings.Contains(d.Err, "loopback") {
			t.Errorf("delivery outside loopback: %+v", d)
		}
	}
	if d := o.Deliver(ctx, "", n); d.Err != "no CALLBACK_URL configured" {
		t.Errorf("no URL: %+v", d)
	}
	if c := strings.Count(log.String(), "notification not delivered"); c != 1 {
		t.Errorf("logged %d failures, want 1 (once per URL and reason; no URL is not logged):\n%s", c, log.String())
	}
	if l := o.List(); len(l) != 5 || l[0].URL != recv.URL+"/cb" || l[4].URL != "" {
		t.Errorf("List: %+v", l)
	}
	mu.Lock()
	defer mu.Unlock()
	if len(got) != 1 || !strings.Contains(got[0], `"id":"7"`) {
		t.Errorf("receiver got %q", got)
	}
	o.Restore(nil)
	if l := o.List(); len(l) != 0 {
		t.Errorf("after Restore(nil): %+v", l)
	}
}
