package rsc

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/hashicorp/go-retryablehttp"
	"golang.org/x/oauth2"
	"golang.org/x/oauth2/clientcredentials"

	"github.com/rsckit/rsckit/rsc/internal/redact"
	"github.com/rsckit/rsckit/rsc/internal/restli"
)

const (
	maxErrorBody   = 1 << 20  // bytes of an error body read
	maxSuccessBody = 64 << 20 // bytes of a success body read
)

// core is the request pipeline shared by Client and PartnerClient:
//
//	typed method -> do -> [admit: daily quota, records/min] -> retryablehttp
//	  (CheckRetry, Backoff, PrepareRetry = admit) -> authTransport (token, one
//	  refresh on 401) -> base transport
type core struct {
	cfg    config
	rc     *retryablehttp.Client
	lim    *limiter
	tokens *tokenCache
	retry  RetryPolicy
	log    *slog.Logger
	// upload sends content to LinkedIn's signed upload URLs: the base
	// transport, without the bearer token (the URL is the credential).
	upload *http.Client
	// bufs lends batch requests the buffers of their bodies.
	bufs bufferPool
}

func newCore(cfg config, lim *limiter, tokens *tokenCache) (*core, error) {
	if cfg.clientID == "" && cfg.tokenSource == nil {
		return nil, errors.New("rsc: no credentials: use WithClientCredentials or WithTokenSource")
	}
	base := cfg.transport
	timeout := cfg.timeout
	var checkRedirect func(*http.Request, []*http.Request) error
	if cfg.httpClient != nil {
		if base == nil {
			base = cfg.httpClient.Transport
		}
		if cfg.httpClient.Timeout > 0 {
			timeout = cfg.httpClient.Timeout
		}
		checkRedirect = cfg.httpClient.CheckRedirect
	}
	if base == nil {
		base = newDefaultTransport()
	}
	if lim == nil {
		l := DefaultRateLimits()
		if cfg.limits != nil {
			l = *cfg.limits
		}
		var err error
		if lim, err = newLimiter(l); err != nil {
			return nil, err
		}
	}
	if tokens == nil {
		tokens = newTokenCache(cfg, &http.Client{Transport: base, Timeout: timeout})
	}
	c := &core{cfg: cfg, lim: lim, tokens: tokens, retry: cfg.retry.withDefaults(), log: cfg.logger,
		upload: &http.Client{Transport: base, Timeout: timeout, CheckRedirect: noRedirects}}
	hc := &http.Client{
		// The attempt's timeout is the transport's (see authTransport).
		Transport:     &authTransport{tokens: tokens, next: base, admit: c.admitRepeat, timeout: timeout},
		CheckRedirect: checkRedirect,
	}
	c.rc = &retryablehttp.Client{
		HTTPClient:      hc,
		Logger:          nil, // we log through hooks, at Debug only
		RetryWaitMin:    c.retry.MinWait,
		RetryWaitMax:    c.retry.MaxWait,
		RetryMax:        c.retry.MaxRetries,
		CheckRetry:      c.checkRetry,
		Backoff:         c.backoff,
		ErrorHandler:    retryablehttp.PassthroughErrorHandler,
		PrepareRetry:    func(r *http.Request) error { return c.admit(r.Context()) },
		RequestLogHook:  c.logAttempt,
		ResponseLogHook: c.logResponse,
	}
	return c, nil
}

// noRedirects keeps an upload from following a redirect with its content.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

func newDefaultTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConnsPerHost = 16
	return t
}

// logAttempt is the retryablehttp RequestLogHook: it counts the attempt
// (see countRequest) and logs it at Debug, its attributes (the
// operation's name is made on demand) built only when that is enabled.
func (c *core) logAttempt(_ retryablehttp.Logger, r *http.Request, attempt int) {
	ctx := r.Context()
	countRequest(ctx)
	if !c.log.Enabled(ctx, slog.LevelDebug) {
		return
	}
	info := attemptFrom(ctx)
	c.log.LogAttrs(ctx, slog.LevelDebug, "rsc request",
		slog.String("op", info.operation()), slog.String("method", r.Method), slog.String("path", r.URL.Path),
		slog.Int("attempt", attempt+1), slog.Int("records", info.records))
}

