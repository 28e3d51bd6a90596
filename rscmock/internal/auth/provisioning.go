package auth

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
	"github.com/rsckit/rsckit/rscmock/internal/wire"
)

// Provisioning serves /v2/provisionedApplications, the partner
// application's API for its child applications (one per customer). Its
// methods change applications: the caller serializes them with the other
// users of the applications' mutable fields (sim.World's lock).
type Provisioning struct {
	Apps *Registry
	// NewApp registers a new child application with generated credentials.
	NewApp func() *App
}

// provisionedView is a child application as the provisioning API returns
// it, with its real secret.
type provisionedView struct {
	Key                          string            `json:"key"`
	UniqueForeignID              string            `json:"uniqueForeignId"`
	Name                         string            `json:"name"`
	Description                  string            `json:"description"`
	ValidJSSDKDomains            []string          `json:"validJsSdkDomains,omitempty"`
	OAuth2AuthorizedCallbackURLs []string          `json:"oauth2AuthorizedCallbackUrls,omitempty"`
	Credentials                  map[string]string `json:"credentials"`
}

func viewOf(a *App) provisionedView {
	return provisionedView{Key: a.URN, UniqueForeignID: a.UniqueForeignID, Name: a.Name, Description: a.Desc,
		ValidJSSDKDomains: a.Domains, OAuth2AuthorizedCallbackURLs: a.Callbacks,
		Credentials: map[string]string{"client_id": a.ClientID, "client_secret": a.Secret}}
}

// Find is the finder credentialsByUniqueForeignId.
func (p Provisioning) Find(q restli.Query) (int, any, *wire.Error) {
	if q.Get("q") != "credentialsByUniqueForeignId" || q.Get("uniqueForeignId") == "" {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "finder credentialsByUniqueForeignId needs uniqueForeignId")
	}
	els := []provisionedView{}
	for _, a := range p.Apps.Apps() {
		if !a.Partner && a.UniqueForeignID == q.Get("uniqueForeignId") {
			els = append(els, viewOf(a))
		}
	}
	return wire.Page(q, els, 10, false)
}

// Create provisions a child application.
func (p Provisioning) Create(body []byte) (int, any, *wire.Error) {
	// The fields the fake keeps of a provisioned application, by their
	// names in the provisioning API (spec.ProvisionedApplication checks them).
	var in struct {
		UniqueForeignID              string   `json:"uniqueForeignId"`
		Name                         string   `json:"name"`
		Description                  string   `json:"description"`
		ValidJSSDKDomains            []string `json:"validJsSdkDomains"`
		OAuth2AuthorizedCallbackURLs []string `json:"oauth2AuthorizedCallbackUrls"`
	}
	if err := json.Unmarshal(body, &in); err != nil {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "Invalid body: %v", err)
	}
	if err := records.SpecErrors(spec.ProvisionedApplication.Validate(body, false)); err != nil {
		return 0, nil, wire.Errorf(http.StatusUnprocessableEntity, "%s", err.Error())
	}
	for _, a := range p.Apps.Apps() {
		if !a.Partner && a.UniqueForeignID == in.UniqueForeignID {
			return 0, nil, wire.Errorf(http.StatusConflict, "An application with uniqueForeignId %s already exists", in.UniqueForeignID)
		}
	}
	a := p.NewApp()
	a.UniqueForeignID, a.Name, a.Desc = in.UniqueForeignID, in.Name, in.Description
	a.Domains, a.Callbacks = in.ValidJSSDKDomains, in.OAuth2AuthorizedCallbackURLs
	v := viewOf(a)
	return http.StatusCreated, map[string]any{"key": v.Key, "credentials": v.Credentials}, nil
}

// Update is the partial update of the application of path key rawKey:
// validJsSdkDomains and oauth2AuthorizedCallbackUrls can change.
func (p Provisioning) Update(rawKey string, body []byte) (int, any, *wire.Error) {
	raw, err := url.PathUnescape(rawKey)
	if err != nil {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "Invalid key")
	}
	a := p.Apps.ByURN(raw)
	if a == nil {
		return 0, nil, wire.Errorf(http.StatusNotFound, "No application %s", raw)
	}
	var patch wire.Patch
	if err := json.Unmarshal(body, &patch); err != nil {
		return 0, nil, wire.Errorf(http.StatusBadRequest, "Invalid patch: %v", err)
	}
	strs := func(v any) ([]string, bool) {
		b, _ := json.Marshal(v)
		var out []string
		return out, json.Unmarshal(b, &out) == nil
	}
	next := struct{ domains, callbacks []string }{a.Domains, a.Callbacks}
	for f, v := range patch.Set {
		l, ok := strs(v)
		if !ok {
			return 0, nil, wire.Errorf(http.StatusUnprocessableEntity, "ERROR :: /%s :: must be an array of strings\n", f)
		}
		switch f {
		case "validJsSdkDomains":
			next.domains = l
		case "oauth2AuthorizedCallbackUrls":
			next.callbacks = l
		default:
			return 0, nil, wire.Errorf(http.StatusUnprocessableEntity, "ERROR :: /%s :: field cannot be updated\n", f)
		}
	}
	if err := CheckURLs(next.domains, next.callbacks); err != nil {
		return 0, nil, wire.Errorf(http.StatusUnprocessableEntity, "%s", err.Error())
	}
	a.Domains, a.Callbacks = next.domains, next.callbacks
	return http.StatusNoContent, nil, nil
}

// CheckURLs checks an application's validJsSdkDomains and
// oauth2AuthorizedCallbackUrls with the fake's spec.
func CheckURLs(domains, callbacks []string) error {
	b, _ := json.Marshal(map[string]any{"uniqueForeignId": "x", "name": "x", "description": "x",
		"validJsSdkDomains": domains, "oauth2AuthorizedCallbackUrls": callbacks})
	return records.SpecErrors(spec.ProvisionedApplication.Validate(b, false))
}
