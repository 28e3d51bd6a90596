package rsc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
)

// The attacks of SECURITY.md, each performed against the SDK. A test here
// fails on code that lets the attack through.

// TestAttackWebhookForgeryThroughChallenge asks the validation endpoint to
// "answer a challenge" whose code is "hmacsha256=" + a body of the
// attacker's choosing. If the handler signed it, the answer would be a valid
// X-LI-Signature for that body; the forged POST must get 401 and never
// reach Handle.
func TestAttackWebhookForgeryThroughChallenge(t *testing.T) {
	t.Parallel()
	var handled int
	h := &rsc.WebhookHandler{ClientSecret: "portal-secret", Handle: func(context.Context, rsc.WebhookEvent) error {
		handled++
		return nil
	}}
	forged := []byte(`{"type":"RESYNC_JOBS","syncAll":true,"id":"attacker"}`)
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/li/webhook?challengeCode="+url.QueryEscape("hmacsha256="+string(forged)), nil))
	if rec.Code != http.StatusBadRequest {
		t.Errorf("challenge with a non-UUID code: status %d, want 400", rec.Code)
	}
	var answer struct{ ChallengeResponse string }
	_ = json.Unmarshal(rec.Body.Bytes(), &answer)

	req := httptest.NewRequest(http.MethodPost, "/li/webhook", bytes.NewReader(forged))
	req.Header.Set("X-LI-Signature", answer.ChallengeResponse)
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusUnauthorized || handled != 0 {
		t.Errorf("forged event: status %d, handled %d times; want 401 and never handled", rec.Code, handled)
	}
	if _, err := rsc.ChallengeResponse("hmacsha256="+string(forged), "portal-secret"); err == nil {
		t.Error("ChallengeResponse signed a code that is not a UUID")
	}
}

// TestWebhookChallengeCodes: LinkedIn's codes (type-4 UUIDs, either case)
// are answered; anything else is refused with 400 and signs nothing.
func TestWebhookChallengeCodes(t *testing.T) {
	t.Parallel()
	h := &rsc.WebhookHandler{ClientSecret: "portal-secret"}
	for code, want := range map[string]int{
		"890e4665-4dfe-4ab1-b689-d4b8d9b3f8f7":   http.StatusOK,
		"890E4665-4DFE-4AB1-B689-D4B8D9B3F8F7":   http.StatusOK,
		"":                                       http.StatusBadRequest,
		"890e4665-4dfe-4ab1-b689-d4b8d9b3f8f":    http.StatusBadRequest, // short
		"890e4665-4dfe-4ab1-b689-d4b8d9b3f8f7a":  http.StatusBadRequest, // long
		"890e46654dfe4ab1b689d4b8d9b3f8f7":       http.StatusBadRequest, // no dashes
		"890e4665-4dfe-4ab1-b689-d4b8d9b3f8g7":   http.StatusBadRequest, // not hex
		"{890e4665-4dfe-4ab1-b689-d4b8d9b3f8f7}": http.StatusBadRequest,
		"hmacsha256={}":                          http.StatusBadRequest,
	} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/li/webhook?challengeCode="+url.QueryEscape(code), nil))
		if rec.Code != want {
			t.Errorf("challengeCode %q: status %d, want %d", code, rec.Code, want)
		}
		if want != http.StatusOK && bytes.Contains(rec.Body.Bytes(), []byte("challengeResponse")) {
			t.Errorf("challengeCode %q: refused but answered a response: %s", code, rec.Body)
		}
	}
}