// logResponse is the retryablehttp ResponseLogHook: each answer at Debug,
// a 429 at Warn, built only when that level is enabled.
func (c *core) logResponse(_ retryablehttp.Logger, resp *http.Response) {
	ctx := resp.Request.Context()
	level := slog.LevelDebug
	if resp.StatusCode == http.StatusTooManyRequests {
		level = slog.LevelWarn
	}
	if !c.log.Enabled(ctx, level) {
		return
	}
	info := attemptFrom(ctx)
	c.log.LogAttrs(ctx, level, "rsc response",
		slog.String("op", info.operation()), slog.Int("status", resp.StatusCode),
		slog.String("request_id", responseRequestID(resp)))
}

// request is one Rest.li call, built by a service method.
type request struct {
	op          string // Rest.li method, e.g. "BATCH_UPDATE"
	method      string // HTTP method
	path        string // e.g. "/v2/atsCandidates" (already-encoded path keys allowed)
	protocol    restli.Protocol
	query       restli.Query
	body        []byte // JSON body, nil for none
	restliMeth  string // X-RestLi-Method header, "" for none
	versioned   bool   // a /rest call: send LinkedIn-Version
	version     string // overrides the configured version
	quota       QuotaGroup
	records     int  // records counted against RecordsPerMinute (QuotaSync only)
	idempotent  bool // safe to repeat after a server error or broken connection
	contentType string
	// loan, when set, holds the buffers of body, of the query and (with
	// answerLent) of the answer, lent by the client: the request's body
	// is read only through it.
	loan *bodyLoan
	// answerLent: a success answer is read into a buffer of loan (which
	// must be set), so nothing read from it may be kept past the loan's
	// end (a write's per-key values are not).
	answerLent bool
	// stream, when set instead of body, returns the JSON body anew for
	// each attempt, streamed (attachments): never held in memory.
	stream func() (io.Reader, error)
	// opName caches operation().
	opName string
}

// operation names the call in errors and logs: "BATCH_UPDATE /rest/x".
// It is made when first needed (a call that succeeds and logs nothing
// needs none); a request is used by one goroutine at a time.
func (r *request) operation() string {
	if r.opName == "" {
		r.opName = r.op + " " + r.path
	}
	return r.opName
}

// Response is LinkedIn's answer to a list or single call. Its Body has been
// read and closed. Its Request is the call's request as the client built it,
// without the Authorization header: the bearer token is never part of it.
type Response struct {
	*http.Response
	// RequestID is LinkedIn's request id (x-li-uuid), for support tickets.
	RequestID string
	// Paging is the Rest.li paging block of a collection response.
	Paging Paging
}

// Paging is the paging block of a Rest.li collection response.
type Paging struct {
	Start, Count, Total int
	// present is false when the answer had no paging block (the finder
	// does not page).
	present bool
}

func requestID(h http.Header) string {
	for _, k := range []string{"X-Li-Uuid", "X-Li-Request-Id", "X-Restli-Id"} {
		if v := h.Get(k); v != "" {
			if !plausibleRequestID(v) {
				return ""
			}
			return redact.String(v)
		}
	}
	return ""
}

// responseRequestID is resp's request id, with the bearer token the request
// carried masked should the server have echoed it there.
func responseRequestID(resp *http.Response) string {
	id := requestID(resp.Header)
	if id != "" && resp.Request != nil {
		id = redact.String(id, bearerOf(resp.Request))
	}
	return id
}

// bearerOf is the access token a request carried, or "".
func bearerOf(r *http.Request) string {
	v := r.Header.Get("Authorization")
	if len(v) > 7 && strings.EqualFold(v[:7], "bearer ") {
		return strings.TrimSpace(v[7:])
	}
	return ""
}

// plausibleRequestID reports whether v looks like a request id: at most 128
// bytes of the characters ids and URNs use. Anything else (a header echoing
// the request, a page of HTML) is dropped rather than logged.
func plausibleRequestID(v string) bool {
	if len(v) > 128 {
		return false
	}
	for i := 0; i < len(v); i++ {
		c := v[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-_.:+/=", c) >= 0) {
			return false
		}
	}
	return true
}

