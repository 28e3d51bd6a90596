package certify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock"
)

// rule is one certification rule and how the kit plays it.
type rule struct {
	ID, Module, Title, Checks string
	// notChecked, when set, is why the kit does not check the rule.
	notChecked string
	run        func(*env)
}

// RuleInfo describes a rule the kit knows.
type RuleInfo struct {
	ID, Module, Title, Checks string
	// NotChecked, when set, is why the kit reports the rule "not checked".
	NotChecked string
}

// Rules returns every rule the kit knows, in order: the RSC rules of
// LinkedIn's certification modules 1 to 5 whose text could be read.
func Rules() []RuleInfo {
	out := make([]RuleInfo, len(rules))
	for i, r := range rules {
		out[i] = RuleInfo{ID: r.ID, Module: r.Module, Title: r.Title, Checks: r.Checks, NotChecked: r.notChecked}
	}
	return out
}

const (
	module1 = "1. Configure customer applications and ATS integrations"
	module2 = "2. Sync data from ATS to LinkedIn"
	module3 = "3. Retrieve data from LinkedIn"
	module4 = "4. Sync ACLs"
	module5 = "5. Data deletion"
)

var rules = []rule{
	{ID: "RSC-101", Module: module1, Title: "First-time RSC onboarding",
		Checks: "After the ATS connects, Recruiter's admin sees every RSC integration named and can enable it; the ATS accepts LinkedIn's status notification and shows the enabled status.",
		run:    rsc101},
	{ID: "RSC-102", Module: module1, Title: "Job availability PUBLIC or PRIVATE",
		Checks: "A job the customer makes public is posted PUBLIC, a private one PRIVATE_TO_ATS_INTEGRATION, and a change of the choice reaches LinkedIn.",
		run:    rsc102},
	{ID: "RSC-103", Module: module1, Title: "Multiple Recruiter contracts",
		Checks: "Two customer instances, each with its own child application: each is onboarded and enabled on its own, its data lands under its own organization only, and its traffic uses its own credentials only.",
		run:    rsc103},
	{ID: "RSC-104", Module: module1, Title: "atsIntegration configuration stored",
		Checks: "CALLBACK_URL is set and reaches the ATS; JOB_POSTING_VIEWERS and APPLICATION_VIEWERS are ALL_PRODUCT_USERS, or else the ATS syncs the access lists that make its jobs visible.",
		run:    rsc104},
	{ID: "RSC-105", Module: module1, Title: "JS SDK domain on the provisioned app",
		notChecked: "the kit provisions the child application itself, so the ATS's own provisioning call (validJsSdkDomains) is not exercised; show the domain in the Developer Portal or the provisioning response at the demo"},
	{ID: "RSC-106", Module: module1, Title: "Access-token generation and validation",
		notChecked: "the rule's text is cut off in LinkedIn's page; what the reviewer checks could not be read"},
	{ID: "RSC-201", Module: module2, Title: "Historical jobs",
		Checks: "Jobs of the last 2.5 years (public, private, closed) all reach LinkedIn; every open one is in the Export to ATS drop-down of a recruiter on its hiring team; totals match; the historical sync's duration and how the customer sees it finish.",
		run:    rsc201},
	{ID: "RSC-202", Module: module2, Title: "Historical candidates",
		Checks: "Candidates created up to 27 months ago show the In-ATS indicator for their LinkedIn member, the profile widget matches the right member, totals match.",
		run:    rsc202},
	{ID: "RSC-203", Module: module2, Title: "Historical applications",
		Checks: "Applications up to 26 months old reach LinkedIn with their stages, notes and interview feedback, visible in the In-ATS indicator (a closed job's too); totals match.",
		run:    rsc203},
	{ID: "RSC-204", Module: module2, Title: "Candidate sync",
		Checks: "A new candidate with unique values shows the In-ATS indicator and the right widget profile; the ATS retrieves and stores the person URN LinkedIn matched.",
		run:    rsc204},
	{ID: "RSC-301", Module: module3, Title: "One-Click Export of a new candidate",
		Checks: "A recruiter exports a new member to a job: the ATS creates the candidate on that job with a LinkedIn source, syncs it back, and Recruiter and the widget match it to the member.",
		run:    rsc301},
	{ID: "RSC-302", Module: module3, Title: "Fields from One-Click Export and mail stubs documented",
		notChecked: "a documentation item: the partner explains to customers which fields come from One-Click Export and which from mail stubs; no test can judge it"},
	{ID: "RSC-303", Module: module3, Title: "Re-export to another job without duplicate",
		Checks: "Exporting the same member to a second job creates no second candidate: one ATS candidate, linked to both jobs, one In-ATS candidate.",
		run:    rsc303},
	{ID: "RSC-304", Module: module3, Title: "Manual profile link persists",
		Checks: "A candidate LinkedIn cannot match is linked in the profile widget: the ATS stores the person URN, sends it as manualMatchedMember, and the link survives the ATS sending the candidate again.",
		run:    rsc304},
	{ID: "RSC-305", Module: module3, Title: "Widget login/logout",
		notChecked: "the rule's text is cut off in LinkedIn's page, and it is a browser test of the widget (see examples/browser)"},
	{ID: "RSC-401", Module: module4, Title: "Secured job in the export drop-down",
		Checks: "A job secured by an access list is in the Export to ATS drop-down of the recruiter on the list and not in another recruiter's.",
		run:    rsc401},
	{ID: "RSC-402", Module: module4, Title: "Secured job in the In-ATS indicator",
		Checks: "An application on a secured job shows in the In-ATS indicator of the recruiter on the list and not of another recruiter.",
		run:    rsc402},
	{ID: "RSC-403", Module: module4, Title: "Removed ACL user loses visibility",
		Checks: "After the ATS takes the recruiter off the list, the secured job leaves their drop-down and its application their indicator.",
		run:    rsc403},
	{ID: "RSC-404", Module: module4, Title: "Re-added ACL user regains visibility",
		Checks: "Add, remove, re-add: after the ATS puts the recruiter back on the list, the secured job and its application are visible to them again.",
		run:    rsc404},
	{ID: "RSC-501", Module: module5, Title: "Delete a candidate's notes, then the candidate",
		Checks: "Deleting a candidate's notes removes them from LinkedIn and the indicator; deleting the candidate then removes it and the indicator.",
		run:    rsc501},
	{ID: "RSC-502", Module: module5, Title: "Delete a whole candidate",
		Checks: "Deleting a candidate with notes and an application removes the candidate, its notes, its application and the indicator.",
		run:    rsc502},
	{ID: "RSC-503", Module: module5, Title: "Delete an application's notes, stages, feedback, then the application",
		Checks: "Each deletion (note, stage, interview feedback, application) removes that record from LinkedIn and from the indicator.",
		run:    rsc503},
	{ID: "RSC-504", Module: module5, Title: "Delete a whole application",
		Checks: "Deleting an application removes it and its notes, stages and interview feedback from LinkedIn and the indicator.",
		run:    rsc504},
	{ID: "RSC-505", Module: module5, Title: "Versioned API migration explained",
		notChecked: "a demo item: the partner explains its move to the versioned API (/rest with LinkedIn-Version); no test can judge it"},
}

