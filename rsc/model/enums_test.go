package model

import "testing"

func TestEnumsValid(t *testing.T) {
	t.Parallel()
	type enum interface{ Valid() bool }
	tests := []struct {
		name    string
		valid   []enum
		invalid []enum
	}{
		{"IntegrationType", []enum{IntegrationTypeApplyConnect, IntegrationTypeApplyWithLinkedIn, IntegrationTypeCSAAPI,
			IntegrationTypeInATSIndicator, IntegrationTypeOneClickExport, IntegrationTypeProfilePlugin,
			IntegrationTypeRecommendedMatches, IntegrationTypeUnifiedSearch},
			[]enum{IntegrationType(""), IntegrationType("CRM_CSA_API"), IntegrationType("one_click_export")}},
		{"TenantType", []enum{TenantTypeRecruiter, TenantTypeJobs}, []enum{TenantType(""), TenantType("PREMIUM_JOB_POSTING")}},
		{"ConfigurationName", []enum{ConfigCallbackURL, ConfigJobPostingViewers, ConfigApplicationViewers},
			[]enum{ConfigurationName(""), ConfigurationName("JOB_POSTING_VIEWER")}},
		{"EntityType", []enum{EntityTypeJobPosting}, []enum{EntityType(""), EntityType("CANDIDATE")}},
		{"JobPostingOperation", []enum{OperationCreate, OperationUpdate, OperationRenew, OperationClose},
			[]enum{JobPostingOperation(""), JobPostingOperation("UPDATED")}},
		{"JobState", []enum{JobStateListed, JobStateClosed}, []enum{JobState(""), JobState("OPEN")}},
		{"Availability", []enum{AvailabilityPublic, AvailabilityPrivate}, []enum{Availability(""), Availability("PRIVATE")}},
		{"ListingType", []enum{ListingTypeBasic, ListingTypePremium}, []enum{ListingType(""), ListingType("FREE")}},
		{"InterviewType", []enum{InterviewTypePhoneScreen, InterviewTypeOnsite}, []enum{InterviewType(""), InterviewType("VIDEO")}},
		{"TaskStatus", []enum{TaskInProgress, TaskSucceeded, TaskFailed, TaskProcessed}, []enum{TaskStatus(""), TaskStatus("DONE")}},
		{"EmploymentStatus", []enum{EmploymentFullTime, EmploymentPartTime, EmploymentContract, EmploymentInternship,
			EmploymentTemporary, EmploymentVolunteer}, []enum{EmploymentStatus(""), EmploymentStatus("FULLTIME")}},
		{"ExperienceLevel", []enum{ExperienceEntryLevel, ExperienceMidSeniorLevel, ExperienceDirector, ExperienceExecutive,
			ExperienceInternship, ExperienceAssociate, ExperienceNotApplicable}, []enum{ExperienceLevel(""), ExperienceLevel("SENIOR")}},
		{"NotificationType", []enum{NotificationExportCandidateProfile, NotificationIntegrationStatusChange},
			[]enum{NotificationType(""), NotificationType("RESYNC_JOBS")}},
	}
	for _, tc := range tests {
		for _, v := range tc.valid {
			if !v.Valid() {
				t.Errorf("%s %v: Valid() = false", tc.name, v)
			}
		}
		for _, v := range tc.invalid {
			if v.Valid() {
				t.Errorf("%s %q: Valid() = true", tc.name, v)
			}
		}
	}
}

func TestTaskStatusDone(t *testing.T) {
	t.Parallel()
	for s, want := range map[TaskStatus]bool{TaskInProgress: false, TaskSucceeded: true, TaskFailed: true, TaskProcessed: true, "": false, "X": false} {
		if got := s.Done(); got != want {
			t.Errorf("%q.Done() = %v, want %v", s, got, want)
		}
	}
}