// do sends r and decodes a success body into out (when non-nil).
func (c *core) do(ctx context.Context, r *request, out any, opts ...RequestOption) (*Response, error) {
	for _, o := range opts {
		o.applyRequest(r)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	info := &attemptInfo{req: r, idempotent: r.idempotent, quota: r.quota, records: r.records}
	ctx = context.WithValue(ctx, attemptKey{}, info)

	u := *c.cfg.baseURL
	if r.version != "" && !apiVersionRE.MatchString(r.version) {
		return nil, fmt.Errorf("rsc: %s: WithVersion(%q): want YYYYMM or YYYYMM.NN", r.operation(), r.version)
	}
	// r.path is already escaped as Rest.li wants (path keys); keep it verbatim.
	plain, err := url.PathUnescape(r.path)
	if err != nil {
		return nil, fmt.Errorf("rsc: %s: bad path: %w", r.operation(), err)
	}
	u.RawPath = u.EscapedPath() + r.path
	u.Path += plain
	// A batch's query (kilobytes of ids) is built once, as bytes: a
	// tunnelled request sends it as a part of its body without a copy.
	var query []byte
	if r.loan != nil {
		q := r.loan.query()
		*q = r.query.AppendEncode(*q, r.protocol)
		query = *q
	} else {
		query = r.query.AppendEncode(nil, r.protocol)
	}
	tunneled := len(query) > restli.MaxQueryLength
	var rawURL string // u as sent
	if !tunneled {
		// restli.NeedsTunnel's two tests: the query's above, the URL's on
		// the string sent, made once.
		u.RawQuery = string(query)
		rawURL = u.String()
		tunneled = restli.NeedsTunnelURL(rawURL)
	}
	method, body, ctype := r.method, r.body, r.contentType
	if ctype == "" && body != nil {
		ctype = "application/json"
	}
	if tunneled && r.stream != nil {
		return nil, fmt.Errorf("rsc: %s: the URL is too long for a streamed body", r.operation())
	}
	if r.stream != nil {
		ctype = "application/json"
	}
	var parts bodyParts // a tunnelled body: its framing around query and r.body, not joined to them
	if tunneled {
		ctype, parts = restli.TunnelParts(query, r.body)
		body = nil
		u.RawQuery = ""
		rawURL = u.String()
		method = http.MethodPost
	} else if body != nil && r.loan != nil {
		parts, body = bodyParts{body}, nil // a lent body is read through its loan, tunnelled or not
	}
	var rawBody any
	if body != nil {
		rawBody = body
	}
	if parts != nil && r.loan != nil {
		rawBody = retryablehttp.ReaderFunc(func() (io.Reader, error) { return r.loan.reader(parts) }) // sized by its Len
	} else if parts != nil {
		rawBody = retryablehttp.ReaderFunc(parts.reader)
	}
	if r.stream != nil {
		rawBody = retryablehttp.ReaderFunc(r.stream)
	}
	// retryablehttp gives the request a GetBody (what the repeat of an
	// attempt refused with 401 reads): a new reader of rawBody each time,
	// a lent body's through its loan, closed when it is an io.ReadCloser.
	req, err := retryablehttp.NewRequestWithContext(ctx, method, rawURL, rawBody)
	if err != nil {
		return nil, fmt.Errorf("rsc: %s: %w", r.operation(), err)
	}
	// The headers are stored under their canonical keys, as Set would
	// store them: Set canonicalises each key, allocating for the
	// mixed-case Rest.li names, on every request.
	h := req.Header
	h[headerAccept] = []string{"application/json"}
	h[headerUserAgent] = []string{c.cfg.userAgent}
	if ctype != "" {
		h[headerContentType] = []string{ctype}
	}
	if tunneled {
		h[headerMethodOverride] = []string{r.method}
	}
	if r.restliMeth != "" {
		h[headerRestliMethod] = []string{r.restliMeth}
	}
	if r.protocol == restli.Protocol2 {
		h[headerProtocol] = []string{restli.Protocol2.HeaderValue()}
	}
	if r.versioned {
		v := r.version
		if v == "" {
			v = c.cfg.apiVersion
		}
		h[headerVersion] = []string{v}
	}

	if err := c.admit(ctx); err != nil {
		return nil, c.transportError(ctx, r, err)
	}
	resp, err := c.rc.Do(req)
	if resp != nil && err != nil {
		resp.Body.Close()
	}
	if err != nil {
		return nil, c.transportError(ctx, r, err)
	}
	defer resp.Body.Close()
	out2 := &Response{Response: resp, RequestID: responseRequestID(resp)}
	if resp.StatusCode >= 400 {
		data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		return out2, c.apiError(r, resp, data)
	}
	var lent *[]byte // the buffer the answer is read into, when lent
	if r.answerLent {
		lent = r.loan.answer()
	}
	var data []byte
	if lent != nil {
		data, err = readBody(resp, maxSuccessBody, *lent)
		*lent = data // a grown buffer is the one given back
	} else {
		data, err = readBody(resp, maxSuccessBody, nil)
	}
	if err != nil {
		return out2, fmt.Errorf("rsc: %s: read response: %w", r.operation(), err)
	}
	if out != nil && len(bytes.TrimSpace(data)) > 0 {
		if err := decodeAnswer(data, out); err != nil {
			return out2, fmt.Errorf("rsc: %s: decode response: %w", r.operation(), err)
		}
	}
	return out2, nil
}

// The canonical forms (http.CanonicalHeaderKey) of the headers do sets.
const (
	headerAccept         = "Accept"
	headerUserAgent      = "User-Agent"
	headerContentType    = "Content-Type"
	headerMethodOverride = "X-Http-Method-Override"    // restli.HeaderMethodOverride
	headerRestliMethod   = "X-Restli-Method"           // restli.HeaderMethod
	headerProtocol       = "X-Restli-Protocol-Version" // restli.HeaderProtocolVersion
	headerVersion        = "Linkedin-Version"          // restli.HeaderLinkedInVersion
)

// readBody reads at most limit bytes of resp's body into buf (from its
// start), or into a buffer of the size its Content-Length announces when
// buf is too small (io.ReadAll grows one from 512 bytes, allocating about
// twice an answer's size).
func readBody(resp *http.Response, limit int64, buf []byte) ([]byte, error) {
	if resp.ContentLength <= 0 || resp.ContentLength > limit {
		return io.ReadAll(io.LimitReader(resp.Body, limit))
	}
	r := io.LimitReader(resp.Body, limit)
	// One byte more than announced: a correct body ends without growing
	// the buffer, a longer one is still read whole (up to limit).
	if int64(cap(buf)) < resp.ContentLength+1 {
		buf = make([]byte, 0, resp.ContentLength+1)
	}
	buf = buf[:0]
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			rest, err := io.ReadAll(r)
			return append(buf, rest...), err
		}
	}
}

