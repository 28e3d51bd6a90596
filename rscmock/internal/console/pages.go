package console

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/restli"
	"github.com/rsckit/rsckit/rscmock/internal/shapes"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// consolePages are the console's compiled templates; immutable after
// package initialisation.
var consolePages = Parse("console")

// Console serves the console at /_console/: server-rendered pages that show
// what LinkedIn Recruiter would show, read live from the simulator, with
// forms for the recruiter's actions (the same simulator actions as /_mock/).
type Console struct {
	// World is the recruiter simulator; the console takes its lock to read.
	World *sim.World
	// BaseURL is the URL the fake reports.
	BaseURL func() string
}

// Tenant is a customer as the console's pages show it: its identity, the
// fake credentials of its child application, its seats and integrations,
// and counts of what its ATS synced.
type Tenant struct {
	Name, Organization, Contract, Application, ClientID, ClientSecret string
	Seats                                                             []sim.Seat
	Integrations                                                      []sim.IntegrationState
	Jobs, Candidates, Applications                                    int
	InMails, Notes, Stubs, Exports                                    int
	CallbackURL, JobViewers, AppView                                  string
}

// Job is a synced job as the console and /_mock/ list it.
type Job struct {
	ExternalJobPostingID string `json:"externalJobPostingId"`
	Title                string `json:"title"`
	Location             string `json:"location,omitempty"`
	JobPosting           string `json:"jobPosting"`
	Closed               bool   `json:"closed"`
	// Seats are the seats that see the open job (jobs page only).
	Seats []sim.Seat `json:"-"`
}

// InMail is an InMail event as the member page lists it.
type InMail struct {
	CreatedAt             int64
	Author, Subject, Body string
}

// inMailViews converts InMail events for the pages (nil stays nil).
func inMailViews(evs []shapes.ConversationEvent) []InMail {
	if evs == nil {
		return nil
	}
	out := make([]InMail, len(evs))
	for i, e := range evs {
		out[i] = InMail{CreatedAt: e.CreatedAt, Author: e.Author, Subject: e.Content.Mail.Subject, Body: e.Content.Mail.Body.Text}
	}
	return out
}

// jobView is the console's view of a simulator job.
func jobView(j sim.Job) Job {
	return Job{ExternalJobPostingID: j.ExternalJobPostingID, Title: j.Title, Location: j.Location, JobPosting: j.URN, Closed: j.Closed}
}

// jobViews converts jobs for the pages and /_mock/ (nil stays nil).
func jobViews(js []sim.Job) []Job {
	if js == nil {
		return nil
	}
	out := make([]Job, len(js))
	for i, j := range js {
		out[i] = jobView(j)
	}
	return out
}

// ServeHTTP routes /_console/ requests.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	page := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/_console/"), "/")
	if name, ok := strings.CutPrefix(page, "actions/"); ok {
		c.action(w, r, name)
		return
	}
	pages := map[string]func(http.ResponseWriter, *http.Request){
		"":             c.index,
		"tenant":       c.tenant,
		"jobs":         c.jobs,
		"candidates":   c.candidates,
		"applications": c.applications,
		"members":      c.members,
		"member":       c.member,
		"seat":         c.seat,
	}
	h := pages[page]
	if h == nil {
		Error(w, r, http.StatusNotFound, "No console page "+r.URL.Path+".")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		Error(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed on "+r.URL.Path+".")
		return
	}
	h(w, r)
}

// Error renders the console's error page with status and msg.
func Error(w http.ResponseWriter, r *http.Request, status int, msg string) {
	consolePages.Render(w, "error", status, NewView(r, http.StatusText(status), msg))
}

// customerOf resolves the org (or ctx, contract) query parameter to a
// customer; it answers with an error page and reports false when it cannot.
// The customer's identity fields never change once it exists.
func (c *Console) customerOf(w http.ResponseWriter, r *http.Request) (*sim.Customer, bool) {
	q := r.URL.Query()
	ctx := cmp.Or(q.Get("org"), q.Get("ctx"), q.Get("contract"))
	if ctx == "" {
		Error(w, r, http.StatusBadRequest, "Choose a tenant: this page needs ?org=urn:li:organization:… (see the index).")
		return nil, false
	}
	c.World.Lock()
	cu := c.World.R.Customer(ctx)
	c.World.Unlock()
	if cu == nil {
		Error(w, r, http.StatusNotFound, "No tenant has the organization or contract "+ctx+".")
		return nil, false
	}
	return cu, true
}

