package rscsync

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/matching"
	"github.com/rsckit/rsckit/rsc/model"
	"github.com/rsckit/rsckit/rsc/source"
)

// ATS is what the intake reads from the host's ATS: it decides (with
// rsc/matching and rsc/source), the host looks up. What the intake decides
// reaches the host as Batch.ATSChanges, which its Applier stores in the
// transaction that moves the stream's checkpoint (see Applier).
type ATS interface {
	// Lookup finds, for an incoming person, the ATS candidate that is the
	// same person (same member URN, else canonical profile URL, else
	// normalised email; see matching.SamePerson) and the candidates with
	// similar but not identical details (possible duplicates; a host can use
	// matching.Index). It may be called concurrently for different tenants.
	Lookup(ctx context.Context, tenant string, p matching.Record) (Lookup, error)
	// Recruiter returns the ATS user who holds a Recruiter seat (bound by
	// signing in with LinkedIn), with the source contacts and users that have
	// that user's ATS email. Known is false when no ATS user holds the seat:
	// an export by that seat then creates the candidate and hiring process
	// without source (source.Plan.Unattributed; attribution never uses
	// LinkedIn's email). A host that prefers a fallback answers Known with a
	// user of its choice.
	Recruiter(ctx context.Context, tenant string, seat, person model.URN) (Recruiter, error)
}

// ATSCandidate is what the intake needs of an existing ATS candidate.
type ATSCandidate struct {
	ID     string
	Member model.URN
	Emails []string
	Phones []string
	// Positions holds the position (job id) of each of its hiring processes.
	Positions []string
}

// Lookup is the answer of ATS.Lookup.
type Lookup struct {
	// Same is the candidate that is the same person, or nil.
	Same *ATSCandidate
	// Similar are candidates with similar details: flagged, never merged.
	Similar []source.Similar
}

// Recruiter is the ATS user behind a Recruiter seat, for source attribution.
type Recruiter struct {
	Known     bool
	FirstName string
	LastName  string
	// ATSEmail is the user's email in the ATS (not at LinkedIn).
	ATSEmail string
	// Contacts are the source contacts with ATSEmail; Users the users with it.
	Contacts []source.Contact
	Users    []source.User
}

// ChangeKind says what an intake Change carries.
type ChangeKind string

// The kinds of intake changes.
const (
	ChangeExport ChangeKind = "export" // a One-Click Export
	ChangeStub   ChangeKind = "stub"   // contact details shared in an InMail reply
	ChangeInMail ChangeKind = "inmail" // an InMail event
	ChangeNote   ChangeKind = "note"   // a Recruiter prospect note
	// ChangePurge: LinkedIn purged the profile of a member it exported
	// (atsPurgedExportedCandidates). Member and Purged name it, and
	// CandidateID the ATS candidate linked to that member, if any. The
	// host's policy must now purge what came from that member: every
	// earlier change for which PurgeCovers reports true (see there).
	ChangePurge ChangeKind = "purge"
	// ChangeMatch: LinkedIn matched a synced candidate to a member on its
	// own (by email): link them (CandidateID, Member) so the member's InMails
	// and notes attach to the candidate, including those kept so far.
	ChangeMatch ChangeKind = "match"
)

// Visibility says who may read an InMail's or note's content. Everyone else
// sees that it exists, who wrote it and when.
type Visibility string

// Visibilities.
const (
	// VisibleToSeatHolders: ATS users who hold a Recruiter seat on the contract.
	VisibleToSeatHolders Visibility = "SEAT_HOLDERS"
	// VisibleToAuthor: only the seat holder who wrote it (a private note).
	VisibleToAuthor Visibility = "AUTHOR"
)

// NewCandidate is a candidate to create from LinkedIn's data. Fields
// LinkedIn did not send stay empty: the intake never invents values.
type NewCandidate struct {
	FirstName, LastName string
	Headline            string
	CurrentJobTitle     string
	CurrentCompanyName  string
	Location            string
	ProfileURL          string
	Email               string
	Phone               string
	// Unassigned is true for a candidate created from an InMail reply: it has
	// no hiring process.
	Unassigned bool
}

