package memstore

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"sync"
	"time"

	"github.com/rsckit/rsckit/rsc/matching"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rsc/source"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// ATS is an in-memory reference ATS for rscsync.Intake: candidates with
// hiring processes, tags and activity; users bound to Recruiter seats;
// source contacts and sources; InMails and notes with their visibility.
// Candidates and applications it creates or links are written to its Store
// as records with outbox intents, so the push engine syncs them back to
// LinkedIn (with manualMatchedMember). It is safe for concurrent use.
type ATS struct {
	store  *Store
	region string
	// ProfileBase prefixes a candidate id to make its externalProfileUrl.
	profileBase string

	mu      sync.Mutex
	seq     int
	tenants map[string]*atsTenant
}

// ATSCandidate is a candidate of the reference ATS.
type ATSCandidate struct {
	ID                  string
	FirstName, LastName string
	Headline            string
	CurrentJobTitle     string
	CurrentCompanyName  string
	ProfileURL          string
	Emails              []string
	Phones              []string
	Member              model.URN
	Tags                []string
	// Processes are its hiring processes, one per position.
	Processes []Process
	// Unassigned is true while it has no hiring process (an InMail reply).
	Unassigned bool
	Activities []rscsync.Activity
	Messages   []rscsync.Message
	Notes      []rscsync.Note
	// PossibleDuplicates are candidates flagged as similar (never merged).
	PossibleDuplicates []string
	CreatedAt          time.Time
}

// Process is a hiring process of a candidate for one position.
type Process struct {
	Position string
	SourceID string
}

// User is an ATS user, bound to a Recruiter seat by signing in with LinkedIn.
type User struct {
	ID, Email, FirstName, LastName string
	Seat, Person                   model.URN
}

// Contact is a source contact; Source a source.
type (
	Contact struct {
		ID, Email, FirstName, LastName string
		SourceID, UserID               string
	}
	Source struct{ ID, Name, Type, ContactID string }
)

type atsTenant struct {
	candidates map[string]*ATSCandidate
	users      []User
	contacts   []*Contact
	sources    map[string]*Source
	applied    map[string]bool
	failures   []string
	purged     []model.PurgedExportedCandidate
	purges     []PurgeTarget
	log        []rscsync.Change // every LinkedIn-sourced change applied, for purges
	// history of members the ATS has no candidate for yet
	pendingMsgs  map[model.URN][]rscsync.Message
	pendingNotes map[model.URN][]rscsync.Note
}

// PurgeTarget is what the reference ATS found to purge for one member
// LinkedIn purged (rscsync.ChangePurge): the candidate linked to the member
// and the keys of the earlier changes that brought the member's data
// (rscsync.Change.PurgeCovers). A real host applies its retention policy
// to them; the reference ATS only lists them.
type PurgeTarget struct {
	Notice      model.PurgedExportedCandidate
	CandidateID string
	// CreatedFromLinkedIn is true when an export or a stub created the
	// candidate: all of it is the member's LinkedIn data.
	CreatedFromLinkedIn bool
	// Changes are the keys of the earlier changes with the member's data.
	Changes []string
}

// NewATS returns an empty ATS over store: store's Apply stores the intake's
// changes (rscsync.Batch.ATSChanges) in it, in the critical section that
// moves the checkpoint, and writes the candidates and applications it
// creates or links to store with their intents. region normalises phone
// numbers (e.g. "US"); profileBase makes the externalProfileUrl of
// candidates (e.g. "https://ats.example.com/c/").
func NewATS(store *Store, region, profileBase string) *ATS {
	a := &ATS{store: store, region: region, profileBase: profileBase, tenants: map[string]*atsTenant{}}
	store.mu.Lock()
	store.ats = a
	store.mu.Unlock()
	return a
}

var _ rscsync.ATS = (*ATS)(nil)

