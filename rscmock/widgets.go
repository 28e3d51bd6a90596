package rscmock

// Stand-ins for LinkedIn's JavaScript widgets: in.js, the profile widget
// (IN/HcmWidget) and the onboarding widget (IN/ATSIntegrationWidget) are
// served by rscmock/internal/console's Widgets.

// MsgUnauthorizedDomain is the text LinkedIn's widgets show for an unknown
// API key or a page outside the application's validJsSdkDomains.
const MsgUnauthorizedDomain = "Unauthorized domain Domain validation failed for the API key"