func rsc101(e *env) {
	cu := e.newCustomer(1)
	e.harness("the ATS to connect "+cu.Instance.String(), func(ctx context.Context) error { return e.h.Connect(ctx, cu.Instance) })
	keys := (rsc.EnableRequest{Organization: cu.Organization, Contract: cu.Contract}).Keys()
	states, err := e.mock.Integrations(cu.Organization)
	if err != nil {
		e.fail("Recruiter cannot list the customer's integrations: %v", err)
	}
	for _, k := range keys {
		st := stateOf(states, k)
		e.expect(st.IntegrationName != "", fmt.Sprintf("Recruiter admin settings: %s named %q (%s)", k.IntegrationType, st.IntegrationName, st.OnboardingStatus),
			fmt.Sprintf("the admin does not see the %s integration correctly named in Recruiter: the ATS did not name it (atsIntegrations) when it connected", k.IntegrationType))
	}
	ds := e.enableAll(cu)
	for i, k := range keys {
		if k.IntegrationType == model.IntegrationTypeOneClickExport {
			e.expect(ds[i].Status >= 200 && ds[i].Status < 300, fmt.Sprintf("INTEGRATION_STATUS_CHANGE for %s POSTed to the ATS: status %d %s", k.IntegrationType, ds[i].Status, ds[i].Err),
				"LinkedIn's notification that the integration was enabled did not reach the ATS's CALLBACK_URL")
		}
	}
	states, _ = e.mock.Integrations(cu.Organization)
	for _, k := range keys {
		st := stateOf(states, k)
		e.expect(st.Status == "ENABLED", fmt.Sprintf("%s status %s", k.IntegrationType, st.Status), "the admin could not enable "+string(k.IntegrationType))
	}
	e.eventually(cu.Tenant, "the ATS to show the integration enabled", "the ATS's admin page does not show the integration status LinkedIn reports", func() (bool, string) {
		r := e.received(cu.Tenant)
		var shown []string
		ok := false
		for _, in := range r.Integrations {
			shown = append(shown, fmt.Sprintf("%s=%s", in.Key.IntegrationType, in.Status))
			if in.Key.IntegrationType == model.IntegrationTypeOneClickExport && in.Status == "ENABLED" {
				ok = true
			}
		}
		return ok, fmt.Sprintf("the ATS shows integrations %v", shown)
	})
}

func stateOf(states []rscmock.IntegrationState, k model.IntegrationKey) rscmock.IntegrationState {
	for _, s := range states {
		if s.IntegrationType == k.IntegrationType && s.IntegrationContext == k.IntegrationContext {
			return s
		}
	}
	return rscmock.IntegrationState{IntegrationContext: k.IntegrationContext, IntegrationType: k.IntegrationType}
}

