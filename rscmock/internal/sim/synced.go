package sim

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/state"
)

// Synced reads the records the ATS synced as LinkedIn's recruiter side
// uses them: configuration values, integration statuses, which jobs a seat
// may see and export to, the members LinkedIn matches to a candidate and
// the In-ATS indicator. Its methods read R, Store and Jobs; the caller
// holds the lock that guards R.
type Synced struct {
	R     *Recruiter
	Store *state.Store
	Jobs  *Jobs
}

// CandidateFields are the fields of a synced candidate the simulator reads
// (its /v2 names; the spec checked them when LinkedIn accepted the record).
type CandidateFields struct {
	FirstName, LastName, LinkedInProfileURL, ExternalProfileURL, ManualMatchedMember string
	EmailAddresses                                                                   []string
}

// CandidateOf reads the fields the simulator uses of a stored candidate.
func CandidateOf(body map[string]json.RawMessage) CandidateFields {
	var c CandidateFields
	str := func(name string, dst *string) { _ = json.Unmarshal(body[name], dst) }
	str("firstName", &c.FirstName)
	str("lastName", &c.LastName)
	str("linkedInProfileUrl", &c.LinkedInProfileURL)
	str("externalProfileUrl", &c.ExternalProfileURL)
	str("manualMatchedMember", &c.ManualMatchedMember)
	_ = json.Unmarshal(body["emailAddresses"], &c.EmailAddresses)
	return c
}

// MatchedMembers returns the members LinkedIn matches to a synced candidate:
// same email address or same LinkedIn profile URL.
func (v Synced) MatchedMembers(e *state.Entity) []string {
	c := CandidateOf(e.Body)
	return v.R.MatchedMembers(c.EmailAddresses, c.LinkedInProfileURL)
}

// Config returns a configuration value of the organization.
func (v Synced) Config(org, itype, name string) string {
	lk := restli.Key{"ctx": org, "itype": itype, "tenant": TenantRecruiter, "name": name}
	e, ok := v.Store.Get(records.Configuration.Name, lk)
	if !ok {
		return ""
	}
	var val struct {
		String string `json:"string"`
	}
	_ = json.Unmarshal(e.Body["configurationValue"], &val)
	return val.String
}

// IntegrationStatus returns the status LinkedIn holds for an integration
// of ctx ("" when it holds none).
func (v Synced) IntegrationStatus(ctx, itype string) string {
	lk := restli.Key{"ctx": ctx, "itype": itype, "tenant": TenantRecruiter}
	if e, ok := v.Store.Get(records.Integration.Name, lk); ok {
		var st string
		_ = json.Unmarshal(e.Body["status"], &st)
		return st
	}
	return ""
}

// JobVisible reports whether the seat's holder may see an open job of org.
func (v Synced) JobVisible(org, holder, extID string) bool {
	if v.Config(org, OneClickExport, JobViewers) == AllProductUsers {
		return true
	}
	for _, acl := range v.Store.Sorted(records.ACL.Name, func(k restli.Key) bool { return k["ctx"] == org && k["entity"] == extID }) {
		if len(v.Store.Sorted(records.Assignee.Name, func(k restli.Key) bool {
			return k["ctx"] == org && k["acl"] == acl.Key["acl"] && k["assignee"] == holder
		})) > 0 {
			return true
		}
	}
	return false
}

// ExportJobs returns the open jobs seat may export to.
func (v Synced) ExportJobs(seat string) []Job {
	c, st, ok := v.R.SeatOwner(seat)
	if !ok {
		return nil
	}
	out := []Job{}
	for _, j := range v.Jobs.List(c.Org) {
		if !j.Closed && v.JobVisible(c.Org, st.Holder.URN, j.ExternalJobPostingID) {
			out = append(out, j)
		}
	}
	return out
}

// Indicator is the In-ATS indicator of a member, with the details the console shows.
type Indicator struct {
	Candidates   []IndicatorCandidate
	Applications []IndicatorApplication
	// Hidden counts the applications the seat may not see.
	Hidden int
}

// IndicatorCandidate is a synced candidate the member is matched to.
type IndicatorCandidate struct {
	ID, Name, ProfileURL string
	Manual               bool
	Notes                []string
}

// IndicatorApplication is an application of such a candidate.
type IndicatorApplication struct {
	ID, Candidate, JobID, JobName string
	Stages                        []string
	Notes                         []string
	Feedback                      []string
}

// Field returns a string field of a stored body ("" when absent).
func Field(e *state.Entity, name string) string {
	var v string
	_ = json.Unmarshal(e.Body[name], &v)
	return v
}

// InATS computes the In-ATS indicator of member in org, limited to what
// seat may see when seat is not empty.
func (v Synced) InATS(org, member, seat string) Indicator {
	var d Indicator
	var holder string
	if seat != "" {
		_, st, _ := v.R.SeatOwner(seat)
		holder = st.Holder.URN
	}
	allApps := v.Config(org, InATSIndicator, AppViewers) == AllProductUsers
	inOrg := func(k restli.Key) bool { return k["ctx"] == org }
	for _, e := range v.Store.Sorted(records.Candidate.Name, inOrg) {
		c := CandidateOf(e.Body)
		if c.ManualMatchedMember != member && !slices.Contains(v.MatchedMembers(e), member) {
			continue
		}
		cand := e.Key["cand"]
		ic := IndicatorCandidate{ID: cand, Name: strings.TrimSpace(c.FirstName + " " + c.LastName), ProfileURL: c.ExternalProfileURL,
			Manual: c.ManualMatchedMember == member}
		for _, n := range v.Store.Sorted(records.CandidateNote.Name, func(k restli.Key) bool { return inOrg(k) && k["cand"] == cand }) {
			ic.Notes = append(ic.Notes, Field(n, "note"))
		}
		d.Candidates = append(d.Candidates, ic)
		for _, a := range v.Store.Sorted(records.Application.Name, inOrg) {
			if Field(a, "atsCandidateId") != cand {
				continue
			}
			job := Field(a, "atsJobPostingId")
			if seat != "" && !allApps && !v.JobVisible(org, holder, job) {
				d.Hidden++
				continue
			}
			id := a.Key["app"]
			ia := IndicatorApplication{ID: id, Candidate: cand, JobID: job, JobName: Field(a, "atsJobPostingName")}
			ofApp := func(k restli.Key) bool { return inOrg(k) && k["app"] == id }
			for _, st := range v.Store.Sorted(records.Stage.Name, ofApp) {
				ia.Stages = append(ia.Stages, Field(st, "stage"))
			}
			for _, n := range v.Store.Sorted(records.ApplicationNote.Name, ofApp) {
				ia.Notes = append(ia.Notes, Field(n, "note"))
			}
			for _, f := range v.Store.Sorted(records.Feedback.Name, ofApp) {
				ia.Feedback = append(ia.Feedback, Field(f, "feedback"))
			}
			d.Applications = append(d.Applications, ia)
		}
	}
	return d
}
