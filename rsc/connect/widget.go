package connect

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
)

// The URLs of LinkedIn's documented widget embeds (rsc-customer-configuration
// and profile-plugin pages). Older samples use other extension URLs; set
// ExtensionURL to use one of them or a fake server's.
const (
	// DefaultScriptURL is LinkedIn's JavaScript SDK loader.
	DefaultScriptURL = "https://platform.linkedin.com/xdoor/scripts/in.js"
	// DefaultOnboardingExtensionURL is the ATS Integration Configuration
	// widget extension.
	DefaultOnboardingExtensionURL = "https://platform.linkedin.com/rsc/extensions/onboarding-widget"
	// DefaultProfileExtensionURL is the profile widget (HcmWidget) extension.
	DefaultProfileExtensionURL = "https://platform.linkedin.com/rsc/extensions/profile-widget"
)

// Bundles a partner declares in data-supported-bundled-integration-types.
const (
	BundleRSCCompany  = "RECRUITER_SYSTEM_CONNECT_COMPANY"
	BundleRSCContract = "RECRUITER_SYSTEM_CONNECT_CONTRACT"
)

// ErrInvalidWidget is returned (wrapped) when a widget's settings would not
// render a safe, well-formed embed.
var ErrInvalidWidget = errors.New("invalid widget settings")

var (
	// apiKeyPattern: LinkedIn client ids are short ASCII tokens. The key is
	// written into the loader's script body, so nothing else may pass.
	apiKeyPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)
	jsIdent       = regexp.MustCompile(`^[A-Za-z_$][A-Za-z0-9_$]{0,99}$`)
	enumPattern   = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,99}$`)
	// urlPattern bounds what a script or extension URL may contain, since the
	// extension URL is written into the loader's script body.
	urlPattern = regexp.MustCompile(`^[A-Za-z0-9:/._~%-]{1,500}$`)
)

// jsReserved are words that cannot name a function.
var jsReserved = map[string]bool{
	"break": true, "case": true, "catch": true, "class": true, "const": true, "continue": true,
	"debugger": true, "default": true, "delete": true, "do": true, "else": true, "enum": true,
	"export": true, "extends": true, "false": true, "finally": true, "for": true, "function": true,
	"if": true, "import": true, "in": true, "instanceof": true, "new": true, "null": true,
	"return": true, "super": true, "switch": true, "this": true, "throw": true, "true": true,
	"try": true, "typeof": true, "var": true, "void": true, "while": true, "with": true,
	"yield": true, "let": true, "static": true, "implements": true, "interface": true,
	"package": true, "private": true, "protected": true, "public": true, "await": true,
	"eval": true, "arguments": true, "undefined": true, "NaN": true, "Infinity": true,
}

// ValidCallbackName reports whether name can be a data-on* callback: a plain
// JavaScript identifier (ASCII letters, digits, _ and $, not starting with a
// digit, at most 100 characters) that is not a reserved word.
func ValidCallbackName(name string) bool {
	return jsIdent.MatchString(name) && !jsReserved[name]
}

func checkCallback(attr, name string, required bool) error {
	if name == "" && !required {
		return nil
	}
	if !ValidCallbackName(name) {
		return fmt.Errorf("connect: %s %q must be a JavaScript identifier naming a global function: %w", attr, name, ErrInvalidWidget)
	}
	return nil
}

func checkWidth(w int) error {
	if w < 0 || w > 4000 {
		return fmt.Errorf("connect: data-width %d must be 1 to 4000 pixels (0 for the default): %w", w, ErrInvalidWidget)
	}
	return nil
}

// checkScriptURL accepts an https URL, or http on a loopback or reserved
// test host (a fake LinkedIn in tests), made only of URL-safe characters.
func checkScriptURL(what, s string) error {
	u, err := url.Parse(s)
	ok := err == nil && urlPattern.MatchString(s) && u.Host != "" && u.User == nil && u.RawQuery == "" && u.Fragment == ""
	if ok {
		switch u.Scheme {
		case "https":
		case "http":
			ok = testHost(u.Hostname())
		default:
			ok = false
		}
	}
	if !ok {
		return fmt.Errorf("connect: %s %q must be an https URL without query, made of URL-safe characters: %w", what, s, ErrInvalidWidget)
	}
	return nil
}

// testHost reports whether host cannot be a public internet host.
func testHost(host string) bool {
	if ip := net.ParseIP(host); ip != nil {
		return ip.IsLoopback()
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	return host == "localhost" || strings.HasSuffix(host, ".localhost") ||
		strings.HasSuffix(host, ".test") || strings.HasSuffix(host, ".invalid")
}

// loader is the in.js script tag shared by both widgets.
type loader struct {
	ScriptURL string
	Body      template.JS
}

// newLoader validates the loader's inputs and builds its body. The body of
// in.js's tag is not JavaScript but "key: value" lines, which html/template
// would quote; every part is therefore checked against a strict pattern and
// only then marked safe.
func newLoader(apiKey, scriptURL, extension, extensionURL string) (loader, error) {
	if !apiKeyPattern.MatchString(apiKey) {
		return loader{}, fmt.Errorf("connect: API key must be 1 to 100 ASCII letters, digits, '-' or '_': %w", ErrInvalidWidget)
	}
	if scriptURL == "" {
		scriptURL = DefaultScriptURL
	}
	if err := checkScriptURL("script URL", scriptURL); err != nil {
		return loader{}, err
	}
	if err := checkScriptURL("extension URL", extensionURL); err != nil {
		return loader{}, err
	}
	body := "\n  api_key: " + apiKey + "\n  extensions: " + extension + "@" + extensionURL + "\n"
	return loader{ScriptURL: scriptURL, Body: template.JS(body)}, nil
}

// OnboardingWidget is the ATS Integration Configuration widget of one
// tenant: the admin signs in to LinkedIn in it, picks a contract and
// requests the integrations. Render it only for the tenant's admins, on a
// page whose domain is in the child application's validJsSdkDomains
// (RSC-105).
type OnboardingWidget struct {
	// APIKey is the tenant's child application client id (public).
	APIKey string
	// Bundles are the bundled integration types the partner supports;
	// empty means RECRUITER_SYSTEM_CONNECT_COMPANY and
	// RECRUITER_SYSTEM_CONNECT_CONTRACT.
	Bundles []string
	// OnIntegrate names the global JS function the widget calls with the
	// requested integrations (data-onintegrate); required. The function
	// posts its argument to the host, which passes it to ParseIntegrate.
	OnIntegrate string
	// OnConfigChange names the function for data-onconfigchange; optional.
	// Its argument goes to ParseConfigChange.
	OnConfigChange string
	// Width is data-width in pixels; 0 means 500, LinkedIn's sample.
	Width int
	// ScriptURL and ExtensionURL default to DefaultScriptURL and
	// DefaultOnboardingExtensionURL.
	ScriptURL, ExtensionURL string
}

var onboardingTmpl = template.Must(template.New("onboarding").Parse(
	`<script type="text/javascript" src="{{.Loader.ScriptURL}}">{{.Loader.Body}}</script>