// inOrg keeps the record keys of integration context org.
func inOrg(org string) func(restli.Key) bool {
	return func(k restli.Key) bool { return k["ctx"] == org }
}

// tenantLocked is the console's view of cu. Must hold the world's lock.
func (c *Console) tenantLocked(cu *sim.Customer) Tenant {
	st, syn := c.World.Synced.Store, c.World.Synced
	exports := 0
	for _, ex := range cu.Exports {
		exports += len(ex)
	}
	return Tenant{Name: cu.Name, Organization: cu.Org, Contract: cu.Contract, Application: cu.App.URN,
		ClientID: cu.App.ClientID, ClientSecret: cu.App.Secret, Seats: slices.Clone(cu.Seats),
		Integrations: c.World.IntegrationsLocked(cu), Jobs: len(syn.Jobs.List(cu.Org)),
		Candidates: len(st.Sorted(records.Candidate.Name, inOrg(cu.Org))), Applications: len(st.Sorted(records.Application.Name, inOrg(cu.Org))),
		InMails: len(cu.InMails), Notes: len(cu.Notes), Stubs: len(cu.Stubs), Exports: exports,
		CallbackURL: syn.Config(cu.Org, sim.OneClickExport, sim.CallbackURL),
		JobViewers:  syn.Config(cu.Org, sim.OneClickExport, sim.JobViewers),
		AppView:     syn.Config(cu.Org, sim.InATSIndicator, sim.AppViewers)}
}

func (c *Console) index(w http.ResponseWriter, r *http.Request) {
	c.World.Lock()
	var rows []Tenant
	for _, cu := range c.World.R.Customers() {
		rows = append(rows, c.tenantLocked(cu))
	}
	members := c.World.R.MemberCount()
	c.World.Unlock()
	all := c.World.Outbox.List()
	dels := slices.Clone(all)
	slices.Reverse(dels)
	consolePages.Render(w, "index", http.StatusOK, NewView(r, "Tenants", map[string]any{
		"Tenants": rows, "Members": members, "Deliveries": dels[:min(len(dels), 20)], "BaseURL": c.BaseURL(),
		"Problems": sim.Problems(all),
	}))
}

func (c *Console) tenant(w http.ResponseWriter, r *http.Request) {
	cu, ok := c.customerOf(w, r)
	if !ok {
		return
	}
	c.World.Lock()
	row := c.tenantLocked(cu)
	type seatRow struct {
		sim.Seat
		ExportJobs int
	}
	var seats []seatRow
	for _, st := range cu.Seats {
		seats = append(seats, seatRow{st, len(c.World.Synced.ExportJobs(st.URN))})
	}
	c.World.Unlock()
	var dels []sim.Delivery
	for _, d := range c.World.Outbox.List() {
		if row.CallbackURL != "" && d.URL == row.CallbackURL {
			dels = append(dels, d)
		}
	}
	problems := sim.Problems(dels)
	slices.Reverse(dels)
	consolePages.Render(w, "tenant", http.StatusOK, NewView(r, "Tenant "+cmp.Or(row.Name, row.Organization), map[string]any{
		"T": row, "Seats": seats, "Deliveries": dels, "Problems": problems,
	}))
}

func (c *Console) jobs(w http.ResponseWriter, r *http.Request) {
	cu, ok := c.customerOf(w, r)
	if !ok {
		return
	}
	var rows []Job
	c.World.Lock()
	for _, j := range c.World.Synced.Jobs.List(cu.Org) {
		row := jobView(j)
		for _, st := range cu.Seats {
			if !j.Closed && c.World.Synced.JobVisible(cu.Org, st.Holder.URN, j.ExternalJobPostingID) {
				row.Seats = append(row.Seats, st)
			}
		}
		rows = append(rows, row)
	}
	c.World.Unlock()
	consolePages.Render(w, "jobs", http.StatusOK, NewView(r, "Synced jobs", map[string]any{"Org": cu.Org, "Name": cu.Name, "Jobs": rows}))
}

