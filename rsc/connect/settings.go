package connect

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
)

// Settings are the per-tenant choices the seed vendors' admins make. The
// zero value is the safe default: every job is posted
// PRIVATE_TO_ATS_INTEGRATION and LinkedIn's own matching rules apply. A host
// stores Settings as JSON next to its tenant.
type Settings struct {
	// AvailabilityPerJob lets the customer choose PUBLIC or
	// PRIVATE_TO_ATS_INTEGRATION for each job (RSC-102). When false (the
	// zero value, and Teamtailor's "Make all jobs private on LinkedIn"),
	// every job is posted PRIVATE_TO_ATS_INTEGRATION, which is what RSC-102
	// requires of an ATS that does not offer the choice.
	AvailabilityPerJob bool `json:"availabilityPerJob"`
	// MatchRequiresNameAndEmail refuses to match a candidate that lacks a
	// first name, a last name or an email address (Teamtailor's rule: such
	// candidates show "candidate not matched" in the profile widget).
	MatchRequiresNameAndEmail bool `json:"matchRequiresNameAndEmail"`
}

// AllJobsPrivate reports whether every job is posted
// PRIVATE_TO_ATS_INTEGRATION whatever the job says.
func (s Settings) AllJobsPrivate() bool { return !s.AvailabilityPerJob }

// ApplyToJob returns j with the availability the settings allow. With
// AllJobsPrivate the availability is PRIVATE_TO_ATS_INTEGRATION. Otherwise
// the job's own choice is kept; a job that made no choice is posted
// PRIVATE_TO_ATS_INTEGRATION, and an availability that is neither PUBLIC nor
// PRIVATE_TO_ATS_INTEGRATION is an error (j is returned unchanged).
//
// Assumption: a job without a choice is private. LinkedIn requires the field
// and RSC-102 names private as the fallback.
func (s Settings) ApplyToJob(j model.JobPosting) (model.JobPosting, error) {
	switch {
	case s.AllJobsPrivate():
		j.Availability = model.AvailabilityPrivate
	case j.Availability == "":
		j.Availability = model.AvailabilityPrivate
	case !j.Availability.Valid():
		return j, fmt.Errorf("connect: job %q: availability %q must be %s or %s",
			j.ExternalJobPostingID, j.Availability, model.AvailabilityPublic, model.AvailabilityPrivate)
	}
	return j, nil
}

// NotMatchableError says why a candidate may not be matched; Missing lists
// the absent fields by their LinkedIn names.
type NotMatchableError struct {
	// ATSCandidateID is the candidate's id (no other candidate data).
	ATSCandidateID string
	// Missing names the absent fields: firstName, lastName, emailAddresses.
	Missing []string
}

// Error lists the missing fields; it names the candidate by id only.
func (e *NotMatchableError) Error() string {
	return fmt.Sprintf("connect: candidate %q may not be matched: the tenant requires first name, last name and email; missing %s",
		e.ATSCandidateID, strings.Join(e.Missing, ", "))
}

// MayMatch reports whether c may be synced for matching: nil, or a
// *NotMatchableError naming the missing fields. With
// MatchRequiresNameAndEmail off every candidate may be matched (LinkedIn's
// own validation still applies, see model.Candidate.Validate). Blank values
// (only spaces) count as missing.
//
// Decision: a candidate a user linked by hand (ManualMatchedMember set, for
// example in the profile widget) may always be matched: the rule is about
// LinkedIn's automatic matching, and the user has chosen the member.
func (s Settings) MayMatch(c model.Candidate) error {
	if !s.MatchRequiresNameAndEmail || !c.ManualMatchedMember.IsZero() {
		return nil
	}
	var missing []string
	if strings.TrimSpace(c.FirstName) == "" {
		missing = append(missing, "firstName")
	}
	if strings.TrimSpace(c.LastName) == "" {
		missing = append(missing, "lastName")
	}
	hasEmail := false
	for _, e := range c.EmailAddresses {
		if strings.TrimSpace(e) != "" {
			hasEmail = true
			break
		}
	}
	if !hasEmail {
		missing = append(missing, "emailAddresses")
	}
	if len(missing) == 0 {
		return nil
	}
	return &NotMatchableError{ATSCandidateID: c.Key.ATSCandidateID, Missing: missing}
}

// UnmarshalJSON decodes settings and refuses unknown fields, so a typo in a
// stored setting is an error instead of a silently public job.
func (s *Settings) UnmarshalJSON(data []byte) error {
	type plain Settings
	var v plain
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("connect: decode settings: %w", err)
	}
	*s = Settings(v)
	return nil
}
