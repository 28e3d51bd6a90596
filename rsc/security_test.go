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
