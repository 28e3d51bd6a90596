package certify

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rsc"
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// This file is the kit's one coupling to rsc/sync's Store shapes: SyncHost,
// a Harness for ATSs that run rsc/sync's engines over a Store of their own.

// RecordWriter is how the ATS writes its own records: the change and its
// outbox intent in one transaction.
type RecordWriter interface {
	// PutRecord stores (or replaces) rec as a record of resource r and
	// records an upsert intent for it in the same transaction; with quiet
	// set it records none (data from before the integration).
	PutRecord(ctx context.Context, tenant string, r rscsync.Resource, rec rscsync.Record, quiet bool) error
	// DeleteRecord removes the record and records a delete intent for it.
	DeleteRecord(ctx context.Context, tenant string, r rscsync.Resource, ref rscsync.Ref) error
}

// SyncHost is a Harness over an rsc/sync integration: the vendor's Store
// (or the Parts its engines are built from), the way it writes records, its
// intake (rscsync.ATS) and a report of what it received. Connect does what
// an ATS's onboarding does (names the integrations, registers a
// CALLBACK_URL with a secret token, sets the viewers when ViewersAll; or
// runs the ATS's own Onboard) and starts an rscsync.Runner for the tenant;
// Sync is Runner.SyncOnce. Deleting a candidate or an application deletes
// what is under it, as an ATS's delete does.
//
// Its fields are read by Connect and must not change after it.
type SyncHost struct {
	// Store is the vendor's Store, for a host that implements every
	// engine interface in one type (rscsync.PartsOf). A host that composes
	// its engines (its own RecordReader and Applier over its ATS tables
	// with an rscstore module's Queue, CheckpointStore and Parker) leaves
	// it nil and sets Parts. The kit's callback handler enqueues
	// notifications into the Queue, and reads records, checkpoints and
	// counts through the same parts.
	Store rscsync.Store
	// Parts are the engines' parts when Store is nil (rscsync.NewRunnerFrom).
	Parts rscsync.Parts
	// Writer writes the ATS's records.
	Writer RecordWriter
	// ATS, when set, runs the intake (rscsync.NewIntake): One-Click Exports
	// become candidates and hiring processes, which the Applier stores with
	// the checkpoint (Batch.ATSChanges). Without it the Applier keeps the
	// exports as pulled changes only, and the ATS takes none in.
	ATS rscsync.ATS
	// Report, when set, reports what the ATS received (exports, links,
	// integrations); SyncHost adds the links its candidate records carry
	// and the historical sync's progress from the checkpoints.
	Report func(ctx context.Context, tenant string) (Received, error)
	// ViewersAll sets JOB_POSTING_VIEWERS and APPLICATION_VIEWERS to
	// ALL_PRODUCT_USERS when connecting: for an ATS that does not sync
	// access lists. An ATS that does leaves them unset, so that LinkedIn
	// applies its ACLs.
	ViewersAll bool
	// Onboard, when set, is the ATS's own onboarding of a customer
	// instance, which Connect runs instead of its own (naming the
	// integrations, registering CALLBACK_URL, the viewers of ViewersAll),
	// so that the kit judges what the ATS's code configures. It must
	// register callbackURL with tokens (rsc.ConfigurationsService's
	// RegisterCallbackURL), or the kit's handler refuses LinkedIn's pushes.
	Onboard func(ctx context.Context, client *rsc.Client, in Instance, callbackURL string, tokens rsc.CallbackTokens) error
	// CallbackBase is the CALLBACK_URL before the tenant and token
	// (default https://ats.example.com/linkedin/callback).
	CallbackBase string
	// SiteURL makes jobs' companyApplyUrl and candidates' externalProfileUrl
	// (default https://ats.example.com).
	SiteURL string
	// ClientOptions are added to each tenant's rsc client.
	ClientOptions []rsc.Option
	// Config is the Runner's configuration; Intake, Owner and zero
	// intervals are filled in.
	Config rscsync.Config
	// Logger receives the engines' and the callback handler's logs.
	Logger *slog.Logger

	mu      sync.Mutex
	tenants map[string]*hostTenant
}