func (a *ATS) tenant(id string) *atsTenant {
	t := a.tenants[id]
	if t == nil {
		t = &atsTenant{candidates: map[string]*ATSCandidate{}, sources: map[string]*Source{}, applied: map[string]bool{},
			pendingMsgs: map[model.URN][]rscsync.Message{}, pendingNotes: map[model.URN][]rscsync.Note{}}
		a.tenants[id] = t
	}
	return t
}

// AddUser adds an ATS user.
func (a *ATS) AddUser(tenant string, u User) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.tenant(tenant).users = append(a.tenant(tenant).users, u)
}

// AddContact adds a source contact, with its source when SourceID is set.
func (a *ATS) AddContact(tenant string, c Contact, src *Source) {
	a.mu.Lock()
	defer a.mu.Unlock()
	t := a.tenant(tenant)
	if src != nil {
		t.sources[src.ID] = src
	}
	cc := c
	t.contacts = append(t.contacts, &cc)
}

// AddCandidate adds a candidate (one the ATS had before LinkedIn sent anything).
func (a *ATS) AddCandidate(tenant string, c ATSCandidate) {
	a.mu.Lock()
	defer a.mu.Unlock()
	cc := c
	a.tenant(tenant).candidates[c.ID] = &cc
}

// Candidate returns a copy of a candidate.
func (a *ATS) Candidate(tenant, id string) (ATSCandidate, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	c, ok := a.tenant(tenant).candidates[id]
	if !ok {
		return ATSCandidate{}, false
	}
	return cloneCandidate(c), true
}

