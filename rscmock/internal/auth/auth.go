// Package auth is the fake LinkedIn's application side of OAuth: the
// partner and child applications, the 2-legged (client credentials) access
// tokens it issues at /oauth/v2/accessToken, the bearer-token check of every
// API call, and the per-application quotas (requests a day, records a
// minute). It imports neither rsc nor rsc/model.
//
// A Registry is safe for concurrent use. Its locks are its own: one for the
// applications, one for the tokens (every request reads them), one per
// application for its quota counters; none of them is the simulator's.
package auth

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// Messages of LinkedIn's error bodies.
const (
	MsgDailyLimit   = "Resource level throttle APPLICATION DAY limit for calls to this resource is reached."
	MsgInvalidToken = "Invalid access token"
	MsgExpiredToken = "The token used in the request has expired"
	MsgEmptyToken   = "Empty oauth2_access_token"
)

// App is a partner or child application. The registry guards its own maps;
// the fields that change after Add (Org, Contract, Name, Desc, Domains,
// Callbacks) are guarded by the caller's lock (the simulator's), as the
// customer they bind to is.
type App struct {
	ClientID, Secret string
	Partner          bool
	// URN is urn:li:developerApplication:N.
	URN             string
	UniqueForeignID string
	Name, Desc      string
	// Domains are the validJsSdkDomains; Callbacks the
	// oauth2AuthorizedCallbackUrls.
	Domains, Callbacks []string
	// Org and Contract are the customer's URNs; empty until bound.
	Org, Contract string

	// quota guards the counters below, which requests update without any
	// other lock.
	quota       sync.Mutex
	day         int64
	dayCount    int
	minute      int64
	minuteCount int
	exhausted   int64          // a day forced exhausted by a fault, +1 (0: none)
	resCount    map[string]int // today's requests to resources with their own quota
}

// Config are the Registry's limits and clock.
type Config struct {
	// Seed makes the tokens deterministic.
	Seed uint64
	// Clock is the fake's clock.
	Clock func() time.Time
	// TokenTTL is how long an access token lives.
	TokenTTL time.Duration
	// RequestsPerDay is each child application's daily quota (0: none).
	RequestsPerDay int
	// ExportReadsPerDay is the daily quota of each resource with a quota
	// of its own (OwnQuota), per child application (0: none).
	ExportReadsPerDay int
	// RecordsPerMinute limits the records of batch writes (0: none).
	RecordsPerMinute int
}

// Registry holds the applications, their tokens and their quotas.
type Registry struct {
	cfg Config

	mu    sync.RWMutex
	apps  map[string]*App // by client id
	byURN map[string]*App

	tokMu  sync.Mutex // guards tokens, rng and issued
	tokens map[string]token
	rng    *rand.Rand
	issued int
}

type token struct {
	app     *App
	expires time.Time
}

// New returns an empty Registry.
func New(cfg Config) *Registry {
	if cfg.Clock == nil {
		cfg.Clock = time.Now
	}
	return &Registry{cfg: cfg, apps: map[string]*App{}, byURN: map[string]*App{}, tokens: map[string]token{},
		rng: rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x6a09e667f3bcc909))}
}

// Add registers a (replaces it).
func (g *Registry) Add(a *App) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.apps[a.ClientID] = a
	if a.URN != "" {
		g.byURN[a.URN] = a
	}
}

// App returns the application of clientID, or nil.
func (g *Registry) App(clientID string) *App {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.apps[clientID]
}

// ByURN returns the application of URN u, or nil.
func (g *Registry) ByURN(u string) *App {
	g.mu.RLock()
	defer g.mu.RUnlock()
	return g.byURN[u]
}

// Apps returns every application, by client id.
func (g *Registry) Apps() []*App {
	g.mu.RLock()
	defer g.mu.RUnlock()
	out := make([]*App, 0, len(g.apps))
	for _, a := range g.apps {
		out = append(out, a)
	}
	slices.SortFunc(out, func(a, b *App) int { return strings.Compare(a.ClientID, b.ClientID) })
	return out
}

