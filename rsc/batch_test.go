package rsc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/oauth2"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

func TestBatchRejectedBeforeNetwork(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	many := make([]model.Candidate, 101)
	for i := range many {
		many[i] = testCandidate(fmt.Sprintf("C%d", i))
	}
	if _, err := c.Candidates.BatchUpdate(t.Context(), many); !errors.Is(err, ErrBatchTooLarge) {
		t.Errorf("101 records: %v", err)
	}
	bad := testCandidate("C2")
	bad.EmailAddresses = nil
	_, err := c.Candidates.BatchUpdate(t.Context(), []model.Candidate{testCandidate("C1"), bad})
	var ve *model.ValidationError
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "candidates[1].emailAddresses: required unless manualMatchedMember is set") {
		t.Errorf("invalid record: %v", err)
	}
	_, err = c.Candidates.BatchUpdate(t.Context(), []model.Candidate{testCandidate("C1"), testCandidate("C1")})
	if !errors.As(err, &ve) || !strings.Contains(err.Error(), "candidates[1].key: duplicate of candidates[0]") {
		t.Errorf("duplicate keys: %v", err)
	}
	if _, err := c.Candidates.AttachPerson(t.Context(), []PersonLink{{Candidate: candKey("C1"), Person: "urn:li:organization:1"}}); !errors.As(err, &ve) {
		t.Errorf("non-person URN: %v", err)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent for rejected input", n)
	}
}

func TestBatchPerRecordResults(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	// LinkedIn may spell result keys in another field order or encoding: they
	// are matched as sets of fields.
	f.reply = func(captured) (int, string) {
		return 200, `{"results":{"integrationContext=urn:li:organization:123&dataProvider=ATS&atsCandidateId=C1":{"status":204},
			"(atsCandidateId:C3,dataProvider:ATS,integrationContext:urn%3Ali%3Aorganization%3A123)":{"status":201}},
			"errors":{"atsCandidateId=C2&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A123":
			{"status":422,"serviceErrorCode":100,"message":"ERROR :: /firstName :: field is required but not found and has no default value"}}}`
	}
	rs, err := c.Candidates.BatchUpdate(t.Context(), []model.Candidate{testCandidate("C1"), testCandidate("C2"), testCandidate("C3"), testCandidate("C4")})
	if err != nil {
		t.Fatal(err)
	}
	if rs[0].Status != 204 || rs[0].Err != nil || rs[2].Status != 201 || rs[2].Err != nil {
		t.Errorf("accepted records: %+v %+v", rs[0], rs[2])
	}
	var ae *APIError
	if !errors.As(rs[1].Err, &ae) || ae.StatusCode != 422 || !strings.Contains(ae.Message, "/firstName") || !errors.Is(rs[1].Err, ErrInvalidRequest) {
		t.Errorf("rejected record: %+v", rs[1])
	}
	if rs[3].Err == nil {
		t.Errorf("a record missing from LinkedIn's answer must not count as accepted: %+v", rs[3])
	}
	if got := Failed(rs); len(got) != 2 || got[0].Key != candKey("C2") || got[1].Key != candKey("C4") {
		t.Errorf("Failed = %+v", got)
	}
}

func TestSubResourceBatchIsSplitPerParent(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	f.reply = func(r captured) (int, string) {
		if strings.Contains(r.Path, "C2") {
			return 404, `{"status":404,"message":"Resource atsCandidates does not exist"}`
		}
		return 200, `{}`
	}
	note := func(cand, id string) model.CandidateNote {
		return model.CandidateNote{Key: model.CandidateNoteKey{Candidate: candKey(cand), NoteID: id}, Note: "n"}
	}
	rs, err := c.CandidateNotes.BatchUpdate(t.Context(), []model.CandidateNote{note("C1", "N1"), note("C2", "N2"), note("C1", "N3")})
	if err != nil {
		t.Fatalf("one parent failing must not fail the call: %v", err)
	}
	reqs := f.requests()
	if len(reqs) != 2 || reqs[0].Query != "ids=N1&ids=N3" || reqs[1].Query != "ids=N2" {
		t.Fatalf("requests: %+v", reqs)
	}
	if rs[0].Err != nil || rs[2].Err != nil || !errors.Is(rs[1].Err, ErrNotFound) {
		t.Errorf("results: %+v", rs)
	}
	// When every request fails the call fails.
	_, err = c.CandidateNotes.BatchUpdate(t.Context(), []model.CandidateNote{note("C2", "N2")})
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("err = %v", err)
	}
}