// parts returns the Parts of the host's engines.
func (h *SyncHost) parts() rscsync.Parts {
	if h.Store != nil {
		return rscsync.PartsOf(h.Store)
	}
	return h.Parts
}

type hostTenant struct {
	runner *rscsync.Runner
	tokens rsc.CallbackTokens
}

func (h *SyncHost) logger() *slog.Logger {
	if h.Logger == nil {
		return slog.New(slog.DiscardHandler)
	}
	return h.Logger
}

func (h *SyncHost) site() string {
	if h.SiteURL == "" {
		return "https://ats.example.com"
	}
	return strings.TrimSuffix(h.SiteURL, "/")
}

// Connect implements Harness.
func (h *SyncHost) Connect(ctx context.Context, in Instance) error {
	if p := h.parts(); p.Records == nil || p.Queue == nil || p.Checkpoints == nil || h.Writer == nil {
		return errors.New("certify: SyncHost needs a Store (or Parts with Records, Queue and Checkpoints) and a Writer")
	}
	client, err := in.NewClient(h.ClientOptions...)
	if err != nil {
		return err
	}
	tokens, err := rsc.NewCallbackTokens()
	if err != nil {
		return err
	}
	// The token is kept before LinkedIn learns the URL, so the first push
	// is accepted.
	t := &hostTenant{tokens: tokens}
	h.mu.Lock()
	if h.tenants == nil {
		h.tenants = map[string]*hostTenant{}
	}
	h.tenants[in.Tenant] = t
	h.mu.Unlock()
	base := h.CallbackBase
	if base == "" {
		base = "https://ats.example.com/linkedin/callback"
	}
	onboard := h.Onboard
	if onboard == nil {
		onboard = h.onboard
	}
	if err := onboard(ctx, client, in, strings.TrimSuffix(base, "/")+"/"+in.Tenant, tokens); err != nil {
		return err
	}
	cfg := h.Config
	cfg.Owner = "certify-" + in.Tenant
	cfg.Logger = h.logger()
	if cfg.MaxBackoff == 0 {
		cfg.MaxBackoff = 100 * time.Millisecond
	}
	if cfg.Pull.Settle == 0 {
		cfg.Pull.Settle = 5 * time.Millisecond
	}
	if cfg.Pull.Lookback == 0 {
		cfg.Pull.Lookback = 24 * time.Hour
	}
	if h.ATS != nil {
		cfg.Intake = rscsync.NewIntake(h.ATS, "US", h.logger())
	}
	runner, err := rscsync.NewRunnerFrom(h.parts(), rscsync.Tenants{{ID: in.Tenant, Client: client, Organization: in.Organization, Contract: in.Contract}}, cfg)
	if err != nil {
		return err
	}
	h.mu.Lock()
	t.runner = runner
	h.mu.Unlock()
	return nil
}

// onboard is Connect's onboarding without Onboard: it names the
// integrations, registers callbackURL with tokens and, with ViewersAll,
// sets the viewers to ALL_PRODUCT_USERS.
func (h *SyncHost) onboard(ctx context.Context, client *rsc.Client, in Instance, callbackURL string, tokens rsc.CallbackTokens) error {
	if _, err := client.Integrations.Enable(ctx, rsc.EnableRequest{Organization: in.Organization, Contract: in.Contract, CustomerName: in.Name}); err != nil {
		return fmt.Errorf("name the integrations: %w", err)
	}
	if err := client.Configurations.RegisterCallbackURL(ctx, in.Organization, callbackURL, tokens); err != nil {
		return fmt.Errorf("register the CALLBACK_URL: %w", err)
	}
	if !h.ViewersAll {
		return nil
	}
	cfg := func(it model.IntegrationType, name model.ConfigurationName) model.IntegrationConfiguration {
		return model.IntegrationConfiguration{Key: model.ConfigurationKey{Name: name,
			Integration: model.IntegrationKey{IntegrationContext: in.Organization, IntegrationType: it, TenantType: model.TenantTypeRecruiter}},
			Value: model.ConfigurationValue{String: model.AllProductUsers}}
	}
	rs, err := client.Configurations.BatchUpdate(ctx, []model.IntegrationConfiguration{
		cfg(model.IntegrationTypeOneClickExport, model.ConfigJobPostingViewers),
		cfg(model.IntegrationTypeInATSIndicator, model.ConfigApplicationViewers)})
	if err != nil {
		return fmt.Errorf("set the viewers: %w", err)
	}
	for _, r := range rs {
		if r.Err != nil {
			return fmt.Errorf("set the viewers: %w", r.Err)
		}
	}
	return nil
}

