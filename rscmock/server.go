package rscmock

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
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
	maxBatch                   = 100
	maxBody                    = 32 << 20
)

// Messages of LinkedIn's error bodies.
const (
	msgDailyLimit   = "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."
	msgInvalidToken = "Invalid access token"
	msgExpiredToken = "The token used in the request has expired"
	msgEmptyToken   = "Empty oauth2_access_token"
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

	mu      sync.Mutex
	rng     *rand.Rand
	ts      *httptest.Server
	baseURL string
	seq     map[string]int // id counters per kind

	apps      map[string]*app // by client id
	appsByURN map[model.URN]*app
	tokens    map[string]*token
	customers []*customerState
	byContext map[model.URN]*customerState // org and contract URN -> customer
	st        *state.Store                 // synced records and their write histories
	tasks     map[string]*model.JobPostingTask
	taskOwner map[string]model.URN
	taskReady map[string]time.Time // when an IN_PROGRESS answer turns into the task's outcome
	jobs      map[string]*jobState // org + "\x00" + externalJobPostingId
	faults    []*faultState
	members   map[model.URN]*Member
	memberSeq []model.URN
	def       Customer
	callbacks []Delivery
	// unlinked holds, per candidate key, LinkedIn's matches a profile widget
	// user unlinked (hidden in the widget only).
	unlinked map[string]map[model.URN]bool
	// seatCreated holds each seat's creation time, epoch milliseconds.
	seatCreated map[model.URN]int64
	// failures holds the delivery failures already logged (URL and reason).
	failures map[string]bool
	// media holds the upload URLs of hireMediaUrl by id.
	media map[string]*mediaState
	// evaluations holds the exported application evaluations by requestId.
	evaluations map[string]*evaluationState
	// members3 holds the member (3-legged) OAuth codes and tokens (memberauth.go).
	members3 *memberAuth
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
		cfg.callbackClient = loopbackOnlyClient()
	}
	s := &Server{
		cfg: cfg, rng: rand.New(rand.NewPCG(cfg.seed, cfg.seed^0x9e3779b97f4a7c15)),
		seq: map[string]int{}, apps: map[string]*app{}, appsByURN: map[model.URN]*app{},
		tokens: map[string]*token{}, byContext: map[model.URN]*customerState{},
		st: state.New(), tasks: map[string]*model.JobPostingTask{},
		taskOwner: map[string]model.URN{}, taskReady: map[string]time.Time{}, jobs: map[string]*jobState{}, members: map[model.URN]*Member{},
		unlinked: map[string]map[model.URN]bool{}, seatCreated: map[model.URN]int64{},
		baseURL: inMemoryURL,
	}
	s.apps[cfg.partnerID] = &app{clientID: cfg.partnerID, secret: cfg.partnerSecret, partner: true,
		urn: model.DeveloperApplicationURN("1")}
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
	s.mu.Lock()
	s.baseURL = strings.TrimSuffix(u, "/")
	s.mu.Unlock()
}

// URL returns the base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.baseURL
}

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
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

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

// next returns the next number of a kind's counter.
func (s *Server) next(kind string) int {
	s.seq[kind]++
	return s.seq[kind]
}

// randHex returns n seeded random hex digits.
func (s *Server) randHex(n int) string {
	const digits = "0123456789abcdef"
	b := make([]byte, n)
	for i := range b {
		b[i] = digits[s.rng.IntN(16)]
	}
	return string(b)
}

func (s *Server) now() time.Time { return s.cfg.clock() }

// app is a partner or child application.
type app struct {
	clientID, secret string
	partner          bool
	urn              model.URN
	uniqueForeignID  string
	name, desc       string
	domains          []string
	callbacks        []string
	org, contract    model.URN // the customer; empty until bound

	day         int64
	dayCount    int
	minute      int64
	minuteCount int
	exhausted   int64          // a day forced exhausted by a fault, +1 (0: none)
	resCount    map[string]int // today's requests to resources with their own quota
}

type token struct {
	app     *app
	expires time.Time
}

