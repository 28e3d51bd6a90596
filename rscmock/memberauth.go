package rscmock

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/auth"
)

// Member (3-legged) OAuth: LinkedIn's authorization code flow, as its
// "Authorization Code Flow (3-legged OAuth)" page documents it, and the
// lite profile at GET /v2/me. A host uses it to learn which LinkedIn member
// an ATS user is (rsc/connect's Binder).
//
//	GET  /oauth/v2/authorization   the sign-in page: choose a member, Allow or Cancel
//	POST /oauth/v2/authorization   the page's form: redirects to redirect_uri with
//	                               code and state, or error=user_cancelled_login
//	POST /oauth/v2/accessToken     grant_type=authorization_code: the member's token
//	GET  /v2/me                    the member's lite profile, with the member's token

// Lifetimes of the member flow, as LinkedIn documents them.
const (
	// AuthorizationCodeTTL is how long an authorization code can be
	// exchanged: LinkedIn's codes "expire after 30 minutes".
	AuthorizationCodeTTL = 30 * time.Minute
	// MemberTokenTTL is the lifetime of a member access token: 60 days.
	MemberTokenTTL = 60 * 24 * time.Hour
)

// memberScopes are the member scopes the fake grants. Assumption: a child
// application of an RSC partner is granted the lite profile (RSC's docs
// name r_liteprofile) and the older basic profile and email scopes; any
// other scope is refused as LinkedIn refuses a scope the application does
// not have, with error=unauthorized_scope_error.
var memberScopes = []string{"r_liteprofile", "r_basicprofile", "r_emailaddress"}

// memberAuth is the state of the member flow: codes issued by the sign-in
// page and the member tokens they were exchanged for. Guarded by Server.mu.
type memberAuth struct {
	codes  map[string]*authCode
	tokens map[string]*memberToken
}

type authCode struct {
	clientID, redirectURI string
	challenge             string // S256 code_challenge; empty without PKCE
	member                model.URN
	scopes                []string
	expires               time.Time
	used                  bool
	token                 string // the token it was exchanged for
}

type memberToken struct {
	clientID string
	member   model.URN
	scopes   []string
	expires  time.Time
}

// memberAuthLocked returns the member flow state, creating it. Must hold s.mu.
func (s *Server) memberAuthLocked() *memberAuth {
	if s.members3 == nil {
		s.members3 = &memberAuth{codes: map[string]*authCode{}, tokens: map[string]*memberToken{}}
	}
	return s.members3
}

// AuthorizationURL returns the member sign-in endpoint
// (/oauth/v2/authorization), the AuthURL of rsc/connect's Binder.
func (s *Server) AuthorizationURL() string { return s.URL() + "/oauth/v2/authorization" }