func (h *SyncHost) tenant(id string) (*hostTenant, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	t := h.tenants[id]
	if t == nil || t.runner == nil {
		return nil, fmt.Errorf("certify: tenant %s is not connected", id)
	}
	return t, nil
}

// Sync implements Harness: one Runner.SyncOnce of the tenant.
func (h *SyncHost) Sync(ctx context.Context, tenant string) error {
	t, err := h.tenant(tenant)
	if err != nil {
		return err
	}
	return t.runner.SyncOnce(ctx)
}

// Callbacks implements Harness: POST {CallbackBase}/{tenant}/{token}, an
// rsc.NotificationHandler per tenant that enqueues into the Queue
// (rscsync.NotificationItem).
func (h *SyncHost) Callbacks() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if r.Method != http.MethodPost || len(parts) < 2 {
			http.NotFound(w, r)
			return
		}
		id := parts[len(parts)-2]
		h.mu.Lock()
		t := h.tenants[id]
		h.mu.Unlock()
		if t == nil {
			http.NotFound(w, r)
			return
		}
		(&rsc.NotificationHandler{Logger: h.logger(),
			Tokens: func(context.Context) (rsc.CallbackTokens, error) { return t.tokens, nil },
			Handle: func(ctx context.Context, n model.Notification) error {
				return h.parts().Queue.Enqueue(ctx, rscsync.NotificationItem(id, n, time.Now()))
			},
		}).ServeHTTP(w, r)
	})
}

// Received implements Harness.
func (h *SyncHost) Received(ctx context.Context, tenant string) (Received, error) {
	var r Received
	if h.Report != nil {
		var err error
		if r, err = h.Report(ctx, tenant); err != nil {
			return r, err
		}
	}
	if r.Links == nil {
		r.Links = map[string]model.URN{}
	}
	cands, err := h.scan(ctx, tenant, rscsync.Candidates)
	if err != nil {
		return r, err
	}
	for _, c := range cands {
		if v, ok := c.Value.(model.Candidate); ok && v.ManualMatchedMember != "" && r.Links[c.Ref.ID] == "" {
			r.Links[c.Ref.ID] = v.ManualMatchedMember
		}
	}
	p := SyncProgress{Complete: true, ShownAs: "the admin status page (rscsync.Runner.StatusHandler): backfillComplete"}
	parts := h.parts()
	counter := parts.Counter
	for _, res := range rscsync.Resources() {
		cp, err := parts.Checkpoints.LoadCheckpoint(ctx, rscsync.StreamID{Tenant: tenant, Name: "backfill/" + string(res)})
		if err != nil {
			return r, err
		}
		p.Done += cp.Done
		p.Complete = p.Complete && cp.Complete
		if counter != nil {
			n, err := counter.CountRecords(ctx, tenant, res)
			if err != nil {
				return r, err
			}
			p.Total += n
		}
	}
	if p.Complete {
		p.ShownAs += fmt.Sprintf(" true, %d records sent", p.Done)
	} else {
		p.ShownAs += fmt.Sprintf(" false, %d of %d records sent", p.Done, p.Total)
	}
	r.HistoricalSync = p
	return r, nil
}

// scan returns every record of a resource of tenant.
func (h *SyncHost) scan(ctx context.Context, tenant string, res rscsync.Resource) ([]rscsync.Record, error) {
	var out []rscsync.Record
	after := ""
	for {
		recs, last, err := h.parts().Records.ScanRecords(ctx, tenant, res, after, 100)
		if err != nil {
			return nil, err
		}
		if len(recs) == 0 {
			return out, nil
		}
		out = append(out, recs...)
		after = last
	}
}

