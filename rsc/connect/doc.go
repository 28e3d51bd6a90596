// Package connect holds the customer-facing flows around the RSC sync: what
// an ATS shows its customers' admins and recruiters.
//
//   - Onboarding: OnboardingWidget renders LinkedIn's ATS Integration
//     Configuration widget for a tenant, ParseIntegrate and ParseConfigChange
//     read what its callbacks post back, and Onboarding is the per-tenant
//     state (not started, widget shown, each integration requested, enabled
//     or disabled, contracts added or removed) with a Status an admin page
//     shows (RSC-101). EnabledTenants wraps an rscsync.TenantSource so the
//     engines run only tenants LinkedIn has enabled.
//   - Binding users to seats: Binder runs LinkedIn's 3-legged OAuth flow and
//     GET /v2/me for one ATS user, and FindSeat matches the member to the
//     contract's Recruiter seats.
//   - The profile widget: ProfileWidget renders the IN/HcmWidget embed for an
//     ATS candidate, and Linker applies its link and unlink callbacks to
//     LinkedIn (manualMatchedMember) and to the host's LinkStore (RSC-304).
//   - Who may read what: MayRead decides whether an ATS user may read an
//     InMail, prospect note or stub profile (only the owning seat holder).
//   - Settings: all jobs private (RSC-102) and Teamtailor's rule not to match
//     candidates without first name, last name and email.
//
// Everything here is either a pure value (Onboarding, Settings, MayRead) or
// takes a context and an *rsc.Client; the package keeps no global state and
// starts no goroutines. Secrets (OAuth state, PKCE verifier, authorization
// code, access token) never appear in errors, logs or String output.
//
// Where to put each piece in the quickstart: render OnboardingWidget on the
// admin's "Connect LinkedIn" page; post its callback to a handler calling
// ParseIntegrate and Onboarding.Request; after rsc's Integrations.Enable,
// call Refresh from the INTEGRATION_STATUS_CHANGE handler; give the Runner
// EnabledTenants instead of the plain TenantSource. Put Binder behind a
// "Connect your LinkedIn account" button on each user's profile page, and
// ProfileWidget plus Linker.Handler on the candidate page.
package connect
