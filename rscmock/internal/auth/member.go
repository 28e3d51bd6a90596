package auth

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"html/template"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rscmock/internal/wire"
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
	// CodeTTL is how long an authorization code can be exchanged:
	// LinkedIn's codes "expire after 30 minutes".
	CodeTTL = 30 * time.Minute
	// MemberTokenTTL is the lifetime of a member access token: 60 days.
	MemberTokenTTL = 60 * 24 * time.Hour
)

// memberScopes are the member scopes the fake grants. Assumption: a child
// application of an RSC partner is granted the lite profile (RSC's docs
// name r_liteprofile) and the older basic profile and email scopes; any
// other scope is refused as LinkedIn refuses a scope the application does
// not have, with error=unauthorized_scope_error.
var memberScopes = []string{"r_liteprofile", "r_basicprofile", "r_emailaddress"}

// Profile is what the member flow shows of a LinkedIn member.
type Profile struct {
	URN, FirstName, LastName, Email string
}

// Name returns the member's first and last name.
func (p Profile) Name() string { return strings.TrimSpace(p.FirstName + " " + p.LastName) }

// Directory is what the member flow reads of the rest of the fake: the
// applications' redirect URLs and LinkedIn's members. Its methods take the
// locks they need; the flow calls them without holding its own.
type Directory interface {
	// RedirectURLs returns child application a's
	// oauth2AuthorizedCallbackUrls.
	RedirectURLs(a *App) []string
	// Member returns the member of URN u.
	Member(u string) (Profile, bool)
	// Choices lists the members the sign-in page offers for a: the seat
	// holders of a's customer, then at most 20 others.
	Choices(a *App) (seats, others []Profile)
}

// MemberFlow is the state of the member flow: codes issued by the sign-in
// page and the member tokens they were exchanged for, under a lock of its
// own. It is safe for concurrent use.
type MemberFlow struct {
	apps  *Registry
	dir   Directory
	clock func() time.Time

	mu     sync.Mutex // guards the fields below
	rng    *rand.Rand
	issued int
	codes  map[string]*authCode
	tokens map[string]*memberToken
}

type authCode struct {
	clientID, redirectURI string
	challenge             string // S256 code_challenge; empty without PKCE
	member                string
	scopes                []string
	expires               time.Time
	used                  bool
	token                 string // the token it was exchanged for
}

type memberToken struct {
	clientID string
	member   string
	scopes   []string
	expires  time.Time
}

// NewMemberFlow returns the member flow of the applications of apps, whose
// codes and tokens are seeded by seed.
func NewMemberFlow(seed uint64, clock func() time.Time, apps *Registry, dir Directory) *MemberFlow {
	if clock == nil {
		clock = time.Now
	}
	return &MemberFlow{apps: apps, dir: dir, clock: clock, rng: rand.New(rand.NewPCG(seed, seed^0x3c6ef372fe94f82b)),
		codes: map[string]*authCode{}, tokens: map[string]*memberToken{}}
}

// secret returns a new code or token: prefix, 32 seeded hex digits and a
// counter. Must hold f.mu.
func (f *MemberFlow) secret(prefix string) string {
	const digits = "0123456789abcdef"
	b := make([]byte, 32)
	for i := range b {
		b[i] = digits[f.rng.IntN(16)]
	}
	f.issued++
	return fmt.Sprintf("%s%s%d", prefix, b, f.issued)
}