// TestAttackWebhookReplay posts one validly signed event three times: the
// handler cannot tell a replay from LinkedIn's own redelivery (the scheme
// signs no timestamp), so it hands each delivery on with the same event id,
// and the host's de-duplication by that id processes it once.
func TestAttackWebhookReplay(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	var processed, deliveries int
	h := &rsc.WebhookHandler{ClientSecret: "portal-secret", Handle: func(_ context.Context, e rsc.WebhookEvent) error {
		deliveries++
		if seen[e.ID] {
			return nil
		}
		seen[e.ID] = true
		processed++
		return nil
	}}
	for _, body := range [][]byte{[]byte(`{"type":"RESYNC_JOBS","id":"evt-1"}`), []byte(`{"type":"RESYNC_JOBS","syncAll":true}`)} {
		for range 3 {
			req := httptest.NewRequest(http.MethodPost, "/li/webhook", bytes.NewReader(body))
			req.Header.Set("X-LI-Signature", refSignature(body, "portal-secret"))
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("signed event: status %d", rec.Code)
			}
		}
	}
	if deliveries != 6 || processed != 2 {
		t.Errorf("2 events delivered 3 times each: %d deliveries, %d processed; want 6 and 2", deliveries, processed)
	}
}

// echoServer is a LinkedIn gone wrong: every answer is an error whose
// message repeats the request's Authorization header, its query and its
// body (the token request's body holds the client secret).
func echoServer(t *testing.T, apiStatus int) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		echo := fmt.Sprintf("you sent Authorization: %s, query %s, body %s", r.Header.Get("Authorization"), r.URL.RawQuery, body)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("x-li-uuid", r.Header.Get("Authorization"))
		if r.URL.Path == "/oauth/v2/accessToken" {
			fmt.Fprintf(w, `{"access_token":%q,"expires_in":3600}`, echoedToken)
			return
		}
		if r.URL.Path == "/oauth/failing/accessToken" {
			w.WriteHeader(http.StatusUnauthorized)
			json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client", "error_description": echo})
			return
		}
		if apiStatus == http.StatusOK {
			// A batch whose one record fails with the echo as its message.
			var errs = map[string]any{}
			errs["atsCandidateId=C1&dataProvider=ATS&integrationContext=urn%3Ali%3Aorganization%3A1"] = map[string]any{"status": 400, "message": echo}
			json.NewEncoder(w).Encode(map[string]any{"results": map[string]any{}, "errors": errs})
			return
		}
		w.WriteHeader(apiStatus)
		json.NewEncoder(w).Encode(map[string]any{"status": apiStatus, "message": echo})
	}))
	t.Cleanup(srv.Close)
	return srv
}

const (
	echoedToken  = "AQXdSP_W41_UPs5ioT_t8HESyODB4FqbkJ8LrV_5mff4gPO"
	echoedSecret = "client-secret-9f8e7d6c"
)

// TestAttackTokensInErrors: a server that echoes the request puts the
// bearer token and the client secret into its error messages; neither may
// reach an error string or a log line the SDK writes.
func TestAttackTokensInErrors(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cand := model.Candidate{Key: model.CandidateKey{IntegrationContext: "urn:li:organization:1", ATSCandidateID: "C1"},
		FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"}, ExternalProfileURL: "https://ats.example.com/c/C1",
		ATSCreatedAt: 1_700_000_000_000, ATSLastModifiedAt: 1_700_000_000_000}
	for _, tc := range []struct {
		name     string
		status   int
		tokenURL string
	}{
		{"whole request fails", http.StatusBadRequest, "/oauth/v2/accessToken"},
		{"server error after retries", http.StatusInternalServerError, "/oauth/v2/accessToken"},
		{"one record fails", http.StatusOK, "/oauth/v2/accessToken"},
		{"token request fails", http.StatusBadRequest, "/oauth/failing/accessToken"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := echoServer(t, tc.status)
			var logs bytes.Buffer
			c, err := rsc.NewClient(rsc.WithBaseURL(srv.URL), rsc.WithTokenURL(srv.URL+tc.tokenURL),
				rsc.WithClientCredentials("client-id", echoedSecret), rsc.WithVersionedEndpoints(false),
				rsc.WithRetryPolicy(rsc.RetryPolicy{MaxRetries: 1, MinWait: time.Millisecond, MaxWait: time.Millisecond}),
				rsc.WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))))
			if err != nil {
				t.Fatal(err)
			}
			rs, err := c.Candidates.BatchUpdate(ctx, []model.Candidate{cand})
			var texts []string
			if err != nil {
				texts = append(texts, err.Error(), fmt.Sprintf("%+v", err), fmt.Sprintf("%#v", err))
				var ae *rsc.APIError
				if errors.As(err, &ae) {
					texts = append(texts, ae.Message, ae.Code, ae.RequestID)
				}
			}
			for _, r := range rs {
				if r.Err != nil {
					texts = append(texts, r.Err.Error())
					var ae *rsc.APIError
					if errors.As(r.Err, &ae) {
						texts = append(texts, ae.Message)
					}
				}
			}
			if len(texts) == 0 {
				t.Fatal("no error: the echo server should have failed the call")
			}
			texts = append(texts, logs.String())
			leaked := false
			for _, s := range texts {
				if strings.Contains(s, echoedToken) || strings.Contains(s, echoedSecret) {
					t.Errorf("credential in %q", s)
					leaked = true
				}
			}
			if !leaked && !strings.Contains(strings.Join(texts, " "), "you sent") {
				t.Errorf("the echo itself is gone, so the test proves nothing: %q", texts)
			}
		})
	}
}

