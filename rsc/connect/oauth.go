package connect

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"github.com/rsckit/rsckit/rsc/model"
)

// LinkedIn's 3-legged OAuth endpoints and member API host.
const (
	DefaultAuthURL  = "https://www.linkedin.com/oauth/v2/authorization"
	DefaultTokenURL = "https://www.linkedin.com/oauth/v2/accessToken"
	DefaultAPIURL   = "https://api.linkedin.com"
	// ScopeLiteProfile is the scope RSC's bind-customer-users page names.
	ScopeLiteProfile = "r_liteprofile"
	// DefaultStateTTL is how long a Pending authorization stays valid.
	DefaultStateTTL = 10 * time.Minute
)

// Errors of Binder.Finish. Each is returned wrapped; none carries the state,
// the code, the verifier or a token.
var (
	// ErrStateMismatch: the callback's state is missing or is not the one
	// Start issued (a forged or replayed callback).
	ErrStateMismatch = errors.New("OAuth state does not match")
	// ErrStateExpired: the Pending authorization is older than the TTL.
	ErrStateExpired = errors.New("OAuth authorization expired")
	// ErrMissingCode: the callback has no authorization code.
	ErrMissingCode = errors.New("OAuth callback has no code")
	// ErrAuthorizationDenied: LinkedIn redirected back with error=...; see
	// *AuthorizationError.
	ErrAuthorizationDenied = errors.New("LinkedIn authorization denied")
)

// AuthorizationError is LinkedIn's error redirect (error and
// error_description, e.g. user_cancelled_login). It matches
// ErrAuthorizationDenied.
type AuthorizationError struct {
	// Code is LinkedIn's error parameter.
	Code string
	// Description is its error_description (at most 300 bytes kept).
	Description string
}

// Error describes the denial.
func (e *AuthorizationError) Error() string {
	if e.Description == "" {
		return "connect: LinkedIn authorization denied: " + e.Code
	}
	return "connect: LinkedIn authorization denied: " + e.Code + ": " + e.Description
}

// Is matches ErrAuthorizationDenied.
func (e *AuthorizationError) Is(target error) bool { return target == ErrAuthorizationDenied }

// Binder binds ATS users to their LinkedIn identity with LinkedIn's
// 3-legged OAuth authorization-code flow and GET /v2/me, using the tenant's
// child application (person ids are scoped to the API key, so each tenant
// needs its own Binder). The child application's
// oauth2AuthorizedCallbackUrls must contain RedirectURL. A Binder is
// read-only after construction and safe for concurrent use.
//
// PKCE: LinkedIn documents PKCE (RFC 7636) only for native apps, on a
// separate flow it enables per application on request; its web
// authorization-code flow, the one RSC's docs name, documents none. So PKCE
// is off by default; set PKCE to send an S256 code_challenge and the
// code_verifier on the exchange where LinkedIn enabled it. The state
// parameter is always used and checked in constant time.
type Binder struct {
	// ClientID and ClientSecret are the tenant's child application
	// credentials.
	ClientID     string
	ClientSecret model.Secret
	// RedirectURL is the host's callback URL, registered on the application.
	RedirectURL string
	// Scopes default to r_liteprofile.
	Scopes []string
	// PKCE sends an S256 code challenge; see the type's doc.
	PKCE bool
	// AuthURL, TokenURL and APIURL default to LinkedIn's; set them for a
	// fake server.
	AuthURL, TokenURL, APIURL string
	// HTTPClient makes the token exchange and the /v2/me call; nil means a
	// client with a 30 s timeout.
	HTTPClient *http.Client
	// StateTTL bounds the time between Start and Finish (default 10 min).
	//
	// Assumption: LinkedIn's codes live about 30 minutes; ten minutes is
	// ample for a user to sign in and limits replay.
	StateTTL time.Duration
}

// Pending is an authorization in flight: what Start issued and Finish
// checks. Keep it server side, bound to the user's session, until the
// callback arrives, and use it once. Its secrets print as "[redacted]"; to
// store them, save State.Reveal() and Verifier.Reveal().
type Pending struct {
	// ATSUserID is the user the flow binds.
	ATSUserID string
	// State is the random state parameter sent to LinkedIn (32 bytes).
	State model.Secret
	// Verifier is the PKCE code verifier; empty without PKCE.
	Verifier model.Secret
	// Created is when Start ran; Finish refuses it after StateTTL.
	Created time.Time
}