func rsc102(e *env) {
	cu := e.newCustomer(1)
	e.connect(cu)
	now := e.opts.Now()
	pub := Job{ID: "JP", Title: "Site Reliability Engineer", Description: desc("Site Reliability Engineer"), Location: "Lisbon, Portugal", Listed: now, Public: true}
	priv := Job{ID: "JQ", Title: "Recruiting Coordinator", Description: desc("Recruiting Coordinator"), Location: "Vienna, Austria", Listed: now}
	e.apply(cu.Tenant, Put(pub), Put(priv))
	want := func(id string, av model.Availability, why string) {
		e.eventually(cu.Tenant, "job "+id+" at LinkedIn as "+string(av), why, func() (bool, string) {
			got, ok := e.jobAvailability(cu.Organization, id)
			return ok && got == string(av), fmt.Sprintf("job %s at LinkedIn: held %v, availability %q", id, ok, got)
		})
	}
	if ch, ok := e.h.(AvailabilityChooser); ok && !ch.OffersAvailabilityChoice() {
		e.saw("the ATS does not offer its customers the choice of availability")
		const why = "the ATS does not let customers choose a job's availability, so it must post every job PRIVATE_TO_ATS_INTEGRATION"
		want("JP", model.AvailabilityPrivate, why)
		want("JQ", model.AvailabilityPrivate, why)
		return
	}
	want("JP", model.AvailabilityPublic, "a job the customer chose to make public is not posted PUBLIC")
	want("JQ", model.AvailabilityPrivate, "a job the customer kept private is not posted PRIVATE_TO_ATS_INTEGRATION")
	priv.Public = true
	e.apply(cu.Tenant, Put(priv))
	want("JQ", model.AvailabilityPublic, "the customer's change of a job's availability does not reach LinkedIn")
}

func rsc103(e *env) {
	c1, c2 := e.newCustomer(1), e.newCustomer(2)
	e.saw("two instances provisioned: %s (foreign id %s) and %s (foreign id %s)", c1.Application, c1.UniqueForeignID, c2.Application, c2.UniqueForeignID)
	for _, cu := range []customer{c1, c2} {
		e.connect(cu)
		n := strings.TrimPrefix(cu.Tenant, e.prefix+"-")
		e.apply(cu.Tenant, Put(Job{ID: "J-" + n, Title: "Engineer " + n, Description: desc("Engineer"), Location: "Oslo, Norway", Listed: e.opts.Now(), Public: true}),
			Put(Candidate{ID: "C-" + n, FirstName: "Instance", LastName: n, Email: "instance" + n + "@candidates.example", Created: e.opts.Now(), Modified: e.opts.Now()}))
	}
	for _, p := range [][2]customer{{c1, c2}, {c2, c1}} {
		cu, other := p[0], p[1]
		n := strings.TrimPrefix(cu.Tenant, e.prefix+"-")
		on := strings.TrimPrefix(other.Tenant, e.prefix+"-")
		e.eventually(cu.Tenant, "candidate C-"+n+" under "+string(cu.Organization), "an instance's data does not reach LinkedIn under its own organization", func() (bool, string) {
			ok := e.candidateAt(cu.Organization, "C-"+n)
			return ok, fmt.Sprintf("LinkedIn holds C-%s under %s: %v", n, cu.Organization, ok)
		})
		leaked := e.candidateAt(cu.Organization, "C-"+on)
		e.expect(!leaked, fmt.Sprintf("LinkedIn holds the other instance's C-%s under %s: %v", on, cu.Organization, leaked),
			"data of one customer instance reached LinkedIn under another instance's organization")
	}
	for _, p := range [][2]customer{{c1, c2}, {c2, c1}} {
		cu, other := p[0], p[1]
		calls := e.traffic.callsOf(cu.ClientID)
		cross := 0
		for _, c := range calls {
			if strings.Contains(c, string(other.Organization)) {
				cross++
			}
		}
		e.expect(len(calls) > 0, fmt.Sprintf("%d API calls with %s's credentials", len(calls), cu.Tenant),
			"the instance's traffic does not use its own child application's credentials")
		e.expect(cross == 0, fmt.Sprintf("%d of them name the other instance's organization %s", cross, other.Organization),
			"an instance's credentials were used for another instance's customer")
	}
}

func rsc104(e *env) {
	cu := e.newCustomer(1)
	e.apply(cu.Tenant, e.history(cu)...)
	ds := e.connect(cu)
	cb := e.configuration(cu.Organization, model.IntegrationTypeOneClickExport, model.ConfigCallbackURL)
	e.expect(strings.Contains(cb, "http"), "CALLBACK_URL configuration at LinkedIn: "+redactURL(cb), "the atsIntegration configuration has no callback_url: LinkedIn cannot push One-Click Exports to the ATS")
	reached := slices.ContainsFunc(ds, func(d rscmock.Delivery) bool { return d.Status >= 200 && d.Status < 300 })
	e.expect(reached, fmt.Sprintf("%d status notifications POSTed to it, answered %v", len(ds), statuses(ds)), "the callback_url does not reach the ATS")
	e.sync(cu.Tenant, "the historical sync")
	jpv := e.configuration(cu.Organization, model.IntegrationTypeOneClickExport, model.ConfigJobPostingViewers)
	av := e.configuration(cu.Organization, model.IntegrationTypeInATSIndicator, model.ConfigApplicationViewers)
	e.saw("JOB_POSTING_VIEWERS: %s; APPLICATION_VIEWERS: %s", orUnset(jpv), orUnset(av))
	if strings.Contains(jpv, model.AllProductUsers) && strings.Contains(av, model.AllProductUsers) {
		return
	}
	e.eventually(cu.Tenant, "the hiring teams' access lists at LinkedIn",
		"JOB_POSTING_VIEWERS or APPLICATION_VIEWERS is not ALL_PRODUCT_USERS and the ATS does not sync the access lists of its jobs: Recruiter users cannot see the customer's jobs", func() (bool, string) {
			var missing []string
			for _, j := range []string{jobOpen, jobPrivate, jobClosed} {
				if _, ok := e.mock.SyncedACL(model.EntityACLKey{IntegrationContext: cu.Organization, ATSEntityACLID: "team-" + j, ATSEntityID: j, ATSEntityType: model.EntityTypeJobPosting}); !ok {
					missing = append(missing, j)
				}
			}
			return len(missing) == 0, fmt.Sprintf("jobs without their access list at LinkedIn: %v", missing)
		})
}

