package rscmock

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rscmock/internal/console"
	"github.com/rsckit/rsckit/rscmock/internal/records"
	"github.com/rsckit/rsckit/rscmock/internal/sim"
)

// The console at /_console/: server-rendered pages that show what LinkedIn
// Recruiter would show, with forms for the recruiter's actions. Every action
// calls the same Go method as /_mock/.

// serveConsole routes /_console/ requests.
func (s *Server) serveConsole(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("X-Frame-Options", "SAMEORIGIN")
	page := strings.TrimSuffix(strings.TrimPrefix(r.URL.Path, "/_console/"), "/")
	if name, ok := strings.CutPrefix(page, "actions/"); ok {
		s.consoleAction(w, r, name)
		return
	}
	pages := map[string]func(http.ResponseWriter, *http.Request){
		"":             s.consoleIndex,
		"tenant":       s.consoleTenant,
		"jobs":         s.consoleJobs,
		"candidates":   s.consoleCandidates,
		"applications": s.consoleApplications,
		"members":      s.consoleMembers,
		"member":       s.consoleMember,
		"seat":         s.consoleSeat,
	}
	h := pages[page]
	if h == nil {
		consoleError(w, r, http.StatusNotFound, "No console page "+r.URL.Path+".")
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		consoleError(w, r, http.StatusMethodNotAllowed, r.Method+" is not allowed on "+r.URL.Path+".")
		return
	}
	h(w, r)
}

func consoleError(w http.ResponseWriter, r *http.Request, status int, msg string) {
	consolePages.Render(w, "error", status, console.NewView(r, http.StatusText(status), msg))
}

// tenant is a customer and its identity, read under the world's lock.
type tenant struct {
	c             *customerState
	org, contract model.URN
	name          string
}

// tenantOf resolves the org (or ctx, contract) query parameter to a customer;
// it answers with an error page and reports false when it cannot.
func (s *Server) tenantOf(w http.ResponseWriter, r *http.Request) (tenant, bool) {
	q := r.URL.Query()
	ctx := model.URN(cmp.Or(q.Get("org"), q.Get("ctx"), q.Get("contract")))
	if ctx == "" {
		consoleError(w, r, http.StatusBadRequest, "Choose a tenant: this page needs ?org=urn:li:organization:… (see the index).")
		return tenant{}, false
	}
	s.world.Lock()
	c := s.world.R.Customer(string(ctx))
	var t tenant
	if c != nil {
		t = tenant{c: c, org: model.URN(c.Org), contract: model.URN(c.Contract), name: c.Name}
	}
	s.world.Unlock()
	if c == nil {
		consoleError(w, r, http.StatusNotFound, "No tenant has the organization or contract "+string(ctx)+".")
		return tenant{}, false
	}
	return t, true
}

// tenantRow is a customer with its integration states and counts.
type tenantRow struct {
	Customer
	Integrations                     []IntegrationState
	Jobs, Candidates, Applications   int
	InMails, Notes, Stubs, Exports   int
	CallbackURL, JobViewers, AppView string
}

func (s *Server) tenantRowLocked(c *customerState) tenantRow {
	count := func(kind string) int {
		return len(s.sortedEntities(kind, func(k rkey) bool { return k["ctx"] == c.Org }))
	}
	jobs := len(s.jobs.List(c.Org))
	exports := 0
	for _, ex := range c.Exports {
		exports += len(ex)
	}
	return tenantRow{Customer: publicCustomer(c), Integrations: convertAll(s.world.IntegrationsLocked(c), publicIntegration), Jobs: jobs,
		Candidates: count(records.Candidate.Name), Applications: count(records.Application.Name),
		InMails: len(c.InMails), Notes: len(c.Notes), Stubs: len(c.Stubs), Exports: exports,
		CallbackURL: s.world.Synced.Config(c.Org, sim.OneClickExport, sim.CallbackURL),
		JobViewers:  s.world.Synced.Config(c.Org, sim.OneClickExport, sim.JobViewers),
		AppView:     s.world.Synced.Config(c.Org, sim.InATSIndicator, sim.AppViewers)}
}

func (s *Server) consoleIndex(w http.ResponseWriter, r *http.Request) {
	s.world.Lock()
	var rows []tenantRow
	for _, c := range s.world.R.Customers() {
		rows = append(rows, s.tenantRowLocked(c))
	}
	members := s.world.R.MemberCount()
	s.world.Unlock()
	dels := s.Deliveries()
	slices.Reverse(dels)
	consolePages.Render(w, "index", http.StatusOK, console.NewView(r, "Tenants", map[string]any{
		"Tenants": rows, "Members": members, "Deliveries": dels[:min(len(dels), 20)], "BaseURL": s.URL(),
		"Problems": s.DeliveryProblems(),
	}))
}

