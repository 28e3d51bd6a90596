package model

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// roundTrip marshals v, checks the JSON against want, unmarshals it into a new T and
// compares it with v (keys are not part of the body and are ignored).
func roundTrip[T any](t *testing.T, v T, want string, opts ...cmp.Option) {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	jsonEqual(t, b, want)
	var back T
	if err := json.Unmarshal([]byte(want), &back); err != nil {
		t.Fatalf("unmarshal: %v", err)
	}
	if diff := cmp.Diff(v, back, opts...); diff != "" {
		t.Errorf("round trip (-sent +decoded):\n%s", diff)
	}
}

// ignoreKeys ignores the Key fields, which never travel in the body.
var ignoreKeys = cmpopts.IgnoreFields

func TestCandidateJSON(t *testing.T) {
	t.Parallel()
	// Built from the Postman Address and PhoneNumber samples of ats-to-linkedin.md §3.2.
	c := Candidate{
		Key:                CandidateKey{IntegrationContext: OrganizationURN("1000"), ATSCandidateID: "C1"},
		Addresses:          []Address{{Line1: "31 Spooner St", City: "Quahog", GeographicArea: "RI", GeographicAreaType: "STATE", PostalCode: "02802", Country: "us"}},
		ATSCreatedAt:       1484864187000,
		ATSLastModifiedAt:  1485794842000,
		CurrentCompanyName: "Pawtucket Brewery",
		CurrentJobTitle:    "Safety Inspector",
		EmailAddresses:     []string{"peter@example.com"},
		ExternalProfileURL: "https://ats.example.com/candidates/C1",
		FirstName:          "Peter",
		LastName:           "Griffin",
		MiddleInitial:      "L",
		LinkedInProfileURL: "https://www.linkedin.com/in/peter",
		PhoneNumbers:       []PhoneNumber{{Number: "555-555-5555", Extension: "1234"}},
	}
	roundTrip(t, c, `{
		"addresses":[{"line1":"31 Spooner St","city":"Quahog","geographicArea":"RI","geographicAreaType":"STATE","postalCode":"02802","country":"us"}],
		"atsCreatedAt":1484864187000,"atsLastModifiedAt":1485794842000,
		"currentCompanyName":"Pawtucket Brewery","currentJobTitle":"Safety Inspector",
		"emailAddresses":["peter@example.com"],"externalProfileUrl":"https://ats.example.com/candidates/C1",
		"firstName":"Peter","lastName":"Griffin","middleInitial":"L",
		"linkedInProfileUrl":"https://www.linkedin.com/in/peter",
		"phoneNumbers":[{"number":"555-555-5555","extension":"1234"}]}`, ignoreKeys(Candidate{}, "Key"))

	// Required arrays are present even when nil; optional fields are omitted.
	min := Candidate{ATSCreatedAt: 1, ATSLastModifiedAt: 2, FirstName: "A", ExternalProfileURL: "u",
		ManualMatchedMember: PersonURN("p"), DoNotContact: true}
	b, err := json.Marshal(min)
	if err != nil {
		t.Fatal(err)
	}
	jsonEqual(t, b, `{"addresses":[],"atsCreatedAt":1,"atsLastModifiedAt":2,"doNotContact":true,"emailAddresses":[],
		"externalProfileUrl":"u","firstName":"A","phoneNumbers":[],"manualMatchedMember":"urn:li:person:p"}`)
	// Through a pointer and inside a batch body too.
	b, err = json.Marshal(map[string]any{"entities": map[string]*Candidate{"k": &min}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"addresses":[]`) {
		t.Errorf("pointer marshal lost arrays: %s", b)
	}

	// Quoted numbers are accepted when decoding.
	var q Candidate
	if err := json.Unmarshal([]byte(`{"atsCreatedAt":"1800","atsLastModifiedAt":1900}`), &q); err != nil || q.ATSCreatedAt != 1800 {
		t.Errorf("quoted number: %v %v", q.ATSCreatedAt, err)
	}
}

func TestNoteStageFeedbackJSON(t *testing.T) {
	t.Parallel()
	// ats-to-linkedin.md §3.5 and §3.7.
	const noteJSON = `{"atsCreatedAt":1484864187000,"note":"Lorem Ipsum.","author":{"firstName":"Angela","lastName":"Smith"}}`
	roundTrip(t, validCandidateNote(), noteJSON, ignoreKeys(CandidateNote{}, "Key"))
	roundTrip(t, validApplicationNote(), noteJSON, ignoreKeys(ApplicationNote{}, "Key"))
	roundTrip(t, CandidateNote{}, `{}`)

	// §3.8: both stage entities of the sample body.
	stages := map[string]ApplicationStage{
		"APPL_STAGE123": {ATSCreatedAt: 1484864187000, Stage: "Offer Extended"},
		"APPL_STAGE456": {ATSCreatedAt: 1485794842000, Stage: "Offer Accepted"},
	}
	type envelope struct {
		Entities map[string]ApplicationStage `json:"entities"`
	}
	roundTrip(t, envelope{stages},
		`{"entities":{"APPL_STAGE123":{"atsCreatedAt":1484864187000,"stage":"Offer Extended"},"APPL_STAGE456":{"atsCreatedAt":1485794842000,"stage":"Offer Accepted"}}}`,
		ignoreKeys(ApplicationStage{}, "Key"))

	// §3.9 (atsCreatedAt is elided in the sample; a value is filled in).
	fb := validFeedback()
	fb.InterviewType = ""
	roundTrip(t, fb, `{"atsCreatedAt":1484864187000,"evaluations":[{"attribute":"Verbal Communication","result":"4/5"}],
		"feedback":"Great interview!","interviewer":{"firstName":"Rita","lastName":"Book"}}`, ignoreKeys(InterviewFeedback{}, "Key"))
	fb.InterviewType = InterviewTypePhoneScreen
	b, _ := json.Marshal(fb)
	if !strings.Contains(string(b), `"interviewType":"PHONE_SCREEN"`) {
		t.Errorf("interviewType missing: %s", b)
	}
}

func TestApplicationJSON(t *testing.T) {
	t.Parallel()
	roundTrip(t, validApplication(), `{"atsCandidateId":"C1","atsCreatedAt":1484864187000,"atsLastModifiedAt":1485794842000,
		"atsJobPostingId":"J1","atsJobPostingName":"Engineer","candidateEmail":"ada@example.com",
		"firstName":"Ada","lastName":"Lovelace","source":"Referral"}`, ignoreKeys(Application{}, "Key"))
}

func TestACLBodiesAreEmpty(t *testing.T) {
	t.Parallel()
	for _, v := range []any{validEntityACL(), validACLAssignee()} {
		b, err := json.Marshal(v)
		if err != nil || string(b) != `{}` {
			t.Errorf("%T body = %s, %v; want {}", v, b, err)
		}
	}
}

func TestJobPostingJSON(t *testing.T) {
	t.Parallel()
	j := validJob()
	j.Description = "d"
	j.AccessRestricted = true
	j.Categories = []string{"eng"}
	j.WorkplaceTypes = []string{WorkplaceHybrid}
	j.Industries = []URN{"urn:li:industry:4"}
	j.EmploymentStatus = EmploymentFullTime
	j.ExperienceLevel = ExperienceAssociate
	j.ExpireAt = 1500000000000
	j.ListingType = ListingTypeBasic
	j.RequisitionOwnerEmail = "boss@example.com"
	roundTrip(t, j, `{"integrationContext":"urn:li:organization:1000","externalJobPostingId":"J1",
		"jobPostingOperationType":"CREATE","title":"Software Engineer","description":"d","listedAt":1484864187000,
		"location":"Quahog, RI","companyApplyUrl":"https://ats.example.com/jobs/J1/apply",
		"availability":"PRIVATE_TO_ATS_INTEGRATION","accessRestricted":true,
		"requisitionOwnerEmail":"boss@example.com","categories":["eng"],"workplaceTypes":["Hybrid"],
		"industries":["urn:li:industry:4"],"employmentStatus":"FULL_TIME","experienceLevel":"ASSOCIATE",
		"expireAt":1500000000000,"listingType":"BASIC"}`)

	// State is the host's word, never sent (LinkedIn's release notes).
	if b, _ := json.Marshal(JobPosting{State: JobStateClosed}); bytes.Contains(b, []byte("state")) || bytes.Contains(b, []byte("CLOSED")) {
		t.Errorf("a closed job's JSON carries its state: %s", b)
	}
	// Minimal job: optional fields are omitted.
	b, _ := json.Marshal(JobPosting{})
	jsonEqual(t, b, `{"integrationContext":"","externalJobPostingId":"","jobPostingOperationType":"","title":"",
		"description":"","listedAt":0,"companyApplyUrl":"","availability":""}`)
}

func TestJobPostingTaskJSON(t *testing.T) {
	t.Parallel()
	// ats-to-linkedin.md §3.1 task status response.
	body := `{"errors":{},"results":{"urn:li:simpleJobPostingTask:03ff7ca6":{"externalJobPostingId":"J1",
		"id":"urn:li:simpleJobPostingTask:03ff7ca6","jobPosting":"urn:li:jobPosting:123456789","status":"SUCCEEDED"}},"statuses":{}}`
	var resp struct {
		Results map[URN]JobPostingTask `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &resp); err != nil {
		t.Fatal(err)
	}
	want := map[URN]JobPostingTask{"urn:li:simpleJobPostingTask:03ff7ca6": {
		ID: "urn:li:simpleJobPostingTask:03ff7ca6", Status: TaskSucceeded, ExternalJobPostingID: "J1",
		JobPosting: "urn:li:jobPosting:123456789",
	}}
	if diff := cmp.Diff(want, resp.Results); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	roundTrip(t, JobPostingTask{ID: "urn:li:simpleJobPostingTask:1", Status: TaskFailed, ErrorMessage: "dropped"},
		`{"id":"urn:li:simpleJobPostingTask:1","status":"FAILED","errorMessage":"dropped"}`)
}