// Activity records a value LinkedIn sent that differs from the ATS's: the
// ATS keeps its value and shows the new one as activity.
type Activity struct {
	Field string // "email" or "phone"
	Value string
}

// Message is an InMail event attached to a candidate.
type Message struct {
	ID     string
	Thread model.URN
	Author model.URN // a seat (sent) or the member (reply)
	// Owner is the seat whose InMail history held the event (the viewer it
	// was read for): the holder who owns its content, a reply included.
	Owner     model.URN
	At        time.Time
	Subject   string
	Body      string
	Visible   Visibility
	Summary   string // what users who may not read it see
	Recipient []model.URN
}

// Note is a Recruiter prospect note attached to a candidate.
type Note struct {
	ID      string
	Author  model.URN // the seat
	At      time.Time
	Text    string
	Visible Visibility
	Summary string
	// Deleted is true when the note was deleted in Recruiter: remove it.
	Deleted bool
}

// Change is one intake decision for the host to store (Batch.ATSChanges).
// The host applies it idempotently by its Key: applying a Key a second
// time changes nothing. When the change links a candidate to a member
// (Member set), the host stores the link on the candidate and records an
// outbox intent for it in the same transaction, so the push engine sends
// manualMatchedMember and Recruiter shows the in-ATS indicator.
type Change struct {
	Kind ChangeKind
	// Key makes Apply idempotent: "export/<requestId>/<member>", "stub/<id>",
	// "inmail/<id>", "note/<id>", "purge/<member>/<requestId>",
	// "match/<candidateId>/<member>".
	Key string
	// CandidateID is the existing candidate the change applies to; empty with
	// Create set (a new candidate) or with neither: then the change applies
	// to the candidate linked to Member when the host has one by the time
	// it applies the change (one an earlier change of the same batch
	// created included), else it is history of a member the ATS does not
	// have yet: keep it by Member until one appears.
	CandidateID string
	Create      *NewCandidate
	// Member is the LinkedIn member (person URN) to link the candidate to.
	Member model.URN

	// Export: the source attribution, tag and hiring process (source.Plan),
	// for Position (the job's id).
	Plan     *source.Plan
	Position string
	// Failure, when set, is why an export was refused (e.g. the candidate is
	// already in that position): record it; nothing else is created.
	Failure string

	// Stub: contact details to fill where the ATS has none, and those that
	// differ from the ATS's (kept as activity, never overwritten).
	FillEmail, FillPhone string
	Activities           []Activity

	Message *Message
	Note    *Note
	Purged  *model.PurgedExportedCandidate
	// At is when LinkedIn says it happened.
	At time.Time
}

// PurgeCovers reports whether earlier, a change the intake handed to the
// host before, carries data of the member that ch (a ChangePurge) names,
// which the host's policy must now purge: every One-Click Export of that
// member (not only the request ch.Purged names: the member's profile is
// closed), its InMail stub profiles, InMails, prospect notes and the
// match link. What the host does with it is its decision as the data
// controller: a candidate an export or a stub created (earlier.Create set)
// is LinkedIn's data through and through; one the ATS had before keeps its
// own data and loses what the changes added (the hiring processes of
// exports, filled contact fields, activities, the member link). A
// change refused (Failure set) carried nothing of the member.
func (ch Change) PurgeCovers(earlier Change) bool {
	if ch.Kind != ChangePurge || ch.Member == "" || earlier.Member != ch.Member || earlier.Failure != "" {
		return false
	}
	switch earlier.Kind {
	case ChangeExport, ChangeStub, ChangeInMail, ChangeNote, ChangeMatch:
		return true
	}
	return false
}

// Intake turns what LinkedIn sends (One-Click Exports, InMail stub profiles,
// InMail history, prospect notes, purged profiles) into ATS changes,
// following the vendors' rules (rsc/source): one candidate per person, one
// hiring process per position, source contact and source by the exporting
// recruiter's ATS email, the tag "Imported: LinkedIn Recruiter", possible
// duplicates flagged and never merged. Set it as Config.Intake: the
// engines then hand its decisions to the Applier with the changes they
// come from, in one Batch.
type Intake struct {
	ats ATS
	// DefaultRegion is the phone region for numbers without a country code.
	region string
	log    *slog.Logger
}