// Replace swaps in apps (a restored state) and revokes every token.
func (g *Registry) Replace(apps []*App) {
	fresh := New(g.cfg)
	for _, a := range apps {
		fresh.Add(a)
	}
	g.mu.Lock()
	g.apps, g.byURN = fresh.apps, fresh.byURN
	g.mu.Unlock()
	g.tokMu.Lock()
	g.tokens = map[string]token{}
	g.tokMu.Unlock()
}

// IsToken reports whether tok is an application's access token (not
// expired or expired).
func (g *Registry) IsToken(tok string) bool {
	g.tokMu.Lock()
	defer g.tokMu.Unlock()
	_, ok := g.tokens[tok]
	return ok
}

// Issue returns a new access token of a.
func (g *Registry) Issue(a *App) string {
	const digits = "0123456789abcdef"
	g.tokMu.Lock()
	defer g.tokMu.Unlock()
	b := make([]byte, 24)
	for i := range b {
		b[i] = digits[g.rng.IntN(16)]
	}
	g.issued++
	tok := "AQ" + string(b) + strconv.Itoa(g.issued)
	g.tokens[tok] = token{app: a, expires: g.cfg.Clock().Add(g.cfg.TokenTTL)}
	return tok
}

// TokenTTL returns the lifetime of the tokens Issue returns.
func (g *Registry) TokenTTL() time.Duration { return g.cfg.TokenTTL }

// OAuthError writes an OAuth 2.0 error answer.
func OAuthError(w http.ResponseWriter, status int, code, desc string) {
	wire.WriteJSON(w, status, map[string]string{"error": code, "error_description": desc})
}