func TestTunnelingHundredKeys(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	batch := make([]model.Candidate, 100)
	for i := range batch {
		batch[i] = testCandidate(fmt.Sprintf("candidate-with-a-long-ats-identifier-%04d", i))
	}
	rs, err := c.Candidates.BatchUpdate(t.Context(), batch)
	if err != nil {
		t.Fatal(err)
	}
	r := f.requests()[0]
	if r.Method != http.MethodPost || r.Header.Get("X-HTTP-Method-Override") != http.MethodPut || r.Query != "" {
		t.Fatalf("not tunneled: %s ?%s override=%q", r.Method, r.Query, r.Header.Get("X-HTTP-Method-Override"))
	}
	if !strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/mixed") || r.Header.Get("X-RestLi-Method") != "batch_update" {
		t.Errorf("headers: %v", r.Header)
	}
	q, body, err := restli.Untunnel(r.Header.Get("Content-Type"), []byte(r.Body))
	if err != nil {
		t.Fatal(err)
	}
	keys, err := restli.ParseIDs(restli.Protocol1, q)
	if err != nil || len(keys) != 100 {
		t.Fatalf("%d keys, err %v", len(keys), err)
	}
	if v, _ := keys[99].Get("atsCandidateId"); v != "candidate-with-a-long-ats-identifier-0099" {
		t.Errorf("last key %v", keys[99])
	}
	if !strings.Contains(string(body), `"firstName":"Ada"`) {
		t.Errorf("JSON part lost")
	}
	if len(rs) != 100 || rs[0].Err != nil {
		t.Errorf("results: %d %+v", len(rs), rs[0])
	}
	// A short batch is not tunneled.
	if _, err := upsertC1(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	if r := f.requests()[1]; r.Method != http.MethodPut || r.Header.Get("X-HTTP-Method-Override") != "" {
		t.Errorf("short batch tunneled: %s", r.Method)
	}
}

// TestTunnelledBatchRetriedWhole checks that a tunnelled batch, sent as
// its framing around the JSON body without joining them, is sent whole
// again when it is retried, with its Content-Length.
func TestTunnelledBatchRetriedWhole(t *testing.T) {
	t.Parallel()
	c, f := setup(t, WithRetryPolicy(RetryPolicy{MaxRetries: 2, MinWait: time.Millisecond, MaxWait: time.Millisecond}))
	calls := 0
	f.reply = func(captured) (int, string) {
		if calls++; calls == 1 {
			return 503, `{"status":503}`
		}
		return 200, "{}"
	}
	batch := make([]model.Candidate, 100)
	for i := range batch {
		batch[i] = testCandidate(fmt.Sprintf("candidate-with-a-long-ats-identifier-%04d", i))
	}
	if _, err := c.Candidates.BatchUpdate(t.Context(), batch); err != nil {
		t.Fatal(err)
	}
	reqs := f.requests()
	if len(reqs) != 2 || reqs[0].Method != http.MethodPost {
		t.Fatalf("%d requests, first %s; want a tunnelled request and its retry", len(reqs), reqs[0].Method)
	}
	for i, r := range reqs {
		if r.Body != reqs[0].Body || r.ContentLength != int64(len(r.Body)) {
			t.Errorf("request %d: %d bytes, Content-Length %d, first request %d bytes", i, len(r.Body), r.ContentLength, len(reqs[0].Body))
		}
		q, body, err := restli.Untunnel(r.Header.Get("Content-Type"), []byte(r.Body))
		if keys, kerr := restli.ParseIDs(restli.Protocol1, q); err != nil || kerr != nil || len(keys) != 100 || !json.Valid(body) {
			t.Errorf("request %d: %d keys, valid JSON %v, %v %v", i, len(keys), json.Valid(body), err, kerr)
		}
	}
}

