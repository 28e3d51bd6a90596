package rscmock

import (
	"encoding/json"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/api"
	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// Defaults of the configurable limits, as LinkedIn documents them.
const (
	DefaultTokenTTL            = 30 * time.Minute
	DefaultRequestsPerDay      = 100_000
	DefaultRecordsPerMinute    = 10_000
	DefaultExportsPerSeatMonth = 300
	DefaultMaxURLBytes         = 8192
	DefaultMaxQueryBytes       = 4096
)

// Option configures a Server: an Options value, or one of the With*
// shorthands for a single field.
type Option interface{ apply(*config) }

// optionFunc is an Option that sets one field.
type optionFunc func(*config)

func (f optionFunc) apply(c *config) { f(c) }

type config struct {
	seed              uint64
	clock             func() time.Time
	tokenTTL          time.Duration
	requestsPerDay    int
	recordsPerMinute  int
	exportsPerSeat    int
	maxURL, maxQuery  int
	strict            bool
	partnerID         string
	partnerSecret     string
	logger            *slog.Logger
	callbackClient    *http.Client
	noDefaultTenant   bool
	taskDelay         time.Duration
	exportReadsPerDay int
	listen            bool
	listener          net.Listener
	loopbackCallback  bool
}

// WithSeed makes ids, tokens and fault rates deterministic for seed (default 1).
func WithSeed(seed uint64) Option { return optionFunc(func(c *config) { c.seed = seed }) }

// WithClock sets the mock's clock (default time.Now): token expiry, daily and
// per-minute quotas, export months and timestamps all read it.
func WithClock(now func() time.Time) Option { return optionFunc(func(c *config) { c.clock = now }) }

// WithTokenTTL sets how long access tokens live (default 30 minutes).
func WithTokenTTL(d time.Duration) Option { return optionFunc(func(c *config) { c.tokenTTL = d }) }

// WithRequestsPerDay sets each child application's daily request quota
// (default 100,000; reset at 00:00 UTC of the mock's clock). Zero or less disables it.
func WithRequestsPerDay(n int) Option { return optionFunc(func(c *config) { c.requestsPerDay = n }) }

// WithRecordsPerMinute sets each child application's records-per-minute limit
// on batch writes (default 10,000, fixed one-minute windows). Zero or less disables it.
func WithRecordsPerMinute(n int) Option {
	return optionFunc(func(c *config) { c.recordsPerMinute = n })
}

// WithExportsPerSeatMonth sets the One-Click Export quota of a seat per
// calendar month (default 300). Zero or less disables it.
func WithExportsPerSeatMonth(n int) Option {
	return optionFunc(func(c *config) { c.exportsPerSeat = n })
}

// WithURLLimits sets the longest URL and query accepted before 414 (defaults 8192 and 4096 bytes).
func WithURLLimits(maxURL, maxQuery int) Option {
	return optionFunc(func(c *config) { c.maxURL, c.maxQuery = maxURL, maxQuery })
}

// WithStrict makes entity validation also reject unknown JSON fields (422).
func WithStrict(on bool) Option { return optionFunc(func(c *config) { c.strict = on }) }

// WithPartnerCredentials sets the partner (parent) application's credentials
// (default "partner-client-id" / "partner-client-secret").
func WithPartnerCredentials(clientID, clientSecret string) Option {
	return optionFunc(func(c *config) { c.partnerID, c.partnerSecret = clientID, clientSecret })
}

// WithLogger sets where the mock logs requests (default: discard).
func WithLogger(l *slog.Logger) Option { return optionFunc(func(c *config) { c.logger = l }) }

// WithCallbackClient sets the HTTP client the mock POSTs notifications with
// (default: a client with a 5 second timeout that connects only to loopback
// addresses).
func WithCallbackClient(hc *http.Client) Option {
	return optionFunc(func(c *config) { c.callbackClient = hc })
}

// WithJobTaskDelay makes each job posting task answer IN_PROGRESS until d
// has passed on the mock's clock, then its outcome (SUCCEEDED or FAILED),
// as LinkedIn processes submitted jobs asynchronously (typically within 5
// minutes). The default, 0, completes tasks at once.
func WithJobTaskDelay(d time.Duration) Option { return optionFunc(func(c *config) { c.taskDelay = d }) }

// WithoutDefaultTenant skips seeding the default customer (see Server.Default).
func WithoutDefaultTenant() Option { return optionFunc(func(c *config) { c.noDefaultTenant = true }) }

// Server is a fake LinkedIn RSC. It is safe for concurrent use.
type Server struct {
	cfg config

	// world is the recruiter simulator (customers, members, seats,
	// mailboxes, exports, purges, ids) under a lock of its own, with the
	// outbox of notifications; the synced records (st), applications and
	// tokens (auth), job postings and faults have locks of their own.
	world *sim.World
	ts    *httptest.Server

	// baseURL is the URL the server reports; api reads it holding the
	// world's lock.
	baseURL atomic.Pointer[string]
	// api serves the LinkedIn API: routing, dispatch, uploads.
	api *api.API

	// auth holds the applications, their tokens and quotas, under locks
	// of its own.
	auth   *auth.Registry
	st     *state.Store     // synced records and their write histories
	rec    *records.Service // serves the synced records from st
	jobs   *sim.Jobs        // job postings and their tasks, under a lock of their own
	faults *sim.Faults      // under a lock of their own
	def    Customer
	// members is the member (3-legged) OAuth flow, under a lock of its own.
	members *auth.MemberFlow
	// console serves /_console/ and widgets /_widgets/ and in.js, from
	// the world.
	console *console.Console
	widgets *console.Widgets
}

// New returns a Server configured by opts (usually one Options value). By
// default it does not listen: HTTPClient and Client reach it through an
// in-memory transport, and Handler serves it on a listener of your own.
// With Options.Listen it serves on a new loopback port, with
// Options.Listener on that listener; Close stops it.
func New(opts ...Option) *Server {
	cfg := config{
		seed: 1, clock: time.Now, tokenTTL: DefaultTokenTTL,
		requestsPerDay: DefaultRequestsPerDay, recordsPerMinute: DefaultRecordsPerMinute, exportReadsPerDay: DefaultRequestsPerDay,
		exportsPerSeat: DefaultExportsPerSeatMonth, maxURL: DefaultMaxURLBytes, maxQuery: DefaultMaxQueryBytes,
		partnerID: "partner-client-id", partnerSecret: "partner-client-secret",
	}
	for _, o := range opts {
		o.apply(&cfg)
	}
	if cfg.logger == nil {
		cfg.logger = slog.New(slog.DiscardHandler)
	}
	if cfg.callbackClient == nil {
		cfg.callbackClient = sim.LoopbackOnlyClient()
	}
	st := state.New()
	s := &Server{
		cfg: cfg,
		auth: auth.New(auth.Config{Seed: cfg.seed, Clock: cfg.clock, TokenTTL: cfg.tokenTTL, RequestsPerDay: cfg.requestsPerDay,
			ExportReadsPerDay: cfg.exportReadsPerDay, RecordsPerMinute: cfg.recordsPerMinute}),
		st: st, rec: &records.Service{Store: st, Strict: cfg.strict, LoopbackCallbacks: cfg.loopbackCallback},
		jobs:   sim.NewJobs(cfg.taskDelay),
		faults: sim.NewFaults(cfg.seed),
	}
	r := sim.NewRecruiter(cfg.seed)
	s.world = &sim.World{R: r, Synced: sim.Synced{R: r, Store: st, Jobs: s.jobs}, Auth: s.auth, Records: s.rec,
		Outbox: sim.NewOutbox(cfg.callbackClient, cfg.logger, MaxCustomers), Clock: cfg.clock, ExportsPerSeat: cfg.exportsPerSeat}
	s.SetBaseURL(inMemoryURL)
	s.rec.Matches = s.world.MatchesOf
	s.console = &console.Console{World: s.world, BaseURL: s.URL}
	s.widgets = &console.Widgets{World: s.world, BaseURL: s.URL, DefaultOrg: func() string { return string(s.def.Organization) }}
	s.members = auth.NewMemberFlow(cfg.seed, cfg.clock, s.auth, memberDirectory{s})
	s.api = api.New(api.Config{Clock: cfg.clock, Strict: cfg.strict, MaxURL: cfg.maxURL, MaxQuery: cfg.maxQuery, Logger: cfg.logger},
		api.Parts{Mu: s.world, Sim: r, Auth: s.auth, Members: s.members, Store: st, Records: s.rec, Jobs: s.jobs, Faults: s.faults,
			NewApp: func() *app { return s.world.NewChildAppLocked("", "") }, BaseURL: s.URL, Pages: http.HandlerFunc(s.servePages)})
	s.auth.Add(&app{ClientID: cfg.partnerID, Secret: cfg.partnerSecret, Partner: true,
		URN: sim.URN("developerApplication", "1")})
	if !cfg.noDefaultTenant {
		s.def = s.AddCustomer(CustomerSpec{Name: "Default Customer", Seats: 3})
	}
	switch {
	case cfg.listener != nil:
		s.ts = httptest.NewUnstartedServer(s.Handler())
		s.ts.Listener.Close()
		s.ts.Listener = cfg.listener
		s.ts.Config.ReadHeaderTimeout = 10 * time.Second
		s.ts.Start()
		s.SetBaseURL(s.ts.URL)
	case cfg.listen:
		s.ts = httptest.NewServer(s.Handler())
		s.SetBaseURL(s.ts.URL)
	}
	return s
}

// requestID renders request number n as its X-Li-Uuid.
var requestID = api.RequestID

// inMemoryURL is the base URL of a Server that does not listen; only its
// in-memory transport (HTTPClient) reaches it.
const inMemoryURL = "http://rscmock.invalid"

// NewServer starts a Server on a loopback port (New with Options{Listen:
// true} after opts); it stops when the test ends.
func NewServer(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s := New(append(opts, Options{Listen: true})...)
	t.Cleanup(s.Close)
	return s
}

// SetBaseURL sets the URL the server reports (for a Server from New).
func (s *Server) SetBaseURL(u string) {
	u = strings.TrimSuffix(u, "/")
	s.baseURL.Store(&u)
}

// URL returns the base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return *s.baseURL.Load() }

// TokenURL returns the OAuth token endpoint.
func (s *Server) TokenURL() string { return s.URL() + "/oauth/v2/accessToken" }

// Close stops a listening server. It is safe to call twice.
func (s *Server) Close() {
	if s.ts != nil {
		s.ts.CloseClientConnections()
		s.ts.Close()
	}
}

// Handler returns the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.api }

// Default returns the customer seeded at start (absent with WithoutDefaultTenant).
func (s *Server) Default() Customer { return s.def }

// PartnerCredentials returns the partner application's client id and secret.
func (s *Server) PartnerCredentials() (clientID, clientSecret string) {
	return s.cfg.partnerID, s.cfg.partnerSecret
}

// Client returns an rsc.Client for the default customer, pointed at this
// server (through the in-memory transport when it does not listen), with
// client-side rate limits off and fast retries; opts go last. An invalid
// option in opts is a programming error of the caller and panics.
func (s *Server) Client(opts ...rsc.Option) *rsc.Client {
	return s.ClientFor(s.def, opts...)
}

// ClientFor returns an rsc.Client for customer c (see Client).
func (s *Server) ClientFor(c Customer, opts ...rsc.Option) *rsc.Client {
	base := append(s.clientBase(c.ClientID, c.ClientSecret), rsc.WithRateLimits(rsc.NoRateLimits()))
	cl, err := rsc.NewClient(append(base, opts...)...)
	if err != nil {
		panic("rscmock: client: " + err.Error())
	}
	return cl
}

// PartnerClient returns an rsc.PartnerClient for the partner application
// (see Client).
func (s *Server) PartnerClient(opts ...rsc.Option) *rsc.PartnerClient {
	pc, err := rsc.NewPartnerClient(append(s.clientBase(s.cfg.partnerID, s.cfg.partnerSecret), opts...)...)
	if err != nil {
		panic("rscmock: partner client: " + err.Error())
	}
	return pc
}

// clientBase are the options every client helper starts from.
func (s *Server) clientBase(id, secret string) []rsc.Option {
	base := []rsc.Option{
		rsc.WithBaseURL(s.URL()), rsc.WithTokenURL(s.TokenURL()),
		rsc.WithClientCredentials(id, secret),
		rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 5 * time.Millisecond}),
	}
	if s.ts == nil {
		base = append(base, rsc.WithHTTPClient(s.HTTPClient()))
	}
	return base
}

