package auth_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/auth"
)

// directory is a Directory of one member and one application's URLs.
type directory struct{ redirect string }

func (d directory) RedirectURLs(*auth.App) []string { return []string{d.redirect} }

func (directory) Member(u string) (auth.Profile, bool) {
	if u != "urn:li:person:ada" {
		return auth.Profile{}, false
	}
	return auth.Profile{URN: u, FirstName: "Ada", LastName: "Lovelace", Email: "ada@example.com"}, true
}

func (d directory) Choices(*auth.App) (seats, others []auth.Profile) {
	m, _ := d.Member("urn:li:person:ada")
	return []auth.Profile{m}, nil
}

func TestMemberFlowCodeToTokenToMe(t *testing.T) {
	t.Parallel()
	c := &clock{time.Unix(1_700_000_000, 0)}
	g := auth.New(auth.Config{Seed: 1, Clock: c.now, TokenTTL: time.Hour})
	g.Add(&auth.App{ClientID: "child", Secret: "s3cret"})
	f := auth.NewMemberFlow(1, c.now, g, directory{redirect: "https://ats.example.com/cb"})
	verifier := strings.Repeat("v", 43)
	sum := sha256.Sum256([]byte(verifier))
	params := url.Values{"response_type": {"code"}, "client_id": {"child"}, "redirect_uri": {"https://ats.example.com/cb"},
		"scope": {"r_liteprofile"}, "state": {"st"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	if _, err := f.IssueCode(params, "urn:li:person:nobody"); err == nil {
		t.Error("a code for an unknown member")
	}
	bad := url.Values{}
	for k, v := range params {
		bad[k] = v
	}
	bad.Set("redirect_uri", "https://evil.test/cb")
	if _, err := f.IssueCode(bad, "urn:li:person:ada"); err == nil {
		t.Error("a code for an unregistered redirect_uri")
	}
	code, err := f.IssueCode(params, "urn:li:person:ada")
	if err != nil || !strings.HasPrefix(code, "AQT") {
		t.Fatalf("code %q: %v", code, err)
	}
	exchange := func(form url.Values) (int, map[string]any) {
		w := httptest.NewRecorder()
		f.ServeCodeToken(w, form, "child", "s3cret")
		var out map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &out)
		return w.Code, out
	}
	form := url.Values{"code": {code}, "redirect_uri": {"https://ats.example.com/cb"}, "code_verifier": {"wrong"}}
	if st, out := exchange(form); st != 400 || out["error"] != "invalid_grant" {
		t.Errorf("wrong verifier: %d %v", st, out)
	}
	form.Set("code_verifier", verifier)
	st, out := exchange(form)
	tok, _ := out["access_token"].(string)
	if st != 200 || tok == "" {
		t.Fatalf("exchange: %d %v", st, out)
	}
	me := func(tok string) (int, map[string]any) {
		r := httptest.NewRequest(http.MethodGet, "/v2/me", nil)
		r.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		f.ServeMe(w, r)
		var out map[string]any
		_ = json.Unmarshal(w.Body.Bytes(), &out)
		return w.Code, out
	}
	if st, out := me(tok); st != 200 || out["id"] != "ada" || out["localizedFirstName"] != "Ada" {
		t.Errorf("/v2/me: %d %v", st, out)
	}
	// The code is single-use: a second exchange fails and revokes the token.
	if st, _ := exchange(form); st != 400 {
		t.Errorf("second exchange: %d", st)
	}
	if st, _ := me(tok); st != 401 {
		t.Errorf("/v2/me with the revoked token: %d", st)
	}
	// An application token is not a member's.
	if st, _ := me(g.Issue(g.App("child"))); st != 403 {
		t.Errorf("/v2/me with an application token: %d", st)
	}
}