<script type="IN/ATSIntegrationWidget" data-supported-bundled-integration-types="{{.Bundles}}" data-onintegrate="{{.OnIntegrate}}"` +
		`{{if .OnConfigChange}} data-onconfigchange="{{.OnConfigChange}}"{{end}} data-width="{{.Width}}"></script>
`))

// HTML renders the embed. Every value is checked first (identifiers,
// enumeration names, URLs, the API key) and then escaped by html/template,
// so no tenant value can break out of its attribute.
func (w OnboardingWidget) HTML() (template.HTML, error) {
	ld, err := newLoader(w.APIKey, w.ScriptURL, "ATSIntegrationWidget", or(w.ExtensionURL, DefaultOnboardingExtensionURL))
	if err != nil {
		return "", err
	}
	bundles := w.Bundles
	if len(bundles) == 0 {
		bundles = []string{BundleRSCCompany, BundleRSCContract}
	}
	for _, b := range bundles {
		if !enumPattern.MatchString(b) {
			return "", fmt.Errorf("connect: bundle %q must be an upper-case enumeration name: %w", b, ErrInvalidWidget)
		}
	}
	if err := checkCallback("data-onintegrate", w.OnIntegrate, true); err != nil {
		return "", err
	}
	if err := checkCallback("data-onconfigchange", w.OnConfigChange, false); err != nil {
		return "", err
	}
	if err := checkWidth(w.Width); err != nil {
		return "", err
	}
	width := w.Width
	if width == 0 {
		width = 500
	}
	return execute(onboardingTmpl, map[string]any{
		"Loader": ld, "Bundles": strings.Join(bundles, ","), "OnIntegrate": ident(w.OnIntegrate),
		"OnConfigChange": ident(w.OnConfigChange), "Width": strconv.Itoa(width),
	})
}

// ProfileWidget is LinkedIn's profile widget (IN/HcmWidget) for one ATS
// candidate: the matched member's profile, and link/unlink to fix the match.
type ProfileWidget struct {
	// APIKey is the tenant's child application client id (public).
	APIKey string
	// Candidate is the synced candidate (data-integration-context and
	// data-ats-candidate-id).
	Candidate model.CandidateKey
	// ShowUnlink and ConfirmUnlink set data-show-unlink-url and
	// data-confirm-unlink.
	ShowUnlink, ConfirmUnlink bool
	// OnLink and OnUnlink name the global JS functions for data-onlink and
	// data-onunlink; each posts its argument to Linker.Handler. Empty omits
	// the attribute.
	OnLink, OnUnlink string
	// Width is data-width in pixels; 0 omits it.
	Width int
	// ScriptURL and ExtensionURL default to DefaultScriptURL and
	// DefaultProfileExtensionURL.
	ScriptURL, ExtensionURL string
}

var profileTmpl = template.Must(template.New("profile").Parse(
	`<script type="text/javascript" src="{{.Loader.ScriptURL}}">{{.Loader.Body}}</script>