func (h *SyncHost) load(ctx context.Context, tenant string, res rscsync.Resource, ref rscsync.Ref) (model.Record, bool, error) {
	recs, err := h.parts().Records.LoadRecords(ctx, tenant, res, []rscsync.Ref{ref})
	if err != nil || len(recs) == 0 {
		return nil, false, err
	}
	return recs[0].Value, true, nil
}

// Apply implements Harness.
func (h *SyncHost) Apply(ctx context.Context, tenant string, changes ...Change) error {
	for _, c := range changes {
		var err error
		if c.Delete {
			err = h.delete(ctx, tenant, c.Record)
		} else {
			err = h.put(ctx, tenant, c.Record, c.History)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", c.Record.Describe(), err)
		}
	}
	return nil
}

func millis(t time.Time) model.EpochMillis { return model.Millis(t) }

func (h *SyncHost) put(ctx context.Context, tenant string, rec Record, quiet bool) error {
	w := func(res rscsync.Resource, ref rscsync.Ref, v model.Record) error {
		return h.Writer.PutRecord(ctx, tenant, res, rscsync.Record{Ref: ref, Value: v}, quiet)
	}
	switch r := rec.(type) {
	case Job:
		av, state := model.AvailabilityPrivate, model.JobStateListed
		if r.Public {
			av = model.AvailabilityPublic
		}
		if r.Closed {
			state = model.JobStateClosed
		}
		return w(rscsync.Jobs, rscsync.Ref{ID: r.ID}, model.JobPosting{ExternalJobPostingID: r.ID, Title: r.Title, Description: r.Description,
			ListedAt: millis(r.Listed), Location: r.Location, CompanyApplyURL: h.site() + "/jobs/" + r.ID, Availability: av, State: state})
	case Candidate:
		v := model.Candidate{FirstName: r.FirstName, LastName: r.LastName, EmailAddresses: []string{r.Email}, CurrentJobTitle: r.Title,
			ATSCreatedAt: millis(r.Created), ATSLastModifiedAt: millis(r.Modified), ExternalProfileURL: h.site() + "/candidates/" + r.ID,
			Addresses: []model.Address{}, PhoneNumbers: []model.PhoneNumber{}}
		// The ATS keeps the member a user linked (RSC-304) when the
		// candidate changes.
		old, ok, err := h.load(ctx, tenant, rscsync.Candidates, rscsync.Ref{ID: r.ID})
		if err != nil {
			return err
		}
		if oc, isCand := old.(model.Candidate); ok && isCand {
			v.ManualMatchedMember = oc.ManualMatchedMember
		}
		return w(rscsync.Candidates, rscsync.Ref{ID: r.ID}, v)
	case Application:
		name := r.JobID
		if j, ok, err := h.load(ctx, tenant, rscsync.Jobs, rscsync.Ref{ID: r.JobID}); err != nil {
			return err
		} else if jp, isJob := j.(model.JobPosting); ok && isJob {
			name = jp.Title
		}
		app := model.Application{ATSCandidateID: r.CandidateID, ATSJobPostingID: r.JobID,
			ATSJobPostingName: name, ATSCreatedAt: millis(r.Created), ATSLastModifiedAt: millis(r.Created)}
		if c, ok, err := h.load(ctx, tenant, rscsync.Candidates, rscsync.Ref{ID: r.CandidateID}); err != nil {
			return err
		} else if cand, isCand := c.(model.Candidate); ok && isCand {
			app.FirstName, app.LastName = cand.FirstName, cand.LastName
			if len(cand.EmailAddresses) > 0 {
				app.CandidateEmail = cand.EmailAddresses[0]
			}
		}
		return w(rscsync.Applications, rscsync.Ref{ID: r.ID}, app)
	case Stage:
		return w(rscsync.Stages, rscsync.Ref{ID: r.ID, Parent: r.ApplicationID}, model.ApplicationStage{ATSCreatedAt: millis(r.At), Stage: r.Name})
	case CandidateNote:
		return w(rscsync.CandidateNotes, rscsync.Ref{ID: r.ID, Parent: r.CandidateID}, model.CandidateNote{ATSCreatedAt: millis(r.At), Note: r.Text})
	case ApplicationNote:
		return w(rscsync.ApplicationNotes, rscsync.Ref{ID: r.ID, Parent: r.ApplicationID}, model.ApplicationNote{ATSCreatedAt: millis(r.At), Note: r.Text})
	case Feedback:
		return w(rscsync.InterviewFeedback, rscsync.Ref{ID: r.ID, Parent: r.ApplicationID}, model.InterviewFeedback{ATSCreatedAt: millis(r.At), Feedback: r.Text})
	case ACLMember:
		if err := w(rscsync.EntityACLs, rscsync.Ref{ID: r.ACLID, Parent: r.JobID}, model.EntityACL{}); err != nil {
			return err
		}
		return w(rscsync.ACLAssignees, rscsync.Ref{ID: r.ACLID, Parent: string(r.Member)}, model.ACLAssignee{})
	case Link:
		old, ok, err := h.load(ctx, tenant, rscsync.Candidates, rscsync.Ref{ID: r.CandidateID})
		if err != nil {
			return err
		}
		c, isCand := old.(model.Candidate)
		if !ok || !isCand {
			return fmt.Errorf("no candidate %s", r.CandidateID)
		}
		c.ManualMatchedMember = r.Member
		return w(rscsync.Candidates, rscsync.Ref{ID: r.CandidateID}, c)
	}
	return fmt.Errorf("certify: unknown record %T", rec)
}