// decodeAnswer decodes LinkedIn's answer into out: a batch answer with
// restli's scan of the common write answer, anything else with encoding/json.
func decodeAnswer(data []byte, out any) error {
	if a, ok := out.(*batchAnswer); ok {
		return a.decode(data)
	}
	return json.Unmarshal(data, out)
}

// transportError shapes an error from the retry loop: context errors and our
// own typed errors come back as themselves, anything else wrapped once.
func (c *core) transportError(ctx context.Context, r *request, err error) error {
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		return fmt.Errorf("rsc: %s: %w", r.operation(), ctx.Err())
	}
	var qe *QuotaError
	if errors.As(err, &qe) {
		return qe
	}
	var lt *LocalThrottleError
	if errors.As(err, &lt) {
		return lt
	}
	var ae *APIError
	if errors.As(err, &ae) {
		return ae
	}
	return fmt.Errorf("rsc: %s: %w", r.operation(), err)
}

// apiError decodes LinkedIn's error body and remembers a daily-quota 429.
func (c *core) apiError(r *request, resp *http.Response, data []byte) error {
	e := &APIError{StatusCode: resp.StatusCode, Method: r.method, Operation: r.operation(), RequestID: responseRequestID(resp)}
	if er, ok := restli.DecodeError(data); ok {
		e.ServiceErrorCode, e.Code, e.Message = er.ServiceErrorCode, er.Code, er.Message
	} else if oe, ok := decodeOAuthError(data); ok {
		e.Code, e.Message = oe.Error, oe.Description
	}
	// A server that echoes the request must not put its credentials into
	// the error: the token this request carried and the client secret go
	// wherever they appear, and any other credential-shaped value by form.
	known := []string{c.cfg.clientSecret.Reveal()}
	if resp.Request != nil {
		known = append(known, bearerOf(resp.Request))
	}
	e.redact(known...)
	if ra, ok := retryAfter(resp, time.Now()); ok {
		e.RetryAfter = ra
	}
	if resp.StatusCode == http.StatusTooManyRequests && isDailyQuota(data) {
		qe := c.lim.exhausted(r.quota, time.Now())
		qe.Cause = e
		c.log.LogAttrs(resp.Request.Context(), slog.LevelWarn, "rsc daily quota exhausted",
			slog.String("op", r.operation()), slog.String("quota", string(r.quota)), slog.Time("reset", qe.ResetAt))
		return qe
	}
	return e
}

type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
}

func decodeOAuthError(data []byte) (oauthError, bool) {
	var oe oauthError
	if json.Unmarshal(data, &oe) != nil || oe.Error == "" {
		return oe, false
	}
	return oe, true
}

