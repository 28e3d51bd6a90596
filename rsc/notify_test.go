package rsc

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
)

func TestNotificationHandler(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, method, path, body string
		handleErr                error
		status                   int
		want                     model.Notification
	}{
		{name: "id type expiresAt", method: "POST", body: `{"id":"123456789","type":"EXPORT_CANDIDATE_PROFILE","expiresAt":1700000000000}`, status: 200,
			want: model.Notification{ID: "123456789", Type: model.NotificationExportCandidateProfile, ExpiresAt: 1700000000000}},
		{name: "requestId number", method: "POST", body: `{"requestId":42,"type":"INTEGRATION_STATUS_CHANGE"}`, status: 200,
			want: model.Notification{ID: "42", Type: model.NotificationIntegrationStatusChange}},
		{name: "no id", method: "POST", body: `{"type":"EXPORT_CANDIDATE_PROFILE"}`, status: 400},
		{name: "not JSON", method: "POST", body: `id=1`, status: 400},
		{name: "GET", method: "GET", status: 405},
		{name: "no token", method: "POST", path: "/linkedin/acme", body: `{"id":"1","type":"EXPORT_CANDIDATE_PROFILE"}`, status: 404},
		{name: "wrong token", method: "POST", path: "/linkedin/acme/not-the-token", body: `{"id":"1","type":"EXPORT_CANDIDATE_PROFILE"}`, status: 404},
		{name: "token in the query instead", method: "POST", path: "/linkedin/acme?token=" + testToken, body: `{"id":"1","type":"EXPORT_CANDIDATE_PROFILE"}`, status: 404},
		{name: "too large", method: "POST", body: `{"id":"1","pad":"` + strings.Repeat("x", 70<<10) + `"}`, status: 413},
		{name: "host fails", method: "POST", body: `{"id":"1","type":"EXPORT_CANDIDATE_PROFILE"}`, handleErr: errors.New("queue full"), status: 500},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []model.Notification
			h := &NotificationHandler{Tokens: testTokens, Handle: func(_ context.Context, n model.Notification) error {
				got = append(got, n)
				return tc.handleErr
			}}
			path := tc.path
			if path == "" {
				path = "/linkedin/acme/" + testToken
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(tc.method, path, strings.NewReader(tc.body)))
			if rec.Code != tc.status {
				t.Fatalf("status %d, want %d", rec.Code, tc.status)
			}
			if tc.status != 200 {
				if tc.status == 404 && len(got) != 0 {
					t.Errorf("refused request handed on: %+v", got)
				}
				return
			}
			if len(got) != 1 || got[0].ID != tc.want.ID || got[0].Type != tc.want.Type || got[0].ExpiresAt != tc.want.ExpiresAt {
				t.Errorf("got %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestChallengeAndSignature(t *testing.T) {
	t.Parallel()
	// Independent reference: HMAC-SHA256 keyed "secret", computed by Python's hmac module.
	got, err := ChallengeResponse("890e4665-4dfe-4ab1-b689-d4b8d9b3f8f7", "secret")
	if want := "7b6ee68f499ebedc26efa5d20d5aff955edab70b340c47521a7109378b5d18aa"; err != nil || got != want {
		t.Errorf("ChallengeResponse = %s, %v; want %s", got, err, want)
	}
	if got, err := ChallengeResponse("abc", "secret"); err == nil {
		t.Errorf("ChallengeResponse(abc) = %s, want an error (not a UUID)", got)
	}
	body := []byte(`{"type":"RESYNC_JOBS"}`)
	sig := Signature(body, "secret")
	if !VerifySignature(body, sig, "secret") || !VerifySignature(body, strings.ToUpper(sig), "secret") {
		t.Error("valid signature rejected")
	}
	for _, bad := range []string{"", "zz", sig[:10], Signature(body, "other"), Signature(append(body, ' '), "secret")} {
		if VerifySignature(body, bad, "secret") {
			t.Errorf("signature %q accepted", bad)
		}
	}
}

func TestWebhookHandler(t *testing.T) {
	t.Parallel()
	var got []string
	h := &WebhookHandler{ClientSecret: "s3cret", Handle: func(_ context.Context, e WebhookEvent) error {
		got = append(got, string(e.Body))
		return nil
	}}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/hook?challengeCode=890e4665-4dfe-4ab1-b689-d4b8d9b3f8f7", nil))
	var ch struct{ ChallengeCode, ChallengeResponse string }
	if err := json.Unmarshal(rec.Body.Bytes(), &ch); err != nil || rec.Code != 200 {
		t.Fatalf("challenge: %d %s", rec.Code, rec.Body)
	}
	if ch.ChallengeCode != "890e4665-4dfe-4ab1-b689-d4b8d9b3f8f7" || ch.ChallengeResponse != mustChallenge(t, ch.ChallengeCode, "s3cret") {
		t.Errorf("challenge answer %+v", ch)
	}
	body := `{"type":"RESYNC_JOBS"}`
	for _, tc := range []struct {
		sig    string
		status int
	}{{"", 401}, {"deadbeef", 401}, {Signature([]byte(body), "wrong"), 401}, {Signature([]byte(body), "s3cret"), 200}} {
		req := httptest.NewRequest("POST", "/hook", strings.NewReader(body))
		if tc.sig != "" {
			req.Header.Set("X-LI-Signature", tc.sig)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != tc.status {
			t.Errorf("signature %q: status %d, want %d", tc.sig, rec.Code, tc.status)
		}
	}
	if len(got) != 1 || got[0] != body {
		t.Errorf("events handed on: %q", got)
	}
	if strings.Contains(rec.Body.String(), "s3cret") {
		t.Error("secret in response")
	}
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodPut, "/hook", nil))
	if rec.Code != 405 {
		t.Errorf("PUT: %d", rec.Code)
	}
}

func mustChallenge(t *testing.T, code, secret string) string {
	t.Helper()
	r, err := ChallengeResponse(code, secret)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

const testToken = "dGVzdC10b2tlbi1vZi00My1jaGFyYWN0ZXJzLWxvbmc"

func testTokens(context.Context) (CallbackTokens, error) {
	return CallbackTokens{Current: testToken}, nil
}
