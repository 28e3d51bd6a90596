package sim

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
)

// Bundles of the onboarding widget's data-supported-bundled-integration-types
// that belong to Recruiter System Connect.
const (
	// BundleCompany requests the organization-level integrations.
	BundleCompany = "RECRUITER_SYSTEM_CONNECT_COMPANY"
	// BundleContract requests the contract-level CSA_API integration.
	BundleContract = "RECRUITER_SYSTEM_CONNECT_CONTRACT"
)

// Onboarding states of an integration, as the onboarding widget and the
// console label them.
//
// Assumption: LinkedIn documents only "REQUESTED" (in the data-onintegrate
// payload); the other names are the fake's own for the steps its docs
// describe ("Partner ready", "Enabled").
const (
	OnboardingNotRequested = "NOT_REQUESTED"
	OnboardingRequested    = "REQUESTED"
	OnboardingPartnerReady = "PARTNER_READY"
	OnboardingEnabled      = "ENABLED"
)

// IntegrationState is one integration of a customer as Recruiter's admin
// settings and the onboarding widget show it.
type IntegrationState struct {
	IntegrationContext string `json:"integrationContext"`
	IntegrationType    string `json:"integrationType"`
	TenantType         string `json:"tenantType"`
	IntegrationName    string `json:"integrationName,omitempty"`
	// Status is ENABLED, DISABLED, or empty when LinkedIn has no record.
	Status           string `json:"status,omitempty"`
	OnboardingStatus string `json:"onboardingStatus"`
}

// IntegrationRequest is one element of the data-onintegrate payload.
type IntegrationRequest struct {
	IntegrationContext string `json:"integrationContext"`
	IntegrationType    string `json:"integrationType"`
	OnboardingStatus   string `json:"onboardingStatus"`
	TenantType         string `json:"tenantType"`
}

// rscIntegrations are the integration types of RSC with the bundle that
// requests them; contract-level ones live on the contract URN.
var rscIntegrations = []struct {
	itype, bundle string
	contract      bool
}{
	{OneClickExport, BundleCompany, false},
	{InATSIndicator, BundleCompany, false},
	{ProfilePlugin, BundleCompany, false},
	{CSAAPI, BundleContract, true},
}

// IntegrationsLocked returns the RSC integrations of c and any other
// RECRUITER integration stored for its organization or contract. Must hold
// the world's lock.
func (w *World) IntegrationsLocked(c *Customer) []IntegrationState {
	st := w.Synced.Store
	one := func(ictx, itype string) IntegrationState {
		is := IntegrationState{IntegrationContext: ictx, IntegrationType: itype, TenantType: TenantRecruiter, OnboardingStatus: OnboardingNotRequested}
		if e, ok := st.Get(records.Integration.Name, restli.Key{"ctx": ictx, "itype": itype, "tenant": TenantRecruiter}); ok {
			is.IntegrationName, is.Status = Field(e, "integrationName"), Field(e, "status")
		}
		switch {
		case is.Status == "ENABLED":
			is.OnboardingStatus = OnboardingEnabled
		case is.IntegrationName != "":
			is.OnboardingStatus = OnboardingPartnerReady
		case c.Requested[itype]:
			is.OnboardingStatus = OnboardingRequested
		}
		return is
	}
	var out []IntegrationState
	known := map[string]bool{}
	for _, ri := range rscIntegrations {
		ictx := c.Org
		if ri.contract {
			ictx = c.Contract
		}
		if ictx == "" {
			continue
		}
		out = append(out, one(ictx, ri.itype))
		known[ictx+"\x00"+ri.itype] = true
	}
	for _, e := range st.Sorted(records.Integration.Name, func(k restli.Key) bool {
		return (k["ctx"] == c.Org || k["ctx"] == c.Contract) && k["tenant"] == TenantRecruiter
	}) {
		if !known[e.Key["ctx"]+"\x00"+e.Key["itype"]] {
			out = append(out, one(e.Key["ctx"], e.Key["itype"]))
		}
	}
	return out
}

// RequestPayload returns the data-onintegrate payload of c for bundles
// (both RSC bundles when none; other bundles are ignored). Must hold the
// world's lock.
func RequestPayload(c *Customer, bundles []string) []IntegrationRequest {
	if len(bundles) == 0 {
		bundles = []string{BundleCompany, BundleContract}
	}
	out := []IntegrationRequest{}
	for _, ri := range rscIntegrations {
		ictx := c.Org
		if ri.contract {
			ictx = c.Contract
		}
		if !slices.Contains(bundles, ri.bundle) || ictx == "" {
			continue
		}
		out = append(out, IntegrationRequest{IntegrationContext: ictx, IntegrationType: ri.itype,
			OnboardingStatus: OnboardingRequested, TenantType: TenantRecruiter})
	}
	return out
}

// RequestLocked records that c requested the integrations of bundles, as the
// onboarding widget's Request button does, and returns the data-onintegrate
// payload. Must hold the world's lock.
func RequestLocked(c *Customer, bundles []string) []IntegrationRequest {
	out := RequestPayload(c, bundles)
	for _, r := range out {
		c.Requested[r.IntegrationType] = true
	}
	return out
}

// CheckIntegrationKey checks an integration's key with the fake's own rules:
// the context's URN type (a contract for CSA_API, an organization otherwise),
// a known integration type and a known tenant type.
func CheckIntegrationKey(ctx, itype, tenant string) error {
	want := "organization"
	if itype == CSAAPI {
		want = "contract"
	}
	switch {
	case !IsType(ctx, want):
		return fmt.Errorf("integrationContext %q must be a %s URN", ctx, want)
	case !slices.Contains(spec.IntegrationTypes, itype):
		return fmt.Errorf("integrationType %q must be one of %s", itype, strings.Join(spec.IntegrationTypes, ", "))
	case tenant != TenantRecruiter && tenant != "JOBS":
		return fmt.Errorf("tenantType %q must be RECRUITER or JOBS", tenant)
	}
	return nil
}

// InBundles reports whether itype is an RSC integration requested by one of
// bundles (by any RSC bundle when bundles is empty).
func InBundles(itype string, bundles []string) bool {
	for _, ri := range rscIntegrations {
		if ri.itype == itype && (len(bundles) == 0 || slices.Contains(bundles, ri.bundle)) {
			return true
		}
	}
	return false
}
