package model

import (
	"strings"
	"unicode/utf8"
)

// JobPosting is one element of a simpleJobPostings batch_create: the job fields of the
// Job Posting API foundation schema plus the RSC extension. It has no Key field: the
// job is identified by ExternalJobPostingID, and LinkedIn answers with a task URN.
type JobPosting struct {
	// IntegrationContext is the customer's organization URN (required for RSC).
	IntegrationContext URN `json:"integrationContext"`
	// ExternalJobPostingID is the job's id in the ATS (required, at most 200
	// characters). ACLs and applications refer to it.
	ExternalJobPostingID string `json:"externalJobPostingId"`
	// Operation is CREATE, UPDATE, RENEW or CLOSE (required on the wire).
	// Hosts of rsc/sync leave it empty: the engine chooses it (rsc.PlanJob)
	// from State and from what LinkedIn was last sent. Set it only when
	// calling rsc's JobPostingsService.BatchCreate directly.
	Operation JobPostingOperation `json:"jobPostingOperationType"`
	// Title is required, at most 200 characters.
	Title string `json:"title"`
	// Description is required, 100 to 25,000 characters; HTML limited to b, strong,
	// u, i, br, p, ul and li.
	Description string `json:"description"`
	// ListedAt is when the job was listed (required; LinkedIn also refuses a
	// time in the future, which Validate does not check: it has no clock to
	// trust).
	ListedAt EpochMillis `json:"listedAt"`
	// Location is "CITY, STATE", "CITY, COUNTRY", ...; required unless CountryCode and
	// PostalCode are set.
	Location string `json:"location,omitempty"`
	// CountryCode and PostalCode replace Location on the older RSC schema (deprecated
	// in the general Talent release notes).
	CountryCode string `json:"countryCode,omitempty"`
	PostalCode  string `json:"postalCode,omitempty"`
	// CompanyApplyURL is where applicants apply (required).
	CompanyApplyURL string `json:"companyApplyUrl"`
	// Availability is PUBLIC or PRIVATE_TO_ATS_INTEGRATION (required for RSC).
	Availability Availability `json:"availability"`
	// AccessRestricted limits the job to recruiters in an ACL tied to it.
	AccessRestricted bool `json:"accessRestricted,omitempty"`
	// State is what the host says the job is: LISTED (or empty) for an open
	// job, CLOSED for a closed one. It is never sent: LinkedIn's release
	// notes say not to send state (it is derived from the operation), and the
	// older required-fields page that lists it predates them. rsc.PlanJob
	// turns it into CREATE, UPDATE or CLOSE.
	State                     JobState         `json:"-"`
	RequisitionOwnerEmail     string           `json:"requisitionOwnerEmail,omitempty"`
	RequisitionOwnerFirstName string           `json:"requisitionOwnerFirstName,omitempty"`
	RequisitionOwnerLastName  string           `json:"requisitionOwnerLastName,omitempty"`
	Categories                []string         `json:"categories,omitempty"`        // at most 3
	SkillsDescription         string           `json:"skillsDescription,omitempty"` // at most 4,000 characters
	CompanyJobCode            string           `json:"companyJobCode,omitempty"`
	WorkplaceTypes            []string         `json:"workplaceTypes,omitempty"` // at most one of On-site, Hybrid, Remote
	Industries                []URN            `json:"industries,omitempty"`     // urn:li:industry:{id}
	EmploymentStatus          EmploymentStatus `json:"employmentStatus,omitempty"`
	ExperienceLevel           ExperienceLevel  `json:"experienceLevel,omitempty"`
	CompanyName               string           `json:"companyName,omitempty"`
	CompanyPageURL            string           `json:"companyPageUrl,omitempty"`
	ExpireAt                  EpochMillis      `json:"expireAt,omitzero"`
	ListingType               ListingType      `json:"listingType,omitempty"`
	TrackingPixelURL          string           `json:"trackingPixelUrl,omitempty"`
	// AlternateLocations is not supported for RSC; Validate rejects it.
	AlternateLocations []string `json:"alternateLocations,omitempty"`
}

