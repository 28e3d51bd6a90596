package model

import (
	"strings"
	"testing"
)

func validJob() JobPosting {
	return JobPosting{
		IntegrationContext:   OrganizationURN("1000"),
		ExternalJobPostingID: "J1",
		Operation:            OperationCreate,
		Title:                "Software Engineer",
		Description:          strings.Repeat("d", 100),
		ListedAt:             1484864187000,
		Location:             "Quahog, RI",
		CompanyApplyURL:      "https://ats.example.com/jobs/J1/apply",
		Availability:         AvailabilityPrivate,
	}
}

func TestJobPostingValidate(t *testing.T) {
	t.Parallel()
	const employment = "must be one of FULL_TIME, PART_TIME, CONTRACT, INTERNSHIP, TEMPORARY, VOLUNTEER"
	const experience = "must be one of ENTRY_LEVEL, MID_SENIOR_LEVEL, DIRECTOR, EXECUTIVE, INTERNSHIP, ASSOCIATE, NOT_APPLICABLE"
	runRules(t, validJob, []ruleCase[JobPosting]{
		{"no context", func(j *JobPosting) { j.IntegrationContext = "" }, one("integrationContext", "required")},
		{"contract context", func(j *JobPosting) { j.IntegrationContext = ContractURN("1") }, one("integrationContext", orgMsg)},
		{"malformed context", func(j *JobPosting) { j.IntegrationContext = "urn:li:organization:" }, one("integrationContext", orgMsg)},
		{"no external id", func(j *JobPosting) { j.ExternalJobPostingID = "" }, one("externalJobPostingId", "required")},
		{"external id 200", func(j *JobPosting) { j.ExternalJobPostingID = strings.Repeat("x", 200) }, nil},
		{"external id 201", func(j *JobPosting) { j.ExternalJobPostingID = strings.Repeat("x", 201) },
			one("externalJobPostingId", "must be at most 200 characters, got 201")},
		{"no operation", func(j *JobPosting) { j.Operation = "" }, one("jobPostingOperationType", "required")},
		{"bad operation", func(j *JobPosting) { j.Operation = "UPDATED" }, one("jobPostingOperationType", "must be one of CREATE, UPDATE, RENEW, CLOSE")},
		{"close", func(j *JobPosting) { j.Operation = OperationClose }, nil},
		{"no title", func(j *JobPosting) { j.Title = "" }, one("title", "required")},
		{"title 200 runes", func(j *JobPosting) { j.Title = strings.Repeat("é", 200) }, nil},
		{"title 201 runes", func(j *JobPosting) { j.Title = strings.Repeat("é", 201) }, one("title", "must be at most 200 characters, got 201")},
		{"no description", func(j *JobPosting) { j.Description = "" }, one("description", "required")},
		{"description 99", func(j *JobPosting) { j.Description = strings.Repeat("d", 99) }, one("description", "must be 100 to 25000 characters, got 99")},
		{"description 100 runes", func(j *JobPosting) { j.Description = strings.Repeat("ü", 100) }, nil},
		{"description 99 runes", func(j *JobPosting) { j.Description = strings.Repeat("ü", 99) }, one("description", "must be 100 to 25000 characters, got 99")},
		{"description 25000", func(j *JobPosting) { j.Description = strings.Repeat("d", 25000) }, nil},
		{"description 25001", func(j *JobPosting) { j.Description = strings.Repeat("d", 25001) }, one("description", "must be 100 to 25000 characters, got 25001")},
		{"allowed HTML", func(j *JobPosting) {
			j.Description = "<P>Join us.</p><ul><li>Go</li><LI>SQL</li></ul><br/><br /><b>b</b><strong>s</strong><u>u</u><i>i</i>" + strings.Repeat("d", 60)
		}, nil},
		{"less-than signs are text", func(j *JobPosting) { j.Description = "Teams < 10 people, 3<4, a <= b. " + strings.Repeat("d", 80) }, nil},
		{"angle brackets that are not HTML", func(j *JobPosting) {
			j.Description = "Send your CV to <jobs@acme.example>. Java's List<String>, C++ vector<int>. " + strings.Repeat("d", 40)
		}, nil},
		{"table", func(j *JobPosting) { j.Description = "<table><tr><td>x</td></tr></table>" + strings.Repeat("d", 80) },
			one("description", "HTML tag <table> is not allowed: only b, strong, u, i, br, p, ul and li")},
		{"script tag", func(j *JobPosting) { j.Description = "<p>Hi</p><script>alert(1)</script>" + strings.Repeat("d", 80) },
			one("description", "HTML tag <script> is not allowed: only b, strong, u, i, br, p, ul and li")},
		{"link", func(j *JobPosting) { j.Description = `<a href="https://x.example">apply</a>` + strings.Repeat("d", 80) },
			one("description", "HTML tag <a> is not allowed: only b, strong, u, i, br, p, ul and li")},
		{"no listedAt", func(j *JobPosting) { j.ListedAt = 0 }, one("listedAt", "must be > 0")},
		{"negative listedAt", func(j *JobPosting) { j.ListedAt = -1 }, one("listedAt", "must be > 0")},
		{"no location", func(j *JobPosting) { j.Location = "" }, one("location", "required unless countryCode and postalCode are set")},
		{"country only", func(j *JobPosting) { j.Location, j.CountryCode = "", "us" }, one("location", "required unless countryCode and postalCode are set")},
		{"postal only", func(j *JobPosting) { j.Location, j.PostalCode = "", "02802" }, one("location", "required unless countryCode and postalCode are set")},
		{"country and postal", func(j *JobPosting) { j.Location, j.CountryCode, j.PostalCode = "", "us", "02802" }, nil},
		{"no apply url", func(j *JobPosting) { j.CompanyApplyURL = "" }, one("companyApplyUrl", "required")},
		{"relative apply url", func(j *JobPosting) { j.CompanyApplyURL = "ats.example.com/apply" }, one("companyApplyUrl", "must be an absolute http or https URL")},
		{"ftp apply url", func(j *JobPosting) { j.CompanyApplyURL = "ftp://ats.example.com/apply" }, one("companyApplyUrl", "must be an absolute http or https URL")},
		{"no availability", func(j *JobPosting) { j.Availability = "" }, one("availability", "required")},
		{"bad availability", func(j *JobPosting) { j.Availability = "PRIVATE" }, one("availability", "must be one of PUBLIC, PRIVATE_TO_ATS_INTEGRATION")},
		{"public", func(j *JobPosting) { j.Availability = AvailabilityPublic }, nil},
		{"state listed", func(j *JobPosting) { j.State = JobStateListed }, nil},
		{"state closed", func(j *JobPosting) { j.State = JobStateClosed }, nil},
		{"bad state", func(j *JobPosting) { j.State = "OPEN" }, one("state", "must be one of LISTED, CLOSED")},
		{"3 categories", func(j *JobPosting) { j.Categories = []string{"a", "b", "c"} }, nil},
		{"4 categories", func(j *JobPosting) { j.Categories = []string{"a", "b", "c", "d"} }, one("categories", "at most 3 allowed, got 4")},
		{"empty category", func(j *JobPosting) { j.Categories = []string{""} }, one("categories[0]", "required")},
		{"skills 4000", func(j *JobPosting) { j.SkillsDescription = strings.Repeat("s", 4000) }, nil},
		{"skills 4001", func(j *JobPosting) { j.SkillsDescription = strings.Repeat("s", 4001) }, one("skillsDescription", "must be at most 4000 characters, got 4001")},
		{"one workplace", func(j *JobPosting) { j.WorkplaceTypes = []string{WorkplaceRemote} }, nil},
		{"two workplaces", func(j *JobPosting) { j.WorkplaceTypes = []string{WorkplaceOnSite, WorkplaceHybrid} }, one("workplaceTypes", "at most 1 allowed, got 2")},
		{"bad workplace", func(j *JobPosting) { j.WorkplaceTypes = []string{"Onsite"} }, one("workplaceTypes[0]", "must be one of On-site, Hybrid, Remote")},
		{"alternate locations", func(j *JobPosting) { j.AlternateLocations = []string{"Boston, MA"} }, one("alternateLocations", "not supported for Recruiter System Connect")},
		{"industry", func(j *JobPosting) { j.Industries = []URN{"urn:li:industry:4"} }, nil},
		{"bad industry", func(j *JobPosting) { j.Industries = []URN{"urn:li:industry:4", OrganizationURN("4")} }, one("industries[1]", "must be an industry URN (urn:li:industry:{id})")},
		{"employment", func(j *JobPosting) { j.EmploymentStatus = EmploymentFullTime }, nil},
		{"bad employment", func(j *JobPosting) { j.EmploymentStatus = "FULLTIME" }, one("employmentStatus", employment)},
		{"experience", func(j *JobPosting) { j.ExperienceLevel = ExperienceNotApplicable }, nil},
		{"bad experience", func(j *JobPosting) { j.ExperienceLevel = "SENIOR" }, one("experienceLevel", experience)},
		{"bad listing type", func(j *JobPosting) { j.ListingType = "GOLD" }, one("listingType", "must be one of BASIC, PREMIUM")},
		{"negative expireAt", func(j *JobPosting) { j.ExpireAt = -1 }, one("expireAt", "must not be negative")},
		{"bad owner email", func(j *JobPosting) { j.RequisitionOwnerEmail = "bob" }, one("requisitionOwnerEmail", "must look like X@X.X")},
		{"NUL in title", func(j *JobPosting) { j.Title = "a\x00b" }, one("title", "must not contain NUL bytes")},
		{"bad UTF-8 location", func(j *JobPosting) { j.Location = "Qu\xffhog" }, one("location", "must be valid UTF-8")},
		{"bad UTF-8 description", func(j *JobPosting) { j.Description = strings.Repeat("d", 100) + "\xff" }, one("description", "must be valid UTF-8")},
		{"NUL in company name", func(j *JobPosting) { j.CompanyName = "\x00" }, one("companyName", "must not contain NUL bytes")},
		{"everything missing", func(j *JobPosting) { *j = JobPosting{} }, []pm{
			{"integrationContext", "required"}, {"externalJobPostingId", "required"}, {"jobPostingOperationType", "required"},
			{"title", "required"}, {"description", "required"}, {"listedAt", "must be > 0"},
			{"location", "required unless countryCode and postalCode are set"}, {"companyApplyUrl", "required"},
			{"availability", "required"},
		}},
	})
}