func (s *Server) consoleTenant(w http.ResponseWriter, r *http.Request) {
	t, ok := s.tenantOf(w, r)
	if !ok {
		return
	}
	c := t.c
	s.world.Lock()
	row := s.tenantRowLocked(c)
	type seatRow struct {
		Seat
		ExportJobs int
	}
	var seats []seatRow
	for _, st := range c.Seats {
		seats = append(seats, seatRow{publicSeat(st), len(convertAll(s.world.Synced.ExportJobs(st.URN), jobOf))})
	}
	s.world.Unlock()
	var dels []Delivery
	problems := map[string]int{}
	var reasons []string
	for _, d := range s.Deliveries() {
		if row.CallbackURL != "" && d.URL == row.CallbackURL {
			dels = append(dels, d)
			if d.Err != "" {
				if problems[d.Err] == 0 {
					reasons = append(reasons, d.Err)
				}
				problems[d.Err]++
			}
		}
	}
	var ps []DeliveryProblem
	for _, r := range reasons {
		ps = append(ps, DeliveryProblem{Reason: r, Count: problems[r]})
	}
	slices.Reverse(dels)
	consolePages.Render(w, "tenant", http.StatusOK, console.NewView(r, "Tenant "+cmp.Or(row.Name, string(row.Organization)), map[string]any{
		"T": row, "Seats": seats, "Deliveries": dels, "Problems": ps,
	}))
}

func (s *Server) consoleJobs(w http.ResponseWriter, r *http.Request) {
	t, ok := s.tenantOf(w, r)
	if !ok {
		return
	}
	c := t.c
	type jobRow struct {
		Job
		Seats []Seat
	}
	var rows []jobRow
	for _, j := range s.Jobs(t.org) {
		row := jobRow{Job: j}
		s.world.Lock()
		for _, st := range c.Seats {
			if !j.Closed && s.world.Synced.JobVisible(c.Org, st.Holder.URN, j.ExternalJobPostingID) {
				row.Seats = append(row.Seats, publicSeat(st))
			}
		}
		s.world.Unlock()
		rows = append(rows, row)
	}
	consolePages.Render(w, "jobs", http.StatusOK, console.NewView(r, "Synced jobs", map[string]any{"Org": t.org, "Name": t.name, "Jobs": rows}))
}

func (s *Server) consoleCandidates(w http.ResponseWriter, r *http.Request) {
	t, ok := s.tenantOf(w, r)
	if !ok {
		return
	}
	c := t.c
	// candRow is a synced candidate as the page shows it, read from the
	// stored body with the fake's own field reads.
	type candRow struct {
		sim.CandidateFields
		Key     struct{ ATSCandidateID string }
		Matched []sim.Member
		Manual  *sim.Member
	}
	var rows []candRow
	s.world.Lock()
	for _, e := range s.sortedEntities(records.Candidate.Name, func(k rkey) bool { return k["ctx"] == c.Org }) {
		row := candRow{CandidateFields: sim.CandidateOf(e.Body)}
		row.Key.ATSCandidateID = e.Key["cand"]
		for _, u := range s.world.Synced.MatchedMembers(e) {
			m, _ := s.world.R.Member(u)
			row.Matched = append(row.Matched, m)
		}
		if m, ok := s.world.R.Member(row.ManualMatchedMember); ok {
			row.Manual = &m
		}
		rows = append(rows, row)
	}
	s.world.Unlock()
	consolePages.Render(w, "candidates", http.StatusOK, console.NewView(r, "Synced candidates", map[string]any{"Org": t.org, "Name": t.name, "Candidates": rows}))
}

func (s *Server) consoleApplications(w http.ResponseWriter, r *http.Request) {
	t, ok := s.tenantOf(w, r)
	if !ok {
		return
	}
	c := t.c
	// appRow is a synced application as the page shows it, read from the
	// stored body with the fake's own field reads.
	type appRow struct {
		Key                                                                     struct{ ATSJobApplicationID string }
		ATSCandidateID, FirstName, LastName, ATSJobPostingName, ATSJobPostingID string
		Stages                                                                  []string
		Notes, Feedback                                                         int
	}
	var rows []appRow
	s.world.Lock()
	inOrg := func(k rkey) bool { return k["ctx"] == c.Org }
	for _, e := range s.sortedEntities(records.Application.Name, inOrg) {
		row := appRow{ATSCandidateID: sim.Field(e, "atsCandidateId"), FirstName: sim.Field(e, "firstName"), LastName: sim.Field(e, "lastName"),
			ATSJobPostingName: sim.Field(e, "atsJobPostingName"), ATSJobPostingID: sim.Field(e, "atsJobPostingId")}
		row.Key.ATSJobApplicationID = e.Key["app"]
		ofApp := func(k rkey) bool { return inOrg(k) && k["app"] == e.Key["app"] }
		for _, st := range s.sortedEntities(records.Stage.Name, ofApp) {
			row.Stages = append(row.Stages, sim.Field(st, "stage"))
		}
		row.Notes = len(s.sortedEntities(records.ApplicationNote.Name, ofApp))
		row.Feedback = len(s.sortedEntities(records.Feedback.Name, ofApp))
		rows = append(rows, row)
	}
	s.world.Unlock()
	consolePages.Render(w, "applications", http.StatusOK, console.NewView(r, "Synced applications", map[string]any{"Org": t.org, "Name": t.name, "Applications": rows}))
}