func (b *Binder) config() (*oauth2.Config, error) {
	if b.ClientID == "" || b.ClientSecret == "" || b.RedirectURL == "" {
		return nil, errors.New("connect: Binder needs ClientID, ClientSecret and RedirectURL")
	}
	scopes := b.Scopes
	if len(scopes) == 0 {
		scopes = []string{ScopeLiteProfile}
	}
	return &oauth2.Config{
		ClientID:     b.ClientID,
		ClientSecret: b.ClientSecret.Reveal(),
		RedirectURL:  b.RedirectURL,
		Scopes:       scopes,
		// LinkedIn takes client_id and client_secret in the form body.
		Endpoint: oauth2.Endpoint{AuthURL: or(b.AuthURL, DefaultAuthURL), TokenURL: or(b.TokenURL, DefaultTokenURL), AuthStyle: oauth2.AuthStyleInParams},
	}, nil
}

// Start begins the flow for one ATS user: it returns the LinkedIn
// authorization URL to redirect the user's browser to, and the Pending
// authorization to keep until Finish.
func (b *Binder) Start(atsUserID string, now time.Time) (string, Pending, error) {
	cfg, err := b.config()
	if err != nil {
		return "", Pending{}, err
	}
	if atsUserID == "" {
		return "", Pending{}, errors.New("connect: Start needs the ATS user id")
	}
	var raw [32]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", Pending{}, fmt.Errorf("connect: generate OAuth state: %w", err)
	}
	p := Pending{ATSUserID: atsUserID, State: model.Secret(base64.RawURLEncoding.EncodeToString(raw[:])), Created: now}
	var opts []oauth2.AuthCodeOption
	if b.PKCE {
		p.Verifier = model.Secret(oauth2.GenerateVerifier())
		opts = append(opts, oauth2.S256ChallengeOption(p.Verifier.Reveal()))
	}
	return cfg.AuthCodeURL(p.State.Reveal(), opts...), p, nil
}

// Identity is the LinkedIn member a user signed in as (GET /v2/me).
type Identity struct {
	// Person is urn:li:person:{id}; the id is scoped to the tenant's API key.
	Person    model.URN `json:"person"`
	FirstName string    `json:"firstName,omitempty"`
	LastName  string    `json:"lastName,omitempty"`
}

// Finish completes the flow with the query of LinkedIn's redirect to
// RedirectURL. It checks, in order and before any network call: the state
// (ErrStateMismatch), the Pending's age (ErrStateExpired), an error redirect
// (*AuthorizationError), and the code (ErrMissingCode). It then exchanges
// the code for a member token and reads the member with GET /v2/me. The
// token is used for that one call and not returned. A failed Finish changes
// nothing; the Pending must not be used again either way.
func (b *Binder) Finish(ctx context.Context, p Pending, callback url.Values, now time.Time) (Identity, error) {
	cfg, err := b.config()
	if err != nil {
		return Identity{}, err
	}
	got := callback.Get("state")
	if p.State == "" || got == "" || subtle.ConstantTimeCompare([]byte(got), []byte(p.State.Reveal())) != 1 {
		return Identity{}, fmt.Errorf("connect: finish LinkedIn sign-in for user %q: %w", p.ATSUserID, ErrStateMismatch)
	}
	ttl := b.StateTTL
	if ttl <= 0 {
		ttl = DefaultStateTTL
	}
	if now.Sub(p.Created) > ttl || now.Before(p.Created) {
		return Identity{}, fmt.Errorf("connect: finish LinkedIn sign-in for user %q: started %s ago: %w", p.ATSUserID, now.Sub(p.Created).Round(time.Second), ErrStateExpired)
	}
	if e := callback.Get("error"); e != "" {
		return Identity{}, &AuthorizationError{Code: clip(e, 100), Description: clip(callback.Get("error_description"), 300)}
	}
	code := callback.Get("code")
	if code == "" {
		return Identity{}, fmt.Errorf("connect: finish LinkedIn sign-in for user %q: %w", p.ATSUserID, ErrMissingCode)
	}
	hc := b.HTTPClient
	if hc == nil {
		hc = &http.Client{Timeout: 30 * time.Second}
	}
	ctx = context.WithValue(ctx, oauth2.HTTPClient, hc)
	var opts []oauth2.AuthCodeOption
	if b.PKCE {
		opts = append(opts, oauth2.VerifierOption(p.Verifier.Reveal()))
	}
	tok, err := cfg.Exchange(ctx, code, opts...)
	if err != nil {
		return Identity{}, exchangeError(err, code, p, b.ClientSecret)
	}
	return b.me(ctx, hc, tok.AccessToken)
}