// Validate applies the documented job posting rules for RSC.
func (j JobPosting) Validate() error {
	var c checker
	c.urn("integrationContext", j.IntegrationContext, URNTypeOrganization, true)
	if c.required("externalJobPostingId", j.ExternalJobPostingID) {
		c.maxRunes("externalJobPostingId", j.ExternalJobPostingID, 200)
	}
	switch {
	case j.Operation == "":
		c.add("jobPostingOperationType", msgRequired)
	case !j.Operation.Valid():
		c.add("jobPostingOperationType", oneOf(OperationCreate, OperationUpdate, OperationRenew, OperationClose))
	}
	if c.required("title", j.Title) {
		c.maxRunes("title", j.Title, 200)
	}
	if c.required("description", j.Description) {
		if n := utf8.RuneCountInString(j.Description); n < 100 || n > 25000 {
			c.addf("description", "must be 100 to 25000 characters, got %d", n)
		}
		if tag := disallowedTag(j.Description); tag != "" {
			c.addf("description", "HTML tag <%s> is not allowed: only b, strong, u, i, br, p, ul and li", tag)
		}
	}
	c.positive("listedAt", j.ListedAt)
	if j.Location == "" {
		if j.CountryCode == "" || j.PostalCode == "" {
			c.add("location", msgLocation)
		}
	} else {
		c.text("location", j.Location)
	}
	c.text("countryCode", j.CountryCode)
	c.text("postalCode", j.PostalCode)
	if c.required("companyApplyUrl", j.CompanyApplyURL) {
		if u, ok := absoluteURL(j.CompanyApplyURL); !ok || (u.Scheme != "http" && u.Scheme != "https") {
			c.add("companyApplyUrl", msgAbsoluteHTTPURL)
		}
	}
	switch {
	case j.Availability == "":
		c.add("availability", msgRequired)
	case !j.Availability.Valid():
		c.add("availability", oneOf(AvailabilityPublic, AvailabilityPrivate))
	}
	if j.State != "" && !j.State.Valid() {
		c.add("state", oneOf(JobStateListed, JobStateClosed))
	}
	if j.RequisitionOwnerEmail != "" {
		c.email("requisitionOwnerEmail", j.RequisitionOwnerEmail)
	}
	c.text("requisitionOwnerFirstName", j.RequisitionOwnerFirstName)
	c.text("requisitionOwnerLastName", j.RequisitionOwnerLastName)
	if len(j.Categories) > 3 {
		c.addf("categories", "at most 3 allowed, got %d", len(j.Categories))
	}
	for i, s := range j.Categories {
		old := c.enter("categories", i)
		c.required("", s)
		c.leave(old)
	}
	if c.text("skillsDescription", j.SkillsDescription) {
		c.maxRunes("skillsDescription", j.SkillsDescription, 4000)
	}
	c.text("companyJobCode", j.CompanyJobCode)
	if len(j.WorkplaceTypes) > 1 {
		c.addf("workplaceTypes", "at most 1 allowed, got %d", len(j.WorkplaceTypes))
	}
	for i, w := range j.WorkplaceTypes {
		switch w {
		case WorkplaceOnSite, WorkplaceHybrid, WorkplaceRemote:
		default:
			old := c.enter("workplaceTypes", i)
			c.add("", oneOf(WorkplaceOnSite, WorkplaceHybrid, WorkplaceRemote))
			c.leave(old)
		}
	}
	for i, u := range j.Industries {
		old := c.enter("industries", i)
		c.urn("", u, URNTypeIndustry, true)
		c.leave(old)
	}
	if j.EmploymentStatus != "" && !j.EmploymentStatus.Valid() {
		c.add("employmentStatus", oneOf(EmploymentFullTime, EmploymentPartTime, EmploymentContract,
			EmploymentInternship, EmploymentTemporary, EmploymentVolunteer))
	}
	if j.ExperienceLevel != "" && !j.ExperienceLevel.Valid() {
		c.add("experienceLevel", oneOf(ExperienceEntryLevel, ExperienceMidSeniorLevel, ExperienceDirector,
			ExperienceExecutive, ExperienceInternship, ExperienceAssociate, ExperienceNotApplicable))
	}
	c.text("companyName", j.CompanyName)
	c.text("companyPageUrl", j.CompanyPageURL)
	if j.ExpireAt < 0 {
		c.add("expireAt", msgNotNegative)
	}
	if j.ListingType != "" && !j.ListingType.Valid() {
		c.add("listingType", oneOf(ListingTypeBasic, ListingTypePremium))
	}
	c.text("trackingPixelUrl", j.TrackingPixelURL)
	if len(j.AlternateLocations) > 0 {
		c.add("alternateLocations", msgAltLocations)
	}
	return c.result(j.record)
}

