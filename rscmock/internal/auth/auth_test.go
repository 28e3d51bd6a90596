package auth_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
)

// clock is a settable clock.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func tokenRequest(t *testing.T, g *auth.Registry, form url.Values) (int, map[string]any) {
	t.Helper()
	r := httptest.NewRequest(http.MethodPost, "/oauth/v2/accessToken", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "text/plain") // LinkedIn's samples: read the form whatever the type
	w := httptest.NewRecorder()
	g.ServeToken(w, r, func(w http.ResponseWriter, _ url.Values, _, _ string) {
		auth.OAuthError(w, http.StatusTeapot, "code", "authorization_code")
	})
	var out map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &out)
	return w.Code, out
}

func bearer(tok string) *http.Request {
	r := httptest.NewRequest(http.MethodGet, "/v2/atsCandidates", nil)
	r.Header.Set("Authorization", "Bearer "+tok)
	return r
}

func TestTokensAuthenticateUntilTheyExpire(t *testing.T) {
	t.Parallel()
	c := &clock{time.Unix(1_700_000_000, 0)}
	g := auth.New(auth.Config{Seed: 1, Clock: c.now, TokenTTL: time.Minute})
	child := &auth.App{ClientID: "child", Secret: "s3cret", URN: "urn:li:developerApplication:1001"}
	g.Add(child)
	for _, tc := range []struct {
		form url.Values
		want int
	}{
		{url.Values{"grant_type": {"client_credentials"}, "client_id": {"child"}, "client_secret": {"wrong"}}, 401},
		{url.Values{"grant_type": {"client_credentials"}, "client_id": {"nobody"}, "client_secret": {"s3cret"}}, 401},
		{url.Values{"grant_type": {"client_credentials"}, "client_id": {"child"}}, 400},
		{url.Values{"grant_type": {"password"}, "client_id": {"child"}, "client_secret": {"s3cret"}}, 400},
		{url.Values{"grant_type": {"authorization_code"}, "code": {"x"}}, http.StatusTeapot},
	} {
		if st, out := tokenRequest(t, g, tc.form); st != tc.want || out["access_token"] != nil {
			t.Errorf("%v: %d %v, want %d and no token", tc.form, st, out, tc.want)
		}
	}
	st, out := tokenRequest(t, g, url.Values{"grant_type": {"client_credentials"}, "client_id": {"child"}, "client_secret": {"s3cret"}})
	tok, _ := out["access_token"].(string)
	if st != 200 || tok == "" || out["expires_in"] != float64(60) {
		t.Fatalf("token: %d %v", st, out)
	}
	if a, e := g.Authenticate(bearer(tok)); e != nil || a != child {
		t.Errorf("fresh token: %v %v", a, e)
	}
	if !g.IsToken(tok) || g.IsToken("AQforged") {
		t.Error("IsToken")
	}
	if _, e := g.Authenticate(bearer("AQforged")); e == nil || e.Message != auth.MsgInvalidToken {
		t.Errorf("forged token: %v", e)
	}
	if _, e := g.Authenticate(httptest.NewRequest(http.MethodGet, "/v2/x", nil)); e == nil || e.Message != auth.MsgEmptyToken {
		t.Errorf("no token: %v", e)
	}
	c.t = c.t.Add(time.Minute)
	if _, e := g.Authenticate(bearer(tok)); e == nil || e.Status != 401 || e.Message != auth.MsgExpiredToken {
		t.Errorf("expired token: %v", e)
	}
	g.Replace([]*auth.App{child})
	if g.IsToken(tok) {
		t.Error("Replace kept a token")
	}
}

func TestQuotas(t *testing.T) {
	t.Parallel()
	c := &clock{time.Date(2026, 12, 2, 23, 59, 30, 0, time.UTC)}
	g := auth.New(auth.Config{Clock: c.now, RequestsPerDay: 2, ExportReadsPerDay: 1, RecordsPerMinute: 150})
	a, partner := &auth.App{ClientID: "a"}, &auth.App{ClientID: "p", Partner: true}
	for i, want := range []int{0, 0, 429} {
		if e := g.CountRequest(a, "/v2/atsCandidates"); (e == nil) != (want == 0) {
			t.Errorf("request %d: %v", i, e)
		} else if e != nil && (e.Status != want || e.Header["Retry-After"] != "31") {
			t.Errorf("request %d: %d %v", i, e.Status, e.Header)
		}
	}
	// A resource with a quota of its own counts apart from the day's.
	if e := g.CountRequest(a, "/v2/exportedCandidates"); e != nil {
		t.Errorf("export read: %v", e)
	}
	if e := g.CountRequest(a, "/v2/exportedCandidates"); e == nil {
		t.Error("second export read passed its quota of 1")
	}
	if e := g.CountRecords(a, 100); e != nil {
		t.Errorf("100 records: %v", e)
	}
	if e := g.CountRecords(a, 51); e == nil || e.Header["Retry-After"] != "30" {
		t.Errorf("151 records in a minute: %v", e)
	}
	if e := g.CountRequest(partner, "/v2/provisionedApplications"); e != nil {
		t.Errorf("partner: %v", e)
	}
	c.t = c.t.Add(time.Minute) // the next day, the next minute
	if e := g.CountRequest(a, "/v2/atsCandidates"); e != nil {
		t.Errorf("next day: %v", e)
	}
	if day, n := a.Usage(); n != 1 || day != c.t.Unix()/86400 {
		t.Errorf("usage %d %d", day, n)
	}
	g.Exhaust(a)
	if e := g.CountRequest(a, "/v2/atsCandidates"); e == nil || e.Message != auth.MsgDailyLimit {
		t.Errorf("exhausted: %v", e)
	}
}