func TestJobPostingValidateRecord(t *testing.T) {
	t.Parallel()
	j := validJob()
	j.Title = ""
	err := j.Validate().(*ValidationError)
	if got := err.Errors[0].Record; got != "externalJobPostingId=J1" {
		t.Errorf("Record = %q", got)
	}
}

func TestJobPostingTaskValidate(t *testing.T) {
	t.Parallel()
	runRules(t, func() JobPostingTask {
		return JobPostingTask{ID: "urn:li:simpleJobPostingTask:03ff7ca6", Status: TaskSucceeded,
			ExternalJobPostingID: "J1", JobPosting: "urn:li:jobPosting:123456789"}
	}, []ruleCase[JobPostingTask]{
		{"no id", func(tk *JobPostingTask) { tk.ID = "" }, one("id", "required")},
		{"wrong id type", func(tk *JobPostingTask) { tk.ID = "urn:li:jobPosting:1" }, one("id", "must be a simpleJobPostingTask URN (urn:li:simpleJobPostingTask:{id})")},
		{"no status", func(tk *JobPostingTask) { tk.Status = "" }, one("status", "required")},
		{"bad status", func(tk *JobPostingTask) { tk.Status = "DONE" }, one("status", "must be one of IN_PROGRESS, SUCCEEDED, FAILED, PROCESSED")},
		{"bad job urn", func(tk *JobPostingTask) { tk.JobPosting = "123" }, one("jobPosting", "must be a jobPosting URN (urn:li:jobPosting:{id})")},
		{"in progress without job", func(tk *JobPostingTask) { tk.Status, tk.JobPosting = TaskInProgress, "" }, nil},
	})
}
