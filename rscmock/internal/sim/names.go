package sim

// Names LinkedIn's integrations and configurations use
// (rsc-api/ats-to-linkedin.md, the integrations and configurations pages).
const (
	OneClickExport   = "ONE_CLICK_EXPORT"
	InATSIndicator   = "IN_ATS_INDICATOR"
	ProfilePlugin    = "PROFILE_PLUGIN"
	CSAAPI           = "CSA_API"
	TenantRecruiter  = "RECRUITER"
	CallbackURL      = "CALLBACK_URL"
	JobViewers       = "JOB_POSTING_VIEWERS"
	AppViewers       = "APPLICATION_VIEWERS"
	AllProductUsers  = "ALL_PRODUCT_USERS"
	NotifyExport     = "EXPORT_CANDIDATE_PROFILE"
	NotifyStatus     = "INTEGRATION_STATUS_CHANGE"
	ExportTypeOneClk = "ONE_CLICK_EXPORT"
)
