package rsc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// PartnerClient calls the Provisioning API as the partner's parent
// application: it creates one child application per customer instance and
// returns that application's credentials, which the host stores and passes
// to NewClient. The SDK never persists secrets.
//
// A PartnerClient is immutable and safe for concurrent use.
type PartnerClient struct {
	core *core

	// Applications creates, finds and updates child applications.
	Applications *ProvisioningService
}

// NewPartnerClient returns a client for the parent application. It needs
// WithClientCredentials (the parent's) or WithTokenSource, and makes no
// network call. Provisioning has no documented quota, so the client sets none
// unless WithRateLimits says otherwise.
func NewPartnerClient(opts ...Option) (*PartnerClient, error) {
	cfg := defaultConfig()
	if err := applyOptions(&cfg, opts); err != nil {
		return nil, err
	}
	co, err := newCore(cfg, nil, nil)
	if err != nil {
		return nil, err
	}
	return &PartnerClient{core: co, Applications: &ProvisioningService{c: co}}, nil
}

// String describes the client without its secret.
func (p *PartnerClient) String() string {
	return "rsc.PartnerClient" + p.core.String()[len("rsc.Client"):]
}

// GoString describes the client without its secret.
func (p *PartnerClient) GoString() string { return p.String() }

// ProvisioningService manages child applications (provisionedApplications).
// See https://learn.microsoft.com/en-us/linkedin/talent/middleware-platform/provisioning-api
type ProvisioningService service

// Create provisions a child application for one customer instance. The
// answer carries the new application's URN and credentials. A second Create
// with the same UniqueForeignID fails with an error matching ErrConflict; use
// PartnerClient.ProvisionCustomer to find-or-create.
//
// rsc:operation CREATE /v2/provisionedApplications
func (s *ProvisioningService) Create(ctx context.Context, app model.ProvisionedApplication, opts ...RequestOption) (*model.ProvisionedApplication, error) {
	if err := app.Validate(); err != nil {
		return nil, err
	}
	app.Key, app.Credentials = "", nil
	body, err := json.Marshal(app)
	if err != nil {
		return nil, fmt.Errorf("rsc: encode application: %w", err)
	}
	fr := provisioningFinder.on(s.c)
	req := &request{op: "CREATE", method: http.MethodPost, path: fr.path, protocol: fr.protocol, quota: fr.quota, body: body}
	var out model.ProvisionedApplication
	if _, err := s.c.do(ctx, req, &out, opts...); err != nil {
		return nil, err
	}
	// LinkedIn answers with key and credentials; keep the request's fields too.
	app.Key, app.Credentials = out.Key, out.Credentials
	return &app, nil
}

// FindByForeignID returns the child application provisioned for
// uniqueForeignID, with its credentials. It returns an error matching
// ErrNotFound when there is none.
//
// rsc:operation FINDER credentialsByUniqueForeignId /v2/provisionedApplications
func (s *ProvisioningService) FindByForeignID(ctx context.Context, uniqueForeignID string, opts ...RequestOption) (*model.ProvisionedApplication, error) {
	if uniqueForeignID == "" {
		return nil, errors.New("rsc: FindByForeignID: empty uniqueForeignId")
	}
	var q restli.Query
	q.Set("q", "credentialsByUniqueForeignId")
	q.Set("uniqueForeignId", uniqueForeignID)
	apps, _, err := find(ctx, s.c, provisioningFinder.on(s.c), q, decodeJSON[model.ProvisionedApplication], opts)
	if err != nil {
		return nil, err
	}
	if len(apps) == 0 {
		return nil, &APIError{StatusCode: http.StatusNotFound, Method: http.MethodGet, Operation: "FINDER /v2/provisionedApplications",
			Message: "no application with uniqueForeignId " + uniqueForeignID}
	}
	return &apps[0], nil
}

// ApplicationUpdate changes a child application. Nil fields stay as they are.
type ApplicationUpdate struct {
	// ValidJSSDKDomains are the origins allowed to render LinkedIn's widgets,
	// fully qualified and without a trailing "/".
	ValidJSSDKDomains []string
	// OAuth2AuthorizedCallbackURLs are the redirect URLs of 3-legged OAuth.
	OAuth2AuthorizedCallbackURLs []string
}

// Update changes the JS SDK domains or OAuth callback URLs of a child
// application (a Rest.li partial update). Assumption: the application URN
// goes into the path as is (path-escaped), as LinkedIn's Java SDK does.
//
// rsc:operation PARTIAL_UPDATE /v2/provisionedApplications/{urn}
func (s *ProvisioningService) Update(ctx context.Context, app model.URN, upd ApplicationUpdate, opts ...RequestOption) error {
	if !app.IsType(model.URNTypeDeveloperApplication) {
		return errors.New("rsc: Update: want a urn:li:developerApplication URN")
	}
	check := model.ProvisionedApplication{UniqueForeignID: "x", Name: "x", Description: "x",
		ValidJSSDKDomains: upd.ValidJSSDKDomains, OAuth2AuthorizedCallbackURLs: upd.OAuth2AuthorizedCallbackURLs}
	if err := check.Validate(); err != nil {
		return err
	}
	set := map[string]any{}
	if upd.ValidJSSDKDomains != nil {
		set["validJsSdkDomains"] = upd.ValidJSSDKDomains
	}
	if upd.OAuth2AuthorizedCallbackURLs != nil {
		set["oauth2AuthorizedCallbackUrls"] = upd.OAuth2AuthorizedCallbackURLs
	}
	if len(set) == 0 {
		return nil
	}
	body, err := json.Marshal(restli.Patch{Set: set})
	if err != nil {
		return fmt.Errorf("rsc: encode patch: %w", err)
	}
	fr := provisioningFinder.on(s.c)
	req := &request{op: "PARTIAL_UPDATE", method: http.MethodPost, path: fr.path + "/" + url.PathEscape(string(app)),
		protocol: fr.protocol, quota: fr.quota, body: body, idempotent: true}
	_, err = s.c.do(ctx, req, nil, opts...)
	return err
}

// ProvisionCustomer returns the child application of a customer instance,
// creating it when it does not exist yet (created reports which). It is safe
// to call again after a crash: the uniqueForeignId makes it idempotent.
func (p *PartnerClient) ProvisionCustomer(ctx context.Context, app model.ProvisionedApplication, opts ...RequestOption) (_ *model.ProvisionedApplication, created bool, _ error) {
	if err := app.Validate(); err != nil {
		return nil, false, err
	}
	found, err := p.Applications.FindByForeignID(ctx, app.UniqueForeignID, opts...)
	if err == nil {
		return found, false, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, false, err
	}
	made, err := p.Applications.Create(ctx, app, opts...)
	if errors.Is(err, ErrConflict) {
		// Another process created it in between.
		found, ferr := p.Applications.FindByForeignID(ctx, app.UniqueForeignID, opts...)
		return found, false, ferr
	}
	if err != nil {
		return nil, false, err
	}
	return made, true, nil
}
