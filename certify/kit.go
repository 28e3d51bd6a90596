package certify

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// Outcome is a rule's result.
type Outcome string

// The outcomes of a rule.
const (
	Pass Outcome = "pass"
	Fail Outcome = "fail"
	// NotChecked: the rule's text could not be read in full, or it is a
	// demo or documentation item no test can judge. Never a pass.
	NotChecked Outcome = "not checked"
)

// Options tune a run of the kit. The zero value is usable.
type Options struct {
	// Name names the integration under test in the report.
	Name string
	// Rules restricts the run to these rule ids (all when empty).
	Rules []string
	// RuleTimeout bounds each rule (default 2 minutes).
	RuleTimeout time.Duration
	// SyncRounds is how many times the kit runs Sync while waiting for
	// LinkedIn or the ATS to show a change (default 4).
	SyncRounds int
	// TenantPrefix prefixes the tenant ids of the run's instances (default
	// "cert-" and the run's start time), so runs against a database that
	// keeps earlier runs' data do not collide.
	TenantPrefix string
	// Now is the clock of the scenario's dates (default time.Now).
	Now func() time.Time
	// History adds this many candidates, each with an application, a stage
	// and a note, spread over the last two years, to the history of the
	// rules that sync it (RSC-201..203 report its timing): a larger history
	// makes the historical sync's timing mean something. Default 0.
	History int
}