// mreq is one API request after untunneling and authentication.
type mreq struct {
	id     string // X-Li-Uuid of the answer
	method string
	segs   []string // escaped path segments, without the leading "" and "v2"/"rest"
	rest   bool
	// proto2 is true when the request declared X-RestLi-Protocol-Version:
	// 2.0.0 (on /v2 too, as LinkedIn's python client does); without the
	// header LinkedIn reads a request as Rest.li 1.0, on /rest too.
	proto2   bool
	rawQuery string
	q        parsedQuery
	body     []byte
	header   http.Header
	app      *app
	op       string // e.g. "BATCH_UPDATE /v2/atsCandidates"
	path     string
}

// apiError is an error answer with LinkedIn's body.
type apiError struct {
	status  int
	message string
	// code is LinkedIn's symbolic error code ("VERSION_MISSING"), sent as
	// "code" when set.
	code   string
	header map[string]string
}

func (e *apiError) Error() string { return e.message }

func errf(status int, format string, args ...any) *apiError {
	return &apiError{status: status, message: fmt.Sprintf(format, args...)}
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	b := []byte(`{"status":500,"message":"encode response"}`)
	if err := enc.Encode(v); err != nil {
		status = http.StatusInternalServerError
	} else {
		b = bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

func writeError(w http.ResponseWriter, e *apiError) {
	for k, v := range e.header {
		w.Header().Set(k, v)
	}
	w.Header().Set("X-LinkedIn-Error-Response", "true")
	// Rest.li 2.0 flags an error body with X-RestLi-Error-Response; serve has
	// echoed the request's protocol version by now.
	if w.Header().Get(headerProtocolVersion) == "2.0.0" {
		w.Header().Set("X-RestLi-Error-Response", "true")
	}
	body := map[string]any{"status": e.status, "message": e.message}
	if e.code != "" {
		body["code"] = e.code
	}
	if e.status == http.StatusUnauthorized {
		body["serviceErrorCode"] = 401
	}
	writeJSON(w, e.status, body)
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	reqID := fmt.Sprintf("mock-%d", s.next("request"))
	s.mu.Unlock()
	w.Header().Set("X-Li-Uuid", reqID)
	if pv := r.Header.Get(headerProtocolVersion); pv != "" {
		w.Header().Set(headerProtocolVersion, pv)
	}
	uri := r.RequestURI
	if strings.HasPrefix(r.URL.Path, "/oauth/") || r.URL.Path == "/v2/me" {
		uri = r.URL.Path // the query carries the OAuth state, a code or a token
	}
	s.cfg.logger.Debug("rscmock request", "method", r.Method, "uri", uri, "id", reqID)
	if len(r.RequestURI) > s.cfg.maxURL || len(r.URL.RawQuery) > s.cfg.maxQuery {
		writeError(w, errf(http.StatusRequestURITooLong, "Request-URI Too Long"))
		return
	}
	path := r.URL.EscapedPath()
	switch {
	case path == "/oauth/v2/accessToken":
		s.serveToken(w, r)
		return
	case path == "/oauth/v2/authorization":
		s.serveAuthorization(w, r)
		return
	case path == "/v2/me":
		s.serveMe(w, r)
		return
	case strings.HasPrefix(path, "/_mock/"):
		s.serveMockAPI(w, r)
		return
	case path == "/_mock" || path == "/_console":
		http.Redirect(w, r, path+"/", http.StatusMovedPermanently)
		return
	case strings.HasPrefix(path, "/_upload/"):
		s.serveUpload(w, r)
		return
	case strings.HasPrefix(path, "/_console/"):
		s.serveConsole(w, r)
		return
	case strings.HasPrefix(path, "/_widgets") || path == "/xdoor/scripts/in.js":
		s.serveWidgets(w, r)
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		writeError(w, errf(http.StatusBadRequest, "read body: %v", err))
		return
	}
	if len(body) > maxBody {
		// Assumption: LinkedIn's body limit is unpublished; the fake's is 32 MiB.
		writeError(w, errf(http.StatusRequestEntityTooLarge, "Request body larger than %d bytes", maxBody))
		return
	}
	m := &mreq{id: reqID, method: r.Method, rawQuery: r.URL.RawQuery, body: body, header: r.Header, path: r.URL.Path,
		proto2: strings.TrimSpace(r.Header.Get(headerProtocolVersion)) == "2.0.0"}
	tunneled := false
	if ov := r.Header.Get(headerMethodOverride); ov != "" && r.Method == http.MethodPost {
		tunneled = true
		rq, jb, err := untunnel(r.Header.Get("Content-Type"), body)
		if err != nil {
			writeError(w, errf(http.StatusBadRequest, "invalid tunneled request: %v", err))
			return
		}
		m.method, m.rawQuery, m.body = strings.ToUpper(ov), rq, jb
	}
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(segs) < 2 || (segs[0] != "v2" && segs[0] != "rest") {
		writeError(w, errf(http.StatusNotFound, "No resource found for %s", r.URL.Path))
		return
	}
	m.rest = segs[0] == "rest"
	m.segs = segs[1:]
	if e := s.authenticate(r, m); e != nil {
		writeError(w, e)
		return
	}
	if m.rest {
		if e := checkVersionedHeaders(r.Header); e != nil {
			writeError(w, e)
			return
		}
	} else if e := checkProtocolHeader(r.Header); e != nil {
		writeError(w, e)
		return
	}
	// A tunneled request's own Content-Type is the form or multipart body
	// that carries it; untunnel checked the type of its JSON part.
	if !tunneled {
		if e := checkJSONContentType(r.Header, body); e != nil {
			writeError(w, e)
			return
		}
	}
	if m.q, err = restli.ParseQuery(m.rawQuery); err != nil {
		writeError(w, errf(http.StatusBadRequest, "Invalid query parameters: %v", err))
		return
	}
	h, e := s.route(m)
	if e != nil {
		writeError(w, e)
		return
	}
	answered, after := s.applyFaults(w, r, m)
	if answered {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e := s.permit(m); e != nil {
		writeError(w, e)
		return
	}
	if e := s.countRequest(m); e != nil {
		writeError(w, e)
		return
	}
	status, out, e := h(m)
	if e != nil {
		writeError(w, e)
		return
	}
	// A fault after the commit: the state changed, the answer is lost.
	if loseAnswer(w, after) {
		return
	}
	if out == nil {
		w.WriteHeader(status)
		return
	}
	writeJSON(w, status, out)
}

// versionRE is the documented format of LinkedIn-Version: YYYYMM, with an
// optional two-digit patch (202508.02).
var versionRE = regexp.MustCompile(`^[0-9]{4}(0[1-9]|1[0-2])(\.[0-9]{2})?$`)

// checkVersionedHeaders checks the headers every versioned /rest call needs:
// LinkedIn-Version (YYYYMM or YYYYMM.NN), and X-Restli-Protocol-Version
// either absent (Rest.li 1.0) or a Rest.li version, 1.0.0 or 2.0.0.
//
// The missing-version answer is LinkedIn's (400, code VERSION_MISSING).
// Assumption: our reference gives no answer for a malformed version. The
// mock answers 400 with code INVALID_VERSION. (A well-formed but retired
// version, which LinkedIn answers 426 NONEXISTENT_VERSION, is not modelled:
// every well-formed one is served.)
//
// The protocol header: LinkedIn's docs (ats-to-linkedin.md §1.2, protocol
// version page) say a request without it is read as Rest.li 1.0, and
// LinkedIn's Java SDK (talent-solutions-java-sdk) calls /rest/simpleJobPostings
// and /rest/simpleJobPostingTasks without it, with 1.0 keys
// (ids=urn:li:simpleJobPostingTask:...). So /rest accepts 1.0 requests; the
// client sends 2.0.0, the documented form for /rest. Any other value is a
// 400 naming the header.
func checkVersionedHeaders(h http.Header) *apiError {
	v := h.Get(headerLinkedInVersion)
	if v == "" {
		e := errf(http.StatusBadRequest, "A version must be present. Please specify a version by adding the LinkedIn-Version header.")
		e.code = "VERSION_MISSING"
		return e
	}
	if !versionRE.MatchString(v) {
		e := errf(http.StatusBadRequest, "Invalid version %q in the LinkedIn-Version header: a version is YYYYMM or YYYYMM.NN, e.g. 202603 or 202508.02.", v)
		e.code = "INVALID_VERSION"
		return e
	}
	return checkProtocolHeader(h)
}

// checkProtocolHeader refuses an X-Restli-Protocol-Version that is neither
// 1.0.0 nor 2.0.0 (absent means 1.0).
func checkProtocolHeader(h http.Header) *apiError {
	switch pv := strings.TrimSpace(h.Get(headerProtocolVersion)); pv {
	case "", "1.0.0", "2.0.0":
		return nil
	default:
		return errf(http.StatusBadRequest, "Invalid header X-Restli-Protocol-Version %q: want 2.0.0 (or 1.0.0, or none for Rest.li 1.0).", pv)
	}
}

// checkJSONContentType checks that a request with a body declares it as
// application/json, as LinkedIn documents for bodies on PUT and POST (and
// requires on provisioning create). Parameters such as charset are accepted.
//
// text/plain is accepted too when the body is JSON: LinkedIn's own Postman
// collection sends its raw JSON bodies (the provisionedApplications partial
// updates of validJsSdkDomains and oauth2AuthorizedCallbackUrls) with
// Content-Type: text/plain, and LinkedIn accepts them. The client sends the
// documented application/json.
//
// Assumption: our reference says the header is required but not how LinkedIn
// answers without it; the mock answers 400 (rather than 415) in LinkedIn's
// error shape.
func checkJSONContentType(h http.Header, body []byte) *apiError {
	if len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	ct := h.Get("Content-Type")
	if ct == "" {
		return errf(http.StatusBadRequest, "A request with a JSON body requires the header Content-Type: application/json.")
	}
	mt, _, err := mime.ParseMediaType(ct)
	if err == nil && mt == "text/plain" && json.Valid(body) {
		return nil
	}
	if err != nil || mt != "application/json" {
		return errf(http.StatusBadRequest, "A request with a JSON body requires the header Content-Type: application/json, got %q.", ct)
	}
	return nil
}

// serveToken is POST /oauth/v2/accessToken (client_credentials, or
// authorization_code: see memberauth.go).
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	oauthErr := func(status int, code, desc string) {
		writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
	}
	if r.Method != http.MethodPost {
		oauthErr(http.StatusMethodNotAllowed, "invalid_request", "the token endpoint accepts POST only")
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	// Read the form whatever the Content-Type says (LinkedIn's samples send text/plain).
	form, err := url.ParseQuery(string(body))
	if err != nil {
		oauthErr(http.StatusBadRequest, "invalid_request", "malformed form body")
		return
	}
	for k, v := range r.URL.Query() {
		if form.Get(k) == "" {
			form[k] = v
		}
	}
	id, secret := form.Get("client_id"), form.Get("client_secret")
	if bu, bp, ok := r.BasicAuth(); ok && id == "" {
		id, secret = bu, bp
	}
	if form.Get("grant_type") == "authorization_code" {
		s.serveAuthorizationCodeToken(w, form, id, secret)
		return
	}
	if gt := form.Get("grant_type"); gt != "client_credentials" {
		oauthErr(http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials, got "+strconv.Quote(gt))
		return
	}
	if id == "" || secret == "" {
		oauthErr(http.StatusBadRequest, "invalid_request", "A required parameter \"client_id\" or \"client_secret\" is missing")
		return
	}
	s.mu.Lock()
	a := s.apps[id]
	if a == nil || a.secret != secret {
		s.mu.Unlock()
		oauthErr(http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	tok := fmt.Sprintf("AQ%s%d", s.randHex(24), s.next("token"))
	s.tokens[tok] = &token{app: a, expires: s.now().Add(s.cfg.tokenTTL)}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "expires_in": int(s.cfg.tokenTTL / time.Second)})
}

// authenticate resolves the bearer token of r.
func (s *Server) authenticate(r *http.Request, m *mreq) *apiError {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		if tok = r.URL.Query().Get("oauth2_access_token"); tok == "" {
			return errf(http.StatusUnauthorized, msgEmptyToken)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tokens[strings.TrimSpace(tok)]
	if t == nil {
		return errf(http.StatusUnauthorized, msgInvalidToken)
	}
	if !s.now().Before(t.expires) {
		return errf(http.StatusUnauthorized, msgExpiredToken)
	}
	m.app = t.app
	return nil
}

// permit checks that the application may call the resource at all.
func (s *Server) permit(m *mreq) *apiError {
	provisioning := len(m.segs) > 0 && m.segs[0] == "provisionedApplications"
	if provisioning != m.app.partner {
		return errf(http.StatusForbidden, "Not enough permissions to access: %s %s", m.method, m.path)
	}
	return nil
}

// ownContext checks that a child application may touch integrationContext
// ctx (its customer's organization or contract). An application provisioned
// through the API is bound to the first organization and contract it uses.
// Must hold s.mu.
func (s *Server) ownContext(a *app, ctx model.URN) *apiError {
	switch {
	case ctx == "":
		return errf(http.StatusBadRequest, "integrationContext is required")
	case ctx == a.org || ctx == a.contract:
		return nil
	case ctx.IsType(model.URNTypeOrganization) && a.org == "" && s.byContext[ctx] == nil:
		a.org = ctx
		s.bindCustomer(a)
		return nil
	case ctx.IsType(model.URNTypeContract) && a.contract == "" && s.byContext[ctx] == nil:
		a.contract = ctx
		s.bindCustomer(a)
		return nil
	}
	return errf(http.StatusForbidden, "Not enough permissions to access integrationContext %s", ctx)
}

// ownQuota lists the resources with a daily request quota of their own,
// counted apart from the application's: 100,000 requests a day each
// [Q S1: v2/exportedCandidates, rest/exportedCandidates,
// rest/atsPurgedExportedCandidates; Q S2: the evaluations].
var ownQuota = map[string]bool{"/v2/exportedCandidates": true, "/rest/exportedCandidates": true,
	"/rest/atsPurgedExportedCandidates": true, "/rest/exportedApplicationEvaluations": true,
	"/rest/exportedApplicationEvaluation": true}

// countRequest applies the daily request quota of a child application, or
// of the resource of m when it has its own (ownQuota).
func (s *Server) countRequest(m *mreq) *apiError {
	a := m.app
	if a.partner {
		return nil
	}
	now := s.now().UTC()
	day := now.Unix() / 86400
	if a.day != day {
		a.day, a.dayCount, a.resCount = day, 0, nil
	}
	_, resource, _ := strings.Cut(m.op, " ")
	count, limit := &a.dayCount, s.cfg.requestsPerDay
	if ownQuota[resource] {
		if a.resCount == nil {
			a.resCount = map[string]int{}
		}
		n := a.resCount[resource]
		count, limit = &n, s.cfg.exportReadsPerDay
		defer func() { a.resCount[resource] = n }()
	}
	*count++
	if a.exhausted == day+1 || (limit > 0 && *count > limit) {
		reset := time.Unix((day+1)*86400, 0).UTC()
		return &apiError{status: http.StatusTooManyRequests, message: msgDailyLimit,
			header: map[string]string{"Retry-After": strconv.Itoa(int(reset.Sub(now).Seconds()) + 1)}}
	}
	return nil
}

// countRecords applies the records-per-minute limit to a batch of n records.
func (s *Server) countRecords(a *app, n int) *apiError {
	if a.partner || s.cfg.recordsPerMinute <= 0 {
		return nil
	}
	now := s.now()
	minute := now.Unix() / 60
	if a.minute != minute {
		a.minute, a.minuteCount = minute, 0
	}
	if a.minuteCount+n > s.cfg.recordsPerMinute {
		wait := time.Unix((minute+1)*60, 0).Sub(now)
		return &apiError{status: http.StatusTooManyRequests, message: "Too many requests",
			header: map[string]string{"Retry-After": strconv.Itoa(int((wait + time.Second - 1) / time.Second))}}
	}
	a.minuteCount += n
	return nil
}

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

type faultState struct {
	f       Fault
	applied int
}

// InjectFault adds a fault.
func (s *Server) InjectFault(f Fault) {
	s.mu.Lock()
	s.faults = append(s.faults, &faultState{f: f})
	s.mu.Unlock()
}

// Faults returns the faults injected since the last ClearFaults, used up or not.
func (s *Server) Faults() []Fault {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []Fault{}
	for _, fs := range s.faults {
		out = append(out, fs.f)
	}
	return out
}

// ClearFaults removes every fault.
func (s *Server) ClearFaults() {
	s.mu.Lock()
	s.faults = nil
	s.mu.Unlock()
}

// applyFaults runs the faults matching m; it reports whether it answered,
// and returns the matching AfterCommit faults for loseAnswer.
func (s *Server) applyFaults(w http.ResponseWriter, r *http.Request, m *mreq) (bool, []Fault) {
	s.mu.Lock()
	var hit, after []Fault
	for _, fs := range s.faults {
		f := fs.f
		if f.Op != "" && f.Op != m.op {
			continue
		}
		limit := f.Count
		if f.Burst429 > 0 && (limit == 0 || f.Burst429 < limit) {
			limit = f.Burst429
		}
		if limit > 0 && fs.applied >= limit {
			continue
		}
		if f.Rate > 0 && s.rng.Float64() >= f.Rate {
			continue
		}
		fs.applied++
		if f.AfterCommit {
			after = append(after, f)
			continue
		}
		hit = append(hit, f)
		if f.DailyExhausted && !m.app.partner {
			m.app.exhausted = s.now().UTC().Unix()/86400 + 1
		}
	}
	s.mu.Unlock()
	for _, f := range hit {
		if f.Latency > 0 {
			select {
			case <-time.After(f.Latency):
			case <-r.Context().Done():
				return true, nil
			}
		}
	}
	for _, f := range hit {
		switch {
		case f.Drop:
			dropConn(w)
			return true, nil
		case f.Burst429 > 0:
			writeError(w, &apiError{status: http.StatusTooManyRequests, message: "Too many requests",
				header: map[string]string{"Retry-After": strconv.Itoa(int(f.RetryAfter / time.Second))}})
			return true, nil
		case f.Status != 0:
			writeError(w, errf(f.Status, "injected fault"))
			return true, nil
		}
	}
	return false, after
}

// loseAnswer applies the first AfterCommit fault with an effect: it drops
// the connection or answers its status instead of the real answer. It
// reports whether it did.
func loseAnswer(w http.ResponseWriter, after []Fault) bool {
	for _, f := range after {
		switch {
		case f.Drop:
			dropConn(w)
			return true
		case f.Status != 0:
			writeError(w, errf(f.Status, "injected fault after the commit"))
			return true
		}
	}
	return false
}

// dropConn closes the connection without an answer.
func dropConn(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

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

// Deliveries returns the notifications POSTed so far.
func (s *Server) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery{}, s.callbacks...)
}

// deliver POSTs n to url (without holding s.mu) and records the outcome.
func (s *Server) deliver(ctx context.Context, url string, n model.Notification) Delivery {
	d := Delivery{URL: url, Notification: n}
	if url == "" {
		d.Err = "no CALLBACK_URL configured"
	} else {
		b, _ := json.Marshal(n)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(b))
		if err == nil {
			req.Header.Set("Content-Type", "application/json")
			var resp *http.Response
			if resp, err = s.cfg.callbackClient.Do(req); err == nil {
				_, _ = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d.Status = resp.StatusCode
			}
		}
		if err != nil {
			d.Err = deliveryReason(url, err)
			s.noteFailure(url, d.Err)
		}
	}
	s.mu.Lock()
	s.callbacks = append(s.callbacks, d)
	s.mu.Unlock()
	return d
}