// consoleMembers is the member search with its past applicants.
func (s *Server) consoleMembers(w http.ResponseWriter, r *http.Request) {
	t, ok := s.tenantOf(w, r)
	if !ok {
		return
	}
	query := r.URL.Query().Get("q")
	type memberRow struct {
		Member
		Candidates   int
		Applications int
	}
	var rows []memberRow
	past := 0
	for _, m := range s.SearchMembers(query) {
		ind := s.InATS(t.org, m.URN, "")
		rows = append(rows, memberRow{m, len(ind.Candidates), len(ind.Applications)})
		if len(ind.Applications) > 0 {
			past++
		}
	}
	consolePages.Render(w, "members", http.StatusOK, console.NewView(r, "Members", map[string]any{
		"Org": t.org, "Name": t.name, "Query": query, "Members": rows, "Past": past,
	}))
}

func (s *Server) consoleMember(w http.ResponseWriter, r *http.Request) {
	t, ok := s.tenantOf(w, r)
	if !ok {
		return
	}
	c := t.c
	q := r.URL.Query()
	m, ok := s.Member(model.URN(q.Get("member")))
	if !ok {
		consoleError(w, r, http.StatusNotFound, "No member "+q.Get("member")+". Pick one on the members page.")
		return
	}
	s.world.Lock()
	seats := convertAll(c.Seats, publicSeat)
	seat := model.URN(q.Get("seat"))
	if seat == "" && len(seats) > 0 {
		seat = seats[0].URN
	}
	if len(seats) > 0 && !slices.ContainsFunc(seats, func(st Seat) bool { return st.URN == seat }) {
		s.world.Unlock()
		consoleError(w, r, http.StatusNotFound, "Seat "+string(seat)+" is not a seat of this tenant.")
		return
	}
	ind := s.world.Synced.InATS(c.Org, string(m.URN), string(seat))
	jobs := convertAll(s.world.Synced.ExportJobs(string(seat)), jobOf)
	exports := slices.Clone(c.Exported[string(m.URN)])
	s.world.Unlock()
	inmails, _ := s.InMails(t.org, m.URN)
	notes, _ := s.ProspectNotes(t.org, m.URN)
	stubs, _ := s.MailStubs(t.org, m.URN)
	consolePages.Render(w, "member", http.StatusOK, console.NewView(r, m.Name(), map[string]any{
		"Org": t.org, "Name": t.name, "M": m, "Seat": seat, "Seats": seats, "Indicator": ind, "Jobs": jobs,
		"Exports": exports, "InMails": inmails, "Notes": notes, "Stubs": stubs,
	}))
}

func (s *Server) consoleSeat(w http.ResponseWriter, r *http.Request) {
	seat := r.URL.Query().Get("seat")
	s.world.Lock()
	c, sst, ok := s.world.R.SeatOwner(seat)
	st := publicSeat(sst)
	var jobs []Job
	var org model.URN
	var name string
	if ok {
		jobs, org, name = convertAll(s.world.Synced.ExportJobs(seat), jobOf), model.URN(c.Org), c.Name
	}
	s.world.Unlock()
	if !ok {
		consoleError(w, r, http.StatusNotFound, "No seat "+string(seat)+". Seats are listed on each tenant page.")
		return
	}
	consolePages.Render(w, "seat", http.StatusOK, console.NewView(r, "Seat "+string(seat), map[string]any{
		"Org": org, "Name": name, "S": st, "Jobs": jobs, "Members": s.Members(),
	}))
}

// consoleAction runs a form action and redirects back with its outcome.
func (s *Server) consoleAction(w http.ResponseWriter, r *http.Request, name string) {
	if !consolePages.ParsePost(w, r) {
		return
	}
	back := console.SafeBack(r.PostForm.Get("back"), "/_console/", "/_console/")
	msg, err := s.runConsoleAction(r.Context(), name, r.PostForm)
	if errors.Is(err, errNoAction) {
		consoleError(w, r, http.StatusNotFound, "No console action "+name+".")
		return
	}
	console.RedirectWith(w, r, back, msg, err)
}

