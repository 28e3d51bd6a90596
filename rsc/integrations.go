package rsc

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/rsckit/rsckit/rsc/internal/restli"
	"github.com/rsckit/rsckit/rsc/model"
)

// IntegrationsService names and reads a customer's integrations
// (atsIntegrations). See
// https://learn.microsoft.com/en-us/linkedin/talent/recruiter-system-connect/rsc-customer-configuration
type IntegrationsService service

// SetNames sets the user-facing integrationName of up to 100 integrations, the
// step that makes them appear in the customer's Recruiter admin settings.
//
// rsc:operation BATCH_PARTIAL_UPDATE /v2/atsIntegrations
func (s *IntegrationsService) SetNames(ctx context.Context, integrations []model.Integration, opts ...RequestOption) ([]Result[model.IntegrationKey], error) {
	keys := make([]model.IntegrationKey, len(integrations))
	patches := make([]restli.Patch, len(integrations))
	var verr model.ValidationError
	for i, in := range integrations {
		keys[i] = in.Key
		patches[i] = restli.Patch{Set: map[string]any{"integrationName": in.IntegrationName}}
		if err := in.Key.Validate(); err != nil {
			verr.Errors = append(verr.Errors, prefixErrors("integrations", i, err)...)
		}
		if in.IntegrationName == "" {
			verr.Errors = append(verr.Errors, model.FieldError{Path: pathAt("integrations", i, "integrationName"), Record: in.Key.String(), Message: "required"})
		}
	}
	if len(verr.Errors) > 0 {
		return nil, &verr
	}
	if err := checkBatch("integrations", keys); err != nil {
		return nil, err
	}
	return patch(ctx, s.c, integrationsEndpoint, keys, patches, opts)
}

// EnableRequest names the RSC integrations of one customer.
type EnableRequest struct {
	// Organization is the customer's integrationContext (urn:li:organization:...).
	Organization model.URN
	// Contract is the Recruiter contract (urn:li:contract:...) for CSA_API
	// (InMails, notes, stubs, seats). Zero skips CSA_API.
	Contract model.URN
	// CustomerName prefixes each integration's name, e.g. "Acme".
	CustomerName string
}

// Keys returns the integrations the request names: ONE_CLICK_EXPORT,
// IN_ATS_INDICATOR and PROFILE_PLUGIN on the organization, and CSA_API on
// the contract when one is given.
func (r EnableRequest) Keys() []model.IntegrationKey {
	keys := []model.IntegrationKey{
		{IntegrationContext: r.Organization, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter},
		{IntegrationContext: r.Organization, IntegrationType: model.IntegrationTypeInATSIndicator, TenantType: model.TenantTypeRecruiter},
		{IntegrationContext: r.Organization, IntegrationType: model.IntegrationTypeProfilePlugin, TenantType: model.TenantTypeRecruiter},
	}
	if !r.Contract.IsZero() {
		keys = append(keys, model.IntegrationKey{IntegrationContext: r.Contract, IntegrationType: model.IntegrationTypeCSAAPI, TenantType: model.TenantTypeRecruiter})
	}
	return keys
}

var integrationLabels = map[model.IntegrationType]string{
	model.IntegrationTypeOneClickExport: "LinkedIn Recruiter One-Click Export Integration",
	model.IntegrationTypeInATSIndicator: "LinkedIn Recruiter In-ATS Indicator Integration",
	model.IntegrationTypeProfilePlugin:  "LinkedIn Recruiter Profile Plugin Integration",
	model.IntegrationTypeCSAAPI:         "LinkedIn Recruiter Contract Data Integration",
}

// Enable names the customer's RSC integrations in one call (step 3 of
// onboarding). The customer's admin then switches them on in Recruiter;
// watch for INTEGRATION_STATUS_CHANGE notifications or BatchGet them.
//
// rsc:operation BATCH_PARTIAL_UPDATE /v2/atsIntegrations
func (s *IntegrationsService) Enable(ctx context.Context, r EnableRequest, opts ...RequestOption) ([]Result[model.IntegrationKey], error) {
	if r.CustomerName == "" {
		return nil, &model.ValidationError{Errors: []model.FieldError{{Path: "customerName", Message: "required"}}}
	}
	if !r.Organization.IsType(model.URNTypeOrganization) {
		return nil, &model.ValidationError{Errors: []model.FieldError{{Path: "organization", Message: "must be an organization URN (urn:li:organization:{id})"}}}
	}
	if !r.Contract.IsZero() && !r.Contract.IsType(model.URNTypeContract) {
		return nil, &model.ValidationError{Errors: []model.FieldError{{Path: "contract", Message: "must be a contract URN (urn:li:contract:{id})"}}}
	}
	keys := r.Keys()
	ins := make([]model.Integration, len(keys))
	for i, k := range keys {
		ins[i] = model.Integration{Key: k, IntegrationName: r.CustomerName + " " + integrationLabels[k.IntegrationType]}
	}
	return s.SetNames(ctx, ins, opts...)
}

// integrationWire carries the key fields an integration element may have.
type integrationWire struct {
	IntegrationContext model.URN `json:"integrationContext"`
	IntegrationType    string    `json:"integrationType"`
	TenantType         string    `json:"tenantType"`
}

