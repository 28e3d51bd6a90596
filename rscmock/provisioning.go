package rscmock

import (
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
)

// provisionedView is a child application as the provisioning API returns it,
// with its real secret.
type provisionedView struct {
	Key                          string            `json:"key"`
	UniqueForeignID              string            `json:"uniqueForeignId"`
	Name                         string            `json:"name"`
	Description                  string            `json:"description"`
	ValidJSSDKDomains            []string          `json:"validJsSdkDomains,omitempty"`
	OAuth2AuthorizedCallbackURLs []string          `json:"oauth2AuthorizedCallbackUrls,omitempty"`
	Credentials                  map[string]string `json:"credentials"`
}

func viewOf(a *app) provisionedView {
	return provisionedView{Key: a.URN, UniqueForeignID: a.UniqueForeignID, Name: a.Name, Description: a.Desc,
		ValidJSSDKDomains: a.Domains, OAuth2AuthorizedCallbackURLs: a.Callbacks,
		Credentials: map[string]string{"client_id": a.ClientID, "client_secret": a.Secret}}
}

func (s *Server) provisioningRoute(m *mreq) (handler, *apiError) {
	switch {
	case len(m.segs) == 1 && m.method == http.MethodGet:
		m.op = "FINDER /v2/provisionedApplications"
		if err := m.q.Only("q", "uniqueForeignId", "start", "count", "fields"); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		return s.findProvisioned, nil
	case len(m.segs) == 1 && m.method == http.MethodPost:
		m.op = "CREATE /v2/provisionedApplications"
		if err := m.q.Only(); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		return s.createProvisioned, nil
	case len(m.segs) == 2 && m.method == http.MethodPost:
		m.op = "PARTIAL_UPDATE /v2/provisionedApplications/{urn}"
		if err := m.q.Only(); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		return s.updateProvisioned, nil
	}
	return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, m.path)
}

func (s *Server) findProvisioned(m *mreq) (int, any, *apiError) {
	if m.q.Get("q") != "credentialsByUniqueForeignId" || m.q.Get("uniqueForeignId") == "" {
		return 0, nil, errf(http.StatusBadRequest, "finder credentialsByUniqueForeignId needs uniqueForeignId")
	}
	els := []provisionedView{}
	for _, a := range s.auth.Apps() {
		if !a.Partner && a.UniqueForeignID == m.q.Get("uniqueForeignId") {
			els = append(els, viewOf(a))
		}
	}
	return page(m, els, 10, false)
}

func (s *Server) createProvisioned(m *mreq) (int, any, *apiError) {
	// The fields the fake keeps of a provisioned application, by their
	// names in the provisioning API (spec.ProvisionedApplication checks them).
	var p struct {
		UniqueForeignID              string   `json:"uniqueForeignId"`
		Name                         string   `json:"name"`
		Description                  string   `json:"description"`
		ValidJSSDKDomains            []string `json:"validJsSdkDomains"`
		OAuth2AuthorizedCallbackURLs []string `json:"oauth2AuthorizedCallbackUrls"`
	}
	if err := json.Unmarshal(m.body, &p); err != nil {
		return 0, nil, errf(http.StatusBadRequest, "Invalid body: %v", err)
	}
	if err := records.SpecErrors(spec.ProvisionedApplication.Validate(m.body, false)); err != nil {
		return 0, nil, errf(http.StatusUnprocessableEntity, "%s", err.Error())
	}
	for _, a := range s.auth.Apps() {
		if !a.Partner && a.UniqueForeignID == p.UniqueForeignID {
			return 0, nil, errf(http.StatusConflict, "An application with uniqueForeignId %s already exists", p.UniqueForeignID)
		}
	}
	a := s.newChildApp("", "")
	a.UniqueForeignID, a.Name, a.Desc = p.UniqueForeignID, p.Name, p.Description
	a.Domains, a.Callbacks = p.ValidJSSDKDomains, p.OAuth2AuthorizedCallbackURLs
	v := viewOf(a)
	return http.StatusCreated, map[string]any{"key": v.Key, "credentials": v.Credentials}, nil
}

func (s *Server) updateProvisioned(m *mreq) (int, any, *apiError) {
	raw, err := url.PathUnescape(m.segs[1])
	if err != nil {
		return 0, nil, errf(http.StatusBadRequest, "Invalid key")
	}
	a := s.auth.ByURN(raw)
	if a == nil {
		return 0, nil, errf(http.StatusNotFound, "No application %s", raw)
	}
	var p patch
	if err := json.Unmarshal(m.body, &p); err != nil {
		return 0, nil, errf(http.StatusBadRequest, "Invalid patch: %v", err)
	}
	strs := func(v any) ([]string, bool) {
		b, _ := json.Marshal(v)
		var out []string
		return out, json.Unmarshal(b, &out) == nil
	}
	next := struct{ domains, callbacks []string }{a.Domains, a.Callbacks}
	for f, v := range p.Set {
		l, ok := strs(v)
		if !ok {
			return 0, nil, errf(http.StatusUnprocessableEntity, "ERROR :: /%s :: must be an array of strings\n", f)
		}
		switch f {
		case "validJsSdkDomains":
			next.domains = l
		case "oauth2AuthorizedCallbackUrls":
			next.callbacks = l
		default:
			return 0, nil, errf(http.StatusUnprocessableEntity, "ERROR :: /%s :: field cannot be updated\n", f)
		}
	}
	if err := checkApplicationURLs(next.domains, next.callbacks); err != nil {
		return 0, nil, errf(http.StatusUnprocessableEntity, "%s", err.Error())
	}
	a.Domains, a.Callbacks = next.domains, next.callbacks
	return http.StatusNoContent, nil, nil
}

// checkApplicationURLs checks an application's validJsSdkDomains and
// oauth2AuthorizedCallbackUrls with the fake's spec.
func checkApplicationURLs(domains, callbacks []string) error {
	b, _ := json.Marshal(map[string]any{"uniqueForeignId": "x", "name": "x", "description": "x",
		"validJsSdkDomains": domains, "oauth2AuthorizedCallbackUrls": callbacks})
	return records.SpecErrors(spec.ProvisionedApplication.Validate(b, false))
}

// Application returns a child application as the provisioning API shows it
// (a conversion for the typed Go API only).
func (s *Server) Application(clientID string) (model.ProvisionedApplication, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.auth.App(clientID)
	if a == nil || a.Partner {
		return model.ProvisionedApplication{}, false
	}
	return model.ProvisionedApplication{Key: model.URN(a.URN), UniqueForeignID: a.UniqueForeignID, Name: a.Name, Description: a.Desc,
		ValidJSSDKDomains: a.Domains, OAuth2AuthorizedCallbackURLs: a.Callbacks,
		Credentials: &model.Credentials{ClientID: a.ClientID, ClientSecret: model.Secret(a.Secret)}}, true
}