func orUnset(s string) string {
	if s == "" {
		return "unset"
	}
	return s
}

// redactURL keeps a callback URL's host and hides its path (a secret token).
func redactURL(body string) string {
	i := strings.Index(body, "http")
	if i < 0 {
		return orUnset(body)
	}
	u := body[i:]
	if j := strings.IndexAny(u, "\"' "); j >= 0 {
		u = u[:j]
	}
	if k := strings.Index(strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://"), "/"); k >= 0 {
		pre := len(u) - len(strings.TrimPrefix(strings.TrimPrefix(u, "https://"), "http://"))
		u = u[:pre+k] + "/…"
	}
	return u
}

func statuses(ds []rscmock.Delivery) []int {
	var out []int
	for _, d := range ds {
		out = append(out, d.Status)
	}
	return out
}

func rsc201(e *env) {
	cu := e.newCustomer(1)
	e.historical(cu, true)
	jobs := e.mock.Jobs(cu.Organization)
	var held []string
	closed := false
	for _, j := range jobs {
		held = append(held, j.ExternalJobPostingID)
		if j.ExternalJobPostingID == jobClosed {
			closed = j.Closed
		}
	}
	e.expect(len(jobs) == historyJobs && slices.Contains(held, jobClosed), fmt.Sprintf("LinkedIn holds %d jobs %v; the ATS has %d (J3 listed 30 months ago and closed, J1 26 months ago)", len(jobs), held, historyJobs),
		"the totals do not match: not every job of the last two years (public, private and closed) was synced")
	e.expect(closed, fmt.Sprintf("job %s closed at LinkedIn: %v", jobClosed, closed), "a closed job of the history is not closed at LinkedIn")
	dd := e.exportJobIDs(cu.recruiter)
	e.expect(slices.Contains(dd, jobOpen) && slices.Contains(dd, jobPrivate) && !slices.Contains(dd, jobClosed) && len(dd) == historyOpenJobs,
		fmt.Sprintf("Export to ATS drop-down of %s (on every hiring team): %v; the ATS has %d open jobs", cu.recruiter.Holder.Name(), dd, historyOpenJobs),
		"the historical jobs are not all in the Export to ATS drop-down, or its total does not match the ATS's open jobs")
}

func rsc202(e *env) {
	cu := e.newCustomer(1)
	e.historical(cu, true)
	for _, c := range []struct{ id, first, last, email, age string }{
		{"C1", "Hedy", "Lamarr", "hedy@candidates.example", "27 months"},
		{"C2", "Claude", "Shannon", "claude@candidates.example", "25 months"},
		{"C3", "Radia", "Perlman", "radia@candidates.example", "2 months"},
	} {
		m := e.member(c.first, c.last, c.email)
		ind := e.indicator(cu.Organization, m, "")
		e.expect(slices.Contains(ind.Candidates, c.id), showInd(m.Name(), ind),
			fmt.Sprintf("Recruiter shows no In-ATS indicator on %s's profile, though the ATS has had the candidate %s for %s", m.Name(), c.id, c.age))
		_, all := e.matches(cu.Organization, c.id)
		e.expect(slices.Contains(all, m.URN), fmt.Sprintf("profile widget of %s: members %v", c.id, all),
			fmt.Sprintf("the ATS profile widget does not show %s's LinkedIn profile for candidate %s", m.Name(), c.id))
	}
	n := len(e.mock.Candidates(cu.Organization))
	want := historyCandidates + e.opts.History
	e.expect(n == want, fmt.Sprintf("LinkedIn holds %d candidates; the ATS has %d", n, want), "the totals of historical candidates do not match")
}

func rsc203(e *env) {
	cu := e.newCustomer(1)
	e.historical(cu, true)
	n := len(e.mock.Applications(cu.Organization))
	want := historyApplications + e.opts.History
	e.expect(n == want, fmt.Sprintf("LinkedIn holds %d applications; the ATS has %d", n, want), "the totals of historical applications do not match")
	hedy := e.member("Hedy", "Lamarr", "hedy@candidates.example")
	ind := e.indicator(cu.Organization, hedy, "")
	e.expect(slices.Contains(ind.Applications, "A1") && slices.Contains(ind.Stages, "New") && slices.Contains(ind.Stages, "Phone Screen") && ind.Notes == 2 && ind.Feedback == 1,
		showInd(hedy.Name(), ind)+" (the ATS has application A1 of 26 months ago with stages New and Phone Screen, a candidate note, an application note and interview feedback)",
		"the In-ATS indicator does not show a historical application with its stages, notes and interview feedback")
	claude := e.member("Claude", "Shannon", "claude@candidates.example")
	ind = e.indicator(cu.Organization, claude, "")
	e.expect(slices.Contains(ind.Applications, "A2"), showInd(claude.Name(), ind)+" (A2 is on job J3, closed)",
		"an application of the history on a closed job is missing from the In-ATS indicator")
}

