package rscmock

import (
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/auth"
)

// checkApplicationURLs checks an application's validJsSdkDomains and
// oauth2AuthorizedCallbackUrls (auth.CheckURLs).
func checkApplicationURLs(domains, callbacks []string) error {
	return auth.CheckURLs(domains, callbacks)
}

// Application returns a child application as the provisioning API shows it
// (a conversion for the typed Go API only).
func (s *Server) Application(clientID string) (model.ProvisionedApplication, bool) {
	s.world.Lock()
	defer s.world.Unlock()
	a := s.auth.App(clientID)
	if a == nil || a.Partner {
		return model.ProvisionedApplication{}, false
	}
	return model.ProvisionedApplication{Key: model.URN(a.URN), UniqueForeignID: a.UniqueForeignID, Name: a.Name, Description: a.Desc,
		ValidJSSDKDomains: a.Domains, OAuth2AuthorizedCallbackURLs: a.Callbacks,
		Credentials: &model.Credentials{ClientID: a.ClientID, ClientSecret: model.Secret(a.Secret)}}, true
}