func (o Options) withDefaults() Options {
	if o.Name == "" {
		o.Name = "ATS integration"
	}
	if o.RuleTimeout <= 0 {
		o.RuleTimeout = 2 * time.Minute
	}
	if o.SyncRounds <= 0 {
		o.SyncRounds = 4
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.TenantPrefix == "" {
		o.TenantPrefix = "cert-" + o.Now().UTC().Format("20060102T150405.000000")
	}
	return o
}

// Result is what one rule found.
type Result struct {
	// Rule is the rule id, e.g. "RSC-303"; Module its certification module.
	Rule   string `json:"rule"`
	Module string `json:"module"`
	Title  string `json:"title"`
	// Checks says what the kit checks for the rule.
	Checks  string  `json:"checks"`
	Outcome Outcome `json:"result"`
	// Evidence is what the kit saw, step by step.
	Evidence []string `json:"evidence"`
	// Failure says why the rule fails, in the words LinkedIn's reviewer
	// would use; for NotChecked, why it was not checked.
	Failure string `json:"failure,omitempty"`
	// Duration is how long the rule took.
	Duration time.Duration `json:"durationNs"`
	// Timings are the measured steps (the historical sync's duration).
	Timings []Timing `json:"timings,omitempty"`
}

// Timing is one measured step of a rule.
type Timing struct {
	What     string        `json:"what"`
	Duration time.Duration `json:"durationNs"`
	// Records is how many records the step covered, when known.
	Records int64 `json:"records,omitempty"`
	// SeenAs says how the customer could see the step finish.
	SeenAs string `json:"seenAs,omitempty"`
}

// Report is the result of a run, ready to attach to a certification
// request as Markdown (WriteMarkdown) or JSON (encoding/json).
type Report struct {
	Integration string    `json:"integration"`
	Started     time.Time `json:"started"`
	// Duration is the whole run's.
	Duration time.Duration `json:"durationNs"`
	Results  []Result      `json:"results"`
}

// Count returns how many results have outcome o.
func (r Report) Count(o Outcome) int {
	n := 0
	for _, x := range r.Results {
		if x.Outcome == o {
			n++
		}
	}
	return n
}

// Failed returns the ids of the failed rules, in rule order.
func (r Report) Failed() []string {
	var ids []string
	for _, x := range r.Results {
		if x.Outcome == Fail {
			ids = append(ids, x.Rule)
		}
	}
	return ids
}

// Run plays every selected rule against h and returns the report. A rule
// whose harness call errors, panics or outlives Options.RuleTimeout fails
// with that, and the next rule runs. Run returns early only when ctx ends
// (the remaining rules then fail with ctx's error).
func Run(ctx context.Context, h Harness, opts Options) Report {
	o := opts.withDefaults()
	rep := Report{Integration: o.Name, Started: o.Now()}
	start := time.Now()
	for _, r := range selected(o.Rules) {
		rep.Results = append(rep.Results, runRule(ctx, h, r, o))
	}
	rep.Duration = time.Since(start)
	return rep
}

// Test runs the kit as go test subtests, one per rule named by its id
// (go test -run 'TestCertify/RSC-303'): a failed rule fails its subtest
// with the evidence, a rule not checked is skipped with its reason.
// It returns the report, e.g. to write it as an artifact.
func Test(t *testing.T, h Harness, opts Options) Report {
	t.Helper()
	o := opts.withDefaults()
	rep := Report{Integration: o.Name, Started: o.Now()}
	start := time.Now()
	for _, r := range selected(o.Rules) {
		t.Run(r.ID, func(t *testing.T) {
			res := runRule(t.Context(), h, r, o)
			rep.Results = append(rep.Results, res)
			for _, e := range res.Evidence {
				t.Log(e)
			}
			switch res.Outcome {
			case Fail:
				t.Errorf("%s fails: %s", r.ID, res.Failure)
			case NotChecked:
				t.Skipf("%s not checked: %s", r.ID, res.Failure)
			}
		})
	}
	rep.Duration = time.Since(start)
	return rep
}

func selected(ids []string) []rule {
	var out []rule
	for _, r := range rules {
		if len(ids) == 0 || slices.Contains(ids, r.ID) {
			out = append(out, r)
		}
	}
	return out
}

// failure stops a rule: the rule failed with msg.
type failure struct{ msg string }

// runRule runs one rule in its own fake LinkedIn and tenants.
func runRule(ctx context.Context, h Harness, r rule, o Options) (res Result) {
	res = Result{Rule: r.ID, Module: r.Module, Title: r.Title, Checks: r.Checks, Evidence: []string{}}
	if r.notChecked != "" {
		res.Outcome, res.Failure = NotChecked, r.notChecked
		return res
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, o.RuleTimeout)
	e := &env{ctx: ctx, h: h, opts: o, res: &res, prefix: o.TenantPrefix + "-" + strings.ToLower(r.ID)}
	defer func() {
		cancel()
		if e.mock != nil {
			e.mock.Close()
		}
		res.Duration = time.Since(start)
		v := recover()
		switch f := v.(type) {
		case nil:
			res.Outcome = Pass
		case failure:
			res.Outcome, res.Failure = Fail, f.msg
		default:
			res.Outcome = Fail
			res.Failure = fmt.Sprintf("the ATS's harness panicked (the kit was waiting for %s): %v", e.doing, v)
			res.Evidence = append(res.Evidence, "panic stack: "+firstFrames(debug.Stack()))
		}
	}()
	if err := ctx.Err(); err != nil {
		e.fail("the run was cancelled before the rule started: %v", err)
	}
	e.setup()
	r.run(e)
	return res
}

// firstFrames keeps the top of a stack trace for the evidence.
func firstFrames(stack []byte) string {
	lines := strings.Split(string(stack), "\n")
	if len(lines) > 16 {
		lines = lines[:16]
	}
	return strings.Join(lines, " | ")
}

// env is one rule's world: the fake LinkedIn, its customer and seats, the
// harness, and the rule's result being written.
type env struct {
	ctx    context.Context
	h      Harness
	opts   Options
	res    *Result
	prefix string
	mock   *rscmock.Server
	// traffic counts the API requests per child application.
	traffic *traffic
	// doing says what the kit is waiting for (for timeouts and panics).
	doing string
}

// setup starts the rule's fake LinkedIn, delivering pushes to the
// harness's callback handler in memory.
func (e *env) setup() {
	e.doing = "the harness's callback handler"
	cb := e.h.Callbacks()
	if cb == nil {
		e.fail("the ATS serves no callback handler: LinkedIn could not push One-Click Exports or status changes to it")
	}
	e.mock = rscmock.New(rscmock.Options{
		NoDefaultTenant:  true,
		RecordsPerMinute: -1,
		CallbackClient:   &http.Client{Transport: handlerTransport{cb}, Timeout: 30 * time.Second},
	})
	e.traffic = &traffic{next: e.mock.HTTPClient().Transport, tokens: map[string]string{}, calls: map[string][]string{}}
}

// handlerTransport delivers requests to an http.Handler in memory.
type handlerTransport struct{ h http.Handler }

// RoundTrip serves r with the handler.
func (t handlerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	rec := httptest.NewRecorder()
	t.h.ServeHTTP(rec, r)
	return rec.Result(), nil
}

// traffic records which child application made which API call.
type traffic struct {
	next   http.RoundTripper
	mu     sync.Mutex
	tokens map[string]string   // access token -> client id
	calls  map[string][]string // client id -> "METHOD url body"
}

// RoundTrip sends r on and notes which application (by its access
// token) made it.
func (t *traffic) RoundTrip(r *http.Request) (*http.Response, error) {
	var body []byte
	if r.Body != nil {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return nil, err
		}
		body = b
		r.Body = io.NopCloser(bytes.NewReader(b))
	}
	resp, err := t.next.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	if r.URL.Path == "/oauth/v2/accessToken" {
		form, _ := url.ParseQuery(string(body))
		rb, rerr := io.ReadAll(resp.Body)
		resp.Body.Close()
		if rerr != nil {
			return nil, rerr
		}
		resp.Body = io.NopCloser(bytes.NewReader(rb))
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		if json.Unmarshal(rb, &tok) == nil && tok.AccessToken != "" {
			t.mu.Lock()
			t.tokens[tok.AccessToken] = form.Get("client_id")
			t.mu.Unlock()
		}
		return resp, nil
	}
	tok := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	u, _ := url.QueryUnescape(r.URL.String())
	t.mu.Lock()
	id := t.tokens[tok]
	t.calls[id] = append(t.calls[id], r.Method+" "+u+" "+string(body))
	t.mu.Unlock()
	return resp, nil
}