func rsc204(e *env) {
	cu := e.newCustomer(1)
	e.connect(cu)
	e.sync(cu.Tenant, "the historical sync of an empty ATS")
	m := e.member("Katherine", "Johnson", "katherine.johnson.unique@candidates.example")
	now := e.opts.Now()
	e.apply(cu.Tenant, Put(Candidate{ID: "C9", FirstName: "Katherine", LastName: "Johnson", Email: "katherine.johnson.unique@candidates.example", Title: "Mathematician", Created: now, Modified: now}))
	e.eventually(cu.Tenant, "the new candidate in Recruiter's In-ATS indicator", "a new candidate does not show the In-ATS indicator in Recruiter search and profile", func() (bool, string) {
		ind := e.indicator(cu.Organization, m, "")
		return slices.Contains(ind.Candidates, "C9"), showInd(m.Name(), ind)
	})
	_, all := e.matches(cu.Organization, "C9")
	e.expect(slices.Contains(all, m.URN), fmt.Sprintf("profile widget of C9: members %v", all), "the ATS profile widget does not show the new candidate's profile")
	e.eventually(cu.Tenant, "the ATS to store the person URN", "the ATS did not retrieve and store the person URN of the new candidate", func() (bool, string) {
		r := e.received(cu.Tenant)
		return r.Links["C9"] == m.URN, fmt.Sprintf("the ATS links C9 to %q", r.Links["C9"])
	})
}

// exported waits until the ATS has the export of m to job and returns the
// candidate it landed on.
func (e *env) exported(cu customer, m rscmock.Member, job string) string {
	var cand string
	e.eventually(cu.Tenant, "the ATS to take in the One-Click Export", "the exported candidate does not appear in the ATS under the job it was exported to, with LinkedIn as its source", func() (bool, string) {
		r := e.received(cu.Tenant)
		xs := exportsOf(r, m.URN)
		for _, x := range xs {
			if x.JobID == job && x.CandidateID != "" && fromLinkedIn(x) {
				cand = x.CandidateID
				return true, fmt.Sprintf("the ATS has %s as candidate %s on job %s, source %q", m.Name(), x.CandidateID, job, x.Source)
			}
		}
		return false, fmt.Sprintf("the ATS's exports of %s: %+v", m.Name(), xs)
	})
	return cand
}

func rsc301(e *env) {
	cu := e.newCustomer(1)
	e.historical(cu, false)
	m := e.member("Mary", "Jackson", "mary.jackson@members.example")
	e.export(cu.recruiter, m, jobOpen)
	cand := e.exported(cu, m, jobOpen)
	e.eventually(cu.Tenant, "the new candidate back at LinkedIn, matched to the member", "Recruiter and the profile widget do not match the exported candidate to the member's profile", func() (bool, string) {
		_, all := e.matches(cu.Organization, cand)
		ind := e.indicator(cu.Organization, m, "")
		on := e.applicationsOn(cu.Organization, cand)
		return slices.Contains(all, m.URN) && slices.Contains(ind.Candidates, cand) && len(on[jobOpen]) > 0,
			fmt.Sprintf("widget members of %s: %v; %s; its applications at LinkedIn by job: %v", cand, all, showInd(m.Name(), ind), on)
	})
}

func rsc303(e *env) {
	cu := e.newCustomer(1)
	e.historical(cu, false)
	m := e.member("Jean", "Bartik", "jean.bartik@members.example")
	e.export(cu.recruiter, m, jobOpen)
	first := e.exported(cu, m, jobOpen)
	before := len(e.mock.Candidates(cu.Organization))
	e.export(cu.recruiter, m, jobPrivate)
	second := e.exported(cu, m, jobPrivate)
	e.expect(first == second, fmt.Sprintf("first export landed on %s, the second on %s", first, second),
		"re-exporting an existing candidate to another job created a duplicate candidate in the ATS")
	e.eventually(cu.Tenant, "one candidate at LinkedIn on both jobs", "the re-exported candidate is not one candidate linked to both jobs at LinkedIn", func() (bool, string) {
		ind := e.indicator(cu.Organization, m, "")
		on := e.applicationsOn(cu.Organization, first)
		after := len(e.mock.Candidates(cu.Organization))
		return len(ind.Candidates) == 1 && len(on[jobOpen]) > 0 && len(on[jobPrivate]) > 0 && after == before,
			fmt.Sprintf("%s; applications of %s by job: %v; candidates at LinkedIn before the re-export %d, after %d", showInd(m.Name(), ind), first, on, before, after)
	})
}