// authRequest is a checked authorization request.
type authRequest struct {
	clientID, redirectURI, state, challenge string
	scopes                                  []string
	app                                     *App
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
func (f *MemberFlow) checkAuthRequest(q url.Values) (authRequest, error) {
	ar := authRequest{clientID: q.Get("client_id"), redirectURI: q.Get("redirect_uri"), state: q.Get("state")}
	if ar.clientID == "" || ar.redirectURI == "" {
		return ar, errAuthPage("The request is missing client_id or redirect_uri.")
	}
	a := f.apps.App(ar.clientID)
	if a == nil || a.Partner {
		return ar, errAuthPage("The passed in client_id is invalid \"" + ar.clientID + "\"")
	}
	// LinkedIn compares redirect_uri with the registered URLs exactly.
	if !slices.Contains(f.dir.RedirectURLs(a), ar.redirectURI) {
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

// ServeAuthorization is GET (the page) and POST (its form) of
// /oauth/v2/authorization.
func (f *MemberFlow) ServeAuthorization(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	var q url.Values
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		q = r.URL.Query()
	case http.MethodPost:
		if !wire.SameOrigin(r) {
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
	ar, err := f.checkAuthRequest(q)
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
		f.authorizationPage(w, ar, q, "")
		return
	}
	if q.Get("action") == "cancel" {
		redirectTo(w, r, ar, url.Values{"error": {"user_cancelled_login"}, "error_description": {"The user cancelled LinkedIn login"}})
		return
	}
	member := strings.TrimSpace(q.Get("member"))
	if _, ok := f.dir.Member(member); !ok {
		f.authorizationPage(w, ar, q, "Choose the LinkedIn member to sign in as.")
		return
	}
	code, err := f.IssueCode(q, member)
	if err != nil { // checked above; only a concurrent change gets here
		authPage(w, http.StatusBadRequest, authView{Error: "The sign-in request is no longer valid."})
		return
	}
	redirectTo(w, r, ar, url.Values{"code": {code}})
}

// IssueCode is what the sign-in page does when member signs in and allows
// the application: it checks the authorization request's parameters and
// returns a new code for them.
func (f *MemberFlow) IssueCode(params url.Values, member string) (string, error) {
	ar, err := f.checkAuthRequest(params)
	if err != nil {
		return "", fmt.Errorf("rscmock: authorization request refused: %w", err)
	}
	if _, ok := f.dir.Member(member); !ok {
		return "", fmt.Errorf("rscmock: no LinkedIn member %s", member)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	code := f.secret("AQT")
	f.codes[code] = &authCode{clientID: ar.clientID, redirectURI: ar.redirectURI, challenge: ar.challenge, member: member,
		scopes: ar.scopes, expires: f.clock().Add(CodeTTL)}
	return code, nil
}

// authView is what the sign-in page shows.
type authView struct {
	App     string
	Scopes  []string
	Hidden  map[string]string
	Seats   []Profile // the customer's seat holders
	Others  []Profile // other members, at most 20
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
func (f *MemberFlow) authorizationPage(w http.ResponseWriter, ar authRequest, q url.Values, warning string) {
	v := authView{Scopes: ar.scopes, Hidden: map[string]string{}, Warning: warning, Chosen: q.Get("member"), App: ar.app.Name}
	for _, k := range []string{"response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method"} {
		if x := q.Get(k); x != "" {
			v.Hidden[k] = x
		}
	}
	v.Seats, v.Others = f.dir.Choices(ar.app)
	status := http.StatusOK
	if warning != "" {
		status = http.StatusBadRequest
	}
	authPage(w, status, v)
}

// ServeCodeToken is POST /oauth/v2/accessToken with
// grant_type=authorization_code: client_id and client_secret in the body,
// the code, the same redirect_uri, and the code_verifier when the
// authorization sent a code_challenge. A code is single-use: exchanging it
// again fails and revokes the token it gave (RFC 6749 §4.1.2).
func (f *MemberFlow) ServeCodeToken(w http.ResponseWriter, form url.Values, clientID, secret string) {
	oauthErr := func(status int, code, desc string) { OAuthError(w, status, code, desc) }
	code, redirectURI := form.Get("code"), form.Get("redirect_uri")
	if clientID == "" || secret == "" {
		oauthErr(http.StatusBadRequest, "invalid_request", "A required parameter \"client_id\" or \"client_secret\" is missing")
		return
	}
	if code == "" || redirectURI == "" {
		oauthErr(http.StatusBadRequest, "invalid_request", "A required parameter \"code\" or \"redirect_uri\" is missing")
		return
	}
	a := f.apps.App(clientID)
	if a == nil || a.Partner || subtle.ConstantTimeCompare([]byte(a.Secret), []byte(secret)) != 1 {
		oauthErr(http.StatusUnauthorized, "invalid_client", "Client authentication failed")
		return
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	ma := f
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
	case !f.clock().Before(c.expires):
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
	tok := f.secret("AQV")
	c.token = tok
	ma.tokens[tok] = &memberToken{clientID: clientID, member: c.member, scopes: c.scopes, expires: f.clock().Add(MemberTokenTTL)}
	wire.WriteJSON(w, http.StatusOK, map[string]any{"access_token": tok, "expires_in": int(MemberTokenTTL / time.Second), "scope": strings.Join(c.scopes, ",")})
}

// ServeMe is GET /v2/me: the lite profile of the member whose token the
// request carries (id, localizedFirstName, localizedLastName, and the
// multi-locale firstName and lastName), projected by fields=a,b or
// projection=(a,b) when given.
// An application (client credentials) token has no member: 403.
//
// Assumption: LinkedIn scopes a person id to the API key; the fake's ids
// are global, so every application sees the same id, which is also the
// one its seats name.
func (f *MemberFlow) ServeMe(w http.ResponseWriter, r *http.Request) {
	fail := func(status int, msg string) { wire.WriteError(w, wire.Errorf(status, "%s", msg)) }
	if r.Method != http.MethodGet {
		fail(http.StatusMethodNotAllowed, "GET only")
		return
	}
	tok, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	tok = strings.TrimSpace(tok)
	if !ok || tok == "" {
		if tok = r.URL.Query().Get("oauth2_access_token"); tok == "" {
			fail(http.StatusUnauthorized, MsgEmptyToken)
			return
		}
	}
	f.mu.Lock()
	var mt memberToken
	held := f.tokens[tok]
	if held != nil {
		mt = *held
	}
	f.mu.Unlock()
	appToken := f.apps.IsToken(tok)
	var m Profile
	if held != nil {
		m, _ = f.dir.Member(mt.member)
	}
	expired := held != nil && !f.clock().Before(mt.expires)
	switch {
	case appToken:
		fail(http.StatusForbidden, "Not enough permissions to access: me.GET.NO_VERSION")
		return
	case held == nil:
		fail(http.StatusUnauthorized, MsgInvalidToken)
		return
	case expired:
		fail(http.StatusUnauthorized, MsgExpiredToken)
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
		"id": urnID(m.URN), "localizedFirstName": m.FirstName, "localizedLastName": m.LastName,
		"firstName": map[string]any{"localized": map[string]string{"en_US": m.FirstName}, "preferredLocale": locale},
		"lastName":  map[string]any{"localized": map[string]string{"en_US": m.LastName}, "preferredLocale": locale},
	}
	// The projection: fields=a,b or LinkedIn's documented
	// projection=(a,b(c)); any other parameter is a 400 naming it.
	q := r.URL.Query()
	for name := range q {
		if name != "fields" && name != "projection" && name != "oauth2_access_token" {
			fail(http.StatusBadRequest, fmt.Sprintf("unknown query parameter %q (allowed: fields, projection)", name))
			return
		}
	}
	var names []string
	if f := q.Get("fields"); f != "" {
		names = topLevel(f)
	}
	if p := q.Get("projection"); p != "" {
		if !strings.HasPrefix(p, "(") || !strings.HasSuffix(p, ")") {
			fail(http.StatusBadRequest, fmt.Sprintf("malformed query parameter projection %q: want (field,...)", p))
			return
		}
		names = append(names, topLevel(p[1:len(p)-1])...)
	}
	if names != nil {
		keep := map[string]any{}
		for _, name := range names {
			if v, ok := out[name]; ok {
				keep[name] = v
			}
		}
		out = keep
	}
	wire.WriteJSON(w, http.StatusOK, out)
}

// topLevel returns the top-level field names of a projection list
// "a,b(c,d),e" (a, b, e).
func topLevel(list string) []string {
	var out []string
	depth, start := 0, 0
	for i := 0; i <= len(list); i++ {
		if i < len(list) {
			switch list[i] {
			case '(':
				depth++
				continue
			case ')':
				depth--
				continue
			case ',':
				if depth > 0 {
					continue
				}
			default:
				continue
			}
		}
		name, _, _ := strings.Cut(strings.TrimSpace(list[start:i]), "(")
		if name != "" {
			out = append(out, name)
		}
		start = i + 1
	}
	return out
}

// urnID returns the id of urn:li:<type>:<id>.
func urnID(u string) string {
	rest, _ := strings.CutPrefix(u, "urn:li:")
	_, id, _ := strings.Cut(rest, ":")
	return id
}
