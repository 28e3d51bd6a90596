package rscmock_test

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"github.com/rsckit/rsckit/rscmock"
)

const redirect = "https://ats.example.com/linkedin/signed-in"

// memberFlow is a Server with the default customer's application allowed
// to redirect to redirect, and a client that does not follow redirects.
type memberFlow struct {
	srv *rscmock.Server
	c   rscmock.Customer
	hc  *http.Client
}

func newMemberFlow(t *testing.T) *memberFlow {
	t.Helper()
	srv := rscmock.NewServer(t)
	c := srv.Default()
	if err := srv.SetOAuthRedirectURLs(c.ClientID, redirect); err != nil {
		t.Fatal(err)
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &memberFlow{srv: srv, c: c, hc: hc}
}

func (f *memberFlow) params(extra ...string) url.Values {
	v := url.Values{"response_type": {"code"}, "client_id": {f.c.ClientID}, "redirect_uri": {redirect}, "state": {"st-1"}, "scope": {"r_liteprofile"}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

// signIn posts the sign-in page's form and returns the redirect's query
// (nil when the answer is not a redirect to redirect).
func (f *memberFlow) signIn(t *testing.T, form url.Values) (url.Values, int) {
	t.Helper()
	resp, err := f.hc.PostForm(f.srv.AuthorizationURL(), form)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	loc := resp.Header.Get("Location")
	if resp.StatusCode != http.StatusFound || !strings.HasPrefix(loc, redirect+"?") {
		return nil, resp.StatusCode
	}
	u, _ := url.Parse(loc)
	return u.Query(), resp.StatusCode
}

// exchange posts an authorization_code grant and returns the status and body.
func (f *memberFlow) exchange(t *testing.T, form url.Values) (int, map[string]any) {
	t.Helper()
	base := url.Values{"grant_type": {"authorization_code"}, "client_id": {f.c.ClientID}, "client_secret": {f.c.ClientSecret}, "redirect_uri": {redirect}}
	for k, v := range form {
		base[k] = v
	}
	resp, err := f.hc.PostForm(f.srv.TokenURL(), base)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func (f *memberFlow) me(t *testing.T, token, query string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, f.srv.URL()+"/v2/me"+query, nil)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := f.hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&out)
	return resp.StatusCode, out
}

func TestMemberSignIn(t *testing.T) {
	t.Parallel()
	f := newMemberFlow(t)
	holder := f.c.Seats[0].Holder

	// The page lists the customer's seat holders and carries the request.
	resp, err := f.hc.Get(f.srv.AuthorizationURL() + "?" + f.params().Encode())
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{holder.Name(), string(holder.URN), "Recruiter seat holder", `name="state" value="st-1"`, "Allow", "Cancel"} {
		if !strings.Contains(string(page), want) {
			t.Errorf("sign-in page (%d) lacks %q", resp.StatusCode, want)
		}
	}

	form := f.params("member", string(holder.URN), "action", "allow")
	q, status := f.signIn(t, form)
	if q == nil || q.Get("code") == "" || q.Get("state") != "st-1" {
		t.Fatalf("sign in: status %d, redirect query %v", status, q)
	}
	code := q.Get("code")
	st, tok := f.exchange(t, url.Values{"code": {code}})
	access, _ := tok["access_token"].(string)
	if st != 200 || access == "" || tok["expires_in"] != float64(5184000) {
		t.Fatalf("exchange: %d %v", st, tok)
	}
	st, me := f.me(t, access, "")
	if st != 200 || me["id"] != holder.URN.ID() || me["localizedFirstName"] != holder.FirstName || me["localizedLastName"] != holder.LastName {
		t.Errorf("GET /v2/me: %d %v, want %s %s", st, me, holder.URN.ID(), holder.Name())
	}
	if st, me = f.me(t, access, "?fields=id"); st != 200 || len(me) != 1 || me["id"] != holder.URN.ID() {
		t.Errorf("GET /v2/me?fields=id: %d %v", st, me)
	}
	// LinkedIn's documented projection form, and no parameter ignored.
	if st, me = f.me(t, access, "?projection=(id,localizedFirstName)"); st != 200 || len(me) != 2 || me["localizedFirstName"] != holder.FirstName {
		t.Errorf("GET /v2/me?projection=(id,localizedFirstName): %d %v", st, me)
	}
	if st, me = f.me(t, access, "?projecton=(id)"); st != 400 || !strings.Contains(fmt.Sprint(me), "projecton") {
		t.Errorf("GET /v2/me?projecton=(id): %d %v, want 400 naming it", st, me)
	}

	// The code is single-use: a second exchange fails and revokes the token.
	if st, out := f.exchange(t, url.Values{"code": {code}}); st != 400 || out["error"] != "invalid_grant" {
		t.Errorf("reused code: %d %v", st, out)
	}
	if st, _ := f.me(t, access, ""); st != 401 {
		t.Errorf("GET /v2/me with the token of a reused code: %d, want 401", st)
	}
	// An application token has no member.
	if st, _ := f.me(t, "nope", ""); st != 401 {
		t.Errorf("GET /v2/me with an unknown token: %d", st)
	}
}

func TestMemberSignInRefusals(t *testing.T) {
	t.Parallel()
	f := newMemberFlow(t)
	holder := string(f.c.Seats[0].Holder.URN)

	// Cancel redirects with LinkedIn's error and the state.
	q, _ := f.signIn(t, f.params("member", holder, "action", "cancel"))
	if q.Get("error") != "user_cancelled_login" || q.Get("state") != "st-1" || q.Get("code") != "" {
		t.Errorf("cancel: %v", q)
	}
	// A scope the application does not have.
	q, _ = f.signIn(t, f.params("member", holder, "action", "allow", "scope", "w_member_social"))
	if q.Get("error") != "unauthorized_scope_error" || q.Get("code") != "" {
		t.Errorf("unauthorized scope: %v", q)
	}
	// Unknown client or unregistered redirect_uri: an error page, no redirect.
	partner, _ := f.srv.PartnerCredentials()
	for _, extra := range [][]string{{"client_id", "nobody"}, {"redirect_uri", "https://evil.example/cb"}, {"client_id", partner}} {
		if q, st := f.signIn(t, f.params(append(extra, "member", holder, "action", "allow")...)); q != nil || st != 400 {
			t.Errorf("%v: status %d, redirect %v", extra, st, q)
		}
	}
	// No member chosen: the page again.
	if q, st := f.signIn(t, f.params("action", "allow")); q != nil || st != 400 {
		t.Errorf("no member: %d %v", st, q)
	}

	code := func(extra ...string) string {
		q, st := f.signIn(t, f.params(append(extra, "member", holder, "action", "allow")...))
		if q.Get("code") == "" {
			t.Fatalf("sign in %v: %d %v", extra, st, q)
		}
		return q.Get("code")
	}
	// The code is bound to redirect_uri and client, and fails closed.
	c1 := code()
	if st, out := f.exchange(t, url.Values{"code": {c1}, "redirect_uri": {redirect + "/other"}}); st != 400 || out["error"] != "invalid_grant" {
		t.Errorf("other redirect_uri: %d %v", st, out)
	}
	if st, out := f.exchange(t, url.Values{"code": {c1}, "client_secret": {"wrong"}}); st != 401 || out["error"] != "invalid_client" {
		t.Errorf("wrong secret: %d %v", st, out)
	}
	if st, out := f.exchange(t, url.Values{"code": {"AQTforged"}}); st != 400 || out["error"] != "invalid_grant" {
		t.Errorf("forged code: %d %v", st, out)
	}
	if st, _ := f.exchange(t, url.Values{"code": {c1}}); st != 200 {
		t.Errorf("the code after refused attempts: %d, want 200 (a refusal does not use it)", st)
	}

	// PKCE: the verifier must match the S256 challenge.
	verifier := strings.Repeat("v", 50)
	sum := sha256.Sum256([]byte(verifier))
	challenge := base64.RawURLEncoding.EncodeToString(sum[:])
	c2 := code("code_challenge", challenge, "code_challenge_method", "S256")
	for _, bad := range []string{"", strings.Repeat("w", 50)} {
		if st, out := f.exchange(t, url.Values{"code": {c2}, "code_verifier": {bad}}); st != 400 || out["error"] != "invalid_grant" {
			t.Errorf("verifier %q: %d %v", bad, st, out)
		}
	}
	if st, out := f.exchange(t, url.Values{"code": {c2}, "code_verifier": {verifier}}); st != 200 {
		t.Errorf("right verifier: %d %v", st, out)
	}
	if q, _ := f.signIn(t, f.params("member", holder, "action", "allow", "code_challenge", challenge, "code_challenge_method", "plain")); q.Get("error") != "invalid_request" {
		t.Errorf("plain challenge: %v", q)
	}
}

// TestMemberSignInLogsNoSecrets: the request log names the sign-in and
// token paths, never their state, code or token.
func TestMemberSignInLogsNoSecrets(t *testing.T) {
	t.Parallel()
	var logs strings.Builder
	var mu sync.Mutex
	srv := rscmock.NewServer(t, rscmock.WithLogger(slog.New(slog.NewTextHandler(lockedWriter{&mu, &logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	c := srv.Default()
	if err := srv.SetOAuthRedirectURLs(c.ClientID, redirect); err != nil {
		t.Fatal(err)
	}
	f := &memberFlow{srv: srv, c: c, hc: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	const state = "state-that-must-not-be-logged"
	resp, err := f.hc.Get(srv.AuthorizationURL() + "?" + f.params("state", state).Encode())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	q, _ := f.signIn(t, f.params("state", state, "member", string(c.Seats[0].Holder.URN), "action", "allow"))
	_, tok := f.exchange(t, url.Values{"code": {q.Get("code")}})
	access, _ := tok["access_token"].(string)
	if st, _ := f.me(t, "", "?oauth2_access_token="+access); st != 200 || access == "" {
		t.Fatalf("GET /v2/me with the token in the query: %d", st)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, secret := range []string{state, q.Get("code"), access} {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("the log contains a secret %q:\n%s", secret, logs.String())
		}
	}
	if !strings.Contains(logs.String(), "/oauth/v2/authorization") {
		t.Errorf("the log does not name the sign-in:\n%s", logs.String())
	}
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}
