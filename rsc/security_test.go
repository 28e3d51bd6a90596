package rsc_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/rsckit/rsckit/rsc"
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