func rsc304(e *env) {
	cu := e.newCustomer(1)
	e.historical(cu, false)
	m := e.member("Claude", "Shannon", "shannon@elsewhere.example")
	_, before := e.matches(cu.Organization, "C2")
	e.saw("profile widget of C2 (claude@candidates.example) before the link: members %v", before)
	key := model.CandidateKey{IntegrationContext: cu.Organization, ATSCandidateID: "C2"}
	if err := e.mock.SetManualMatch(key, m.URN); err != nil {
		e.fail("the profile widget cannot link candidate C2: %v", err)
	}
	e.apply(cu.Tenant, Put(Link{CandidateID: "C2", Member: m.URN}))
	e.eventually(cu.Tenant, "the ATS to store the manual link", "the ATS's mapping is not updated when a user links a profile in the widget", func() (bool, string) {
		r := e.received(cu.Tenant)
		return r.Links["C2"] == m.URN, fmt.Sprintf("the ATS links C2 to %q", r.Links["C2"])
	})
	now := e.opts.Now()
	e.apply(cu.Tenant, Put(Candidate{ID: "C2", FirstName: "Claude", LastName: "Shannon", Email: "claude@candidates.example", Title: "Mathematician",
		Created: now.AddDate(0, -25, 0), Modified: now}))
	e.sync(cu.Tenant, "the candidate's update")
	e.eventually(cu.Tenant, "the manual link at LinkedIn after the candidate was sent again", "the manual link does not survive a refresh: after the ATS sent the candidate again LinkedIn no longer has it", func() (bool, string) {
		manual, _ := e.matches(cu.Organization, "C2")
		ind := e.indicator(cu.Organization, m, "")
		return manual == m.URN && slices.Contains(ind.Candidates, "C2"), fmt.Sprintf("manualMatchedMember of C2 at LinkedIn: %q; %s", manual, showInd(m.Name(), ind))
	})
}

// secured loads the history plus a secured job JS whose list holds the
// customer's first recruiter only, and candidate CS's application AS on
// it; it returns CS's member.
func (e *env) secured(cu customer) rscmock.Member {
	now := e.opts.Now()
	e.historical(cu, false,
		History(Job{ID: jobSecure, Title: "Confidential Executive Search", Description: desc("Vice President"), Location: "London, United Kingdom", Listed: now.AddDate(0, -3, 0)}),
		History(ACLMember{JobID: jobSecure, ACLID: "team-" + jobSecure, Member: cu.recruiter.Holder.URN}),
		History(Candidate{ID: "CS", FirstName: "Dorothy", LastName: "Vaughan", Email: "dorothy@candidates.example", Title: "Director", Created: now.AddDate(0, -3, 0), Modified: now.AddDate(0, -3, 0)}),
		History(Application{ID: "AS", CandidateID: "CS", JobID: jobSecure, Created: now.AddDate(0, -3, 0)}),
		History(Stage{ID: "AS-S1", ApplicationID: "AS", Name: "New", At: now.AddDate(0, -3, 0)}))
	return e.member("Dorothy", "Vaughan", "dorothy@candidates.example")
}

// visible reports whether seat sees the secured job in its drop-down and
// its application in the indicator of m.
func (e *env) visible(cu customer, seat rscmock.Seat, m rscmock.Member) (job, app bool, seen string) {
	dd := e.exportJobIDs(seat)
	ind := e.indicator(cu.Organization, m, seat.URN)
	return slices.Contains(dd, jobSecure), slices.Contains(ind.Applications, "AS"),
		fmt.Sprintf("%s's drop-down %v; %s as %s sees it", seat.Holder.Name(), dd, showInd(m.Name(), ind), seat.Holder.Name())
}

func (e *env) waitVisible(cu customer, seat rscmock.Seat, m rscmock.Member, wantJob, wantApp *bool, waitingFor, why string) {
	e.eventually(cu.Tenant, waitingFor, why, func() (bool, string) {
		job, app, seen := e.visible(cu, seat, m)
		return (wantJob == nil || job == *wantJob) && (wantApp == nil || app == *wantApp), seen
	})
}

var yes, no = true, false

func rsc401(e *env) {
	cu := e.newCustomer(1)
	m := e.secured(cu)
	e.waitVisible(cu, cu.recruiter, m, &yes, nil, "the secured job in the assigned recruiter's drop-down", "a recruiter assigned to the job's ACL does not see the secured job in the Export to ATS drop-down")
	job, _, seen := e.visible(cu, cu.other, m)
	e.expect(!job, seen, "a recruiter who is not on the job's ACL sees the secured job in the Export to ATS drop-down")
	_, _, err := e.mock.Export(e.ctx, cu.other.URN, m.URN, jobSecure)
	e.expect(errors.Is(err, rscmock.ErrJobNotVisible), fmt.Sprintf("export by %s to %s: %v", cu.other.Holder.Name(), jobSecure, err),
		"a recruiter who is not on the job's ACL can export to the secured job")
}

func rsc402(e *env) {
	cu := e.newCustomer(1)
	m := e.secured(cu)
	e.waitVisible(cu, cu.recruiter, m, nil, &yes, "the secured job's application in the assigned recruiter's indicator", "a recruiter assigned to the job's ACL does not see its application in the In-ATS indicator")
	_, app, seen := e.visible(cu, cu.other, m)
	e.expect(!app, seen, "a recruiter who is not on the job's ACL sees the secured job's application in the In-ATS indicator")
}