// countingBody counts the bytes a handler read from a request body.
type countingBody struct {
	r io.Reader
	n *int
}

func (c countingBody) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += n
	return n, err
}

// TestAttackAnonymousNotifications floods a customer's callback endpoint
// with unique notifications that do not carry the customer's token, the
// way anybody who learnt (or guessed) the URL's base could: none is read,
// handed on or queued, so none costs the customer a request of its quota.
// The token LinkedIn's URL carries still gets through.
func TestAttackAnonymousNotifications(t *testing.T) {
	t.Parallel()
	tokens, err := rsc.NewCallbackTokens()
	if err != nil {
		t.Fatal(err)
	}
	var queued []model.Notification
	h := &rsc.NotificationHandler{
		Tokens: func(context.Context) (rsc.CallbackTokens, error) { return tokens, nil },
		Handle: func(_ context.Context, n model.Notification) error { queued = append(queued, n); return nil },
	}
	mux := http.NewServeMux()
	mux.Handle("/linkedin/callback/acme/", h)
	pad := strings.Repeat("x", 60<<10)
	read := 0
	for i, path := range []string{
		"/linkedin/callback/acme/",
		"/linkedin/callback/acme/guess",
		"/linkedin/callback/acme/" + tokens.Current.Reveal()[:42],
		"/linkedin/callback/acme/" + tokens.Current.Reveal() + "x",
		"/linkedin/callback/acme/" + strings.ToUpper(tokens.Current.Reveal()),
		"/linkedin/callback/acme/x/" + tokens.Current.Reveal() + "/..",
	} {
		for j := range 500 {
			body := fmt.Sprintf(`{"id":"%d-%d","type":"EXPORT_CANDIDATE_PROFILE","pad":%q}`, i, j, pad)
			req := httptest.NewRequest(http.MethodPost, path, countingBody{strings.NewReader(body), &read})
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			// 404 from the handler; the mux's own redirect for an unclean path.
			if rec.Code != http.StatusNotFound && rec.Code != http.StatusTemporaryRedirect {
				t.Fatalf("POST %s without the token: status %d, want 404", path, rec.Code)
			}
		}
	}
	if len(queued) != 0 || read != 0 {
		t.Errorf("3,000 anonymous posts: %d queued, %d body bytes read; want none", len(queued), read)
	}
	good, err := rsc.CallbackURL("https://ats.example.com/linkedin/callback/acme", tokens.Current)
	if err != nil {
		t.Fatal(err)
	}
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodPost, good, strings.NewReader(`{"id":"42","type":"EXPORT_CANDIDATE_PROFILE"}`)))
	if rec.Code != http.StatusOK || len(queued) != 1 || queued[0].ID != "42" {
		t.Errorf("LinkedIn's post to the registered URL: status %d, queued %+v", rec.Code, queued)
	}
	// A handler nobody gave tokens refuses everything.
	rec = httptest.NewRecorder()
	(&rsc.NotificationHandler{Handle: h.Handle}).ServeHTTP(rec, httptest.NewRequest(http.MethodPost, good, strings.NewReader(`{"id":"43"}`)))
	if rec.Code != http.StatusNotFound || len(queued) != 1 {
		t.Errorf("handler without Tokens: status %d, %d queued", rec.Code, len(queued))
	}
	// Tokens that cannot be read: 503, LinkedIn retries, nothing queued.
	rec = httptest.NewRecorder()
	(&rsc.NotificationHandler{Handle: h.Handle, Tokens: func(context.Context) (rsc.CallbackTokens, error) {
		return rsc.CallbackTokens{}, errors.New("database down")
	}}).ServeHTTP(rec, httptest.NewRequest(http.MethodPost, good, strings.NewReader(`{"id":"44"}`)))
	if rec.Code != http.StatusServiceUnavailable || len(queued) != 1 {
		t.Errorf("unreadable tokens: status %d, %d queued", rec.Code, len(queued))
	}
}