// isDailyQuota recognises LinkedIn's daily-throttle 429. Assumption: LinkedIn
// words it as "Resource level throttle APPLICATION DAY limit for calls to this
// resource is reached." (the text its other APIs use); any 429 whose message
// names a DAY limit or a daily quota counts.
func isDailyQuota(body []byte) bool {
	var er restli.ErrorResponse
	if json.Unmarshal(body, &er) != nil {
		return false
	}
	m := strings.ToLower(er.Message)
	return strings.Contains(m, "day limit") || strings.Contains(m, "daily")
}

// peekBody reads up to 1 MiB of resp's body and puts it back.
func peekBody(resp *http.Response) []byte {
	if resp.Body == nil {
		return nil
	}
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	resp.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(data), resp.Body), resp.Body}
	return data
}

// admit applies the client-side limits to one attempt: it counts the
// request against its daily quota and waits for its records. It runs before
// every attempt, outside the per-attempt HTTP timeout.
func (c *core) admit(ctx context.Context) error {
	info := attemptFrom(ctx)
	if err := c.lim.takeRequest(info.quota, time.Now()); err != nil {
		return err
	}
	if info.quota == QuotaSync {
		return c.lim.waitRecords(ctx, info.records)
	}
	return nil
}

// admitRepeat counts the repeat of an attempt LinkedIn refused with 401
// against the daily quota. Its records were already granted for the refused
// attempt (which LinkedIn did not process), and it runs inside the attempt's
// HTTP timeout, so it must not wait.
func (c *core) admitRepeat(ctx context.Context) error {
	return c.lim.takeRequest(attemptFrom(ctx).quota, time.Now())
}

// authTransport adds the bearer token, and on a 401 refreshes the token once
// and repeats the attempt. The token goes only on a clone of the request:
// every response it returns carries the request it was given, without the
// Authorization header, since callers see it as Response.Request.
//
// It also bounds the attempt by timeout, from the token's fetch to the
// answer body's Close, as http.Client.Timeout would: for a transport not
// its own (this one), net/http starts a goroutine and a timer per request
// to do it, which cost ~0.2x the x-json baseline a batch; a context
// deadline needs neither.
type authTransport struct {
	tokens  *tokenCache
	next    http.RoundTripper
	admit   func(context.Context) error // daily quota of the repeated attempt
	timeout time.Duration               // of one attempt; 0: none
}

func (t *authTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.timeout <= 0 {
		return t.roundTrip(req.Context(), req)
	}
	ctx, cancel := context.WithTimeout(req.Context(), t.timeout)
	resp, err := t.roundTrip(ctx, req)
	if err != nil {
		cancel()
		return resp, err
	}
	if resp.Body == nil {
		resp.Body = http.NoBody // as net/http would make it, for a transport that left it nil
	}
	resp.Body = &cancelOnClose{ReadCloser: resp.Body, cancel: cancel}
	return resp, nil
}

// cancelOnClose is an answer body that ends its attempt's context once closed.
type cancelOnClose struct {
	io.ReadCloser
	cancel context.CancelFunc
}

func (b *cancelOnClose) Close() error {
	err := b.ReadCloser.Close()
	b.cancel()
	return err
}

// roundTrip is RoundTrip within ctx, the attempt's context.
func (t *authTransport) roundTrip(ctx context.Context, req *http.Request) (*http.Response, error) {
	tok, err := t.tokens.token(ctx)
	if err != nil {
		if req.Body != nil {
			req.Body.Close()
		}
		return nil, err
	}
	r2 := req.Clone(ctx)
	r2.Header.Set("Authorization", "Bearer "+tok.AccessToken)
	resp, err := t.next.RoundTrip(r2)
	if resp != nil {
		resp.Request = req // not r2, which carries the token
	}
	if err != nil || resp.StatusCode != http.StatusUnauthorized || req.GetBody == nil && req.Body != nil {
		return resp, err
	}
	// The token may have been revoked or expired early: fetch a new one once.
	t.tokens.invalidate(tok)
	fresh, terr := t.tokens.token(ctx)
	if terr != nil || fresh.AccessToken == tok.AccessToken {
		return resp, nil
	}
	if t.admit(ctx) != nil {
		return resp, nil
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, maxErrorBody))
	resp.Body.Close()
	r3 := req.Clone(ctx)
	if req.GetBody != nil {
		if r3.Body, err = req.GetBody(); err != nil {
			return nil, err
		}
	}
	r3.Header.Set("Authorization", "Bearer "+fresh.AccessToken)
	resp, err = t.next.RoundTrip(r3)
	if resp != nil {
		resp.Request = req // not r3, which carries the token
	}
	return resp, err
}

