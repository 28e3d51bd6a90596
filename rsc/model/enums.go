package model

import "strings"

// DataProviderATS is the dataProvider part of every /v2 RSC key. The client adds it;
// the key types of this package do not carry it.
const DataProviderATS = "ATS"

// AllProductUsers is the only documented value of the JOB_POSTING_VIEWERS and
// APPLICATION_VIEWERS configurations: entities without ACLs are visible to every
// Recruiter user.
const AllProductUsers = "ALL_PRODUCT_USERS"

// IntegrationType is the integrationType part of an atsIntegrations key.
type IntegrationType string

// Integration types. RSC uses ONE_CLICK_EXPORT, IN_ATS_INDICATOR, PROFILE_PLUGIN
// (organization context) and CSA_API (contract context).
const (
	IntegrationTypeApplyConnect       IntegrationType = "APPLY_CONNECT"
	IntegrationTypeApplyWithLinkedIn  IntegrationType = "APPLY_WITH_LINKEDIN"
	IntegrationTypeCSAAPI             IntegrationType = "CSA_API"
	IntegrationTypeInATSIndicator     IntegrationType = "IN_ATS_INDICATOR"
	IntegrationTypeOneClickExport     IntegrationType = "ONE_CLICK_EXPORT"
	IntegrationTypeProfilePlugin      IntegrationType = "PROFILE_PLUGIN"
	IntegrationTypeRecommendedMatches IntegrationType = "RECOMMENDED_MATCHES"
	IntegrationTypeUnifiedSearch      IntegrationType = "UNIFIED_SEARCH"
)

// Valid reports whether t is a known integration type.
func (t IntegrationType) Valid() bool {
	switch t {
	case IntegrationTypeApplyConnect, IntegrationTypeApplyWithLinkedIn, IntegrationTypeCSAAPI,
		IntegrationTypeInATSIndicator, IntegrationTypeOneClickExport, IntegrationTypeProfilePlugin,
		IntegrationTypeRecommendedMatches, IntegrationTypeUnifiedSearch:
		return true
	}
	return false
}

// TenantType is the tenantType part of an atsIntegrations key.
type TenantType string

// Tenant types: RECRUITER for RSC, JOBS for Apply Connect.
const (
	TenantTypeRecruiter TenantType = "RECRUITER"
	TenantTypeJobs      TenantType = "JOBS"
)

// Valid reports whether t is a known tenant type.
func (t TenantType) Valid() bool { return t == TenantTypeRecruiter || t == TenantTypeJobs }

// ConfigurationName is the key of an integration configuration.
type ConfigurationName string

// Configuration names.
const (
	ConfigCallbackURL        ConfigurationName = "CALLBACK_URL"        // on ONE_CLICK_EXPORT: https push URL
	ConfigJobPostingViewers  ConfigurationName = "JOB_POSTING_VIEWERS" // on ONE_CLICK_EXPORT: ALL_PRODUCT_USERS
	ConfigApplicationViewers ConfigurationName = "APPLICATION_VIEWERS" // on IN_ATS_INDICATOR: ALL_PRODUCT_USERS
)

// Valid reports whether n is a known configuration name.
func (n ConfigurationName) Valid() bool {
	return n == ConfigCallbackURL || n == ConfigJobPostingViewers || n == ConfigApplicationViewers
}

// EntityType is the type of a securable entity in ACLs.
type EntityType string

// EntityTypeJobPosting is the only securable entity type; its id is the job's
// externalJobPostingId.
const EntityTypeJobPosting EntityType = "JOB_POSTING"

// Valid reports whether t is a known entity type.
func (t EntityType) Valid() bool { return t == EntityTypeJobPosting }

// JobPostingOperation is a job's jobPostingOperationType.
type JobPostingOperation string

// Job posting operations. A job is never deleted; it is closed with OperationClose.
const (
	OperationCreate JobPostingOperation = "CREATE"
	OperationUpdate JobPostingOperation = "UPDATE"
	OperationRenew  JobPostingOperation = "RENEW"
	OperationClose  JobPostingOperation = "CLOSE"
)

// Valid reports whether o is a known operation.
func (o JobPostingOperation) Valid() bool {
	switch o {
	case OperationCreate, OperationUpdate, OperationRenew, OperationClose:
		return true
	}
	return false
}

// JobState is a job's listing state.
type JobState string

// Job states.
const (
	JobStateListed JobState = "LISTED"
	JobStateClosed JobState = "CLOSED"
)

