package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rsckit/rsckit/examples/internal/sqlitestore"
	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/connect"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
	"github.com/rsckit/rsckit/rscmock"
)

// The customer's LinkedIn identity: its organization and Recruiter
// contract, which an ATS learns from the onboarding widget.
const (
	organization = model.URN("urn:li:organization:1001")
	contract     = model.URN("urn:li:contract:2001")
)

// settle is how far behind now the pollers read (rscsync.PullConfig.Settle):
// LinkedIn needs a minute, the fake LinkedIn none.
const settle = 5 * time.Millisecond

// outcome is what one run did.
type outcome struct {
	run     int
	resumed bool
	// backfillTotal is what the backfill covers over all runs;
	// backfillSent and changesSent what this run sent.
	backfillTotal, backfillSent, changesSent int64
	// sent counts, per record ("resource parent/id"), how often this run
	// handed it to LinkedIn.
	sent     map[string]int
	requests int64
	// backfillRequests counts the backfill's requests per resource.
	backfillRequests map[rscsync.Resource]int64
	// backfillRecords counts the records this run's backfill sent per resource.
	backfillRecords map[rscsync.Resource]int64
	edit            liveEdit
	// exported and replied are the members of the recruiter's actions;
	// exportedID and repliedID their ATS candidates.
	exported, replied rscmock.Member
	// profile is the LinkedIn member of the edited candidate.
	profile               rscmock.Member
	exportedID, repliedID string
	// status is the admin page's onboarding status (RSC-101) after
	// LinkedIn was asked; bound are the users bound to seats in this run;
	// access says what each user may read of LinkedIn's InMails and notes.
	status string
	bound  []connect.Binding
	access []string
}

// tally is the Store as the engines see it; it counts the records they read
// to send: backfill pages (ScanRecords) and changed records (LoadRecords).
type tally struct {
	*sqlitestore.Store
	mu             sync.Mutex
	backfill, push int64
	sent           map[string]int
}

func (t *tally) count(r rscsync.Resource, recs []rscsync.Record, n *int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	*n += int64(len(recs))
	for _, rec := range recs {
		t.sent[string(r)+" "+rec.Ref.Parent+"/"+rec.Ref.ID]++
	}
}

// ScanRecords counts what the backfill sends.
func (t *tally) ScanRecords(ctx context.Context, tenant string, r rscsync.Resource, after string, limit int) ([]rscsync.Record, string, error) {
	recs, last, err := t.Store.ScanRecords(ctx, tenant, r, after, limit)
	t.count(r, recs, &t.backfill)
	return recs, last, err
}

// LoadRecords counts what push sends.
func (t *tally) LoadRecords(ctx context.Context, tenant string, r rscsync.Resource, refs []rscsync.Ref) ([]rscsync.Record, error) {
	recs, err := t.Store.LoadRecords(ctx, tenant, r, refs)
	t.count(r, recs, &t.push)
	return recs, err
}

func (t *tally) totals() (backfill, push int64) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.backfill, t.push
}