// app is a partner or child application (internal/auth).
type app = auth.App

// Faults.

// Fault makes matching requests misbehave. Zero fields do nothing; several
// may combine (Latency then another effect).
type Fault struct {
	// Op selects the operation, as "<RESTLI_METHOD> <resource>", e.g.
	// "BATCH_UPDATE /v2/atsCandidates" or "FINDER /v2/seatsV2"; "" matches every API call.
	Op string
	// Status answers with this HTTP status and a LinkedIn error body.
	Status int
	// Latency delays the answer.
	Latency time.Duration
	// Drop hijacks and closes the connection without an answer.
	Drop bool
	// Burst429 answers the next n matching calls with 429 and Retry-After.
	Burst429 int
	// RetryAfter is the Retry-After of Burst429 answers, in whole seconds (default 0).
	RetryAfter time.Duration
	// DailyExhausted marks the caller's daily quota as used up until 00:00 UTC.
	DailyExhausted bool
	// Rate applies the fault to this fraction of matching calls (seeded); 0 means all.
	Rate float64
	// Count stops the fault after it applied n times; 0 means no limit.
	Count int
	// AfterCommit applies Status or Drop after the request has changed
	// LinkedIn's state: the write is kept and its answer is lost, as when
	// LinkedIn commits and then a proxy answers 5xx or the connection breaks.
	// Latency, Burst429 and DailyExhausted are not affected by it.
	AfterCommit bool
}