func TestAllPages(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	f.reply = func(r captured) (int, string) {
		switch {
		case strings.Contains(r.Query, "start=0&"):
			return 200, `{"elements":[{"id":"1"},{"id":"2"}],"paging":{"start":0,"count":2,"total":5}}`
		case strings.Contains(r.Query, "start=2&"):
			return 200, `{"elements":[{"id":"3"},{"id":"4"}],"paging":{"start":2,"count":2,"total":5}}`
		case strings.Contains(r.Query, "start=4&"):
			return 200, `{"elements":[{"id":"5"}],"paging":{"start":4,"count":2,"total":5}}`
		}
		return 500, `{"status":500}`
	}
	seq := c.Seats.All(t.Context(), SeatListOptions{Contracts: []model.URN{contract}, ListOptions: ListOptions{Count: 2}})
	collect := func() []string {
		var ids []string
		for s, err := range seq {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		return ids
	}
	want := []string{"1", "2", "3", "4", "5"}
	if d := cmp.Diff(want, collect()); d != "" {
		t.Error(d)
	}
	if d := cmp.Diff(want, collect()); d != "" {
		t.Errorf("ranging again must restart: %s", d)
	}
	if n := len(f.requests()); n != 6 {
		t.Errorf("%d requests, want 3 per range", n)
	}
	for range seq {
		break
	}
	if n := len(f.requests()); n != 7 {
		t.Errorf("an early break must stop fetching: %d requests", n)
	}
}

// TestAllPagesOddServers: LinkedIn may answer shorter pages than asked for
// (a server cap, privacy filtering); with a total, the iterator goes on to
// the total. A server that ignores start, or a finder with no paging block,
// must not be fetched again and again. (The first skipped records; the
// others looped for ever.)
func TestAllPagesOddServers(t *testing.T) {
	t.Parallel()
	page := func(start, n, total int, paging bool) string {
		var els []string
		for i := start; i < start+n; i++ {
			els = append(els, fmt.Sprintf(`{"id":"%d"}`, i))
		}
		body := `{"elements":[` + strings.Join(els, ",") + `]`
		if paging {
			body += fmt.Sprintf(`,"paging":{"start":%d,"count":%d,"total":%d}`, start, n, total)
		}
		return body + "}"
	}
	startOf := func(r captured) int {
		q, _ := url.ParseQuery(r.Query)
		n, _ := strconv.Atoi(q.Get("start"))
		return n
	}
	for _, tc := range []struct {
		name     string
		reply    func(r captured) string
		want     int // elements yielded
		wantErr  bool
		maxCalls int
	}{
		{"pages capped at 1 of the 2 asked, total 5", func(r captured) string {
			st := startOf(r)
			return page(st, min(1, 5-st), 5, true)
		}, 5, false, 5},
		{"start ignored", func(r captured) string { return page(0, 2, 0, true) }, 2, true, 2},
		{"no paging block", func(r captured) string { return page(0, 2, 0, false) }, 2, false, 1},
		{"total larger than what comes", func(r captured) string {
			st := startOf(r)
			if st >= 4 {
				return page(st, 0, 10, true)
			}
			return page(st, 2, 10, true)
		}, 4, false, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, f := setup(t)
			f.reply = func(r captured) (int, string) { return 200, tc.reply(r) }
			got, errs := 0, 0
			for _, err := range c.Seats.All(t.Context(), SeatListOptions{Contracts: []model.URN{contract}, ListOptions: ListOptions{Count: 2}}) {
				if err != nil {
					errs++
					continue
				}
				got++
				if got > 100 {
					t.Fatal("more than 100 elements: the iterator loops")
				}
			}
			if got != tc.want || (errs > 0) != tc.wantErr || len(f.requests()) > tc.maxCalls {
				t.Errorf("yielded %d (want %d), %d errors (want error: %v), %d requests (at most %d)",
					got, tc.want, errs, tc.wantErr, len(f.requests()), tc.maxCalls)
			}
		})
	}
}

