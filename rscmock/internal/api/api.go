// Package api is rscmock's wire-level front: it numbers each request,
// checks its URL, body, headers and credentials, untunnels it, parses its
// Rest.li query, routes it to a resource and method (the route table),
// applies injected faults and quotas, and writes the answer or LinkedIn's
// error shape. It also serves the /v2 resume upload (POST /v2/hireMediaUrl,
// the PUT of the file, PUT /v2/atsApplications/{key}/resumes) and the
// exported application evaluations.
//
// The resources themselves are served by the fake's other parts
// (internal/records, internal/sim, internal/auth), which API holds; the
// HTML pages and the /_mock/ JSON API are the front's (Parts.Pages). Like
// every package under rscmock/internal it imports neither rsc nor
// rsc/model.
package api

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
	"github.com/rsckit/rsckit/rscmock/internal/state"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// Limits of a request the fake reads.
const (
	// MaxBatch is the most entities a batch request may hold.
	MaxBatch = 100
	// MaxBody is the largest request body read (Assumption: LinkedIn's
	// limit is unpublished).
	MaxBody = 32 << 20
	// MaxMedia is the most upload URLs (POST /v2/hireMediaUrl) the fake
	// holds.
	MaxMedia = 1000
)

// KindJob names job postings in the write logs of the state store.
const KindJob = "job"

// Config is how the API reads requests.
type Config struct {
	// Clock is the fake's clock (job tasks, evaluations' expiry).
	Clock func() time.Time
	// Strict makes validation also reject unknown JSON fields.
	Strict bool
	// MaxURL and MaxQuery are the longest URL and query accepted before 414.
	MaxURL, MaxQuery int
	// Logger receives one debug line per request (never its query on the
	// OAuth paths, which carry codes and tokens).
	Logger *slog.Logger
}

// Parts are the fake's parts the API serves from; the front builds them
// and keeps its own references for its typed API.
type Parts struct {
	// Mu guards Sim: the API holds it around every handler but those of
	// the synced records, job postings and tasks, which lock what they touch.
	Mu      sync.Locker
	Sim     *sim.Recruiter
	Auth    *auth.Registry
	Members *auth.MemberFlow
	Store   *state.Store
	Records *records.Service
	Jobs    *sim.Jobs
	Faults  *sim.Faults
	// NewApp registers a new child application for provisioning; it is
	// called with Mu held.
	NewApp func() *auth.App
	// BaseURL returns the URL the fake reports (for upload URLs); it must
	// not take Mu.
	BaseURL func() string
	// Pages serves the front's own paths: /_mock/, /_console/, /_widgets
	// and /xdoor/scripts/in.js. Nil answers them 404.
	Pages http.Handler
}

// API serves the LinkedIn API of the fake. It is safe for concurrent use.
type API struct {
	cfg      Config
	p        Parts
	requests atomic.Uint64 // numbers the requests (X-Li-Uuid mock-N)
	media    uploads
	evals    evaluations
}

// New returns an API over parts p.
func New(cfg Config, p Parts) *API {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &API{cfg: cfg, p: p}
}

// RequestID renders request number n as its X-Li-Uuid.
func RequestID(n uint64) string { return "mock-" + strconv.FormatUint(n, 10) }

// handler answers one routed request, with Mu held unless the route set
// request.ownLocking.
type handler func(m *request) (status int, body any, err *wire.Error)

// request is one API request after untunneling and authentication.
type request struct {
	id  string // X-Li-Uuid of the answer
	num uint64 // the request's number, in id
	// ownLocking is set by route for handlers that lock what they touch
	// themselves; ServeHTTP holds Mu around every other handler.
	ownLocking bool
	method     string
	segs       []string // escaped path segments, without the leading "" and "v2"/"rest"
	rest       bool
	// proto2 is true when the request declared X-RestLi-Protocol-Version:
	// 2.0.0 (on /v2 too, as LinkedIn's python client does); without the
	// header LinkedIn reads a request as Rest.li 1.0, on /rest too.
	proto2   bool
	rawQuery string
	q        restli.Query
	body     []byte
	header   http.Header
	app      *auth.App
	op       string // e.g. "BATCH_UPDATE /v2/atsCandidates"
	path     string
}

// readBody reads at most limit bytes of r's body, into a buffer of the
// declared Content-Length (batch bodies are large: growing a buffer from
// 512 bytes copies them several times).
func readBody(r *http.Request, limit int64) ([]byte, error) {
	size := int64(bytes.MinRead)
	if r.ContentLength > 0 {
		// ReadFrom wants MinRead bytes free before its last, empty read.
		size = min(r.ContentLength, limit) + bytes.MinRead
	}
	buf := bytes.NewBuffer(make([]byte, 0, size))
	_, err := buf.ReadFrom(io.LimitReader(r.Body, limit))
	return buf.Bytes(), err
}