<script type="IN/HcmWidget" data-widget-type="ATS" data-ats-candidate-id="{{.CandidateID}}" data-integration-context="{{.Context}}"` +
		` data-show-unlink-url="{{.ShowUnlink}}" data-confirm-unlink="{{.ConfirmUnlink}}"` +
		`{{if .OnLink}} data-onlink="{{.OnLink}}"{{end}}{{if .OnUnlink}} data-onunlink="{{.OnUnlink}}"{{end}}{{if .Width}} data-width="{{.Width}}"{{end}}></script>
`))

// HTML renders the embed. The candidate id is any string the model accepts
// (model.CandidateKey.Validate); html/template escapes it inside its
// attribute, and the other values are checked against strict patterns.
func (w ProfileWidget) HTML() (template.HTML, error) {
	ld, err := newLoader(w.APIKey, w.ScriptURL, "HcmWidget", or(w.ExtensionURL, DefaultProfileExtensionURL))
	if err != nil {
		return "", err
	}
	if err := w.Candidate.Validate(); err != nil {
		return "", fmt.Errorf("connect: profile widget candidate: %w: %w", ErrInvalidWidget, err)
	}
	if !w.Candidate.IntegrationContext.IsType(model.URNTypeOrganization) {
		return "", fmt.Errorf("connect: data-integration-context must be the tenant's organization URN: %w", ErrInvalidWidget)
	}
	if err := checkCallback("data-onlink", w.OnLink, false); err != nil {
		return "", err
	}
	if err := checkCallback("data-onunlink", w.OnUnlink, false); err != nil {
		return "", err
	}
	if err := checkWidth(w.Width); err != nil {
		return "", err
	}
	width := ""
	if w.Width > 0 {
		width = strconv.Itoa(w.Width)
	}
	return execute(profileTmpl, map[string]any{
		"Loader": ld, "CandidateID": w.Candidate.ATSCandidateID, "Context": string(w.Candidate.IntegrationContext),
		"ShowUnlink": strconv.FormatBool(w.ShowUnlink), "ConfirmUnlink": strconv.FormatBool(w.ConfirmUnlink),
		"OnLink": ident(w.OnLink), "OnUnlink": ident(w.OnUnlink), "Width": width,
	})
}

// ident marks a checked callback name (ValidCallbackName) as JavaScript:
// html/template treats data-on* attributes as event handlers and would
// otherwise write the name as a quoted string.
func ident(name string) template.JS { return template.JS(name) }

func execute(t *template.Template, data any) (template.HTML, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, data); err != nil {
		return "", fmt.Errorf("connect: render widget: %w", err)
	}
	return template.HTML(b.String()), nil // #nosec: produced by html/template from checked values
}

func or(s, def string) string {
	if s == "" {
		return def
	}
	return s
}