func TestAllPagesYieldsErrorOnce(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	f.reply = func(captured) (int, string) { return 403, `{"status":403,"message":"CSA_API not enabled"}` }
	n := 0
	for _, err := range c.ProspectNotes.All(t.Context(), ProspectNoteListOptions{Contract: contract}) {
		n++
		if !errors.Is(err, ErrForbidden) {
			t.Errorf("err = %v", err)
		}
	}
	if n != 1 {
		t.Errorf("yielded %d times, want the error once", n)
	}
}

func TestAPIErrorClasses(t *testing.T) {
	t.Parallel()
	for status, want := range map[int]error{400: ErrInvalidRequest, 401: ErrUnauthorized, 403: ErrForbidden, 404: ErrNotFound,
		409: ErrConflict, 414: ErrInvalidRequest, 422: ErrInvalidRequest, 429: ErrRateLimited, 500: ErrServer, 504: ErrServer} {
		e := &APIError{StatusCode: status}
		if !errors.Is(e, want) {
			t.Errorf("%d is not %v", status, want)
		}
		for _, other := range []error{ErrInvalidRequest, ErrUnauthorized, ErrForbidden, ErrNotFound, ErrConflict, ErrRateLimited, ErrServer} {
			if other != want && errors.Is(e, other) {
				t.Errorf("%d also matches %v", status, other)
			}
		}
	}
	e := &APIError{StatusCode: 422, Operation: "BATCH_UPDATE /v2/atsCandidates", Message: "ERROR :: /title :: bad\n", RequestID: "r1"}
	if got, want := e.Error(), "rsc: BATCH_UPDATE /v2/atsCandidates: 422 Unprocessable Entity: ERROR :: /title :: bad (request id r1)"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func TestCloneSharesLimits(t *testing.T) {
	t.Parallel()
	c, _ := setup(t, WithRateLimits(RateLimits{RequestsPerDay: map[QuotaGroup]int{QuotaSync: 1}}))
	v, err := c.Clone(WithUserAgent("acme-ats/2"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := upsertC1(t.Context(), c); err != nil {
		t.Fatal(err)
	}
	if _, err := upsertC1(t.Context(), v); !errors.Is(err, ErrDailyQuota) {
		t.Errorf("a clone must share its parent's quota: %v", err)
	}
	if v.core.tokens != c.core.tokens {
		t.Error("a clone with the same credentials must share the token cache")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

type tokenSourceFunc func() (*oauth2.Token, error)

func (f tokenSourceFunc) Token() (*oauth2.Token, error) { return f() }

// Regression: Clone compared the configured RoundTripper and TokenSource with
// ==, which panics ("comparing uncomparable type") when either is a func.
func TestCloneWithUncomparableTransportOrTokenSource(t *testing.T) {
	t.Parallel()
	transport := func() http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			if r.Body != nil {
				r.Body.Close()
			}
			return jsonResp(200, okC1), nil
		})
	}
	tokens := func() oauth2.TokenSource {
		return tokenSourceFunc(func() (*oauth2.Token, error) { return &oauth2.Token{AccessToken: "tok-f"}, nil })
	}
	for _, tc := range []struct {
		name   string
		base   []Option
		clone  []Option
		shared bool // the clone keeps the parent's token cache
	}{
		{"func transport, other option", []Option{WithTokenSource(tokens()), WithTransport(transport())}, []Option{WithUserAgent("acme-ats/2")}, true},
		{"func transport and http client, no option", []Option{WithTokenSource(tokens()), WithTransport(transport()), WithHTTPClient(&http.Client{})}, nil, true},
		{"func transport replaced", []Option{WithTokenSource(tokens()), WithTransport(transport())}, []Option{WithTransport(transport())}, false},
		{"func token source replaced", []Option{WithTokenSource(tokens()), WithTransport(transport())}, []Option{WithTokenSource(tokens())}, false},
		{"credentials replaced", []Option{WithTokenSource(tokens()), WithTransport(transport())}, []Option{WithClientCredentials("id", "secret")}, false},
		{"token URL replaced", []Option{WithClientCredentials("id", "secret"), WithTransport(transport())}, []Option{WithTokenURL(mockBase + "/token")}, false},
		{"http client replaced", []Option{WithTokenSource(tokens()), WithTransport(transport())}, []Option{WithHTTPClient(&http.Client{})}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, err := NewClient(tc.base...)
			if err != nil {
				t.Fatal(err)
			}
			clone := func() (v *Client, err error) {
				defer func() {
					if r := recover(); r != nil {
						err = fmt.Errorf("Clone panicked: %v", r)
					}
				}()
				return c.Clone(tc.clone...)
			}
			v, err := clone()
			if err != nil {
				t.Fatal(err)
			}
			if got := v.core.tokens == c.core.tokens; got != tc.shared {
				t.Errorf("clone shares the token cache: %v, want %v", got, tc.shared)
			}
			if v.core.lim != c.core.lim {
				t.Error("a clone must share its parent's limits")
			}
			if tc.shared {
				if _, err := upsertC1(t.Context(), v); err != nil {
					t.Errorf("call through the clone: %v", err)
				}
			}
		})
	}
}

func TestContextFirstAndCancelled(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := upsertC1(ctx, c); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v", err)
	}
	if len(f.requests()) != 0 {
		t.Error("request sent on a cancelled context")
	}
}