// Valid reports whether s is a known job state.
func (s JobState) Valid() bool { return s == JobStateListed || s == JobStateClosed }

// Availability says who can see a synced job.
type Availability string

// Availabilities. Offer the customer the choice (RSC-102); without it post only
// AvailabilityPrivate.
const (
	AvailabilityPublic  Availability = "PUBLIC"
	AvailabilityPrivate Availability = "PRIVATE_TO_ATS_INTEGRATION"
)

// Valid reports whether a is a known availability.
func (a Availability) Valid() bool { return a == AvailabilityPublic || a == AvailabilityPrivate }

// ListingType is a job's listingType.
type ListingType string

// Listing types; RSC syncs BASIC jobs only.
const (
	ListingTypeBasic   ListingType = "BASIC"
	ListingTypePremium ListingType = "PREMIUM"
)

// Valid reports whether t is a known listing type.
func (t ListingType) Valid() bool { return t == ListingTypeBasic || t == ListingTypePremium }

// InterviewType is the kind of interview a feedback entry is about.
type InterviewType string

// Interview types.
const (
	InterviewTypePhoneScreen InterviewType = "PHONE_SCREEN"
	InterviewTypeOnsite      InterviewType = "ONSITE"
)

// Valid reports whether t is a known interview type.
func (t InterviewType) Valid() bool { return t == InterviewTypePhoneScreen || t == InterviewTypeOnsite }

// TaskStatus is the status of an asynchronous job posting task.
type TaskStatus string

// Task statuses.
const (
	TaskInProgress TaskStatus = "IN_PROGRESS"
	TaskSucceeded  TaskStatus = "SUCCEEDED"
	TaskFailed     TaskStatus = "FAILED"
	TaskProcessed  TaskStatus = "PROCESSED"
)

// Valid reports whether s is a known task status.
func (s TaskStatus) Valid() bool {
	switch s {
	case TaskInProgress, TaskSucceeded, TaskFailed, TaskProcessed:
		return true
	}
	return false
}

// Done reports whether the task has finished (any status except IN_PROGRESS).
func (s TaskStatus) Done() bool { return s.Valid() && s != TaskInProgress }

// EmploymentStatus is a job's employmentStatus.
type EmploymentStatus string

// Employment statuses.
const (
	EmploymentFullTime   EmploymentStatus = "FULL_TIME"
	EmploymentPartTime   EmploymentStatus = "PART_TIME"
	EmploymentContract   EmploymentStatus = "CONTRACT"
	EmploymentInternship EmploymentStatus = "INTERNSHIP"
	EmploymentTemporary  EmploymentStatus = "TEMPORARY"
	EmploymentVolunteer  EmploymentStatus = "VOLUNTEER"
)

// Valid reports whether s is a known employment status.
func (s EmploymentStatus) Valid() bool {
	switch s {
	case EmploymentFullTime, EmploymentPartTime, EmploymentContract, EmploymentInternship,
		EmploymentTemporary, EmploymentVolunteer:
		return true
	}
	return false
}

// ExperienceLevel is a job's experienceLevel.
type ExperienceLevel string

// Experience levels.
const (
	ExperienceEntryLevel     ExperienceLevel = "ENTRY_LEVEL"
	ExperienceMidSeniorLevel ExperienceLevel = "MID_SENIOR_LEVEL"
	ExperienceDirector       ExperienceLevel = "DIRECTOR"
	ExperienceExecutive      ExperienceLevel = "EXECUTIVE"
	ExperienceInternship     ExperienceLevel = "INTERNSHIP"
	ExperienceAssociate      ExperienceLevel = "ASSOCIATE"
	ExperienceNotApplicable  ExperienceLevel = "NOT_APPLICABLE"
)

// Valid reports whether l is a known experience level.
func (l ExperienceLevel) Valid() bool {
	switch l {
	case ExperienceEntryLevel, ExperienceMidSeniorLevel, ExperienceDirector, ExperienceExecutive,
		ExperienceInternship, ExperienceAssociate, ExperienceNotApplicable:
		return true
	}
	return false
}

// Workplace types, the values of JobPosting.WorkplaceTypes (at most one per job).
const (
	WorkplaceOnSite = "On-site"
	WorkplaceHybrid = "Hybrid"
	WorkplaceRemote = "Remote"
)

// oneOf formats the "must be one of" message for an enum.
func oneOf[T ~string](vals ...T) string {
	var b strings.Builder
	b.WriteString("must be one of ")
	for i, v := range vals {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(string(v))
	}
	return b.String()
}