// quickstart runs the whole flow once.
func quickstart(ctx context.Context, o options, stdout, stderr io.Writer) (res *outcome, err error) {
	start := time.Now()
	log := newLogger(o.verbose, stderr)
	p := &printer{w: stdout}
	res = &outcome{}

	store, err := sqlitestore.Open(ctx, o.db)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	runs, _, err := store.Meta(ctx, "runs")
	if err != nil {
		return nil, err
	}
	prev, _ := strconv.Atoi(runs)
	res.run = prev + 1
	if err := store.SetMeta(ctx, "runs", strconv.Itoa(res.run)); err != nil {
		return nil, err
	}
	p.title("rsckit quickstart: run %d on %s", res.run, o.db)

	// 1. The ATS.
	p.section("1. The ATS (SQLite)")
	_, seeded, err := store.Meta(ctx, "seeded")
	if err != nil {
		return nil, err
	}
	if !seeded {
		if err := seedATS(ctx, store, o.candidates, start); err != nil {
			return nil, fmt.Errorf("create the ATS: %w", err)
		}
	}
	c, err := countATS(ctx, store)
	if err != nil {
		return nil, err
	}
	verb := "Created"
	if seeded {
		verb = "Opened"
	}
	p.line("%s an ATS with %d users, %s jobs (%s open, %s closed, %s private), %s candidates, %s applications, %s stage entries, %s notes and %s interview feedback entries.",
		verb, c.users, num(c.jobs), num(c.open), num(c.closed), num(c.private), num(c.candidates),
		num(c.applications), num(c.stages), num(c.notes), num(c.feedback))
	if c.fromLinkedIn > 0 {
		p.line("%d of the candidates came from LinkedIn in earlier runs.", c.fromLinkedIn)
	}

	// 2. LinkedIn: provisioning and onboarding, or resuming.
	p.section("2. LinkedIn (a fake one, in this process)")
	li := startLinkedIn(store, []string{tenantID}, log)
	defer li.close()
	t, _, err := store.LoadTenant(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	res.resumed = !t.OnboardedAt.IsZero()
	if res.resumed {
		if err := li.loadState(statePath(o.db)); err != nil {
			return nil, err
		}
	}
	defer func() {
		if serr := li.saveState(statePath(o.db)); serr != nil {
			err = errors.Join(err, fmt.Errorf("save the fake LinkedIn's state: %w", serr))
		}
	}()
	states := onboardingStates{store: store}
	if res.resumed {
		p.line("Resumed: Acme was onboarded on %s; its child application %s signs in with the credentials stored in the database, and the fake LinkedIn's state is read from %s.",
			t.OnboardedAt.Local().Format("2 Jan 15:04"), t.Application, statePath(o.db))
	} else if t, err = onboard(ctx, p, store, li, t, res); err != nil {
		return nil, fmt.Errorf("onboard Acme: %w", err)
	}
	client, err := li.client(t)
	if err != nil {
		return nil, err
	}
	if res.resumed {
		// The admin page asks LinkedIn again: the customer may have
		// switched the integration off since.
		if err := refreshOnboarding(ctx, p, states, client, res); err != nil {
			return nil, fmt.Errorf("refresh the onboarding state: %w", err)
		}
	}
	tl := &tally{Store: store, sent: map[string]int{}}
	res.sent = tl.sent
	bf, err := backfillStatus(ctx, store)
	if err != nil {
		return nil, err
	}
	prog := newProgress(stderr, bf)
	// The engines run only what LinkedIn enabled: connect.EnabledTenants
	// keeps a tenant while its onboarding state says so.
	tenants := connect.EnabledTenants{States: states,
		Source: rscsync.Tenants{{ID: tenantID, Client: client, Organization: model.URN(t.Organization), Contract: model.URN(t.Contract)}}}
	if listed, err := tenants.Tenants(ctx); err != nil {
		return nil, err
	} else if len(listed) == 0 {
		p.line("connect.EnabledTenants lists no tenant: the engines send nothing until Acme's admin enables the integration again.")
		return res, nil
	}
	runner, err := rscsync.NewRunner(tl, tenants,
		rscsync.Config{
			Owner:      "quickstart", // a rerun after a crash takes its own lease back at once
			MaxBackoff: time.Second,
			Progress:   prog.update,
			Intake:     rscsync.NewIntake(store.ATS("US"), "US", log),
			Pull:       rscsync.PullConfig{Settle: settle, Lookback: 24 * time.Hour},
			Logger:     log,
		})
	if err != nil {
		return nil, err
	}
	syncOnce := func(what string) error {
		if err := runner.SyncOnce(ctx); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}

	// 3. Backfill.
	p.section("3. Backfill")
	pending, err := store.PendingIntents(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	if bf.complete() {
		p.line("Already complete: %s records were sent in earlier runs; none is sent again.", num(bf.done()))
	} else if bf.done() > 0 {
		p.line("Resuming from the checkpoints: %s of %s records were sent before.", num(bf.done()), num(bf.total()))
	} else {
		p.line("Sending %s records, page by page, with a checkpoint after each (progress on stderr).", num(bf.total()))
	}
	p.line("Outbox: %d changes waiting.", pending)
	began := time.Now()
	pathsBefore := li.byPath.snapshot()
	prog.begin()
	err = syncOnce("backfill")
	prog.finish()
	if err != nil {
		return nil, err
	}
	after, err := backfillStatus(ctx, store)
	if err != nil {
		return nil, err
	}
	if !after.complete() {
		return nil, errors.New("backfill incomplete: another process may hold the tenant's lease")
	}
	res.backfillSent, _ = tl.totals()
	res.backfillTotal = after.done()
	if res.backfillSent > 0 {
		secs := time.Since(began).Seconds()
		p.line("Sent %s records in %.1f s (%s records/s): %s.", num(res.backfillSent), secs, num(int64(float64(res.backfillSent)/secs)), after.breakdown())
		res.backfillRequests = requestsPerResource(pathsBefore, li.byPath.snapshot())
		res.backfillRecords = after.sentSince(bf)
		p.line("Requests per record: %s.", after.requestsPerRecord(bf, res.backfillRequests))
	} else {
		p.line("Sent 0 records: the backfill resumed from its checkpoints and found nothing left.")
	}

	// 4. A change made while running.
	p.section("4. A change made while running")
	e, err := editCandidate(ctx, store, res.run, time.Now())
	if err != nil {
		return nil, fmt.Errorf("edit a candidate: %w", err)
	}
	res.edit = e
	ec := e.candidate
	p.line("A recruiter edits %s %s %s in the ATS: job title %q -> %q, and application %s moves from %q to %q.",
		ec.ID, ec.FirstName, ec.LastName, e.oldTitle, e.newTitle, e.application, e.fromStage, e.toStage)
	p.line("The host's SQL and its 2 outbox rows commit in one transaction.")
	_, pushBefore := tl.totals()
	if err := syncOnce("push the change"); err != nil {
		return nil, err
	}
	latency := time.Since(e.committed)
	if err := checkEdit(li.srv, e); err != nil {
		return nil, err
	}
	_, pushAfter := tl.totals()
	p.line("Pushed %d records %d ms after the commit; LinkedIn now has the new title and stage.", pushAfter-pushBefore, latency.Milliseconds())

	// 5. Recruiter activity in LinkedIn, then pull and intake.
	p.section("5. Recruiter activity in LinkedIn")
	if err := recruiterActivity(ctx, p, li, store, res); err != nil {
		return nil, err
	}
	time.Sleep(2 * settle)
	for range 5 {
		if err := syncOnce("pull"); err != nil {
			return nil, err
		}
		if n, err := store.PendingIntents(ctx, tenantID); err != nil || n == 0 {
			if err != nil {
				return nil, err
			}
			break
		}
	}
	kinds, err := intakeSince(ctx, store, start)
	if err != nil {
		return nil, err
	}
	p.line("Pull and intake: %s.", kinds)

	// 6. The report.
	if err := report(ctx, p, li, store, t, res); err != nil {
		return nil, err
	}
	backfill, push := tl.totals()
	res.changesSent = push
	res.requests = li.requests.Load()
	pending, err = store.PendingIntents(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	parked, err := store.Parked(ctx, tenantID)
	if err != nil {
		return nil, err
	}
	p.section("Sent to LinkedIn in this run")
	p.line("Backfill: %s records (the backfill covers %s records over all runs, and is complete).", num(backfill), num(res.backfillTotal))
	p.line("Changes:  %s records; %d left in the outbox, %d parked.", num(push), pending, len(parked))
	p.line("Requests: %s API calls.", num(res.requests))
	p.blank()
	p.line("Done in %.1f s. Run it again: it resumes from %s and sends nothing twice.", time.Since(start).Seconds(), o.db)
	return res, nil
}

// connectLinkedIn is the LinkedIn side of the onboarding: naming the
// integrations for the organization and contract the customer connected in
// the onboarding widget binds them to the child application, and
// CALLBACK_URL is registered with the tenant's secret tokens (LinkedIn
// signs nothing it posts there: the token in the URL is what tells its
// notifications from anybody else's). It sets no viewers: the quickstart
// syncs each job's hiring team as an access list, and JOB_POSTING_VIEWERS
// or APPLICATION_VIEWERS set to ALL_PRODUCT_USERS would show the secured
// jobs' applications to every Recruiter user, also after a recruiter left
// the team (certification rules RSC-402 and RSC-403).
func connectLinkedIn(ctx context.Context, client *rsc.Client, org, contract model.URN, customer, callback string, tokens rsc.CallbackTokens) error {
	if _, err := client.Integrations.Enable(ctx, rsc.EnableRequest{Organization: org, Contract: contract, CustomerName: customer}); err != nil {
		return fmt.Errorf("name the integrations: %w", err)
	}
	if err := client.Configurations.RegisterCallbackURL(ctx, org, callback, tokens); err != nil {
		return fmt.Errorf("register CALLBACK_URL: %w", err)
	}
	return nil
}

// onboard provisions Acme and connects it to LinkedIn, as an ATS does once
// per customer.
func onboard(ctx context.Context, p *printer, store *sqlitestore.Store, li *linkedIn, t sqlitestore.TenantRow, res *outcome) (sqlitestore.TenantRow, error) {
	partner, err := li.partner()
	if err != nil {
		return t, err
	}
	app, created, err := partner.ProvisionCustomer(ctx, model.ProvisionedApplication{UniqueForeignID: "quickstart-" + tenantID,
		Name: "Quickstart ATS - Acme", Description: "The quickstart ATS's instance for its customer Acme",
		// Where LinkedIn's sign-in sends users back (connect.Binder).
		OAuth2AuthorizedCallbackURLs: []string{signedInURL}})
	if err != nil {
		return t, fmt.Errorf("provision: %w", err)
	}
	t.Application, t.ClientID, t.ClientSecret = string(app.Key), app.Credentials.ClientID, app.Credentials.ClientSecret.Reveal()
	t.Organization, t.Contract = string(organization), string(contract)
	if err := store.SaveTenant(ctx, t); err != nil {
		return t, err
	}
	verb := "Provisioned"
	if !created {
		verb = "Found"
	}
	p.line("%s Acme's child application %s with the partner application; its credentials are stored in the database (a production ATS encrypts the secret).", verb, app.Key)

	client, err := li.client(t)
	if err != nil {
		return t, err
	}
	// The secret token of CALLBACK_URL is stored with the tenant before
	// LinkedIn learns the URL.
	if t.Callback.Current == "" {
		if t.Callback, err = rsc.NewCallbackTokens(); err != nil {
			return t, err
		}
		if err := store.SaveTenant(ctx, t); err != nil {
			return t, err
		}
	}
	if err := connectLinkedIn(ctx, client, organization, contract, "Acme", callbackURL(tenantID), t.Callback); err != nil {
		return t, err
	}
	p.line("Named the 4 RSC integrations of %s and %s.", organization, contract)
	p.line("CALLBACK_URL: %s/<secret token>, an rsc.NotificationHandler in this process that queues into the database and refuses posts without the token.", callbackURL(tenantID))

	// Acme's Recruiter admin assigns seats in LinkedIn Recruiter.
	members := map[string]rscmock.Member{}
	for _, u := range users {
		if u.linkedInEmail == "" {
			continue
		}
		seat, err := li.srv.AddSeat(contract, rscmock.Member{FirstName: u.FirstName, LastName: u.LastName, Email: u.linkedInEmail,
			Headline: "Talent acquisition at Acme", CurrentCompanyName: "Acme"})
		if err != nil {
			return t, err
		}
		members[u.ID] = seat.Holder
	}

	// The onboarding widget, then Acme's Recruiter admin switches the
	// integrations on, and the admin page asks LinkedIn.
	states := onboardingStates{store: store}
	if err := requestInWidget(ctx, p, states, li); err != nil {
		return t, err
	}
	delivered := 0
	for _, k := range (rsc.EnableRequest{Organization: organization, Contract: contract}).Keys() {
		d, err := li.srv.SetIntegrationEnabled(ctx, k, true)
		if err != nil {
			return t, err
		}
		if d.Status == 200 {
			delivered++
		}
	}
	p.line("Acme's admin enabled them in Recruiter; %d INTEGRATION_STATUS_CHANGE notifications reached the ATS.", delivered)
	if err := refreshOnboarding(ctx, p, states, client, res); err != nil {
		return t, err
	}

	// Users who hold a seat sign in with LinkedIn once; each is bound to
	// their seat, which turns their hiring teams into job ACLs.
	bound, err := bindUsers(ctx, li, store, t, client, members)
	if err != nil {
		return t, fmt.Errorf("bind users to seats: %w", err)
	}
	res.bound = bound
	var names []string
	for _, b := range bound {
		names = append(names, fmt.Sprintf("%s %s (%s)", b.FirstName, b.LastName, b.Seat))
	}
	p.line("%d ATS users signed in with LinkedIn (connect.Binder) and were bound to their seats by person URN (connect.FindSeat): %s.",
		len(bound), strings.Join(names, ", "))
	p.line("Their hiring teams of private jobs become job ACLs; the other %d users have no seat.", len(users)-len(bound))
	t.OnboardedAt = time.Now()
	return t, store.SaveTenant(ctx, t)
}

// checkEdit checks that LinkedIn has the edited title and the new stage.
func checkEdit(srv *rscmock.Server, e liveEdit) error {
	got, ok := srv.SyncedCandidate(model.CandidateKey{IntegrationContext: organization, ATSCandidateID: e.candidate.ID})
	var c model.Candidate
	if ok {
		ok = jsonInto(got.Body, &c) == nil && c.CurrentJobTitle == e.newTitle
	}
	if !ok {
		return fmt.Errorf("LinkedIn does not have the new title of %s", e.candidate.ID)
	}
	stage, ok := srv.SyncedStage(model.StageKey{Application: model.ApplicationKey{IntegrationContext: organization, ATSJobApplicationID: e.application}, StageID: e.stageID})
	var s model.ApplicationStage
	if !ok || jsonInto(stage.Body, &s) != nil || s.Stage != e.toStage {
		return fmt.Errorf("LinkedIn does not have stage %s of %s", e.stageID, e.application)
	}
	return nil
}

// The members of the recruiter's actions: a different pair every run.
var (
	exportees = []rscmock.Member{
		{FirstName: "Mary", LastName: "Jackson", Headline: "Aerospace engineer", CurrentCompanyName: "NACA", CurrentJobTitle: "Engineer"},
		{FirstName: "Jean", LastName: "Bartik", Headline: "ENIAC programmer", CurrentCompanyName: "Remington Rand", CurrentJobTitle: "Programmer"},
		{FirstName: "Sophie", LastName: "Wilson", Headline: "Instruction set designer", CurrentCompanyName: "Acorn", CurrentJobTitle: "Chip Designer"},
		{FirstName: "Annie", LastName: "Easley", Headline: "Rocket scientist", CurrentCompanyName: "NASA", CurrentJobTitle: "Programmer"},
	}
	repliers = []rscmock.Member{
		{FirstName: "Evelyn", LastName: "Granville", Headline: "Mathematician", CurrentCompanyName: "IBM", CurrentJobTitle: "Mathematician"},
		{FirstName: "Joan", LastName: "Clarke", Headline: "Cryptanalyst", CurrentCompanyName: "GCHQ", CurrentJobTitle: "Cryptanalyst"},
		{FirstName: "Betty", LastName: "Holberton", Headline: "Compiler pioneer", CurrentCompanyName: "Remington Rand", CurrentJobTitle: "Programmer"},
		{FirstName: "Kathleen", LastName: "Booth", Headline: "Assembly language inventor", CurrentCompanyName: "Birkbeck", CurrentJobTitle: "Researcher"},
	}
)

// recruiterActivity has Rita, in Recruiter, export a member to a job (with
// a note) and InMail another, who replies sharing contact details. The
// edited candidate also has a LinkedIn profile, which Recruiter matches by
// email.
func recruiterActivity(ctx context.Context, p *printer, li *linkedIn, store *sqlitestore.Store, res *outcome) error {
	us, err := store.Users(ctx, tenantID)
	if err != nil {
		return err
	}
	rita := us[0]
	if rita.Seat == "" {
		return errors.New("user U1 (Rita) has no seat")
	}
	ec := res.edit.candidate
	if len(ec.Emails) == 0 {
		return fmt.Errorf("candidate %s has no email", ec.ID)
	}
	res.profile = li.srv.AddMember(rscmock.Member{FirstName: ec.FirstName, LastName: ec.LastName, Email: ec.Emails[0],
		Headline: ec.Title + " at " + ec.Company, CurrentCompanyName: ec.Company, CurrentJobTitle: ec.Title})
	jobs := li.srv.ExportJobs(rita.Seat)
	if len(jobs) == 0 {
		return errors.New("no job in Rita's Export to ATS list")
	}
	job := jobs[(res.run-1)%len(jobs)]
	i := (res.run - 1) % len(exportees)
	ex := exportees[i]
	ex.Email = fmt.Sprintf("%s.%s.%d@members.example", strings.ToLower(ex.FirstName), strings.ToLower(ex.LastName), res.run)
	res.exported = li.srv.AddMember(ex)
	reqID, d, err := li.srv.Export(ctx, rita.Seat, res.exported.URN, job.ExternalJobPostingID)
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if d.Status != 200 {
		return fmt.Errorf("export notification not delivered: %s (status %d)", d.Err, d.Status)
	}
	if _, err := li.srv.AddProspectNote(rita.Seat, res.exported.URN, "Strong systems background; keen on the role.", false); err != nil {
		return err
	}
	p.line("Rita Recruiter's Export to ATS list has %d jobs (her hiring teams' private jobs, by ACL).", len(jobs))
	p.line("She exports %s to %s %q (request %s; LinkedIn's notification reached the ATS) and adds a Recruiter note about her.",
		res.exported.Name(), job.ExternalJobPostingID, job.Title, reqID)

	rp := repliers[i]
	rp.Email = fmt.Sprintf("%s.%s.%d@members.example", strings.ToLower(rp.FirstName), strings.ToLower(rp.LastName), res.run)
	res.replied = li.srv.AddMember(rp)
	if _, err := li.srv.SendInMail(rita.Seat, res.replied.URN, "A role at Acme", "Would you like to hear about a role on our team?"); err != nil {
		return err
	}
	if _, _, err := li.srv.ReplyInMail(rita.Seat, res.replied.URN, "Happy to talk, here are my details.", true); err != nil {
		return err
	}
	p.line("She InMails %s, who replies and shares her contact details.", res.replied.Name())
	return nil
}

// intakeSince describes the intake's changes since t.
func intakeSince(ctx context.Context, store *sqlitestore.Store, t time.Time) (string, error) {
	rows, err := store.DB().QueryContext(ctx, `SELECT kind, count(*) FROM intake_applied WHERE tenant = ? AND at >= ? GROUP BY kind`, tenantID, t.UnixNano())
	if err != nil {
		return "", err
	}
	defer rows.Close()
	names := map[string]string{"export": "One-Click Export", "stub": "shared contact details", "inmail": "InMail", "note": "Recruiter note", "purge": "purged profile"}
	var parts []string
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return "", err
		}
		name := names[kind]
		if n != 1 && !strings.HasSuffix(name, "details") {
			name += "s"
		}
		parts = append(parts, fmt.Sprintf("%d %s", n, name))
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	if len(parts) == 0 {
		return "nothing new", nil
	}
	slices.Sort(parts)
	return strings.Join(parts, ", "), nil
}