var errNoAction = errors.New("rscmock: no such action")

// formError is a message for the person filling a form.
type formError string

func (e formError) Error() string { return string(e) }

func (s *Server) runConsoleAction(ctx context.Context, name string, f url.Values) (string, error) {
	seat, member := f.Get("seat"), f.Get("member")
	needMember := func() (Member, error) {
		s.world.Lock()
		m, ok := s.world.R.Member(member)
		s.world.Unlock()
		if !ok {
			return Member{}, formError("Choose a member: " + cmp.Or(member, "none given") + " is not a LinkedIn member of the mock.")
		}
		return publicMember(m), nil
	}
	switch name {
	case "export":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		job := f.Get("job")
		if job == "" {
			return "", formError("Choose a job to export to.")
		}
		id, d, err := s.world.Export(ctx, seat, member, job)
		if err != nil {
			return "", fmt.Errorf("cannot export %s to job %s: %w", m.Name(), job, err)
		}
		return fmt.Sprintf("Exported %s to job %s as %s: request %s; %s.", m.Name(), job, seat, id, deliverySummary(d)), nil
	case "inmail":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		if strings.TrimSpace(f.Get("body")) == "" {
			return "", formError("Write the InMail's message.")
		}
		if _, err := s.world.SendInMail(seat, member, f.Get("subject"), f.Get("body")); err != nil {
			return "", fmt.Errorf("cannot send the InMail to %s: %w", m.Name(), err)
		}
		return "InMail sent to " + m.Name() + ".", nil
	case "reply":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		share := f.Get("shareContact") != ""
		_, stub, err := s.world.ReplyInMail(seat, member, f.Get("body"), share)
		if err != nil {
			return "", fmt.Errorf("cannot record the reply of %s: %w", m.Name(), err)
		}
		if stub != nil {
			return m.Name() + " replied and shared contact details (mail stub " + stub.ID + ").", nil
		}
		return m.Name() + " replied.", nil
	case "note":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		text := strings.TrimSpace(f.Get("note"))
		if text == "" {
			return "", formError("Write the note.")
		}
		private := f.Get("private") != ""
		if _, err := s.world.AddProspectNote(seat, member, text, private); err != nil {
			return "", fmt.Errorf("cannot add the note on %s: %w", m.Name(), err)
		}
		if private {
			return "Private note added on " + m.Name() + " (not served by prospectNotes).", nil
		}
		return "Note added on " + m.Name() + ".", nil
	case "purge":
		m, err := needMember()
		if err != nil {
			return "", err
		}
		err = s.world.Purge(member)
		if err != nil {
			return "", fmt.Errorf("cannot purge %s: %w", m.Name(), err)
		}
		return m.Name() + " closed their profile: every export of theirs is in atsPurgedExportedCandidates.", nil
	case "integration":
		ictx, itype := f.Get("ctx"), f.Get("itype")
		on := f.Get("enabled") == "true"
		err := sim.CheckIntegrationKey(ictx, itype, sim.TenantRecruiter)
		var d delivery
		if err == nil {
			d, err = s.world.SetIntegrationEnabled(ctx, ictx, itype, sim.TenantRecruiter, on)
		}
		if err != nil {
			return "", fmt.Errorf("cannot change %s: %w", itype, err)
		}
		state := "disabled"
		if on {
			state = "enabled"
		}
		return fmt.Sprintf("%s %s for %s; %s.", itype, state, ictx, deliverySummary(d)), nil
	case "member":
		m := Member{FirstName: strings.TrimSpace(f.Get("firstName")), LastName: strings.TrimSpace(f.Get("lastName")),
			Email: strings.TrimSpace(f.Get("email")), Headline: strings.TrimSpace(f.Get("headline")),
			CurrentCompanyName: strings.TrimSpace(f.Get("company")), CurrentJobTitle: strings.TrimSpace(f.Get("title"))}
		if m.FirstName == "" || m.LastName == "" {
			return "", formError("A member needs a first and a last name.")
		}
		if m.Email != "" && !strings.Contains(m.Email, "@") {
			return "", formError("The email address " + m.Email + " has no @.")
		}
		m = s.AddMember(m)
		return "Added member " + m.Name() + " (" + string(m.URN) + ").", nil
	}
	return "", errNoAction
}

// deliverySummary tells what became of a notification.
func deliverySummary(d delivery) string {
	n := fmt.Sprintf("%s notification %s", d.Notification.Type, d.Notification.ID)
	switch {
	case d.Err != "":
		return n + " not delivered (" + d.Err + ")"
	case d.Status >= 300:
		return fmt.Sprintf("%s POSTed to %s, which answered %d", n, d.URL, d.Status)
	}
	return fmt.Sprintf("%s POSTed to %s (%d)", n, d.URL, d.Status)
}