func (c *Console) candidates(w http.ResponseWriter, r *http.Request) {
	cu, ok := c.customerOf(w, r)
	if !ok {
		return
	}
	// candRow is a synced candidate as the page shows it, read from the
	// stored body with the fake's own field reads.
	type candRow struct {
		sim.CandidateFields
		Key     struct{ ATSCandidateID string }
		Matched []sim.Member
		Manual  *sim.Member
	}
	var rows []candRow
	c.World.Lock()
	for _, e := range c.World.Synced.Store.Sorted(records.Candidate.Name, inOrg(cu.Org)) {
		row := candRow{CandidateFields: sim.CandidateOf(e.Body)}
		row.Key.ATSCandidateID = e.Key["cand"]
		for _, u := range c.World.Synced.MatchedMembers(e) {
			m, _ := c.World.R.Member(u)
			row.Matched = append(row.Matched, m)
		}
		if m, ok := c.World.R.Member(row.ManualMatchedMember); ok {
			row.Manual = &m
		}
		rows = append(rows, row)
	}
	c.World.Unlock()
	consolePages.Render(w, "candidates", http.StatusOK, NewView(r, "Synced candidates", map[string]any{"Org": cu.Org, "Name": cu.Name, "Candidates": rows}))
}

func (c *Console) applications(w http.ResponseWriter, r *http.Request) {
	cu, ok := c.customerOf(w, r)
	if !ok {
		return
	}
	// appRow is a synced application as the page shows it, read from the
	// stored body with the fake's own field reads.
	type appRow struct {
		Key                                                                     struct{ ATSJobApplicationID string }
		ATSCandidateID, FirstName, LastName, ATSJobPostingName, ATSJobPostingID string
		Stages                                                                  []string
		Notes, Feedback                                                         int
	}
	var rows []appRow
	st := c.World.Synced.Store
	c.World.Lock()
	for _, e := range st.Sorted(records.Application.Name, inOrg(cu.Org)) {
		row := appRow{ATSCandidateID: sim.Field(e, "atsCandidateId"), FirstName: sim.Field(e, "firstName"), LastName: sim.Field(e, "lastName"),
			ATSJobPostingName: sim.Field(e, "atsJobPostingName"), ATSJobPostingID: sim.Field(e, "atsJobPostingId")}
		row.Key.ATSJobApplicationID = e.Key["app"]
		ofApp := func(k restli.Key) bool { return k["ctx"] == cu.Org && k["app"] == e.Key["app"] }
		for _, s := range st.Sorted(records.Stage.Name, ofApp) {
			row.Stages = append(row.Stages, sim.Field(s, "stage"))
		}
		row.Notes = len(st.Sorted(records.ApplicationNote.Name, ofApp))
		row.Feedback = len(st.Sorted(records.Feedback.Name, ofApp))
		rows = append(rows, row)
	}
	c.World.Unlock()
	consolePages.Render(w, "applications", http.StatusOK, NewView(r, "Synced applications", map[string]any{"Org": cu.Org, "Name": cu.Name, "Applications": rows}))
}

// members is the member search with its past applicants.
func (c *Console) members(w http.ResponseWriter, r *http.Request) {
	cu, ok := c.customerOf(w, r)
	if !ok {
		return
	}
	query := r.URL.Query().Get("q")
	type memberRow struct {
		sim.Member
		Candidates   int
		Applications int
	}
	var rows []memberRow
	past := 0
	c.World.Lock()
	for _, m := range c.World.R.SearchMembers(query) {
		ind := c.World.Synced.InATS(cu.Org, m.URN, "")
		rows = append(rows, memberRow{m, len(ind.Candidates), len(ind.Applications)})
		if len(ind.Applications) > 0 {
			past++
		}
	}
	c.World.Unlock()
	consolePages.Render(w, "members", http.StatusOK, NewView(r, "Members", map[string]any{
		"Org": cu.Org, "Name": cu.Name, "Query": query, "Members": rows, "Past": past,
	}))
}

