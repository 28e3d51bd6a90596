package rscmock

import (
	"fmt"
	"net/url"
	"slices"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/auth"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// Member (3-legged) OAuth lives in rscmock/internal/auth (auth.MemberFlow):
// the sign-in page at /oauth/v2/authorization, the authorization_code grant
// of /oauth/v2/accessToken and the lite profile at GET /v2/me.

// Lifetimes of the member flow, as LinkedIn documents them.
const (
	// AuthorizationCodeTTL is how long an authorization code can be
	// exchanged: LinkedIn's codes "expire after 30 minutes".
	AuthorizationCodeTTL = auth.CodeTTL
	// MemberTokenTTL is the lifetime of a member access token: 60 days.
	MemberTokenTTL = auth.MemberTokenTTL
)

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
	s.world.Lock()
	defer s.world.Unlock()
	a := s.auth.App(clientID)
	if a == nil || a.Partner {
		return fmt.Errorf("rscmock: no child application with client id %q", clientID)
	}
	a.Callbacks = slices.Clone(urls)
	return nil
}

// IssueAuthorizationCode is what the sign-in page does when member signs
// in and allows the application: it checks the authorization request's
// parameters (client_id, redirect_uri, response_type, scope, state,
// code_challenge, code_challenge_method) and returns a new code for them.
// A test that does not drive the page can use it; the code is exchanged at
// the token endpoint like one from the page.
func (s *Server) IssueAuthorizationCode(params url.Values, member model.URN) (string, error) {
	return s.members.IssueCode(params, string(member))
}

// memberDirectory is what the member flow reads of the Server, under the world's lock.
type memberDirectory struct{ s *Server }

func profile(m sim.Member) auth.Profile {
	return auth.Profile{URN: m.URN, FirstName: m.FirstName, LastName: m.LastName, Email: m.Email}
}

// RedirectURLs returns a's oauth2AuthorizedCallbackUrls.
func (d memberDirectory) RedirectURLs(a *app) []string {
	d.s.world.Lock()
	defer d.s.world.Unlock()
	return slices.Clone(a.Callbacks)
}

// Member returns the member of URN u.
func (d memberDirectory) Member(u string) (auth.Profile, bool) {
	d.s.world.Lock()
	defer d.s.world.Unlock()
	m, ok := d.s.world.R.Member(u)
	return profile(m), ok
}

// Choices returns the seat holders of a's customer, then at most 20 other
// members.
func (d memberDirectory) Choices(a *app) (seats, others []auth.Profile) {
	d.s.world.Lock()
	defer d.s.world.Unlock()
	seated := map[string]bool{}
	for _, c := range d.s.world.R.Customers() {
		if c.App != a {
			continue
		}
		for _, st := range c.Seats {
			if !seated[st.Holder.URN] {
				seated[st.Holder.URN] = true
				if m, ok := d.s.world.R.Member(st.Holder.URN); ok {
					seats = append(seats, profile(m))
				}
			}
		}
	}
	for _, m := range d.s.world.R.Members() {
		if len(others) == 20 {
			break
		}
		if !seated[m.URN] {
			others = append(others, profile(m))
		}
	}
	return seats, others
}