// NewIntake returns an Intake over the host's ATS. defaultRegion (e.g. "US")
// normalises phone numbers without a country code.
func NewIntake(ats ATS, defaultRegion string, logger *slog.Logger) *Intake {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Intake{ats: ats, region: defaultRegion, log: logger}
}

// Match runs matching for a person the ATS is about to add (a new
// application): call it before raising the ATS's "new candidate" alert, so a
// candidate LinkedIn already brought in (with its InMails and notes) is
// found instead of duplicated.
func (in *Intake) Match(ctx context.Context, tenant string, p matching.Record) (Lookup, error) {
	return in.ats.Lookup(ctx, tenant, p)
}

// Decide returns the ATS changes for changes LinkedIn sent to tenant (one
// Batch): One-Click Exports, InMail stub profiles, InMails, prospect notes
// and purged profiles; other changes need none. It only reads the ATS
// (Lookup, Recruiter); the Applier stores the changes with the batch. A
// person that a change of the batch creates is not created twice: a later
// change of the same member applies to the candidate linked to the member
// (Change.CandidateID empty, Member set).
func (in *Intake) Decide(ctx context.Context, tenant string, changes []Pulled) ([]Change, error) {
	var out []Change
	created := map[model.URN]bool{}
	for _, p := range changes {
		ch, ok, err := in.decide(ctx, tenant, p)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		if ch.Member != "" && ch.CandidateID == "" {
			if created[ch.Member] {
				ch.Create = nil // the batch creates this member's candidate already
				if ch.Plan != nil {
					ch.Plan.CreateCandidate = false
				}
			} else if ch.Create != nil {
				created[ch.Member] = true
			}
		}
		out = append(out, ch)
	}
	return out, nil
}

// decide returns the ATS change for one pulled change, if it needs one.
func (in *Intake) decide(ctx context.Context, tenant string, p Pulled) (Change, bool, error) {
	var ch Change
	var err error
	switch c := p.(type) {
	case ExportChange:
		ch, err = in.decideExport(ctx, tenant, c.Export)
	case StubChange:
		ch, err = in.decideStub(ctx, tenant, c.Stub)
	case InMailChange:
		v := c.Event
		member := memberOf(append([]model.URN{v.Author}, v.Recipients...))
		ch = Change{Kind: ChangeInMail, Key: "inmail/" + v.ID, Member: member, At: v.CreatedAt.Time(),
			Message: &Message{ID: v.ID, Thread: v.Thread, Author: v.Author, Owner: v.Viewer, At: v.CreatedAt.Time(), Subject: v.Subject,
				Body: v.Body, Recipient: v.Recipients, Visible: VisibleToSeatHolders,
				Summary: "InMail " + direction(v.Author) + " on " + v.CreatedAt.Time().UTC().Format("2006-01-02 15:04 MST")}}
		ch, err = in.attach(ctx, tenant, ch)
	case NoteChange:
		v := c.Note
		vis := VisibleToSeatHolders
		if strings.EqualFold(v.Visibility, "PRIVATE") {
			vis = VisibleToAuthor
		}
		at := v.LastModified
		if at == 0 {
			at = v.Created
		}
		ch = Change{Kind: ChangeNote, Key: "note/" + v.ID + "/" + fmt.Sprint(int64(at)), Member: v.Member, At: at.Time(),
			Note: &Note{ID: v.ID, Author: v.Owner, At: at.Time(), Text: v.Note, Visible: vis, Deleted: c.Deleted(),
				Summary: "Recruiter note by " + string(v.Owner) + " on " + at.Time().UTC().Format("2006-01-02")}}
		ch, err = in.attach(ctx, tenant, ch)
	case PurgeChange:
		v := c.Purged
		ch = Change{Kind: ChangePurge, Key: "purge/" + string(v.Member) + "/" + v.RequestID, Member: v.Member, Purged: &v, At: v.PurgedAt.Time()}
		ch, err = in.attach(ctx, tenant, ch)
	default:
		return Change{}, false, nil
	}
	return ch, err == nil, err
}