func (h *SyncHost) delete(ctx context.Context, tenant string, rec Record) error {
	d := func(res rscsync.Resource, ref rscsync.Ref) error { return h.Writer.DeleteRecord(ctx, tenant, res, ref) }
	switch r := rec.(type) {
	case Job:
		return d(rscsync.Jobs, rscsync.Ref{ID: r.ID})
	case Candidate:
		apps, err := h.scan(ctx, tenant, rscsync.Applications)
		if err != nil {
			return err
		}
		for _, a := range apps {
			if v, ok := a.Value.(model.Application); ok && v.ATSCandidateID == r.ID {
				if err := h.delete(ctx, tenant, Application{ID: a.Ref.ID}); err != nil {
					return err
				}
			}
		}
		if err := h.deleteChildren(ctx, tenant, r.ID, rscsync.CandidateNotes); err != nil {
			return err
		}
		return d(rscsync.Candidates, rscsync.Ref{ID: r.ID})
	case Application:
		if err := h.deleteChildren(ctx, tenant, r.ID, rscsync.Stages, rscsync.ApplicationNotes, rscsync.InterviewFeedback); err != nil {
			return err
		}
		return d(rscsync.Applications, rscsync.Ref{ID: r.ID})
	case Stage:
		return d(rscsync.Stages, rscsync.Ref{ID: r.ID, Parent: r.ApplicationID})
	case CandidateNote:
		return d(rscsync.CandidateNotes, rscsync.Ref{ID: r.ID, Parent: r.CandidateID})
	case ApplicationNote:
		return d(rscsync.ApplicationNotes, rscsync.Ref{ID: r.ID, Parent: r.ApplicationID})
	case Feedback:
		return d(rscsync.InterviewFeedback, rscsync.Ref{ID: r.ID, Parent: r.ApplicationID})
	case ACLMember:
		return d(rscsync.ACLAssignees, rscsync.Ref{ID: r.ACLID, Parent: string(r.Member)})
	case Link:
		return h.put(ctx, tenant, Link{CandidateID: r.CandidateID}, false)
	}
	return fmt.Errorf("certify: unknown record %T", rec)
}

// deleteChildren deletes the records of resources whose parent is parent.
func (h *SyncHost) deleteChildren(ctx context.Context, tenant, parent string, rs ...rscsync.Resource) error {
	for _, res := range rs {
		recs, err := h.scan(ctx, tenant, res)
		if err != nil {
			return err
		}
		for _, c := range recs {
			if c.Ref.Parent == parent {
				if err := h.Writer.DeleteRecord(ctx, tenant, res, c.Ref); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