// tokenCache fetches access tokens and reuses them until 30 seconds before
// they expire. Concurrent callers wait for one fetch.
type tokenCache struct {
	mu    sync.Mutex
	fetch func(ctx context.Context) (*oauth2.Token, error)
	tok   *oauth2.Token
	// secret is the client secret, masked out of token errors.
	secret string
}

// tokenEarly is how long before expiry a token is replaced (LinkedIn's SDK uses 30s).
const tokenEarly = 30 * time.Second

func newTokenCache(cfg config, hc *http.Client) *tokenCache {
	if cfg.tokenSource != nil {
		ts := cfg.tokenSource
		return &tokenCache{fetch: func(context.Context) (*oauth2.Token, error) { return ts.Token() }}
	}
	cc := &clientcredentials.Config{
		ClientID:     cfg.clientID,
		ClientSecret: cfg.clientSecret.Reveal(),
		TokenURL:     cfg.tokenURL,
		AuthStyle:    oauth2.AuthStyleInParams,
	}
	return &tokenCache{secret: cc.ClientSecret, fetch: func(ctx context.Context) (*oauth2.Token, error) {
		return cc.Token(context.WithValue(ctx, oauth2.HTTPClient, hc))
	}}
}

func (t *tokenCache) token(ctx context.Context) (*oauth2.Token, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.tok != nil && (t.tok.Expiry.IsZero() || time.Until(t.tok.Expiry) > tokenEarly) {
		return t.tok, nil
	}
	tok, err := t.fetch(ctx)
	if err != nil {
		return nil, tokenError(err, t.secret)
	}
	if tok.AccessToken == "" {
		return nil, errors.New("rsc: access token: empty token")
	}
	t.tok = tok
	return tok, nil
}

func (t *tokenCache) invalidate(old *oauth2.Token) {
	t.mu.Lock()
	if t.tok == old {
		t.tok = nil
	}
	t.mu.Unlock()
}

// tokenError turns an OAuth failure into an *APIError (LinkedIn's
// {"error","error_description"} body) so errors.Is(err, ErrUnauthorized)
// works; the request that carried the secret is never part of it.
func tokenError(err error, secret string) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) && re.Response != nil {
		e := &APIError{StatusCode: re.Response.StatusCode, Method: http.MethodPost, Operation: "TOKEN /oauth/v2/accessToken",
			Code: re.ErrorCode, Message: re.ErrorDescription, RequestID: requestID(re.Response.Header)}
		if e.Message == "" {
			if er, ok := restli.DecodeError(re.Body); ok {
				e.Message = er.Message
			}
		}
		e.redact(secret)
		return e
	}
	return &tokenFailure{err: err, msg: redact.String(err.Error(), secret)}
}

// tokenFailure is a token request that failed without an OAuth error answer:
// the network, or a body that is not a token. Only the network is retried.
type tokenFailure struct {
	err error
	msg string // err's text with credentials masked
}

func (e *tokenFailure) Error() string { return "rsc: access token: " + e.msg }
func (e *tokenFailure) Unwrap() error { return e.err }

// bodyParts is a request body held in parts, sent in turn: a tunnelled
// batch's framing around its query and JSON body, which are not copied to
// join them.
type bodyParts [][]byte

// reader returns a new reader of the whole body (p is not changed). Its
// Len tells retryablehttp the Content-Length.
func (p bodyParts) reader() (io.Reader, error) { return p.partsReader(), nil }

func (p bodyParts) partsReader() *partsReader {
	pr := &partsReader{parts: p}
	for _, b := range p {
		pr.n += len(b)
	}
	return pr
}

// partsReader reads bodyParts.
type partsReader struct {
	parts  [][]byte
	i, off int // the next byte is parts[i][off]
	n      int // bytes left
}

func (r *partsReader) Read(b []byte) (int, error) {
	for r.i < len(r.parts) && r.off == len(r.parts[r.i]) {
		r.i, r.off = r.i+1, 0
	}
	if r.i == len(r.parts) {
		return 0, io.EOF
	}
	n := copy(b, r.parts[r.i][r.off:])
	r.off += n
	r.n -= n
	return n, nil
}

// Len is the number of bytes left to read.
func (r *partsReader) Len() int { return r.n }