// SetOAuthRedirectURLs sets a child application's
// oauth2AuthorizedCallbackUrls, as the provisioning API's partial update
// does: the redirect_uri values its member sign-in accepts.
func (s *Server) SetOAuthRedirectURLs(clientID string, urls ...string) error {
	if err := checkApplicationURLs(nil, urls); err != nil {
		return fmt.Errorf("rscmock: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.auth.App(clientID)
	if a == nil || a.Partner {
		return fmt.Errorf("rscmock: no child application with client id %q", clientID)
	}
	a.Callbacks = slices.Clone(urls)
	return nil
}

// authRequest is a checked authorization request.
type authRequest struct {
	clientID, redirectURI, state, challenge string
	scopes                                  []string
	app                                     *app
}

// errAuthPage is an authorization request LinkedIn answers with its own
// error page: without a valid client and redirect_uri it cannot redirect
// (RFC 6749 §4.1.2.1).
type errAuthPage string

func (e errAuthPage) Error() string { return string(e) }

// errAuthRedirect is an authorization request LinkedIn answers by
// redirecting to redirect_uri with error and error_description.
type errAuthRedirect struct{ code, desc string }

func (e errAuthRedirect) Error() string { return e.code + ": " + e.desc }

// checkAuthRequest checks the parameters of an authorization request.
func (s *Server) checkAuthRequest(q url.Values) (authRequest, error) {
	ar := authRequest{clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"), state: q.Get("state")}
	if ar.clientID == "" || ar.redirectURI == "" {
		return ar, errAuthPage("The request is missing client_id or redirect_uri.")
	}
	s.mu.Lock()
	a := s.auth.App(ar.clientID)
	var callbacks []string
	if a != nil {
		callbacks = slices.Clone(a.Callbacks)
	}
	s.mu.Unlock()
	if a == nil || a.Partner {
		return ar, errAuthPage("The passed in client_id is invalid \"" + ar.clientID + "\"")
	}
	// LinkedIn compares redirect_uri with the registered URLs exactly.
	if !slices.Contains(callbacks, ar.redirectURI) {
		return ar, errAuthPage("The redirect_uri does not match the registered value")
	}
	ar.app = a
	if rt := q.Get("response_type"); rt != "code" {
		return ar, errAuthRedirect{"unsupported_response_type", "response_type must be code"}
	}
	ar.scopes = strings.Fields(strings.ReplaceAll(q.Get("scope"), ",", " "))
	if len(ar.scopes) == 0 {
		// Assumption: LinkedIn's docs list scope as required; its answer
		// without one is unpublished.
		return ar, errAuthRedirect{"invalid_request", "scope is required"}
	}
	for _, sc := range ar.scopes {
		if !slices.Contains(memberScopes, sc) {
			return ar, errAuthRedirect{"unauthorized_scope_error", fmt.Sprintf("Scope %q is not authorized for your application", sc)}
		}
	}
	// Assumption: LinkedIn documents PKCE for its native-app flow only. The
	// fake accepts an S256 code_challenge on this flow and checks the
	// code_verifier at the exchange; "plain" (which RFC 7636 discourages)
	// and a malformed challenge are refused.
	ar.challenge = q.Get("code_challenge")
	switch m := q.Get("code_challenge_method"); {
	case ar.challenge == "" && m == "":
	case m != "S256":
		return ar, errAuthRedirect{"invalid_request", "code_challenge_method must be S256"}
	case len(ar.challenge) != 43 || strings.Trim(ar.challenge, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != "":
		return ar, errAuthRedirect{"invalid_request", "code_challenge must be the base64url SHA-256 of the code_verifier"}
	}
	return ar, nil
}

// redirectTo answers 302 to the request's redirect_uri with params and its
// state.
func redirectTo(w http.ResponseWriter, r *http.Request, ar authRequest, params url.Values) {
	u, _ := url.Parse(ar.redirectURI)
	q := u.Query()
	for k, v := range params {
		q[k] = v
	}
	if ar.state != "" {
		q.Set("state", ar.state)
	}
	u.RawQuery = q.Encode()
	http.Redirect(w, r, u.String(), http.StatusFound)
}

// serveAuthorization is GET (the page) and POST (its form) of
// /oauth/v2/authorization.
func (s *Server) serveAuthorization(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	var q url.Values
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		q = r.URL.Query()
	case http.MethodPost:
		if !sameOrigin(r) {
			authPage(w, http.StatusForbidden, authView{Error: "The form may only be posted from this page."})
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
		if err := r.ParseForm(); err != nil {
			authPage(w, http.StatusBadRequest, authView{Error: "Cannot read the form."})
			return
		}
		q = r.PostForm
	default:
		w.Header().Set("Allow", "GET, HEAD, POST")
		authPage(w, http.StatusMethodNotAllowed, authView{Error: r.Method + " is not allowed here."})
		return
	}
	ar, err := s.checkAuthRequest(q)
	var page errAuthPage
	var redir errAuthRedirect
	switch {
	case errors.As(err, &page):
		authPage(w, http.StatusBadRequest, authView{Error: string(page)})
		return
	case errors.As(err, &redir):
		redirectTo(w, r, ar, url.Values{"error": {redir.code}, "error_description": {redir.desc}})
		return
	}
	if r.Method != http.MethodPost {
		s.authorizationPage(w, ar, q, "")
		return
	}
	if q.Get("action") == "cancel" {
		redirectTo(w, r, ar, url.Values{"error": {"user_cancelled_login"}, "error_description": {"The user cancelled LinkedIn login"}})
		return
	}
	member := model.URN(strings.TrimSpace(q.Get("member")))
	if _, ok := s.Member(member); !ok {
		s.authorizationPage(w, ar, q, "Choose the LinkedIn member to sign in as.")
		return
	}
	code, err := s.IssueAuthorizationCode(q, member)
	if err != nil { // checked above; only a concurrent change gets here
		authPage(w, http.StatusBadRequest, authView{Error: "The sign-in request is no longer valid."})
		return
	}
	redirectTo(w, r, ar, url.Values{"code": {code}})
}

// IssueAuthorizationCode is what the sign-in page does when member signs
// in and allows the application: it checks the authorization request's
// parameters (client_id, redirect_uri, response_type, scope, state,
// code_challenge, code_challenge_method) and returns a new code for them.
// A test that does not drive the page can use it; the code is exchanged at
// the token endpoint like one from the page.
func (s *Server) IssueAuthorizationCode(params url.Values, member model.URN) (string, error) {
	ar, err := s.checkAuthRequest(params)
	if err != nil {
		return "", fmt.Errorf("rscmock: authorization request refused: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.sim.Member(string(member)); !ok {
		return "", fmt.Errorf("rscmock: no LinkedIn member %s", member)
	}
	ma := s.memberAuthLocked()
	code := fmt.Sprintf("AQT%s%d", s.sim.RandHex(32), s.sim.Next("authcode"))
	ma.codes[code] = &authCode{clientID: ar.clientID, redirectURI: ar.redirectURI, challenge: ar.challenge, member: member,
		scopes: ar.scopes, expires: s.now().Add(AuthorizationCodeTTL)}
	return code, nil
}

// authView is what the sign-in page shows.
type authView struct {
	App     string
	Scopes  []string
	Hidden  map[string]string
	Seats   []Member // the customer's seat holders
	Others  []Member // other members, at most 20
	Chosen  string
	Error   string
	Warning string
}

var authTemplate = template.Must(template.New("auth").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>LinkedIn sign-in (rscmock)</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto}fieldset{margin:1em 0}.err{color:#b00}</style></head>
<body><h1>Sign in with LinkedIn</h1>
{{if .Error}}<p class="err" role="alert">{{.Error}}</p>{{else}}
<p><strong>{{.App}}</strong> asks to use your LinkedIn {{range $i, $s := .Scopes}}{{if $i}}, {{end}}<code>{{$s}}</code>{{end}}.</p>
{{if .Warning}}<p class="err" role="alert">{{.Warning}}</p>{{end}}
<form method="post" action="/oauth/v2/authorization">
{{range $k, $v := .Hidden}}<input type="hidden" name="{{$k}}" value="{{$v}}">
{{end}}<fieldset><legend>Sign in as</legend>
{{range .Seats}}<label><input type="radio" name="member" value="{{.URN}}"{{if eq (print .URN) $.Chosen}} checked{{end}}> {{.Name}} (Recruiter seat holder, {{.Email}})</label><br>
{{end}}{{range .Others}}<label><input type="radio" name="member" value="{{.URN}}"{{if eq (print .URN) $.Chosen}} checked{{end}}> {{.Name}} ({{.Email}})</label><br>
{{end}}</fieldset>
<button type="submit" name="action" value="allow">Allow</button>
<button type="submit" name="action" value="cancel">Cancel</button>
</form>{{end}}
</body></html>
`))

func authPage(w http.ResponseWriter, status int, v authView) {
	var b strings.Builder
	if err := authTemplate.Execute(&b, v); err != nil {
		http.Error(w, "rscmock: render the sign-in page: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write([]byte(b.String()))
}

// authorizationPage shows the sign-in page of a checked request.
func (s *Server) authorizationPage(w http.ResponseWriter, ar authRequest, q url.Values, warning string) {
	v := authView{Scopes: ar.scopes, Hidden: map[string]string{}, Warning: warning, Chosen: q.Get("member")}
	for _, k := range []string{"response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method"} {
		if x := q.Get(k); x != "" {
			v.Hidden[k] = x
		}
	}
	s.mu.Lock()
	v.App = ar.app.Name
	seated := map[string]bool{}
	for _, c := range s.sim.Customers() {
		if c.App != ar.app {
			continue
		}
		for _, st := range c.Seats {
			if !seated[st.Holder.URN] {
				seated[st.Holder.URN] = true
				if m, ok := s.sim.Member(st.Holder.URN); ok {
					v.Seats = append(v.Seats, publicMember(m))
				}
			}
		}
	}
	for _, m := range s.sim.Members() {
		if len(v.Others) == 20 {
			break
		}
		if !seated[m.URN] {
			v.Others = append(v.Others, publicMember(m))
		}
	}
	s.mu.Unlock()
	status := http.StatusOK
	if warning != "" {
		status = http.StatusBadRequest
	}
	authPage(w, status, v)
}

// serveAuthorizationCodeToken is POST /oauth/v2/accessToken with
// grant_type=authorization_code: client_id and client_secret in the body,
// the code, the same redirect_uri, and the code_verifier when the
// authorization sent a code_challenge. A code is single-use: exchanging it
// again fails and revokes the token it gave (RFC 6749 §4.1.2).
func (s *Server) serveAuthorizationCodeToken(w http.ResponseWriter, form url.Values, clientID, secret string) {
	oauthErr := func(status int, code, desc string) {
		writeJSON(w, status, map[string]string{"error": code, "error_description": desc})
	}
	code, redirectURI := form.Get("code"), form.Get("redirect_uri")
	if clientID == "" || secret == "" {
		oauthErr(http.StatusBadRequest, "invalid_request", "A required parameter \"client_id\" or \"client_secret\" is missing")
		return
	}
	if code == "" || redirectURI == "" {
		oauthErr(http.StatusBadRequest, "invalid_request", "A required parameter \"code\" or \"redirect_uri\" is missing")
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.auth.App(clientID)
	if a == nil || a.Partner || subtle.ConstantTimeCompare([]byte(a.Secret), []byte(secret)) != 1 {
		oauthErr(http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	ma := s.memberAuthLocked()
	c := ma.codes[code]
	// Assumption: LinkedIn's description of a bad grant is unpublished
	// beyond the error code; the fake says which check failed, never the code.
	const badGrant = "invalid_grant"
	switch {
	case c == nil:
		oauthErr(http.StatusBadRequest, badGrant, "The authorization code is invalid")
		return
	case c.used:
		delete(ma.tokens, c.token)
		oauthErr(http.StatusBadRequest, badGrant, "The authorization code was already used; the token it gave is revoked")
		return
	case !s.now().Before(c.expires):
		oauthErr(http.StatusBadRequest, badGrant, "The authorization code expired")
		return
	case c.clientID != clientID:
		oauthErr(http.StatusBadRequest, badGrant, "The authorization code was issued to another client")
		return
	case c.redirectURI != redirectURI:
		oauthErr(http.StatusBadRequest, badGrant, "The redirect_uri does not match the one of the authorization request")
		return
	}
	if c.challenge != "" {
		sum := sha256.Sum256([]byte(form.Get("code_verifier")))
		if form.Get("code_verifier") == "" || subtle.ConstantTimeCompare([]byte(base64.RawURLEncoding.EncodeToString(sum[:])), []byte(c.challenge)) != 1 {
			oauthErr(http.StatusBadRequest, badGrant, "The code_verifier does not match the code_challenge")
			return
		}
	}
	c.used = true
	tok := fmt.Sprintf("AQV%s%d", s.sim.RandHex(32), s.sim.Next("token"))
	c.token = tok
	ma.tokens[tok] = &memberToken{clientID: clientID, member: c.member, scopes: c.scopes, expires: s.now().Add(MemberTokenTTL)}
	writeJSON(w, http.StatusOK, map[string]any{"access_token": tok, "expires_in": int(MemberTokenTTL / time.Second), "scope": strings.Join(c.scopes, ",")})
}

// serveMe is GET /v2/me: the lite profile of the member whose token the
// request carries (id, localizedFirstName, localizedLastName, and the
// multi-locale firstName and lastName), projected by fields=... when given.
// An application (client credentials) token has no member: 403.
//
// Assumption: LinkedIn scopes a person id to the API key; the fake's ids
// are global, so every application sees the same id, which is also the
// one its seats name.
func (s *Server) serveMe(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, msg string) { writeError(w, errf(status, "%s", msg)) }
	if r.Method != http.MethodGet {
		fail(http.StatusMethodNotAllowed, "GET only")
		return
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	tok = strings.TrimSpace(tok)
	if !ok || tok == "" {
		if tok = r.URL.Query().Get("oauth2_access_token"); tok == "" {
			fail(http.StatusUnauthorized, auth.MsgEmptyToken)
			return
		}
	}
	s.mu.Lock()
	mt := s.memberAuthLocked().tokens[tok]
	appToken := s.auth.IsToken(tok)
	var m Member
	if mt != nil {
		if p, ok := s.sim.Member(string(mt.member)); ok {
			m = publicMember(p)
		}
	}
	expired := mt != nil && !s.now().Before(mt.expires)
	s.mu.Unlock()
	switch {
	case appToken:
		fail(http.StatusForbidden, "Not enough permissions to access: me.GET.NO_VERSION")
		return
	case mt == nil:
		fail(http.StatusUnauthorized, auth.MsgInvalidToken)
		return
	case expired:
		fail(http.StatusUnauthorized, auth.MsgExpiredToken)
		return
	case !slices.Contains(mt.scopes, "r_liteprofile") && !slices.Contains(mt.scopes, "r_basicprofile"):
		fail(http.StatusForbidden, "Not enough permissions to access: me.GET.NO_VERSION")
		return
	case m.URN == "":
		fail(http.StatusNotFound, "Member not found")
		return
	}
	locale := map[string]string{"country": "US", "language": "en"}
	out := map[string]any{
		"id": m.URN.ID(), "localizedFirstName": m.FirstName, "localizedLastName": m.LastName,
		"firstName": map[string]any{"localized": map[string]string{"en_US": m.FirstName}, "preferredLocale": locale},
		"lastName":  map[string]any{"localized": map[string]string{"en_US": m.LastName}, "preferredLocale": locale},
	}
	if f := r.URL.Query().Get("fields"); f != "" {
		keep := map[string]any{}
		for _, name := range strings.Split(f, ",") {
			name, _, _ = strings.Cut(strings.TrimSpace(name), "(")
			if v, ok := out[name]; ok {
				keep[name] = v
			}
		}
		out = keep
	}
	writeJSON(w, http.StatusOK, out)
}