func (c *Console) member(w http.ResponseWriter, r *http.Request) {
	cu, ok := c.customerOf(w, r)
	if !ok {
		return
	}
	q := r.URL.Query()
	c.World.Lock()
	m, ok := c.World.R.Member(q.Get("member"))
	if !ok {
		c.World.Unlock()
		Error(w, r, http.StatusNotFound, "No member "+q.Get("member")+". Pick one on the members page.")
		return
	}
	seats := slices.Clone(cu.Seats)
	seat := q.Get("seat")
	if seat == "" && len(seats) > 0 {
		seat = seats[0].URN
	}
	if len(seats) > 0 && !slices.ContainsFunc(seats, func(st sim.Seat) bool { return st.URN == seat }) {
		c.World.Unlock()
		Error(w, r, http.StatusNotFound, "Seat "+seat+" is not a seat of this tenant.")
		return
	}
	ind := c.World.Synced.InATS(cu.Org, m.URN, seat)
	jobs := jobViews(c.World.Synced.ExportJobs(seat))
	exports := slices.Clone(cu.Exported[m.URN])
	c.World.Unlock()
	evs, _ := c.World.InMails(cu.Org, m.URN)
	inmails := inMailViews(evs)
	notes, _ := c.World.ProspectNotes(cu.Org, m.URN)
	stubs, _ := c.World.MailStubs(cu.Org, m.URN)
	consolePages.Render(w, "member", http.StatusOK, NewView(r, Name(m), map[string]any{
		"Org": cu.Org, "Name": cu.Name, "M": m, "Seat": seat, "Seats": seats, "Indicator": ind, "Jobs": jobs,
		"Exports": exports, "InMails": inmails, "Notes": notes, "Stubs": stubs,
	}))
}

func (c *Console) seat(w http.ResponseWriter, r *http.Request) {
	seat := r.URL.Query().Get("seat")
	c.World.Lock()
	cu, st, ok := c.World.R.SeatOwner(seat)
	var jobs []Job
	var members []sim.Member
	if ok {
		jobs, members = jobViews(c.World.Synced.ExportJobs(seat)), c.World.R.Members()
	}
	c.World.Unlock()
	if !ok {
		Error(w, r, http.StatusNotFound, "No seat "+seat+". Seats are listed on each tenant page.")
		return
	}
	consolePages.Render(w, "seat", http.StatusOK, NewView(r, "Seat "+seat, map[string]any{
		"Org": cu.Org, "Name": cu.Name, "S": st, "Jobs": jobs, "Members": members,
	}))
}

// Name is a member's first and last name.
func Name(m sim.Member) string { return strings.TrimSpace(m.FirstName + " " + m.LastName) }

// action runs a form action and redirects back with its outcome.
func (c *Console) action(w http.ResponseWriter, r *http.Request, name string) {
	if !consolePages.ParsePost(w, r) {
		return
	}
	back := SafeBack(r.PostForm.Get("back"), "/_console/", "/_console/")
	msg, err := c.run(r.Context(), name, r.PostForm)
	if errors.Is(err, errNoAction) {
		Error(w, r, http.StatusNotFound, "No console action "+name+".")
		return
	}
	RedirectWith(w, r, back, msg, err)
}

var errNoAction = errors.New("console: no such action")

// FormError is a message for the person filling a form.
type FormError string

// Error returns the message.
func (e FormError) Error() string { return string(e) }