func (e *env) removeFromACL(cu customer) Change {
	return Delete(ACLMember{JobID: jobSecure, ACLID: "team-" + jobSecure, Member: cu.recruiter.Holder.URN})
}

func rsc403(e *env) {
	cu := e.newCustomer(1)
	m := e.secured(cu)
	e.waitVisible(cu, cu.recruiter, m, &yes, &yes, "the secured job visible to the assigned recruiter", "a recruiter assigned to the job's ACL does not see the secured job")
	e.apply(cu.Tenant, e.removeFromACL(cu))
	e.waitVisible(cu, cu.recruiter, m, &no, &no, "the removal from the ACL at LinkedIn", "a recruiter removed from the job's ACL still sees the secured job in the drop-down or its application in the In-ATS indicator")
}

func rsc404(e *env) {
	cu := e.newCustomer(1)
	m := e.secured(cu)
	e.waitVisible(cu, cu.recruiter, m, &yes, &yes, "the secured job visible to the assigned recruiter", "a recruiter assigned to the job's ACL does not see the secured job")
	e.apply(cu.Tenant, e.removeFromACL(cu))
	e.sync(cu.Tenant, "the removal from the ACL")
	job, app, seen := e.visible(cu, cu.recruiter, m)
	e.saw("after the removal (RSC-403 judges it): job visible %v, application visible %v; %s", job, app, seen)
	e.apply(cu.Tenant, Put(ACLMember{JobID: jobSecure, ACLID: "team-" + jobSecure, Member: cu.recruiter.Holder.URN}))
	e.waitVisible(cu, cu.recruiter, m, &yes, &yes, "the re-added recruiter's visibility", "a recruiter added back to the job's ACL does not see the secured job and its application again")
}

// gone waits until each check reports the record absent.
func (e *env) gone(cu customer, what, why string, held func() []string) {
	e.eventually(cu.Tenant, what, why, func() (bool, string) {
		h := held()
		return len(h) == 0, fmt.Sprintf("still at LinkedIn: %v", h)
	})
}

// before fails unless LinkedIn holds every record check names: a deletion
// can only be shown on data that reached LinkedIn.
func (e *env) before(cu customer, check func() []string, all ...string) {
	held := check()
	var missing []string
	for _, w := range all {
		if !slices.Contains(held, w) {
			missing = append(missing, w)
		}
	}
	e.expect(len(missing) == 0, fmt.Sprintf("before the deletion LinkedIn holds %v", held),
		fmt.Sprintf("the deletion cannot be shown: LinkedIn never received %v from the ATS", missing))
}

func present(pairs ...any) []string {
	var out []string
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1].(bool) {
			out = append(out, pairs[i].(string))
		}
	}
	return out
}

func rsc501(e *env) {
	cu := e.newCustomer(1)
	now := e.opts.Now()
	e.historical(cu, false, History(CandidateNote{ID: "C1-N2", CandidateID: "C1", Text: "Prefers remote work.", At: now.AddDate(0, -20, 0)}))
	hedy := e.member("Hedy", "Lamarr", "hedy@candidates.example")
	ind := e.indicator(cu.Organization, hedy, "")
	e.saw("before: %s", showInd(hedy.Name(), ind))
	e.before(cu, func() []string {
		return present("candidate C1", e.candidateAt(cu.Organization, "C1"), "note C1-N1", e.candidateNoteAt(cu.Organization, "C1", "C1-N1"),
			"note C1-N2", e.candidateNoteAt(cu.Organization, "C1", "C1-N2"))
	}, "candidate C1", "note C1-N1", "note C1-N2")
	e.apply(cu.Tenant, Delete(CandidateNote{ID: "C1-N1", CandidateID: "C1"}), Delete(CandidateNote{ID: "C1-N2", CandidateID: "C1"}))
	e.gone(cu, "the deleted notes gone from LinkedIn", "the candidate's deleted notes still show in Recruiter's In-ATS indicator", func() []string {
		return present("note C1-N1", e.candidateNoteAt(cu.Organization, "C1", "C1-N1"), "note C1-N2", e.candidateNoteAt(cu.Organization, "C1", "C1-N2"))
	})
	ind = e.indicator(cu.Organization, hedy, "")
	e.expect(ind.Notes == 1, showInd(hedy.Name(), ind)+" (A1's application note remains)", "the candidate's deleted notes still count in the In-ATS indicator")
	e.apply(cu.Tenant, Delete(Candidate{ID: "C1"}))
	e.gone(cu, "the deleted candidate gone from LinkedIn", "the deleted candidate still shows the In-ATS indicator", func() []string {
		return present("candidate C1", e.candidateAt(cu.Organization, "C1"), "indicator", len(e.indicator(cu.Organization, hedy, "").Candidates) > 0)
	})
}

