package rscmock_test

import (
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/spec"
)

// The cross-check (issue 12 §1): a corpus of good and bad records, each bad
// one breaking one documented rule, runs through rsc/model's validation and
// through the fake's own schema (rscmock/internal/spec), on /v2 and /rest
// field names. Wherever they disagree the test fails naming the field; the
// fix goes to the side that contradicts LinkedIn's notes.

// crossCase is one record of the corpus.
type crossCase struct {
	name string
	// value is the record as the client's model holds it.
	value model.Validator
	res   *spec.Resource
	// key is the record's key fields by /v2 wire name.
	key map[string]string
	// bad names the field the record breaks ("" for a good record).
	bad string
}

var indexRE = regexp.MustCompile(`\[(\d+)\]`)

// modelFields returns the fields model refuses, as spec paths (key fields
// without their "key." prefix).
func modelFields(err error) []string {
	var ve *model.ValidationError
	if err == nil || !errors.As(err, &ve) {
		return nil
	}
	var out []string
	for _, fe := range ve.Errors {
		p := indexRE.ReplaceAllString(fe.Path, "/$1")
		p = strings.ReplaceAll(p, ".", "/")
		// model nests key paths (key/candidate/atsCandidateId); spec names the wire field.
		if i := strings.LastIndex(p, "key/"); i >= 0 {
			p = p[strings.LastIndex(p, "/")+1:]
		}
		out = append(out, p)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// specFields returns the fields the fake's schema refuses for a body in /v2
// names, after a round trip through /rest names when rest is set.
func specFields(t *testing.T, c crossCase, rest bool) []string {
	t.Helper()
	raw, err := json.Marshal(c.value)
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(raw, &body); err != nil {
		t.Fatal(err)
	}
	if rest {
		c.res.ToRest(body)
		c.res.ToV2(body)
	}
	norm, _ := json.Marshal(body)
	errs := c.res.Validate(norm, false)
	errs = append(errs, c.res.CheckKey(c.key)...)
	if cfg, ok := c.value.(model.IntegrationConfiguration); ok {
		errs = append(errs, spec.ConfigurationValue(string(cfg.Key.Name), cfg.Value.String, false)...)
	}
	var out []string
	for _, e := range errs {
		out = append(out, e.Field)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func TestCrossCheckModelAndSpec(t *testing.T) {
	t.Parallel()
	for _, c := range crossCorpus() {
		want := []string{}
		if c.bad != "" {
			want = []string{c.bad}
		}
		got := modelFields(c.value.Validate())
		if got == nil {
			got = []string{}
		}
		for _, rest := range []bool{false, true} {
			sf := specFields(t, c, rest)
			if sf == nil {
				sf = []string{}
			}
			if !slices.Equal(got, sf) {
				t.Errorf("%s %s (rest=%v): model refuses %v, the fake's spec refuses %v", c.res.Name, c.name, rest, got, sf)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s %s: model refuses %v, the corpus expects %v", c.res.Name, c.name, got, want)
		}
	}
}

// crossCorpus builds the corpus: per resource a good record and one bad
// record per documented rule.
func crossCorpus() []crossCase {
	org := model.URN("urn:li:organization:1001")
	ck := model.CandidateKey{IntegrationContext: org, ATSCandidateID: "C1"}
	ak := model.ApplicationKey{IntegrationContext: org, ATSJobApplicationID: "A1"}
	candKey := map[string]string{"atsCandidateId": "C1", "dataProvider": "ATS", "integrationContext": string(org)}
	appKey := map[string]string{"atsJobApplicationId": "A1", "dataProvider": "ATS", "integrationContext": string(org)}
	var out []crossCase

	goodCand := func() model.Candidate {
		return model.Candidate{Key: ck, ATSCreatedAt: 1484864187000, ATSLastModifiedAt: 1484864187001,
			EmailAddresses: []string{"ada@example.com"}, ExternalProfileURL: "https://ats.example.com/c/1", FirstName: "Ada",
			LastName: "Lovelace", PhoneNumbers: []model.PhoneNumber{{Number: "555-555-5555"}},
			Addresses: []model.Address{{Line1: "31 Spooner St", City: "Quahog", Country: "us"}}}
	}
	cands := []struct {
		name, bad string
		mut       func(*model.Candidate)
	}{
		{"good", "", func(*model.Candidate) {}},
		{"matched, no email", "", func(c *model.Candidate) { c.EmailAddresses = nil; c.ManualMatchedMember = "urn:li:person:abc" }},
		{"no email, not matched", "emailAddresses", func(c *model.Candidate) { c.EmailAddresses = nil }},
		{"bad email", "emailAddresses/0", func(c *model.Candidate) { c.EmailAddresses = []string{"ada.example.com"} }},
		{"email without dot", "emailAddresses/0", func(c *model.Candidate) { c.EmailAddresses = []string{"ada@example"} }},
		{"no firstName", "firstName", func(c *model.Candidate) { c.FirstName = "" }},
		{"no externalProfileUrl", "externalProfileUrl", func(c *model.Candidate) { c.ExternalProfileURL = "" }},
		{"created 0", "atsCreatedAt", func(c *model.Candidate) { c.ATSCreatedAt = 0 }},
		{"modified 0", "atsLastModifiedAt", func(c *model.Candidate) { c.ATSLastModifiedAt = 0 }},
		{"modified before created", "atsLastModifiedAt", func(c *model.Candidate) { c.ATSLastModifiedAt = c.ATSCreatedAt - 1 }},
		{"phone without number", "phoneNumbers/0/number", func(c *model.Candidate) { c.PhoneNumbers = []model.PhoneNumber{{Extension: "12"}} }},
		{"manual match not a person", "manualMatchedMember", func(c *model.Candidate) { c.ManualMatchedMember = "urn:li:seat:1" }},
		{"contract context", "integrationContext", func(c *model.Candidate) { c.Key.IntegrationContext = "urn:li:contract:1" }},
	}
	for _, tc := range cands {
		c := goodCand()
		tc.mut(&c)
		k := maps(candKey)
		k["integrationContext"] = string(c.Key.IntegrationContext)
		out = append(out, crossCase{tc.name, c, spec.Candidate, k, tc.bad})
	}

	goodApp := func() model.Application {
		return model.Application{Key: ak, ATSCandidateID: "C1", ATSCreatedAt: 1, ATSLastModifiedAt: 2, ATSJobPostingID: "J1",
			ATSJobPostingName: "Engineer", FirstName: "Ada", CandidateEmail: "ada@example.com"}
	}
	apps := []struct {
		name, bad string
		mut       func(*model.Application)
	}{
		{"good", "", func(*model.Application) {}},
		{"no candidate email", "", func(a *model.Application) { a.CandidateEmail = "" }},
		{"bad candidate email", "candidateEmail", func(a *model.Application) { a.CandidateEmail = "nope" }},
		{"no job id", "atsJobPostingId", func(a *model.Application) { a.ATSJobPostingID = "" }},
		{"no job name", "atsJobPostingName", func(a *model.Application) { a.ATSJobPostingName = "" }},
		{"no firstName", "firstName", func(a *model.Application) { a.FirstName = "" }},
		{"modified before created", "atsLastModifiedAt", func(a *model.Application) { a.ATSLastModifiedAt = 0; a.ATSCreatedAt = 5 }},
	}
	for _, tc := range apps {
		a := goodApp()
		tc.mut(&a)
		out = append(out, crossCase{tc.name, a, spec.Application, appKey, tc.bad})
	}

	noteKey := maps(candKey)
	noteKey["noteId"] = "N1"
	out = append(out,
		crossCase{"good", model.CandidateNote{Key: model.CandidateNoteKey{Candidate: ck, NoteID: "N1"}, ATSCreatedAt: 1, Note: "n",
			Author: &model.Actor{FirstName: "A", LastName: "S"}}, spec.CandidateNote, noteKey, ""},
		crossCase{"empty", model.CandidateNote{Key: model.CandidateNoteKey{Candidate: ck, NoteID: "N1"}}, spec.CandidateNote, noteKey, ""},
		crossCase{"author without lastName", model.CandidateNote{Key: model.CandidateNoteKey{Candidate: ck, NoteID: "N1"},
			Author: &model.Actor{FirstName: "A"}}, spec.CandidateNote, noteKey, "author/lastName"},
		crossCase{"negative created", model.CandidateNote{Key: model.CandidateNoteKey{Candidate: ck, NoteID: "N1"}, ATSCreatedAt: -1},
			spec.CandidateNote, noteKey, "atsCreatedAt"},
	)
	anKey := maps(appKey)
	anKey["noteId"] = "N1"
	out = append(out,
		crossCase{"good", model.ApplicationNote{Key: model.ApplicationNoteKey{Application: ak, NoteID: "N1"}, Note: "n"}, spec.ApplicationNote, anKey, ""},
		crossCase{"author without firstName", model.ApplicationNote{Key: model.ApplicationNoteKey{Application: ak, NoteID: "N1"},
			Author: &model.Actor{LastName: "S"}}, spec.ApplicationNote, anKey, "author/firstName"},
	)
	stKey := maps(appKey)
	stKey["stageId"] = "S1"
	sk := model.StageKey{Application: ak, StageID: "S1"}
	out = append(out,
		crossCase{"good", model.ApplicationStage{Key: sk, ATSCreatedAt: 1, Stage: "Phone Screen"}, spec.Stage, stKey, ""},
		crossCase{"no stage", model.ApplicationStage{Key: sk, ATSCreatedAt: 1}, spec.Stage, stKey, "stage"},
		crossCase{"Not Available", model.ApplicationStage{Key: sk, ATSCreatedAt: 1, Stage: "Not Available"}, spec.Stage, stKey, "stage"},
		crossCase{"created 0", model.ApplicationStage{Key: sk, Stage: "Hired"}, spec.Stage, stKey, "atsCreatedAt"},
	)
	fbKey := maps(appKey)
	fbKey["feedbackId"] = "F1"
	fk := model.InterviewFeedbackKey{Application: ak, FeedbackID: "F1"}
	out = append(out,
		crossCase{"good", model.InterviewFeedback{Key: fk, InterviewType: "ONSITE", Evaluations: []model.InterviewEvaluation{{Attribute: "x", Result: "4/5"}}}, spec.Feedback, fbKey, ""},
		crossCase{"bad type", model.InterviewFeedback{Key: fk, InterviewType: "VIDEO"}, spec.Feedback, fbKey, "interviewType"},
		crossCase{"evaluation without attribute", model.InterviewFeedback{Key: fk, Evaluations: []model.InterviewEvaluation{{Result: "4/5"}}}, spec.Feedback, fbKey, "evaluations/0/attribute"},
		crossCase{"interviewer without firstName", model.InterviewFeedback{Key: fk, Interviewer: &model.Actor{LastName: "B"}}, spec.Feedback, fbKey, "interviewer/firstName"},
	)

	ik := model.IntegrationKey{IntegrationContext: org, IntegrationType: model.IntegrationTypeOneClickExport, TenantType: model.TenantTypeRecruiter}
	cfgKey := map[string]string{"integrationContext": string(org), "integrationType": "ONE_CLICK_EXPORT", "tenantType": "RECRUITER", "dataProvider": "ATS"}
	cfg := func(name model.ConfigurationName, v string) model.IntegrationConfiguration {
		return model.IntegrationConfiguration{Key: model.ConfigurationKey{Integration: ik, Name: name}, Value: model.ConfigurationValue{String: v}}
	}
	withName := func(n string) map[string]string { k := maps(cfgKey); k["name"] = n; return k }
	out = append(out,
		crossCase{"callback", cfg(model.ConfigCallbackURL, "https://ats.example.com/li"), spec.Configuration, withName("CALLBACK_URL"), ""},
		crossCase{"callback on 443", cfg(model.ConfigCallbackURL, "https://ats.example.com:443/li"), spec.Configuration, withName("CALLBACK_URL"), ""},
		crossCase{"callback http", cfg(model.ConfigCallbackURL, "http://ats.example.com/li"), spec.Configuration, withName("CALLBACK_URL"), "configurationValue/string"},
		crossCase{"callback port 8443", cfg(model.ConfigCallbackURL, "https://ats.example.com:8443/li"), spec.Configuration, withName("CALLBACK_URL"), "configurationValue/string"},
		crossCase{"viewers", cfg(model.ConfigJobPostingViewers, "ALL_PRODUCT_USERS"), spec.Configuration, withName("JOB_POSTING_VIEWERS"), ""},
		crossCase{"viewers other", cfg(model.ConfigJobPostingViewers, "SOME"), spec.Configuration, withName("JOB_POSTING_VIEWERS"), "configurationValue/string"},
	)

	goodJob := func() model.JobPosting {
		return model.JobPosting{IntegrationContext: org, ExternalJobPostingID: "J1", Operation: model.OperationCreate, Title: "Engineer",
			Description: strings.Repeat("Build the SDK. ", 10), ListedAt: 1484864187000, Location: "San Francisco, CA",
			CompanyApplyURL: "https://ats.example.com/jobs/J1", Availability: model.AvailabilityPrivate}
	}
	jobs := []struct {
		name, bad string
		mut       func(*model.JobPosting)
	}{
		{"good", "", func(*model.JobPosting) {}},
		{"postal instead of location", "", func(j *model.JobPosting) { j.Location = ""; j.CountryCode = "us"; j.PostalCode = "94105" }},
		{"no location", "location", func(j *model.JobPosting) { j.Location = "" }},
		{"no context", "integrationContext", func(j *model.JobPosting) { j.IntegrationContext = "" }},
		{"id 201 chars", "externalJobPostingId", func(j *model.JobPosting) { j.ExternalJobPostingID = strings.Repeat("x", 201) }},
		{"id 200 chars", "", func(j *model.JobPosting) { j.ExternalJobPostingID = strings.Repeat("x", 200) }},
		{"bad operation", "jobPostingOperationType", func(j *model.JobPosting) { j.Operation = "DELETE" }},
		{"title 201 chars", "title", func(j *model.JobPosting) { j.Title = strings.Repeat("t", 201) }},
		{"description 99 chars", "description", func(j *model.JobPosting) { j.Description = strings.Repeat("d", 99) }},
		{"description 25001 chars", "description", func(j *model.JobPosting) { j.Description = strings.Repeat("d", 25001) }},
		{"description with a div", "description", func(j *model.JobPosting) { j.Description = "<div>" + strings.Repeat("d", 120) + "</div>" }},
		{"description with allowed tags", "", func(j *model.JobPosting) { j.Description = "<p><b>" + strings.Repeat("d", 120) + "</b></p>" }},
		{"listedAt 0", "listedAt", func(j *model.JobPosting) { j.ListedAt = 0 }},
		{"no apply url", "companyApplyUrl", func(j *model.JobPosting) { j.CompanyApplyURL = "" }},
		{"no availability", "availability", func(j *model.JobPosting) { j.Availability = "" }},
		{"bad availability", "availability", func(j *model.JobPosting) { j.Availability = "INTERNAL" }},
		{"four categories", "categories", func(j *model.JobPosting) { j.Categories = []string{"a", "b", "c", "d"} }},
		{"skills 4001", "skillsDescription", func(j *model.JobPosting) { j.SkillsDescription = strings.Repeat("s", 4001) }},
		{"two workplace types", "workplaceTypes", func(j *model.JobPosting) { j.WorkplaceTypes = []string{"Remote", "Hybrid"} }},
		{"bad employment", "employmentStatus", func(j *model.JobPosting) { j.EmploymentStatus = "GIG" }},
		{"bad experience", "experienceLevel", func(j *model.JobPosting) { j.ExperienceLevel = "GURU" }},
		{"bad listing type", "listingType", func(j *model.JobPosting) { j.ListingType = "GOLD" }},
		{"alternate locations", "alternateLocations", func(j *model.JobPosting) { j.AlternateLocations = []string{"Paris"} }},
		{"bad industry", "industries/0", func(j *model.JobPosting) { j.Industries = []model.URN{"urn:li:organization:1"} }},
	}
	for _, tc := range jobs {
		j := goodJob()
		tc.mut(&j)
		out = append(out, crossCase{tc.name, j, spec.JobPosting, nil, tc.bad})
	}

	goodProv := func() model.ProvisionedApplication {
		return model.ProvisionedApplication{UniqueForeignID: "u1", Name: "My ATS - Acme", Description: "d",
			ValidJSSDKDomains: []string{"https://ats.example.com"}, OAuth2AuthorizedCallbackURLs: []string{"https://ats.example.com/cb/"}}
	}
	provs := []struct {
		name, bad string
		mut       func(*model.ProvisionedApplication)
	}{
		{"good", "", func(*model.ProvisionedApplication) {}},
		{"name 51", "name", func(p *model.ProvisionedApplication) { p.Name = strings.Repeat("n", 51) }},
		{"name with LinkedIn", "name", func(p *model.ProvisionedApplication) { p.Name = "My ATS - Linkedin" }},
		{"no foreign id", "uniqueForeignId", func(p *model.ProvisionedApplication) { p.UniqueForeignID = "" }},
		{"no description", "description", func(p *model.ProvisionedApplication) { p.Description = "" }},
		{"domain with slash", "validJsSdkDomains/0", func(p *model.ProvisionedApplication) { p.ValidJSSDKDomains = []string{"https://ats.example.com/"} }},
		{"domain not a URL", "validJsSdkDomains/0", func(p *model.ProvisionedApplication) { p.ValidJSSDKDomains = []string{"ats.example.com"} }},
	}
	for _, tc := range provs {
		p := goodProv()
		tc.mut(&p)
		out = append(out, crossCase{tc.name, p, spec.ProvisionedApplication, nil, tc.bad})
	}
	return out
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