// TestCallbackTokenRotation: after a rotation both URLs work until the
// grace period ends, then only the new one; tokens are 256-bit, distinct,
// and never printed.
func TestCallbackTokenRotation(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	first, err := rsc.NewCallbackTokens()
	if err != nil {
		t.Fatal(err)
	}
	next, err := first.Rotate(now, 0)
	if err != nil {
		t.Fatal(err)
	}
	old, cur := first.Current.Reveal(), next.Current.Reveal()
	if len(old) != 43 || len(cur) != 43 || old == cur {
		t.Fatalf("tokens %d and %d characters, equal %v; want two distinct 43-character tokens", len(old), len(cur), old == cur)
	}
	for _, tc := range []struct {
		token string
		at    time.Time
		want  bool
	}{
		{cur, now, true},
		{old, now, true},
		{old, now.Add(rsc.CallbackTokenGrace - time.Second), true},
		{old, now.Add(rsc.CallbackTokenGrace), false},
		{cur, now.Add(365 * 24 * time.Hour), true},
		{"", now, false},
	} {
		if got := next.Accepts(tc.token, tc.at); got != tc.want {
			t.Errorf("Accepts(token %d chars, at +%v) = %v, want %v", len(tc.token), tc.at.Sub(now), got, tc.want)
		}
	}
	if (rsc.CallbackTokens{}).Accepts("", now) {
		t.Error("empty tokens accept the empty string")
	}
	for _, s := range []string{fmt.Sprint(next), fmt.Sprintf("%+v", next), fmt.Sprintf("%#v", next)} {
		if strings.Contains(s, cur) || strings.Contains(s, old) {
			t.Errorf("token printed: %s", s)
		}
	}
	for _, base := range []string{"ftp://ats.example.com/cb", "/relative", "https://ats.example.com/cb?tenant=1", "https://u:p@ats.example.com/cb"} {
		if _, err := rsc.CallbackURL(base, next.Current); err == nil {
			t.Errorf("CallbackURL(%q) accepted", base)
		}
	}
}