func rsc502(e *env) {
	cu := e.newCustomer(1)
	e.historical(cu, false)
	hedy := e.member("Hedy", "Lamarr", "hedy@candidates.example")
	e.saw("before: %s", showInd(hedy.Name(), e.indicator(cu.Organization, hedy, "")))
	o := cu.Organization
	held := func() []string {
		ind := e.indicator(o, hedy, "")
		return present("candidate C1", e.candidateAt(o, "C1"), "note C1-N1", e.candidateNoteAt(o, "C1", "C1-N1"),
			"application A1", e.applicationAt(o, "A1"), "note A1-N1", e.applicationNoteAt(o, "A1", "A1-N1"),
			"stage A1-S1", e.stageAt(o, "A1", "A1-S1"), "feedback A1-F1", e.feedbackAt(o, "A1", "A1-F1"),
			"indicator", len(ind.Candidates)+ind.Notes > 0)
	}
	e.before(cu, held, "candidate C1", "note C1-N1", "application A1", "note A1-N1", "stage A1-S1", "feedback A1-F1", "indicator")
	e.apply(cu.Tenant, Delete(Candidate{ID: "C1"}))
	e.gone(cu, "the deleted candidate and everything under it gone from LinkedIn", "after the candidate was deleted in the ATS, its data still shows in Recruiter (In-ATS indicator, notes or applications)", held)
	s, _ := e.mock.SyncedCandidate(model.CandidateKey{IntegrationContext: o, ATSCandidateID: "C1"})
	e.saw("LinkedIn accepted %d write(s) and %d delete(s) of candidate C1", s.Writes, s.Deletes)
}

func rsc503(e *env) {
	cu := e.newCustomer(1)
	e.historical(cu, false)
	hedy := e.member("Hedy", "Lamarr", "hedy@candidates.example")
	o := cu.Organization
	e.saw("before: %s", showInd(hedy.Name(), e.indicator(o, hedy, "")))
	e.before(cu, func() []string {
		return present("application A1", e.applicationAt(o, "A1"), "note A1-N1", e.applicationNoteAt(o, "A1", "A1-N1"),
			"stage A1-S2", e.stageAt(o, "A1", "A1-S2"), "feedback A1-F1", e.feedbackAt(o, "A1", "A1-F1"))
	}, "application A1", "note A1-N1", "stage A1-S2", "feedback A1-F1")
	steps := []struct {
		change Change
		what   string
		held   func(rscmock.Indicator) bool
	}{
		{Delete(ApplicationNote{ID: "A1-N1", ApplicationID: "A1"}), "application note A1-N1",
			func(ind rscmock.Indicator) bool { return e.applicationNoteAt(o, "A1", "A1-N1") || ind.Notes != 1 }},
		{Delete(Stage{ID: "A1-S2", ApplicationID: "A1"}), "stage A1-S2 (Phone Screen)",
			func(ind rscmock.Indicator) bool {
				return e.stageAt(o, "A1", "A1-S2") || slices.Contains(ind.Stages, "Phone Screen")
			}},
		{Delete(Feedback{ID: "A1-F1", ApplicationID: "A1"}), "interview feedback A1-F1",
			func(ind rscmock.Indicator) bool { return e.feedbackAt(o, "A1", "A1-F1") || ind.Feedback != 0 }},
		{Delete(Application{ID: "A1"}), "application A1",
			func(ind rscmock.Indicator) bool {
				return e.applicationAt(o, "A1") || slices.Contains(ind.Applications, "A1")
			}},
	}
	for _, s := range steps {
		e.apply(cu.Tenant, s.change)
		e.gone(cu, s.what+" gone from LinkedIn", "the deleted "+s.what+" still shows in Recruiter's In-ATS indicator", func() []string {
			ind := e.indicator(o, hedy, "")
			if s.held(ind) {
				return []string{s.what + "; " + showInd(hedy.Name(), ind)}
			}
			return nil
		})
	}
}

func rsc504(e *env) {
	cu := e.newCustomer(1)
	e.historical(cu, false)
	hedy := e.member("Hedy", "Lamarr", "hedy@candidates.example")
	o := cu.Organization
	e.saw("before: %s", showInd(hedy.Name(), e.indicator(o, hedy, "")))
	held := func() []string {
		ind := e.indicator(o, hedy, "")
		return present("application A1", e.applicationAt(o, "A1"), "note A1-N1", e.applicationNoteAt(o, "A1", "A1-N1"),
			"stage A1-S1", e.stageAt(o, "A1", "A1-S1"), "stage A1-S2", e.stageAt(o, "A1", "A1-S2"), "feedback A1-F1", e.feedbackAt(o, "A1", "A1-F1"),
			"in the indicator", slices.Contains(ind.Applications, "A1") || ind.Feedback > 0 || len(ind.Stages) > 0)
	}
	e.before(cu, held, "application A1", "note A1-N1", "stage A1-S1", "stage A1-S2", "feedback A1-F1", "in the indicator")
	e.apply(cu.Tenant, Delete(Application{ID: "A1"}))
	e.gone(cu, "the application and its notes, stages and feedback gone from LinkedIn",
		"after the application was deleted in the ATS, it or its notes, stages or interview feedback still show in Recruiter", held)
	s, _ := e.mock.SyncedApplication(appKey(o, "A1"))
	e.saw("LinkedIn accepted %d write(s) and %d delete(s) of application A1", s.Writes, s.Deletes)
}