// InjectFault adds a fault.
func (s *Server) InjectFault(f Fault) { s.faults.Add(sim.Fault(f)) }

// Faults returns the faults injected since the last ClearFaults, used up or not.
func (s *Server) Faults() []Fault {
	out := []Fault{}
	for _, f := range s.faults.List() {
		out = append(out, Fault(f))
	}
	return out
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() { s.faults.Clear() }

// Notification deliveries.

// Delivery is one notification the mock POSTed to a callback URL.
type Delivery struct {
	URL          string             `json:"url"`
	Notification model.Notification `json:"notification"`
	// Status is the callback's HTTP status, 0 when the POST failed.
	Status int `json:"status"`
	// Err says why the POST failed (no CALLBACK_URL, connection error).
	Err string `json:"error,omitempty"`
}

// delivery is a Delivery as the fake keeps it: the notification in the
// shape it POSTed.
type delivery = sim.Delivery

// publicDelivery converts a delivery for the typed Go API.
func publicDelivery(d delivery) Delivery {
	return Delivery{URL: d.URL, Status: d.Status, Err: d.Err, Notification: model.Notification{ID: d.Notification.ID,
		Type: model.NotificationType(d.Notification.Type), ExpiresAt: model.EpochMillis(d.Notification.ExpiresAt)}}
}

// MarshalJSON writes the delivery as /_mock/deliveries serves it, the
// notification in the shape the fake POSTed (not rsc/model's).
func (d Delivery) MarshalJSON() ([]byte, error) {
	return json.Marshal(delivery{URL: d.URL, Notification: shapes.Notification{ID: d.Notification.ID, Type: string(d.Notification.Type),
		ExpiresAt: int64(d.Notification.ExpiresAt)}, Status: d.Status, Err: d.Err})
}

// Deliveries returns the notifications POSTed so far.
func (s *Server) Deliveries() []Delivery {
	ds := s.world.Outbox.List()
	out := make([]Delivery, len(ds))
	for i, d := range ds {
		out[i] = publicDelivery(d)
	}
	return out
}

// servePages serves the front's own paths (api.Parts.Pages): the /_mock/
// JSON API, the console and the widgets.
func (s *Server) servePages(w http.ResponseWriter, r *http.Request) {
	switch path := r.URL.EscapedPath(); {
	case strings.HasPrefix(path, "/_mock/"):
		s.mockAPI().ServeHTTP(w, r)
	case strings.HasPrefix(path, "/_console/"):
		s.console.ServeHTTP(w, r)
	default:
		s.widgets.ServeHTTP(w, r)
	}
}