func TestMalformedElementErrorNamesLinkedInsValue(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	f.reply = func(captured) (int, string) { return 200, `{"elements":[["not","a","seat"]]}` }
	_, _, err := c.Seats.List(t.Context(), SeatListOptions{Contracts: []model.URN{contract}})
	if err == nil {
		t.Fatal("no error")
	}
	const want = "rsc: FINDER /v2/seatsV2: decode element 0: decode seat: want a JSON object, got array"
	if err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
}

// TestACLFindersNeedTheirCriteria: finders refuse missing criteria before
// any request with a ValidationError naming the field (the ACL finders
// sent "atsEntityId=&integrationContext=" and LinkedIn's 400 named
// nothing; the prospect finders returned plain errors).
func TestACLFindersNeedTheirCriteria(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	org := model.OrganizationURN("1")
	for _, tc := range []struct {
		name string
		call func() error
		path string
	}{
		{"acls without entity", func() error {
			_, _, err := c.EntityACLs.List(t.Context(), EntityACLListOptions{IntegrationContext: org})
			return err
		}, "atsEntityId"},
		{"acls without context", func() error {
			_, _, err := c.EntityACLs.List(t.Context(), EntityACLListOptions{ATSEntityID: "J1"})
			return err
		}, "integrationContext"},
		{"assignees without member", func() error {
			_, _, err := c.ACLAssignees.List(t.Context(), ACLAssigneeListOptions{IntegrationContext: org})
			return err
		}, "assignee"},
		{"assignees without context", func() error {
			_, _, err := c.ACLAssignees.List(t.Context(), ACLAssigneeListOptions{Assignee: "urn:li:person:a"})
			return err
		}, "integrationContext"},
		{"seats without contract", func() error {
			_, _, err := c.Seats.List(t.Context(), SeatListOptions{})
			return err
		}, "contracts"},
		{"InMails without seat", func() error {
			_, _, err := c.InMails.List(t.Context(), InMailListOptions{Viewer: "urn:li:person:a"})
			return err
		}, "viewer"},
		{"stubs without contract", func() error {
			_, _, err := c.MailStubs.List(t.Context(), MailStubListOptions{})
			return err
		}, "contract"},
		{"notes without contract", func() error {
			_, _, err := c.ProspectNotes.List(t.Context(), ProspectNoteListOptions{})
			return err
		}, "contract"},
		{"export without request id", func() error {
			_, _, err := c.Exports.Get(t.Context(), "")
			return err
		}, "requestId"},
	} {
		var ve *model.ValidationError
		if err := tc.call(); !errors.As(err, &ve) || !strings.Contains(err.Error(), tc.path) {
			t.Errorf("%s: err = %v, want a ValidationError naming %s", tc.name, err, tc.path)
		}
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestWithVersion: a per-call version applies to /rest calls only, and a
// malformed one fails the call before any request.
func TestWithVersion(t *testing.T) {
	t.Parallel()
	c, f := setup(t)
	f.reply = func(captured) (int, string) { return 200, `{"results":{},"errors":{}}` }
	keys := []model.CandidateKey{{IntegrationContext: model.OrganizationURN("1"), ATSCandidateID: "C1"}}
	if _, err := c.Candidates.BatchDelete(t.Context(), keys, WithVersion("2026-03")); err == nil || !strings.Contains(err.Error(), "YYYYMM") {
		t.Errorf("malformed version: err = %v", err)
	}
	if n := len(f.requests()); n != 0 {
		t.Fatalf("%d requests for a malformed version", n)
	}
	_, _ = c.Candidates.BatchDelete(t.Context(), keys, WithVersion("202603"))
	if rs := f.requests(); len(rs) != 1 || rs[0].Header.Get("LinkedIn-Version") != "" {
		t.Errorf("a /v2 call carried LinkedIn-Version %q", rs[0].Header.Get("LinkedIn-Version"))
	}
}

// TestCheckBatchNamesTheFirstDuplicate checks that a batch's first
// repeated key is reported with the earlier record it repeats, among
// other keys and other repeats, and that distinct keys pass.
func TestCheckBatchNamesTheFirstDuplicate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		keys []string
		want string // "" for no error
	}{
		{[]string{"a", "b", "c"}, ""},
		{nil, ""},
		{[]string{"a", "b", "c", "b", "a"}, "x[3].key: duplicate of x[1]"},
		{[]string{"a", "b", "c", "d", "a", "a"}, "x[4].key: duplicate of x[0]"},
		{[]string{"a", "a"}, "x[1].key: duplicate of x[0]"},
	} {
		err := checkBatch("x", tc.keys)
		if tc.want == "" {
			if err != nil {
				t.Errorf("%q: %v", tc.keys, err)
			}
			continue
		}
		var ve *model.ValidationError
		if !errors.As(err, &ve) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: %v, want %s", tc.keys, err, tc.want)
		}
	}
}