// exchangeError describes a failed exchange without the secrets it involved.
func exchangeError(err error, code string, p Pending, secret model.Secret) error {
	var re *oauth2.RetrieveError
	if errors.As(err, &re) {
		status := 0
		if re.Response != nil {
			status = re.Response.StatusCode
		}
		desc := redact(clip(re.ErrorDescription, 300), code, p.State.Reveal(), p.Verifier.Reveal(), secret.Reveal())
		return fmt.Errorf("connect: exchange LinkedIn authorization code for user %q: HTTP %d %s %s", p.ATSUserID, status, clip(re.ErrorCode, 100), desc)
	}
	// A transport or context error: net/http names the token URL, never the
	// form that carried the code and the secrets.
	return fmt.Errorf("connect: exchange LinkedIn authorization code for user %q: %w", p.ATSUserID, err)
}

// liteProfile is LinkedIn's lite profile (r_liteprofile): id,
// localizedFirstName, localizedLastName, and the multi-locale firstName and
// lastName objects.
type liteProfile struct {
	ID                 string          `json:"id"`
	LocalizedFirstName string          `json:"localizedFirstName"`
	LocalizedLastName  string          `json:"localizedLastName"`
	FirstName          localizedString `json:"firstName"`
	LastName           localizedString `json:"lastName"`
}

// localizedString is {"localized": {"en_US": "Ada"}, "preferredLocale": {...}}.
type localizedString struct {
	Localized map[string]string `json:"localized"`
}

func (l localizedString) first() string {
	if v := l.Localized["en_US"]; v != "" {
		return v
	}
	best := ""
	for k, v := range l.Localized { // deterministic: smallest locale wins
		if v != "" && (best == "" || k < best) {
			best = k
		}
	}
	return l.Localized[best]
}

// me reads GET /v2/me with the member token.
func (b *Binder) me(ctx context.Context, hc *http.Client, token string) (Identity, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(or(b.APIURL, DefaultAPIURL), "/")+"/v2/me", nil)
	if err != nil {
		return Identity{}, fmt.Errorf("connect: GET /v2/me: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := hc.Do(req)
	if err != nil {
		return Identity{}, fmt.Errorf("connect: GET /v2/me: %s", redact(err.Error(), token))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return Identity{}, fmt.Errorf("connect: GET /v2/me: read body: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		var e struct {
			Message string `json:"message"`
		}
		_ = json.Unmarshal(body, &e)
		return Identity{}, fmt.Errorf("connect: GET /v2/me: HTTP %d %s", resp.StatusCode, redact(clip(e.Message, 300), token))
	}
	var lp liteProfile
	if err := json.Unmarshal(body, &lp); err != nil {
		return Identity{}, fmt.Errorf("connect: GET /v2/me: decode profile: %w", err)
	}
	person, err := model.ParseURN(string(model.PersonURN(lp.ID)))
	if lp.ID == "" || err != nil || strings.ContainsAny(lp.ID, ":,()") || len(lp.ID) > 100 {
		return Identity{}, errors.New("connect: GET /v2/me: the profile has no usable id")
	}
	id := Identity{Person: person, FirstName: lp.LocalizedFirstName, LastName: lp.LocalizedLastName}
	if id.FirstName == "" {
		id.FirstName = lp.FirstName.first()
	}
	if id.LastName == "" {
		id.LastName = lp.LastName.first()
	}
	return id, nil
}

func clip(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// redact replaces each non-empty secret in s.
func redact(s string, secrets ...string) string {
	for _, x := range secrets {
		if x != "" {
			s = strings.ReplaceAll(s, x, "[redacted]")
		}
	}
	return s
}
