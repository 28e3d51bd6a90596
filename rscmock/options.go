package rscmock

import (
	"errors"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"time"
)

// Options configures a Server; its zero value is LinkedIn's defaults, not
// listening. Pass it to New (or NewServer). Zero fields keep the default;
// for the quotas, a negative value disables the quota.
type Options struct {
	// Seed makes ids, tokens and fault rates deterministic (default 1).
	Seed uint64
	// Clock is the fake's clock (default time.Now): token expiry, quotas,
	// export months and timestamps read it.
	Clock func() time.Time
	// TokenTTL is how long access tokens live (default 30 minutes).
	TokenTTL time.Duration
	// RequestsPerDay is each child application's daily request quota
	// (default 100,000; reset at 00:00 UTC); negative disables it.
	RequestsPerDay int
	// ExportReadsPerDay is the daily request quota each of
	// exportedCandidates (/v2 and /rest), rest/atsPurgedExportedCandidates
	// and rest/exportedApplicationEvaluations has of its own, per child
	// application (default 100,000, per answers-2026-12.md S1, S2);
	// negative disables it.
	ExportReadsPerDay int
	// RecordsPerMinute is each child application's limit of records per
	// minute on batch writes (default 10,000); negative disables it.
	RecordsPerMinute int
	// ExportsPerSeatMonth is the One-Click Export quota of a seat per
	// calendar month (default 300); negative disables it.
	ExportsPerSeatMonth int
	// MaxURLBytes and MaxQueryBytes are the longest URL and query accepted
	// before 414 (defaults 8192 and 4096).
	MaxURLBytes, MaxQueryBytes int
	// Strict makes entity validation also reject unknown JSON fields (422).
	Strict bool
	// PartnerClientID and PartnerClientSecret are the partner (parent)
	// application's credentials (defaults "partner-client-id" and
	// "partner-client-secret").
	PartnerClientID, PartnerClientSecret string
	// Logger receives the request log (default: discarded).
	Logger *slog.Logger
	// CallbackClient POSTs notifications to CALLBACK_URLs (default: a client
	// with a 5 second timeout that connects to nothing but loopback
	// addresses; see AllowLoopbackCallbacks).
	CallbackClient *http.Client
	// JobTaskDelay makes job posting tasks answer IN_PROGRESS for this long
	// on the fake's clock (default 0: done at once).
	JobTaskDelay time.Duration
	// NoDefaultTenant skips seeding the default customer.
	NoDefaultTenant bool
	// Listen serves the fake on a new loopback port (URL reports it).
	// Without Listen or Listener the fake does not listen: HTTPClient and
	// Client reach it in memory.
	Listen bool
	// Listener serves the fake on this listener (the standalone command's
	// -addr); Close closes it.
	Listener net.Listener
	// AllowLoopbackCallbacks lets a CALLBACK_URL be http(s) on 127.0.0.1,
	// [::1] or localhost, any port, so an ATS on a laptop receives its
	// push notifications. LinkedIn requires https on port 80 or 443.
	AllowLoopbackCallbacks bool
}

func (o Options) apply(c *config) {
	set := func(dst *int, v int) {
		switch {
		case v < 0:
			*dst = 0
		case v > 0:
			*dst = v
		}
	}
	if o.Seed != 0 {
		c.seed = o.Seed
	}
	if o.Clock != nil {
		c.clock = o.Clock
	}
	if o.TokenTTL > 0 {
		c.tokenTTL = o.TokenTTL
	}
	set(&c.requestsPerDay, o.RequestsPerDay)
	set(&c.recordsPerMinute, o.RecordsPerMinute)
	set(&c.exportReadsPerDay, o.ExportReadsPerDay)
	set(&c.exportsPerSeat, o.ExportsPerSeatMonth)
	set(&c.maxURL, o.MaxURLBytes)
	set(&c.maxQuery, o.MaxQueryBytes)
	c.strict = c.strict || o.Strict
	if o.PartnerClientID != "" {
		c.partnerID, c.partnerSecret = o.PartnerClientID, o.PartnerClientSecret
	}
	if o.Logger != nil {
		c.logger = o.Logger
	}
	if o.CallbackClient != nil {
		c.callbackClient = o.CallbackClient
	}
	if o.JobTaskDelay > 0 {
		c.taskDelay = o.JobTaskDelay
	}
	c.noDefaultTenant = c.noDefaultTenant || o.NoDefaultTenant
	c.listen = c.listen || o.Listen
	if o.Listener != nil {
		c.listener = o.Listener
	}
	c.loopbackCallback = c.loopbackCallback || o.AllowLoopbackCallbacks
}

// HTTPClient returns an http.Client whose transport calls the fake in
// memory, with no listener and no network: a request to any host reaches
// this Server. A dropped-connection fault answers a transport error.
func (s *Server) HTTPClient() *http.Client {
	return &http.Client{Transport: memTransport{s.Handler()}}
}

// errDropped is the transport error of a connection a fault dropped.
var errDropped = errors.New("rscmock: connection dropped by an injected fault")

// memTransport serves requests with a handler in the calling goroutine.
type memTransport struct{ h http.Handler }

// RoundTrip runs the handler on a copy of req and answers what it wrote.
func (t memTransport) RoundTrip(req *http.Request) (resp *http.Response, err error) {
	sreq := req.Clone(req.Context())
	sreq.RequestURI = req.URL.RequestURI()
	sreq.RemoteAddr = "127.0.0.1:1"
	sreq.Host = req.URL.Host
	if sreq.Body == nil {
		sreq.Body = http.NoBody
	}
	defer func() {
		if req.Body != nil {
			req.Body.Close()
		}
		if r := recover(); r != nil {
			if r != http.ErrAbortHandler {
				panic(r)
			}
			resp, err = nil, errDropped
		}
	}()
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, sreq)
	resp = rec.Result()
	resp.Request = req
	return resp, nil
}