// A batch whose keys live under different paths is sent as one request a
// path, in the order the paths first appear, each with its own keys.
func TestBatchGroupsKeysByPath(t *testing.T) {
	c, f := setup(t)
	keys := []model.ApplicationNoteKey{
		{Application: appKey("A1"), NoteID: "N1"}, {Application: appKey("A2"), NoteID: "N2"},
		{Application: appKey("A1"), NoteID: "N3"}, {Application: appKey("A3"), NoteID: "N4"},
	}
	rs, err := c.ApplicationNotes.BatchDelete(t.Context(), keys)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		if r.Key != keys[i] || r.Err != nil {
			t.Errorf("result %d: %+v", i, r)
		}
	}
	reqs := f.requests()
	want := []struct{ app, ids string }{{"A1", "N1 N3"}, {"A2", "N2"}, {"A3", "N4"}}
	if len(reqs) != len(want) {
		t.Fatalf("%d requests, want %d", len(reqs), len(want))
	}
	for i, w := range want {
		if !strings.Contains(reqs[i].Path, w.app) {
			t.Errorf("request %d: path %s, want %s's", i, reqs[i].Path, w.app)
		}
		for _, id := range []string{"N1", "N2", "N3", "N4"} {
			if strings.Contains(reqs[i].Query, id) != strings.Contains(w.ids, id) {
				t.Errorf("request %d: query %s, want the keys %s", i, reqs[i].Query, w.ids)
			}
		}
	}
}