func decodeIntegration(raw json.RawMessage) (model.Integration, error) {
	in, err := decodeJSON[model.Integration](raw)
	if err != nil {
		return in, err
	}
	if w, err := decodeJSON[integrationWire](raw); err == nil && in.Key == (model.IntegrationKey{}) {
		in.Key = model.IntegrationKey{IntegrationContext: w.IntegrationContext, IntegrationType: model.IntegrationType(w.IntegrationType), TenantType: model.TenantType(w.TenantType)}
	}
	return in, nil
}

// BatchGet reads up to 100 integrations, e.g. to see whether the customer
// has enabled them.
//
// rsc:operation BATCH_GET /v2/atsIntegrations
func (s *IntegrationsService) BatchGet(ctx context.Context, keys []model.IntegrationKey, opts ...RequestOption) ([]Entry[model.IntegrationKey, model.Integration], error) {
	if err := validateKeys("integrations", keys); err != nil {
		return nil, err
	}
	return batchGet(ctx, s.c, integrationsEndpoint, keys, batchGetCall, func(k model.IntegrationKey, raw json.RawMessage) (model.Integration, error) {
		in, err := decodeIntegration(raw)
		in.Key = k
		return in, err
	}, opts)
}

// FindByRequest reads the integrations an INTEGRATION_STATUS_CHANGE
// notification refers to, by the notification's id.
//
// rsc:operation FINDER request /v2/atsIntegrations
func (s *IntegrationsService) FindByRequest(ctx context.Context, requestID string, opts ...RequestOption) ([]model.Integration, *Response, error) {
	if requestID == "" {
		return nil, nil, errors.New("rsc: FindByRequest: empty request id")
	}
	var q restli.Query
	q.Set("q", "request")
	q.Set("requestId", requestID)
	return find(ctx, s.c, integrationsFinder.on(s.c), q, decodeIntegration, opts)
}

// ConfigurationsService sets integration configurations: the customer's
// One-Click Export CALLBACK_URL, and JOB_POSTING_VIEWERS / APPLICATION_VIEWERS
// = ALL_PRODUCT_USERS for customers without ACLs.
type ConfigurationsService service

// BatchUpdate sets up to 100 configurations (one request per integration).
//
// rsc:operation BATCH_UPDATE /v2/atsIntegrations/{key}/configurations
func (s *ConfigurationsService) BatchUpdate(ctx context.Context, cfgs []model.IntegrationConfiguration, opts ...RequestOption) ([]Result[model.ConfigurationKey], error) {
	return upsert(ctx, s.c, configurationsEndpoint, "configurations", cfgs, func(c model.IntegrationConfiguration) model.ConfigurationKey { return c.Key }, opts)
}

// BatchGet reads up to 100 configurations.
//
// rsc:operation BATCH_GET /v2/atsIntegrations/{key}/configurations
func (s *ConfigurationsService) BatchGet(ctx context.Context, keys []model.ConfigurationKey, opts ...RequestOption) ([]Entry[model.ConfigurationKey, model.IntegrationConfiguration], error) {
	if err := validateKeys("configurations", keys); err != nil {
		return nil, err
	}
	return batchGet(ctx, s.c, configurationsEndpoint, keys, batchGetCall, func(k model.ConfigurationKey, raw json.RawMessage) (model.IntegrationConfiguration, error) {
		c, err := decodeJSON[model.IntegrationConfiguration](raw)
		c.Key = k
		return c, err
	}, opts)
}

// BatchDelete removes up to 100 configurations.
//
// rsc:operation BATCH_DELETE /v2/atsIntegrations/{key}/configurations
func (s *ConfigurationsService) BatchDelete(ctx context.Context, keys []model.ConfigurationKey, opts ...RequestOption) ([]Result[model.ConfigurationKey], error) {
	v2 := configurationsEndpoint
	v2.rest = nil // LinkedIn lists no batch_delete on rest/integrationConfigurations
	return remove(ctx, s.c, v2, "configurations", keys, opts)
}

// SetCallbackURL sets the customer's One-Click Export CALLBACK_URL, where
// LinkedIn POSTs export and integration-status notifications (HTTPS, port
// 443 or 80, unique per customer). Prefer RegisterCallbackURL, which puts a
// secret token into the URL so that NotificationHandler can tell LinkedIn's
// posts from anybody else's.
func (s *ConfigurationsService) SetCallbackURL(ctx context.Context, organization model.URN, callbackURL string, opts ...RequestOption) error {
	return s.setCallbackURL(ctx, organization, callbackURL, nil, opts)
}

// setCallbackURL is SetCallbackURL; known values (tokens in the URL) are
// masked in the error should LinkedIn's answer echo them.
func (s *ConfigurationsService) setCallbackURL(ctx context.Context, organization model.URN, callbackURL string, known []string, opts []RequestOption) error {
	rs, err := s.BatchUpdate(ctx, []model.IntegrationConfiguration{{
		Key: model.ConfigurationKey{
			Integration: model.IntegrationKey{IntegrationContext: organization, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter},
			Name:        model.ConfigCallbackURL,
		},
		Value: model.ConfigurationValue{String: callbackURL},
	}}, opts...)
	var ae *APIError
	if err != nil {
		if errors.As(err, &ae) {
			ae.redact(known...)
		}
		return err
	}
	if rs[0].Err != nil {
		if errors.As(rs[0].Err, &ae) {
			ae.redact(known...)
		}
		return fmt.Errorf("rsc: set CALLBACK_URL: %w", rs[0].Err)
	}
	return nil
}