// callsOf returns the API calls made with client id's tokens.
func (t *traffic) callsOf(id string) []string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return slices.Clone(t.calls[id])
}

// fail stops the rule with a failure in the reviewer's words.
func (e *env) fail(format string, args ...any) {
	panic(failure{fmt.Sprintf(format, args...)})
}

// saw records evidence.
func (e *env) saw(format string, args ...any) {
	e.res.Evidence = append(e.res.Evidence, fmt.Sprintf(format, args...))
}

// expect records what was seen and fails with why when ok is false.
func (e *env) expect(ok bool, seen, why string) {
	e.saw("%s", seen)
	if !ok {
		e.fail("%s (saw: %s)", why, seen)
	}
}

// harness runs one harness call, turning its error (or the rule's
// deadline) into a failure that names what the kit waited for.
func (e *env) harness(doing string, call func(context.Context) error) {
	e.doing = doing
	err := call(e.ctx)
	if err == nil {
		return
	}
	if e.ctx.Err() != nil {
		e.fail("timed out after %s waiting for %s: %v", e.opts.RuleTimeout, doing, err)
	}
	e.fail("the ATS failed (the kit was waiting for %s): %v", doing, err)
}

// apply writes changes to the ATS of tenant.
func (e *env) apply(tenant string, changes ...Change) {
	var what []string
	for _, c := range changes {
		verb := "put"
		switch {
		case c.Delete:
			verb = "delete"
		case c.History:
			verb = "history"
		}
		what = append(what, verb+" "+c.Record.Describe())
	}
	e.harness("the ATS to write "+strings.Join(what, ", "), func(ctx context.Context) error {
		return e.h.Apply(ctx, tenant, changes...)
	})
}

// sync runs the ATS's integration once.
func (e *env) sync(tenant, why string) time.Duration {
	start := time.Now()
	e.harness(fmt.Sprintf("the ATS's integration to sync tenant %s (%s)", tenant, why), func(ctx context.Context) error {
		return e.h.Sync(ctx, tenant)
	})
	return time.Since(start)
}

// received reads what the ATS holds from LinkedIn.
func (e *env) received(tenant string) Received {
	var r Received
	e.harness("the ATS to report what it received from LinkedIn for "+tenant, func(ctx context.Context) (err error) {
		r, err = e.h.Received(ctx, tenant)
		return err
	})
	return r
}

// eventually syncs until cond holds, at most Options.SyncRounds times;
// then it fails with why and what cond saw last.
func (e *env) eventually(tenant, waitingFor, why string, cond func() (bool, string)) {
	var seen string
	for i := 0; ; i++ {
		var ok bool
		ok, seen = cond()
		if ok {
			e.saw("%s", seen)
			return
		}
		if i == e.opts.SyncRounds {
			break
		}
		e.sync(tenant, "waiting for "+waitingFor)
	}
	e.fail("%s (after %d sync rounds, still waiting for %s; saw: %s)", why, e.opts.SyncRounds, waitingFor, seen)
}