// Candidates returns copies of all candidates, by id.
func (a *ATS) Candidates(tenant string) []ATSCandidate {
	a.mu.Lock()
	defer a.mu.Unlock()
	t := a.tenant(tenant)
	out := make([]ATSCandidate, 0, len(t.candidates))
	for _, c := range t.candidates {
		out = append(out, cloneCandidate(c))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Contacts and Sources return the source contacts and sources.
func (a *ATS) Contacts(tenant string) []Contact {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []Contact
	for _, c := range a.tenant(tenant).contacts {
		out = append(out, *c)
	}
	return out
}

// Sources returns the sources by id.
func (a *ATS) Sources(tenant string) map[string]Source {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := map[string]Source{}
	for id, s := range a.tenant(tenant).sources {
		out[id] = *s
	}
	return out
}

// Failures returns the export failures recorded (e.g. already in position).
func (a *ATS) Failures(tenant string) []string {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.tenant(tenant).failures)
}

// Purged returns the purged profiles reported to the customer.
func (a *ATS) Purged(tenant string) []model.PurgedExportedCandidate {
	a.mu.Lock()
	defer a.mu.Unlock()
	return slices.Clone(a.tenant(tenant).purged)
}

// PurgeTargets returns what each purge notice of tenant covers, in arrival
// order.
func (a *ATS) PurgeTargets(tenant string) []PurgeTarget {
	a.mu.Lock()
	defer a.mu.Unlock()
	out := slices.Clone(a.tenant(tenant).purges)
	for i := range out {
		out[i].Changes = slices.Clone(out[i].Changes)
	}
	return out
}

func cloneCandidate(c *ATSCandidate) ATSCandidate {
	cc := *c
	cc.Emails, cc.Phones, cc.Tags = slices.Clone(c.Emails), slices.Clone(c.Phones), slices.Clone(c.Tags)
	cc.Processes, cc.Activities = slices.Clone(c.Processes), slices.Clone(c.Activities)
	cc.Messages, cc.Notes, cc.PossibleDuplicates = slices.Clone(c.Messages), slices.Clone(c.Notes), slices.Clone(c.PossibleDuplicates)
	return cc
}

func (c *ATSCandidate) record() matching.Record {
	return matching.Record{ID: c.ID, FirstName: c.FirstName, LastName: c.LastName, Emails: c.Emails, Phones: c.Phones,
		Company: c.CurrentCompanyName, ProfileURL: c.ProfileURL, Member: c.Member}
}

// Lookup implements rscsync.ATS with a matching.Index over the tenant's
// candidates (built per call: fine for a reference, not for a million).
func (a *ATS) Lookup(ctx context.Context, tenant string, p matching.Record) (rscsync.Lookup, error) {
	if err := ctx.Err(); err != nil {
		return rscsync.Lookup{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	t := a.tenant(tenant)
	recs := make([]matching.Record, 0, len(t.candidates))
	for _, c := range t.candidates {
		recs = append(recs, c.record())
	}
	sort.Slice(recs, func(i, j int) bool { return recs[i].ID < recs[j].ID })
	// Exact identity first, by the strongest identifier: member, profile URL, email.
	var out rscsync.Lookup
	in := matching.Identity{Member: p.Member, ProfileURL: p.ProfileURL}
	if len(p.Emails) > 0 {
		in.Email = p.Emails[0]
	}
	for _, r := range recs {
		for _, id := range identities(r) {
			if matching.SamePerson(in, id) {
				c := t.candidates[r.ID]
				out.Same = &rscsync.ATSCandidate{ID: c.ID, Member: c.Member, Emails: slices.Clone(c.Emails), Phones: slices.Clone(c.Phones), Positions: positions(c)}
				break
			}
		}
		if out.Same != nil {
			break
		}
	}
	ix := matching.BuildIndex(recs, matching.Options{DefaultRegion: a.region})
	for _, m := range ix.Lookup(p) {
		if out.Same != nil && m.ID == out.Same.ID || m.Same {
			continue
		}
		out.Similar = append(out.Similar, source.Similar{CandidateID: m.ID, Score: m.Score})
	}
	return out, nil
}

// identities returns one identity per email of r (SamePerson compares one email).
func identities(r matching.Record) []matching.Identity {
	base := matching.Identity{Member: r.Member, ProfileURL: r.ProfileURL}
	if len(r.Emails) == 0 {
		return []matching.Identity{base}
	}
	out := make([]matching.Identity, len(r.Emails))
	for i, e := range r.Emails {
		out[i] = base
		out[i].Email = e
	}
	return out
}

func positions(c *ATSCandidate) []string {
	out := make([]string, len(c.Processes))
	for i, p := range c.Processes {
		out[i] = p.Position
	}
	return out
}

// Recruiter implements rscsync.ATS.
func (a *ATS) Recruiter(ctx context.Context, tenant string, seat, person model.URN) (rscsync.Recruiter, error) {
	if err := ctx.Err(); err != nil {
		return rscsync.Recruiter{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	t := a.tenant(tenant)
	var r rscsync.Recruiter
	for _, u := range t.users {
		if (seat != "" && u.Seat == seat) || (person != "" && u.Person == person) {
			r = rscsync.Recruiter{Known: true, FirstName: u.FirstName, LastName: u.LastName, ATSEmail: u.Email}
			break
		}
	}
	if !r.Known {
		return r, nil
	}
	email := matching.NormalizeEmail(r.ATSEmail)
	for _, c := range t.contacts {
		if matching.NormalizeEmail(c.Email) == email {
			r.Contacts = append(r.Contacts, source.Contact{ID: c.ID, Email: c.Email, SourceID: c.SourceID, FirstName: c.FirstName, LastName: c.LastName})
		}
	}
	for _, u := range t.users {
		if matching.NormalizeEmail(u.Email) == email {
			r.Users = append(r.Users, source.User{ID: u.ID, Email: u.Email})
		}
	}
	return r, nil
}

// apply stores one intake change, idempotently by ch.Key, and returns the
// candidate and application records it creates or links, for the caller to
// write with their intents. a.mu and a.store.mu must be held.
func (a *ATS) apply(tenant string, ch rscsync.Change) (recs, apps []rscsync.Record) {
	t := a.tenant(tenant)
	if t.applied[ch.Key] {
		return nil, nil
	}
	t.applied[ch.Key] = true
	at := ch.At
	if at.IsZero() {
		at = a.store.now()
	}
	var c *ATSCandidate
	switch {
	case ch.Failure != "":
		t.failures = append(t.failures, ch.Failure)
	case ch.Create != nil:
		a.seq++
		n := ch.Create
		c = &ATSCandidate{ID: fmt.Sprintf("LI%05d", a.seq), FirstName: n.FirstName, LastName: n.LastName, Headline: n.Headline,
			CurrentJobTitle: n.CurrentJobTitle, CurrentCompanyName: n.CurrentCompanyName, ProfileURL: n.ProfileURL,
			Unassigned: n.Unassigned, CreatedAt: at}
		if n.Email != "" {
			c.Emails = []string{n.Email}
		}
		if n.Phone != "" {
			c.Phones = []string{n.Phone}
		}
		t.candidates[c.ID] = c
	case ch.CandidateID != "":
		c = t.candidates[ch.CandidateID]
	case ch.Member != "":
		c = t.byMember(ch.Member) // one an earlier change of the batch created
	}
	if c != nil && ch.Failure == "" {
		if ch.Member != "" {
			c.Member = ch.Member
			c.Messages = append(c.Messages, t.pendingMsgs[ch.Member]...)
			c.Notes = append(c.Notes, t.pendingNotes[ch.Member]...)
			delete(t.pendingMsgs, ch.Member)
			delete(t.pendingNotes, ch.Member)
		}
		if ch.FillEmail != "" {
			c.Emails = append(c.Emails, ch.FillEmail)
		}
		if ch.FillPhone != "" {
			c.Phones = append(c.Phones, ch.FillPhone)
		}
		c.Activities = append(c.Activities, ch.Activities...)
		if p := ch.Plan; p != nil {
			a.applyPlan(t, c, p)
		}
		if m := ch.Message; m != nil && !slices.ContainsFunc(c.Messages, func(x rscsync.Message) bool { return x.ID == m.ID }) {
			c.Messages = append(c.Messages, *m)
		}
		if n := ch.Note; n != nil {
			c.Notes = slices.DeleteFunc(c.Notes, func(x rscsync.Note) bool { return x.ID == n.ID })
			if !n.Deleted {
				c.Notes = append(c.Notes, *n)
			}
		}
	}
	if c == nil && ch.Member != "" && ch.Failure == "" {
		if m := ch.Message; m != nil {
			t.pendingMsgs[ch.Member] = append(t.pendingMsgs[ch.Member], *m)
		}
		if n := ch.Note; n != nil && !n.Deleted {
			t.pendingNotes[ch.Member] = append(t.pendingNotes[ch.Member], *n)
		}
	}
	if ch.Purged != nil {
		t.purged = append(t.purged, *ch.Purged)
		pt := PurgeTarget{Notice: *ch.Purged, CandidateID: ch.CandidateID}
		for _, e := range t.log {
			if ch.PurgeCovers(e) {
				pt.Changes = append(pt.Changes, e.Key)
				if e.Create != nil {
					pt.CreatedFromLinkedIn = true
				}
			}
		}
		t.purges = append(t.purges, pt)
	}
	if ch.Kind != rscsync.ChangePurge {
		t.log = append(t.log, ch)
	}
	if c != nil && (ch.Kind == rscsync.ChangeExport || ch.Kind == rscsync.ChangeStub) && ch.Failure == "" {
		recs = append(recs, a.candidateRecord(c, at))
		if ch.Plan != nil {
			for _, pos := range ch.Plan.HiringProcesses {
				apps = append(apps, a.applicationRecord(tenant, c, pos, at))
			}
		}
	}
	return recs, apps
}

// byMember returns the candidate linked to member, or nil.
func (t *atsTenant) byMember(member model.URN) *ATSCandidate {
	for _, c := range t.candidates {
		if c.Member == member {
			return c
		}
	}
	return nil
}

func (a *ATS) applyPlan(t *atsTenant, c *ATSCandidate, p *source.Plan) {
	contactID := p.ContactID
	if nc := p.NewContact; nc != nil {
		a.seq++
		contactID = fmt.Sprintf("SC%04d", a.seq)
		t.contacts = append(t.contacts, &Contact{ID: contactID, Email: nc.Email, FirstName: nc.FirstName, LastName: nc.LastName, UserID: nc.UserID})
	}
	sourceID := p.SourceID
	if ns := p.NewSource; ns != nil {
		a.seq++
		sourceID = fmt.Sprintf("SRC%04d", a.seq)
		t.sources[sourceID] = &Source{ID: sourceID, Name: ns.Name, Type: ns.Type, ContactID: contactID}
		for _, ct := range t.contacts {
			if ct.ID == contactID {
				ct.SourceID = sourceID
			}
		}
	}
	for _, tag := range p.Tags {
		if !slices.Contains(c.Tags, tag) {
			c.Tags = append(c.Tags, tag)
		}
	}
	for _, pos := range p.HiringProcesses {
		c.Processes = append(c.Processes, Process{Position: pos, SourceID: sourceID})
		c.Unassigned = false
	}
	for _, d := range p.PossibleDuplicates {
		if !slices.Contains(c.PossibleDuplicates, d) {
			c.PossibleDuplicates = append(c.PossibleDuplicates, d)
		}
	}
}

// candidateRecord is the LinkedIn record of a candidate (synced by push).
func (a *ATS) candidateRecord(c *ATSCandidate, at time.Time) rscsync.Record {
	created := c.CreatedAt
	if created.IsZero() {
		created = at
	}
	mod := at
	if mod.Before(created) {
		mod = created
	}
	return rscsync.Record{Ref: rscsync.Ref{ID: c.ID}, Value: model.Candidate{
		FirstName: c.FirstName, LastName: c.LastName, EmailAddresses: slices.Clone(c.Emails),
		PhoneNumbers:       phoneNumbers(c.Phones),
		CurrentCompanyName: c.CurrentCompanyName, CurrentJobTitle: c.CurrentJobTitle, LinkedInProfileURL: c.ProfileURL,
		ATSCreatedAt: model.Millis(created), ATSLastModifiedAt: model.Millis(mod),
		ExternalProfileURL: a.profileBase + c.ID, ManualMatchedMember: c.Member,
	}}
}

func phoneNumbers(ps []string) []model.PhoneNumber {
	out := make([]model.PhoneNumber, len(ps))
	for i, p := range ps {
		out[i] = model.PhoneNumber{Number: p}
	}
	return out
}

// applicationRecord is the LinkedIn record of a new hiring process. The job's
// title comes from the store's job record when there is one. a.store.mu
// must be held.
func (a *ATS) applicationRecord(tenant string, c *ATSCandidate, position string, at time.Time) rscsync.Record {
	name := position
	if jt := a.store.tenants[tenant]; jt != nil && jt.tables[rscsync.Jobs] != nil {
		for _, j := range jt.tables[rscsync.Jobs].rows {
			if j.Ref.ID == position {
				if jp, ok := j.Value.(model.JobPosting); ok && jp.Title != "" {
					name = jp.Title
				}
			}
		}
	}
	app := model.Application{ATSCandidateID: c.ID, ATSJobPostingID: position, ATSJobPostingName: name,
		FirstName: c.FirstName, LastName: c.LastName, Source: "LinkedIn Recruiter",
		ATSCreatedAt: model.Millis(at), ATSLastModifiedAt: model.Millis(at)}
	if len(c.Emails) > 0 {
		app.CandidateEmail = c.Emails[0]
	}
	return rscsync.Record{Ref: rscsync.Ref{ID: c.ID + "-" + position}, Value: app}
}