// decideExport decides one One-Click Export (already checked to belong to
// the tenant).
func (in *Intake) decideExport(ctx context.Context, tenant string, ex model.ExportedCandidate) (Change, error) {
	c := ex.Candidate
	rec := matching.Record{FirstName: c.FirstName, LastName: c.LastName, Company: c.CurrentCompanyName,
		ProfileURL: c.ProfileURL, Member: c.Member}
	if c.EmailAddress != "" {
		rec.Emails = []string{c.EmailAddress}
	}
	look, err := in.ats.Lookup(ctx, tenant, rec)
	if err != nil {
		return Change{}, fmt.Errorf("rscsync: intake lookup: %w", err)
	}
	rc, err := in.ats.Recruiter(ctx, tenant, ex.Exporter.Seat, ex.Exporter.Person)
	if err != nil {
		return Change{}, fmt.Errorf("rscsync: intake recruiter: %w", err)
	}
	ch := Change{Kind: ChangeExport, Key: "export/" + ex.Key(), Member: c.Member, Position: ex.ExternalJobPostingID, At: ex.ExportedAt.Time()}
	exp := source.Exporter{FirstName: rc.FirstName, LastName: rc.LastName, ATSEmail: rc.ATSEmail, LinkedInEmail: ex.Exporter.Email}
	if !rc.Known {
		// Source attribution needs the recruiter's ATS email, never LinkedIn's
		// (Comeet: "Recruit's, not LinkedIn's"): LinkedIn's would create source
		// contacts that later duplicate the real ones. The candidate and its
		// hiring process are created without source (Plan.Unattributed).
		exp = source.Exporter{FirstName: ex.Exporter.FirstName, LastName: ex.Exporter.LastName, LinkedInEmail: ex.Exporter.Email}
	}
	sin := source.Input{Exporter: exp, Contacts: rc.Contacts, Users: rc.Users, Position: ex.ExternalJobPostingID, Similar: look.Similar}
	if look.Same != nil {
		sin.Candidate = &source.Candidate{ID: look.Same.ID, Positions: look.Same.Positions}
	}
	plan, err := source.Decide(sin)
	switch {
	case errors.Is(err, source.ErrAlreadyInPosition), errors.Is(err, source.ErrInvalidInput):
		ch.Failure = err.Error()
		if look.Same != nil {
			ch.CandidateID = look.Same.ID
		}
		ch.Member = ""
		in.log.LogAttrs(ctx, slog.LevelInfo, "rscsync export refused", slog.String("tenant", tenant),
			slog.String("request_id", ex.RequestID), slog.String("reason", err.Error()))
		return ch, nil
	case err != nil:
		return Change{}, fmt.Errorf("rscsync: intake decide: %w", err)
	}
	ch.Plan = &plan
	if plan.Unattributed != "" {
		in.log.LogAttrs(ctx, slog.LevelWarn, "rscsync export without source attribution", slog.String("tenant", tenant),
			slog.String("seat", string(ex.Exporter.Seat)), slog.String("request_id", ex.RequestID), slog.String("reason", plan.Unattributed))
	}
	if plan.CreateCandidate {
		ch.Create = &NewCandidate{FirstName: c.FirstName, LastName: c.LastName, Headline: c.Headline,
			CurrentJobTitle: c.CurrentJobTitle, CurrentCompanyName: c.CurrentCompanyName, Location: c.Location,
			ProfileURL: c.ProfileURL, Email: c.EmailAddress}
	} else {
		ch.CandidateID = plan.CandidateID
	}
	return ch, nil
}