// ServeToken is POST /oauth/v2/accessToken: it issues client_credentials
// tokens and hands an authorization_code grant to code with the form and
// the client's credentials (from the form or HTTP Basic).
func (g *Registry) ServeToken(w http.ResponseWriter, r *http.Request, code func(w http.ResponseWriter, form url.Values, clientID, secret string)) {
	if r.Method != http.MethodPost {
		OAuthError(w, http.StatusMethodNotAllowed, "invalid_request", "the token endpoint accepts POST only")
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 1<<20))
	// Read the form whatever the Content-Type says (LinkedIn's samples send text/plain).
	form, err := url.ParseQuery(string(body))
	if err != nil {
		OAuthError(w, http.StatusBadRequest, "invalid_request", "malformed form body")
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
		code(w, form, id, secret)
		return
	}
	if gt := form.Get("grant_type"); gt != "client_credentials" {
		OAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "grant_type must be client_credentials, got "+strconv.Quote(gt))
		return
	}
	if id == "" || secret == "" {
		OAuthError(w, http.StatusBadRequest, "invalid_request", "A required parameter \"client_id\" or \"client_secret\" is missing")
		return
	}
	a := g.App(id)
	if a == nil || a.Secret != secret {
		OAuthError(w, http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	tok := g.Issue(a)
	wire.WriteJSON(w, http.StatusOK, map[string]any{"access_token": tok, "expires_in": int(g.cfg.TokenTTL / time.Second)})
}

// Authenticate resolves the bearer token of r (or its
// oauth2_access_token parameter) to its application.
func (g *Registry) Authenticate(r *http.Request) (*App, *wire.Error) {
	h := r.Header.Get("Authorization")
	tok, ok := strings.CutPrefix(h, "Bearer ")
	if !ok || strings.TrimSpace(tok) == "" {
		if tok = r.URL.Query().Get("oauth2_access_token"); tok == "" {
			return nil, wire.Errorf(http.StatusUnauthorized, MsgEmptyToken)
		}
	}
	g.tokMu.Lock()
	t, ok := g.tokens[strings.TrimSpace(tok)]
	g.tokMu.Unlock()
	if !ok {
		return nil, wire.Errorf(http.StatusUnauthorized, MsgInvalidToken)
	}
	if !g.cfg.Clock().Before(t.expires) {
		return nil, wire.Errorf(http.StatusUnauthorized, MsgExpiredToken)
	}
	return t.app, nil
}

// OwnQuota lists the resources with a daily request quota of their own,
// counted apart from the application's: 100,000 requests a day each
// [Q S1: v2/exportedCandidates, rest/exportedCandidates,
// rest/atsPurgedExportedCandidates; Q S2: the evaluations].
var ownQuota = map[string]bool{"/v2/exportedCandidates": true, "/rest/exportedCandidates": true,
	"/rest/atsPurgedExportedCandidates": true, "/rest/exportedApplicationEvaluations": true,
	"/rest/exportedApplicationEvaluation": true}

// CountRequest applies the daily request quota of child application a to
// a request to resource (e.g. "/v2/atsCandidates"), or the resource's own
// quota when it has one.
func (g *Registry) CountRequest(a *App, resource string) *wire.Error {
	if a.Partner {
		return nil
	}
	a.quota.Lock()
	defer a.quota.Unlock()
	now := g.cfg.Clock().UTC()
	day := now.Unix() / 86400
	if a.day != day {
		a.day, a.dayCount, a.resCount = day, 0, nil
	}
	count, limit := &a.dayCount, g.cfg.RequestsPerDay
	if ownQuota[resource] {
		if a.resCount == nil {
			a.resCount = map[string]int{}
		}
		n := a.resCount[resource]
		count, limit = &n, g.cfg.ExportReadsPerDay
		defer func() { a.resCount[resource] = n }()
	}
	*count++
	if a.exhausted == day+1 || (limit > 0 && *count > limit) {
		reset := time.Unix((day+1)*86400, 0).UTC()
		return &wire.Error{Status: http.StatusTooManyRequests, Message: MsgDailyLimit,
			Header: map[string]string{"Retry-After": strconv.Itoa(int(reset.Sub(now).Seconds()) + 1)}}
	}
	return nil
}

// CountRecords applies the records-per-minute limit to a batch of n
// records of a.
func (g *Registry) CountRecords(a *App, n int) *wire.Error {
	if a.Partner || g.cfg.RecordsPerMinute <= 0 {
		return nil
	}
	a.quota.Lock()
	defer a.quota.Unlock()
	now := g.cfg.Clock()
	minute := now.Unix() / 60
	if a.minute != minute {
		a.minute, a.minuteCount = minute, 0
	}
	if a.minuteCount+n > g.cfg.RecordsPerMinute {
		wait := time.Unix((minute+1)*60, 0).Sub(now)
		return &wire.Error{Status: http.StatusTooManyRequests, Message: "Too many requests",
			Header: map[string]string{"Retry-After": strconv.Itoa(int((wait + time.Second - 1) / time.Second))}}
	}
	a.minuteCount += n
	return nil
}

// Exhaust marks a child application's daily quota as used up until 00:00
// UTC of the fake's clock.
func (g *Registry) Exhaust(a *App) {
	if a.Partner {
		return
	}
	a.quota.Lock()
	a.exhausted = g.cfg.Clock().UTC().Unix()/86400 + 1
	a.quota.Unlock()
}

// String names the application without its secret.
func (a *App) String() string { return fmt.Sprintf("app %s (%s)", a.ClientID, a.URN) }

// Usage returns the day (days since the epoch, UTC) of a's daily request
// count and the count.
func (a *App) Usage() (day int64, count int) {
	a.quota.Lock()
	defer a.quota.Unlock()
	return a.day, a.dayCount
}

// SetUsage restores a's daily request count (a saved state).
func (a *App) SetUsage(day int64, count int) {
	a.quota.Lock()
	a.day, a.dayCount = day, count
	a.quota.Unlock()
}
