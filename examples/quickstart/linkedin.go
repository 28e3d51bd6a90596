package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// callbackHost is the host of the tenants' CALLBACK_URL. LinkedIn requires
// HTTPS on port 443: the fake LinkedIn's HTTP client dials the in-process
// TLS server whatever the host, and the test certificate covers it.
const callbackHost = "https://ats.example.com"

// linkedIn is the fake LinkedIn with the ATS's callback endpoint.
type linkedIn struct {
	srv *rscmock.Server
	// callbacks serves the tenants' CALLBACK_URLs (rsc.NotificationHandler).
	callbacks *httptest.Server
	// transport is shared by every client, as one per process should be.
	transport *http.Transport
	requests  atomic.Int64
	// byPath counts the API requests per method and URL path ("PUT /rest/candidates").
	byPath *pathCounts
	log    *slog.Logger
}

// pathCounts counts requests per method and URL path.
type pathCounts struct {
	mu sync.Mutex
	n  map[string]int64
}

func (c *pathCounts) add(path string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n[path]++
}

// snapshot returns a copy of the counts.
func (c *pathCounts) snapshot() map[string]int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.n)
}

// startLinkedIn starts the fake LinkedIn on a loopback port and the
// callback endpoint, which queues notifications into store.
func startLinkedIn(store *sqlitestore.Store, tenants []string, log *slog.Logger) *linkedIn {
	mux := http.NewServeMux()
	for _, id := range tenants {
		// One handler per tenant: the URL tells whose notification it is,
		// and its last segment carries the tenant's secret token, read from
		// the database for each request (a rotation takes effect at once).
		mux.Handle("POST /linkedin/callback/"+id+"/{token}", &rsc.NotificationHandler{Logger: log,
			Tokens: func(ctx context.Context) (rsc.CallbackTokens, error) {
				t, _, err := store.LoadTenant(ctx, id)
				return t.Callback, err
			},
			Handle: func(ctx context.Context, n model.Notification) error {
				return store.Enqueue(ctx, rscsync.NotificationItem(id, n, time.Now()))
			}})
	}
	cb := httptest.NewTLSServer(mux)
	dial := cb.Client().Transport.(*http.Transport).Clone()
	dial.DialContext = func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, cb.Listener.Addr().String())
	}
	srv := rscmock.New(rscmock.Options{
		Listen:          true,
		NoDefaultTenant: true,
		// The per-minute record limit is off so the demo is quick; against
		// LinkedIn the client paces itself to 10,000 records a minute.
		RecordsPerMinute: -1,
		CallbackClient:   &http.Client{Transport: dial, Timeout: 5 * time.Second},
		Logger:           log,
	})
	return &linkedIn{srv: srv, callbacks: cb, transport: http.DefaultTransport.(*http.Transport).Clone(), log: log,
		byPath: &pathCounts{n: map[string]int64{}}}
}

func (li *linkedIn) close() {
	li.srv.Close()
	li.callbacks.Close()
	li.transport.CloseIdleConnections()
}

// callbackURL is the base of a tenant's CALLBACK_URL; the URL registered
// at LinkedIn adds the tenant's secret token (rsc.CallbackURL).
func callbackURL(tenant string) string { return callbackHost + "/linkedin/callback/" + tenant }

// counting counts the API requests of the clients (not token requests).
type counting struct {
	next   http.RoundTripper
	n      *atomic.Int64
	byPath *pathCounts
}

func (c counting) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.URL.Path != "/oauth/v2/accessToken" {
		c.n.Add(1)
		method := r.Method
		if m := r.Header.Get("X-HTTP-Method-Override"); m != "" { // Rest.li query tunneling
			method = m
		}
		c.byPath.add(method + " " + r.URL.Path)
	}
	return c.next.RoundTrip(r)
}

// options are the rsc options of every client: the fake LinkedIn's URLs,
// the shared transport, quick retries.
func (li *linkedIn) options(clientID, secret string) []rsc.Option {
	return []rsc.Option{
		rsc.WithBaseURL(li.srv.URL()), rsc.WithTokenURL(li.srv.TokenURL()),
		rsc.WithClientCredentials(clientID, secret),
		rsc.WithTransport(counting{next: li.transport, n: &li.requests, byPath: li.byPath}),
		rsc.WithRateLimits(rsc.NoRateLimits()),
		rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 3, MinWait: 10 * time.Millisecond, MaxWait: 200 * time.Millisecond}),
		rsc.WithLogger(li.log),
		// Today's rscmock serves these two on /v2 only (LinkedIn serves both
		// forms); every other resource uses its versioned /rest endpoint.
		rsc.WithV2For("exportedCandidates", "atsPurgedExportedCandidates"),
	}
}

// partner is the ATS's partner (parent) application.
func (li *linkedIn) partner() (*rsc.PartnerClient, error) {
	return rsc.NewPartnerClient(li.options(li.srv.PartnerCredentials())...)
}

// client acts as a customer's child application.
func (li *linkedIn) client(t sqlitestore.TenantRow) (*rsc.Client, error) {
	return rsc.NewClient(li.options(t.ClientID, t.ClientSecret)...)
}

// statePath is where the fake LinkedIn's state is kept: beside the database.
func statePath(db string) string { return db + ".linkedin.json" }

// loadState restores the fake LinkedIn from path.
func (li *linkedIn) loadState(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("the fake LinkedIn's state %s is missing (it holds what earlier runs sent); delete the database to start over", path)
	}
	if err != nil {
		return err
	}
	defer f.Close()
	return li.srv.LoadState(f)
}

// saveState writes the fake LinkedIn's state to path (through a temporary
// file, so a crash never leaves half a file).
func (li *linkedIn) saveState(path string) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := li.srv.SaveState(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
