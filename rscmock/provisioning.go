package rscmock

import (
	"net/http"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/auth"
)

// provisioning is the provisioning API of the Server's applications; its
// handlers run under s.mu.
func (s *Server) provisioning() auth.Provisioning {
	return auth.Provisioning{Apps: s.auth, NewApp: func() *app { return s.newChildApp("", "") }}
}

// provisioningRoute routes /v2/provisionedApplications.
func (s *Server) provisioningRoute(m *mreq) (handler, *apiError) {
	switch {
	case len(m.segs) == 1 && m.method == http.MethodGet:
		m.op = "FINDER /v2/provisionedApplications"
		if err := m.q.Only("q", "uniqueForeignId", "start", "count", "fields"); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		return func(m *mreq) (int, any, *apiError) { return s.provisioning().Find(m.q) }, nil
	case len(m.segs) == 1 && m.method == http.MethodPost:
		m.op = "CREATE /v2/provisionedApplications"
		if err := m.q.Only(); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		return func(m *mreq) (int, any, *apiError) { return s.provisioning().Create(m.body) }, nil
	case len(m.segs) == 2 && m.method == http.MethodPost:
		m.op = "PARTIAL_UPDATE /v2/provisionedApplications/{urn}"
		if err := m.q.Only(); err != nil {
			return nil, errf(http.StatusBadRequest, "%v", err)
		}
		return func(m *mreq) (int, any, *apiError) { return s.provisioning().Update(m.segs[1], m.body) }, nil
	}
	return nil, errf(http.StatusMethodNotAllowed, "%s is not supported on %s", m.method, m.path)
}

// checkApplicationURLs checks an application's validJsSdkDomains and
// oauth2AuthorizedCallbackUrls (auth.CheckURLs).
func checkApplicationURLs(domains, callbacks []string) error {
	return auth.CheckURLs(domains, callbacks)
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