// descriptionTags are the HTML tags LinkedIn allows in a job description.
var descriptionTags = map[string]bool{"b": true, "strong": true, "u": true, "i": true, "br": true, "p": true, "ul": true, "li": true}

// htmlElements are the HTML element names disallowedTag recognises as tags;
// other names in angle brackets ("<jobs@acme.example>", "List<String>") are
// text.
var htmlElements = map[string]bool{
	"a": true, "abbr": true, "address": true, "article": true, "aside": true, "audio": true, "base": true, "blockquote": true,
	"body": true, "button": true, "canvas": true, "caption": true, "center": true, "cite": true, "code": true, "col": true,
	"dd": true, "del": true, "details": true, "div": true, "dl": true, "dt": true, "em": true, "embed": true, "font": true,
	"footer": true, "form": true, "frame": true, "h1": true, "h2": true, "h3": true, "h4": true, "h5": true, "h6": true,
	"head": true, "header": true, "hr": true, "html": true, "iframe": true, "img": true, "input": true, "ins": true,
	"label": true, "link": true, "main": true, "mark": true, "meta": true, "nav": true, "noscript": true, "object": true,
	"ol": true, "pre": true, "q": true, "s": true, "script": true, "section": true, "select": true, "small": true, "span": true,
	"strike": true, "style": true, "sub": true, "sup": true, "svg": true, "table": true, "tbody": true, "td": true,
	"textarea": true, "tfoot": true, "th": true, "thead": true, "title": true, "tr": true, "video": true,
}

// disallowedTag returns the name of the first HTML tag in s that a job
// description may not use, or "". A tag is "<" or "</", an HTML element
// name, then ">", "/" or white space; so "teams < 10", "3<4",
// "<jobs@acme.example>" and "List<String>" are text.
func disallowedTag(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] != '<' {
			continue
		}
		j := i + 1
		if j < len(s) && s[j] == '/' {
			j++
		}
		k := j
		for k < len(s) && (s[k] >= 'a' && s[k] <= 'z' || s[k] >= 'A' && s[k] <= 'Z' || k > j && s[k] >= '0' && s[k] <= '9') {
			k++
		}
		if k == j || k < len(s) && !strings.ContainsRune(">/ \t\r\n", rune(s[k])) {
			continue
		}
		if name := strings.ToLower(s[j:k]); htmlElements[name] && !descriptionTags[name] {
			return name
		}
	}
	return ""
}

// record renders the job's identity for FieldError.Record.
func (j JobPosting) record() string {
	return pairs("externalJobPostingId", j.ExternalJobPostingID)
}

// JobPostingTask is the status of the asynchronous task LinkedIn creates for each
// submitted job (simpleJobPostingTasks).
type JobPostingTask struct {
	// ID is the task URN, urn:li:simpleJobPostingTask:{id}.
	ID     URN        `json:"id"`
	Status TaskStatus `json:"status"`
	// ExternalJobPostingID is the job the task is about.
	ExternalJobPostingID string `json:"externalJobPostingId,omitempty"`
	// JobPosting is the LinkedIn job, urn:li:jobPosting:{id}, once known.
	JobPosting   URN    `json:"jobPosting,omitempty"`
	ErrorMessage string `json:"errorMessage,omitempty"`
	Location     string `json:"location,omitempty"`
}

// Validate checks that the task has a simpleJobPostingTask URN and a known status.
func (t JobPostingTask) Validate() error {
	var c checker
	c.urn("id", t.ID, URNTypeSimpleJobPostingTask, true)
	switch {
	case t.Status == "":
		c.add("status", msgRequired)
	case !t.Status.Valid():
		c.add("status", oneOf(TaskInProgress, TaskSucceeded, TaskFailed, TaskProcessed))
	}
	c.urn("jobPosting", t.JobPosting, URNTypeJobPosting, false)
	c.text("externalJobPostingId", t.ExternalJobPostingID)
	c.text("errorMessage", t.ErrorMessage)
	c.text("location", t.Location)
	return c.result(func() string { return pairs("id", string(t.ID)) })
}