// customer is one provisioned instance with its two Recruiter seats:
// Recruiter is on the scenario's hiring teams, Other is not.
type customer struct {
	Instance
	c                rscmock.Customer
	recruiter, other rscmock.Seat
}

// newCustomer provisions instance n (1, 2, ...) at the fake LinkedIn.
func (e *env) newCustomer(n int) customer {
	org := model.URN(fmt.Sprintf("urn:li:organization:%d", 1000+n))
	con := model.URN(fmt.Sprintf("urn:li:contract:%d", 2000+n))
	tenant := fmt.Sprintf("%s-%d", e.prefix, n)
	c := e.mock.AddCustomer(rscmock.CustomerSpec{Name: fmt.Sprintf("Customer %d", n), UniqueForeignID: "certify-" + tenant,
		Organization: org, Contract: con, Seats: 2})
	in := Instance{Tenant: tenant, Name: c.Name, Organization: c.Organization, Contract: c.Contract,
		Application: c.Application, UniqueForeignID: "certify-" + tenant, ClientID: c.ClientID, ClientSecret: model.Secret(c.ClientSecret),
		Options: []rsc.Option{
			rsc.WithBaseURL(e.mock.URL()), rsc.WithTokenURL(e.mock.TokenURL()),
			rsc.WithHTTPClient(&http.Client{Transport: e.traffic}),
			rsc.WithRateLimits(rsc.NoRateLimits()),
			rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: 10 * time.Millisecond}),
		}}
	return customer{Instance: in, c: c, recruiter: c.Seats[0], other: c.Seats[1]}
}

// connect onboards cu: the ATS connects, the Recruiter admin enables the
// RSC integrations. It returns the deliveries of the status changes.
func (e *env) connect(cu customer) []rscmock.Delivery {
	e.harness("the ATS to connect "+cu.Instance.String(), func(ctx context.Context) error { return e.h.Connect(ctx, cu.Instance) })
	return e.enableAll(cu)
}

// member adds a LinkedIn member with email.
func (e *env) member(first, last, email string) rscmock.Member {
	return e.mock.AddMember(rscmock.Member{FirstName: first, LastName: last, Email: email,
		Headline: "Engineer", CurrentCompanyName: "Example Corp", CurrentJobTitle: "Engineer"})
}

// export has seat export member to job, as a recruiter in Recruiter does.
func (e *env) export(seat rscmock.Seat, m rscmock.Member, job string) string {
	e.doing = "a recruiter's One-Click Export"
	id, d, err := e.mock.Export(e.ctx, seat.URN, m.URN, job)
	if err != nil {
		e.fail("a recruiter cannot export %s to job %s: %v", m.Name(), job, err)
	}
	e.saw("recruiter %s exported %s (%s) to job %s: request %s, push answered %d %s", seat.Holder.Name(), m.Name(), m.URN, job, id, d.Status, d.Err)
	if d.Status < 200 || d.Status > 299 {
		e.fail("LinkedIn could not deliver the One-Click Export of %s to the ATS's CALLBACK_URL (status %d %s)", m.Name(), d.Status, d.Err)
	}
	return id
}

// enableAll has the customer's Recruiter admin enable the RSC integrations.
func (e *env) enableAll(cu customer) []rscmock.Delivery {
	e.doing = "the Recruiter admin to enable the integrations"
	var ds []rscmock.Delivery
	for _, k := range (rsc.EnableRequest{Organization: cu.Organization, Contract: cu.Contract}).Keys() {
		d, err := e.mock.SetIntegrationEnabled(e.ctx, k, true)
		if errors.Is(err, rscmock.ErrNoCallbackURL) {
			e.fail("the customer's Recruiter admin cannot enable %s: the ATS did not configure its CALLBACK_URL when it connected", k.IntegrationType)
		}
		if err != nil {
			e.fail("the customer's Recruiter admin cannot enable %s: %v", k.IntegrationType, err)
		}
		ds = append(ds, d)
	}
	return ds
}