// ServeHTTP serves one request of the fake.
func (a *API) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	reqNum := a.requests.Add(1)
	reqID := RequestID(reqNum)
	w.Header().Set("X-Li-Uuid", reqID)
	if pv := r.Header.Get(wire.HeaderProtocolVersion); pv != "" {
		w.Header().Set(wire.HeaderProtocolVersion, pv)
	}
	uri := r.RequestURI
	if strings.HasPrefix(r.URL.Path, "/oauth/") || r.URL.Path == "/v2/me" {
		uri = r.URL.Path // the query carries the OAuth state, a code or a token
	}
	a.cfg.Logger.Debug("rscmock request", "method", r.Method, "uri", uri, "id", reqID)
	if len(r.RequestURI) > a.cfg.MaxURL || len(r.URL.RawQuery) > a.cfg.MaxQuery {
		wire.WriteError(w, wire.Errorf(http.StatusRequestURITooLong, "Request-URI Too Long"))
		return
	}
	path := r.URL.EscapedPath()
	switch {
	case path == "/oauth/v2/accessToken":
		a.p.Auth.ServeToken(w, r, a.p.Members.ServeCodeToken)
		return
	case path == "/oauth/v2/authorization":
		a.p.Members.ServeAuthorization(w, r)
		return
	case path == "/v2/me":
		a.p.Members.ServeMe(w, r)
		return
	case path == "/_mock" || path == "/_console":
		http.Redirect(w, r, path+"/", http.StatusMovedPermanently)
		return
	case strings.HasPrefix(path, "/_upload/"):
		a.serveUpload(w, r)
		return
	case strings.HasPrefix(path, "/_mock/") || strings.HasPrefix(path, "/_console/") ||
		strings.HasPrefix(path, "/_widgets") || path == "/xdoor/scripts/in.js":
		if a.p.Pages == nil {
			http.NotFound(w, r)
			return
		}
		a.p.Pages.ServeHTTP(w, r)
		return
	}
	m, e := a.read(r, reqID, reqNum)
	if e != nil {
		wire.WriteError(w, e)
		return
	}
	h, e := a.route(m)
	if e != nil {
		wire.WriteError(w, e)
		return
	}
	hit, after := a.p.Faults.Match(m.op)
	for _, f := range hit {
		if f.DailyExhausted {
			a.p.Auth.Exhaust(m.app)
		}
	}
	if sim.Strike(r.Context(), w, hit) {
		return
	}
	if e := permit(m); e != nil {
		wire.WriteError(w, e)
		return
	}
	_, resource, _ := strings.Cut(m.op, " ")
	if e := a.p.Auth.CountRequest(m.app, resource); e != nil {
		wire.WriteError(w, e)
		return
	}
	// Handlers of synced records (m.ownLocking) take Mu only for the
	// tenant's state they read; their records have locks of their own.
	if !m.ownLocking {
		a.p.Mu.Lock()
		defer a.p.Mu.Unlock()
	}
	status, out, e := h(m)
	if e != nil {
		wire.WriteError(w, e)
		return
	}
	// A fault after the commit: the state changed, the answer is lost.
	if sim.LoseAnswer(w, after) {
		return
	}
	if out == nil {
		w.WriteHeader(status)
		return
	}
	wire.WriteJSON(w, status, out)
}

// read reads an API request: its body, tunnelled form, path, caller,
// headers and query.
func (a *API) read(r *http.Request, reqID string, reqNum uint64) (*request, *wire.Error) {
	body, err := readBody(r, MaxBody+1)
	if err != nil {
		return nil, wire.Errorf(http.StatusBadRequest, "read body: %v", err)
	}
	if len(body) > MaxBody {
		// Assumption: LinkedIn's body limit is unpublished; the fake's is 32 MiB.
		return nil, wire.Errorf(http.StatusRequestEntityTooLarge, "Request body larger than %d bytes", MaxBody)
	}
	m := &request{id: reqID, num: reqNum, method: r.Method, rawQuery: r.URL.RawQuery, body: body, header: r.Header, path: r.URL.Path,
		proto2: strings.TrimSpace(r.Header.Get(wire.HeaderProtocolVersion)) == "2.0.0"}
	tunneled := false
	if ov := r.Header.Get(wire.HeaderMethodOverride); ov != "" && r.Method == http.MethodPost {
		tunneled = true
		rq, jb, err := wire.Untunnel(r.Header.Get("Content-Type"), body)
		if err != nil {
			return nil, wire.Errorf(http.StatusBadRequest, "invalid tunneled request: %v", err)
		}
		m.method, m.rawQuery, m.body = strings.ToUpper(ov), rq, jb
	}
	segs := strings.Split(strings.TrimPrefix(r.URL.EscapedPath(), "/"), "/")
	if len(segs) < 2 || (segs[0] != "v2" && segs[0] != "rest") {
		return nil, wire.Errorf(http.StatusNotFound, "No resource found for %s", r.URL.Path)
	}
	m.rest = segs[0] == "rest"
	m.segs = segs[1:]
	var e *wire.Error
	if m.app, e = a.p.Auth.Authenticate(r); e != nil {
		return nil, e
	}
	if m.rest {
		if e := wire.CheckVersionedHeaders(r.Header); e != nil {
			return nil, e
		}
	} else if e := wire.CheckProtocolHeader(r.Header); e != nil {
		return nil, e
	}
	// A tunneled request's own Content-Type is the form or multipart body
	// that carries it; untunnel checked the type of its JSON part.
	if !tunneled {
		if e := wire.CheckJSONContentType(r.Header, body); e != nil {
			return nil, e
		}
	}
	if m.q, err = restli.ParseQuery(m.rawQuery); err != nil {
		return nil, wire.Errorf(http.StatusBadRequest, "Invalid query parameters: %v", err)
	}
	return m, nil
}

// permit checks that the application may call the resource at all.
func permit(m *request) *wire.Error {
	provisioning := len(m.segs) > 0 && m.segs[0] == "provisionedApplications"
	if provisioning != m.app.Partner {
		return wire.Errorf(http.StatusForbidden, "Not enough permissions to access: %s %s", m.method, m.path)
	}
	return nil
}

// own checks that application app may touch integration context ctx
// (sim.Recruiter.Own). Must hold Mu.
func (a *API) own(app *auth.App, ctx string) *wire.Error { return a.p.Sim.Own(app, ctx) }