// TestAttackRecordsRefusedBeforeTheNetwork sends the six bad records that
// used to reach LinkedIn: each is refused by validation, naming its field,
// and the server sees no request at all.
func TestAttackRecordsRefusedBeforeTheNetwork(t *testing.T) {
	t.Parallel()
	var requests int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests++
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"access_token":"t0k3n-of-the-test-server","expires_in":3600}`)
	}))
	t.Cleanup(srv.Close)
	c, err := rsc.NewClient(rsc.WithBaseURL(srv.URL), rsc.WithTokenURL(srv.URL+"/oauth/v2/accessToken"),
		rsc.WithClientCredentials("client-id", "client-secret"))
	if err != nil {
		t.Fatal(err)
	}
	valid := func() model.Candidate {
		return model.Candidate{Key: model.CandidateKey{IntegrationContext: "urn:li:organization:1", ATSCandidateID: "C1"},
			FirstName: "Ada", LastName: "Lovelace", EmailAddresses: []string{"ada@example.com"},
			ExternalProfileURL: "https://ats.example.com/c/C1", LinkedInProfileURL: "https://www.linkedin.com/in/ada",
			ATSCreatedAt: 1_700_000_000_000, ATSLastModifiedAt: 1_700_000_000_000}
	}
	if err := valid().Validate(); err != nil {
		t.Fatalf("the valid candidate is not: %v", err)
	}
	for _, tc := range []struct {
		name   string
		mutate func(*model.Candidate)
		path   string
	}{
		{"100,000-character first name", func(c *model.Candidate) { c.FirstName = strings.Repeat("A", 100_000) }, "candidates[0].firstName"},
		{"10,000-character last name", func(c *model.Candidate) { c.LastName = strings.Repeat("L", 10_000) }, "candidates[0].lastName"},
		{"10,000-character candidate id", func(c *model.Candidate) { c.Key.ATSCandidateID = strings.Repeat("1", 10_000) }, "candidates[0].key.atsCandidateId"},
		{"id smuggling a second id", func(c *model.Candidate) { c.Key.ATSCandidateID = "C1&ids[1]=(atsCandidateId:C2)" }, "candidates[0].key.atsCandidateId"},
		{"javascript: profile URL", func(c *model.Candidate) { c.ExternalProfileURL = "javascript:alert(document.cookie)" }, "candidates[0].externalProfileUrl"},
		{"LinkedIn profile URL elsewhere", func(c *model.Candidate) { c.LinkedInProfileURL = "https://linkedin.com.evil.example/in/ada" }, "candidates[0].linkedInProfileUrl"},
		{"LinkedIn profile URL of a company", func(c *model.Candidate) { c.LinkedInProfileURL = "https://www.linkedin.com/company/acme" }, "candidates[0].linkedInProfileUrl"},
	} {
		bad := valid()
		tc.mutate(&bad)
		_, err := c.Candidates.BatchUpdate(context.Background(), []model.Candidate{bad})
		var ve *model.ValidationError
		if !errors.As(err, &ve) {
			t.Errorf("%s: error %v, want a *model.ValidationError", tc.name, err)
			continue
		}
		found := false
		for _, fe := range ve.Errors {
			found = found || fe.Path == tc.path
		}
		if !found {
			t.Errorf("%s: problems %v, want one at %s", tc.name, ve, tc.path)
		}
	}
	if requests != 0 {
		t.Errorf("%d requests reached the server, want 0", requests)
	}
}

// TestAttackCleartextCredentials: a base or token URL over plain http to a
// host on the network would send the client secret and bearer tokens in
// clear text; only loopback and reserved test names may use http.
func TestAttackCleartextCredentials(t *testing.T) {
	t.Parallel()
	for u, ok := range map[string]bool{
		"https://api.linkedin.com":     true,
		"http://127.0.0.1:8080":        true,
		"http://[::1]:8080":            true,
		"http://localhost:8080":        true,
		"http://linkedin.test":         true,
		"http://api.linkedin.com":      false,
		"http://10.0.0.7:8080":         false,
		"http://localhost.example.com": false,
	} {
		_, errBase := rsc.NewClient(rsc.WithClientCredentials("id", "secret"), rsc.WithBaseURL(u))
		_, errToken := rsc.NewClient(rsc.WithClientCredentials("id", "secret"), rsc.WithTokenURL(u+"/oauth/v2/accessToken"))
		if (errBase == nil) != ok || (errToken == nil) != ok {
			t.Errorf("%s: base %v, token %v; want accepted %v", u, errBase, errToken, ok)
		}
	}
}