// run runs the console action name with the form f.
func (c *Console) run(ctx context.Context, name string, f url.Values) (string, error) {
	seat, member := f.Get("seat"), f.Get("member")
	needMember := func() (sim.Member, error) {
		c.World.Lock()
		m, ok := c.World.R.Member(member)
		c.World.Unlock()
		if !ok {
			return sim.Member{}, FormError("Choose a member: " + cmp.Or(member, "none given") + " is not a LinkedIn member of the mock.")
		}
		return m, nil
	}
	switch name {
	case "export":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		job := f.Get("job")
		if job == "" {
			return "", FormError("Choose a job to export to.")
		}
		id, d, err := c.World.Export(ctx, seat, member, job)
		if err != nil {
			return "", fmt.Errorf("cannot export %s to job %s: %w", Name(m), job, err)
		}
		return fmt.Sprintf("Exported %s to job %s as %s: request %s; %s.", Name(m), job, seat, id, DeliverySummary(d)), nil
	case "inmail":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(f.Get("body")) == "" {
			return "", FormError("Write the InMail's message.")
		}
		if _, err := c.World.SendInMail(seat, member, f.Get("subject"), f.Get("body")); err != nil {
			return "", fmt.Errorf("cannot send the InMail to %s: %w", Name(m), err)
		}
		return "InMail sent to " + Name(m) + ".", nil
	case "reply":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		var stub *shapes.MailStub
		_, stub, err = c.World.ReplyInMail(seat, member, f.Get("body"), f.Get("shareContact") != "")
		if err != nil {
			return "", fmt.Errorf("cannot record the reply of %s: %w", Name(m), err)
		}
		if stub != nil {
			return Name(m) + " replied and shared contact details (mail stub " + stub.ID + ").", nil
		}
		return Name(m) + " replied.", nil
	case "note":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		text := strings.TrimSpace(f.Get("note"))
		if text == "" {
			return "", FormError("Write the note.")
		}
		private := f.Get("private") != ""
		if _, err := c.World.AddProspectNote(seat, member, text, private); err != nil {
			return "", fmt.Errorf("cannot add the note on %s: %w", Name(m), err)
		}
		if private {
			return "Private note added on " + Name(m) + " (not served by prospectNotes).", nil
		}
		return "Note added on " + Name(m) + ".", nil
	case "purge":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		if err := c.World.Purge(member); err != nil {
			return "", fmt.Errorf("cannot purge %s: %w", Name(m), err)
		}
		return Name(m) + " closed their profile: every export of theirs is in atsPurgedExportedCandidates.", nil
	case "integration":
		ictx, itype := f.Get("ctx"), f.Get("itype")
		on := f.Get("enabled") == "true"
		err := sim.CheckIntegrationKey(ictx, itype, sim.TenantRecruiter)
		var d sim.Delivery
		if err == nil {
			d, err = c.World.SetIntegrationEnabled(ctx, ictx, itype, sim.TenantRecruiter, on)
		}
		if err != nil {
			return "", fmt.Errorf("cannot change %s: %w", itype, err)
		}
		state := "disabled"
		if on {
			state = "enabled"
		}
		return fmt.Sprintf("%s %s for %s; %s.", itype, state, ictx, DeliverySummary(d)), nil
	case "member":
		m := sim.Member{FirstName: strings.TrimSpace(f.Get("firstName")), LastName: strings.TrimSpace(f.Get("lastName")),
			Email: strings.TrimSpace(f.Get("email")), Headline: strings.TrimSpace(f.Get("headline")),
			CurrentCompanyName: strings.TrimSpace(f.Get("company")), CurrentJobTitle: strings.TrimSpace(f.Get("title"))}
		if m.FirstName == "" || m.LastName == "" {
			return "", FormError("A member needs a first and a last name.")
		}
		if m.Email != "" && !strings.Contains(m.Email, "@") {
			return "", FormError("The email address " + m.Email + " has no @.")
		}
		c.World.Lock()
		m = c.World.R.AddMember(m)
		c.World.Unlock()
		return "Added member " + Name(m) + " (" + m.URN + ").", nil
	}
	return "", errNoAction
}

// DeliverySummary tells what became of a notification.
func DeliverySummary(d sim.Delivery) string {
	n := fmt.Sprintf("%s notification %s", d.Notification.Type, d.Notification.ID)
	switch {
	case d.Err != "":
		return n + " not delivered (" + d.Err + ")"
	case d.Status >= 300:
		return fmt.Sprintf("%s POSTed to %s, which answered %d", n, d.URL, d.Status)
	}
	return fmt.Sprintf("%s POSTed to %s (%d)", n, d.URL, d.Status)
}