// Matches returns the changes that link candidates to the member LinkedIn
// matched them to on its own (matchedMembers, e.g. by email: JobScore's
// first way of connecting a candidate), so that InMail history and notes
// of that member attach to them. A candidate with a manualMatchedMember is
// left alone (the ATS linked it already), and so is one with several
// matched members (ambiguous). The engines apply them after candidates
// reach LinkedIn.
func (in *Intake) Matches(ms []model.CandidateMatches) []Change {
	var out []Change
	for _, m := range ms {
		if !m.ManualMatchedMember.IsZero() || len(m.MatchedMembers) != 1 || m.Key.ATSCandidateID == "" {
			continue
		}
		member := m.MatchedMembers[0]
		out = append(out, Change{Kind: ChangeMatch, Key: "match/" + m.Key.ATSCandidateID + "/" + string(member), CandidateID: m.Key.ATSCandidateID, Member: member})
	}
	return out
}

// attach points a history change at the member's candidate, if the ATS has one.
func (in *Intake) attach(ctx context.Context, tenant string, ch Change) (Change, error) {
	if ch.Member != "" {
		look, err := in.ats.Lookup(ctx, tenant, matching.Record{Member: ch.Member})
		if err != nil {
			return Change{}, fmt.Errorf("rscsync: intake lookup: %w", err)
		}
		if look.Same != nil {
			ch.CandidateID = look.Same.ID
		}
	}
	return ch, nil
}

// decideStub creates the candidate (unassigned) or fills the matched one's
// empty email and phone; a differing value is kept as activity.
func (in *Intake) decideStub(ctx context.Context, tenant string, s model.MailStub) (Change, error) {
	rec := matching.Record{FirstName: s.FirstName, LastName: s.LastName, Company: s.CurrentCompanyName, ProfileURL: s.ProfileURL, Member: s.Member}
	if s.EmailAddress != "" {
		rec.Emails = []string{s.EmailAddress}
	}
	if s.PhoneNumber != "" {
		rec.Phones = []string{s.PhoneNumber}
	}
	look, err := in.ats.Lookup(ctx, tenant, rec)
	if err != nil {
		return Change{}, fmt.Errorf("rscsync: intake lookup: %w", err)
	}
	ch := Change{Kind: ChangeStub, Key: "stub/" + s.ID, Member: s.Member, At: s.CreatedAt.Time()}
	if look.Same == nil {
		ch.Create = &NewCandidate{FirstName: s.FirstName, LastName: s.LastName, Headline: s.Headline,
			CurrentJobTitle: s.CurrentJobTitle, CurrentCompanyName: s.CurrentCompanyName, Location: s.Location,
			ProfileURL: s.ProfileURL, Email: s.EmailAddress, Phone: s.PhoneNumber, Unassigned: true}
		return ch, nil
	}
	c := look.Same
	ch.CandidateID = c.ID
	if e := matching.NormalizeEmail(s.EmailAddress); e != "" {
		switch {
		case len(c.Emails) == 0:
			ch.FillEmail = s.EmailAddress
		case !containsFunc(c.Emails, func(x string) bool { return matching.NormalizeEmail(x) == e }):
			ch.Activities = append(ch.Activities, Activity{Field: "email", Value: s.EmailAddress})
		}
	}
	if s.PhoneNumber != "" {
		p := in.phone(s.PhoneNumber)
		switch {
		case len(c.Phones) == 0:
			ch.FillPhone = s.PhoneNumber
		case !containsFunc(c.Phones, func(x string) bool { return in.phone(x) == p }):
			ch.Activities = append(ch.Activities, Activity{Field: "phone", Value: s.PhoneNumber})
		}
	}
	return ch, nil
}

func (in *Intake) phone(s string) string {
	if e, ok := matching.NormalizePhone(s, in.region); ok {
		return e
	}
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r < '0' || r > '9' }), "")
}

func containsFunc(xs []string, f func(string) bool) bool {
	for _, x := range xs {
		if f(x) {
			return true
		}
	}
	return false
}

// memberOf returns the first person URN (the member) among urns.
func memberOf(urns []model.URN) model.URN {
	for _, u := range urns {
		if u.IsType(model.URNTypePerson) {
			return u
		}
	}
	return ""
}

func direction(author model.URN) string {
	if author.IsType(model.URNTypeSeat) {
		return "sent"
	}
	return "received"
}
