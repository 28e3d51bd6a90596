package connect

import (
	"github.com/rsckit/rsckit/rsc/model"
	rscsync "github.com/rsckit/rsckit/rsc/sync"
)

// ItemKind is the kind of LinkedIn Recruiter item an ATS shows: InMails,
// prospect notes and InMail stub profiles.
type ItemKind string

// Item kinds.
const (
	KindInMail       ItemKind = "INMAIL"
	KindProspectNote ItemKind = "PROSPECT_NOTE"
	KindMailStub     ItemKind = "MAIL_STUB"
)

// Item is what access is decided on: the kind of a LinkedIn-sourced record
// and the Recruiter seat that owns it. Build it with InMailItem,
// ProspectNoteItem or MailStubItem, so the owner comes from where LinkedIn
// puts it.
type Item struct {
	// Kind is InMail, prospect note or stub profile.
	Kind ItemKind
	// ID is the record's LinkedIn id, for the host's own use.
	ID string
	// Owner is the seat (urn:li:seat:...) whose holder owns the content.
	// An item without an owner is readable by nobody.
	Owner model.URN
}

// InMailItem is an InMail event read for viewer, the seat passed to
// conversationEvents. Sent and received InMails of that seat both belong to
// its holder: the author of a received InMail is the member, not a seat, so
// the owner is the viewer the events were fetched for, never the author.
func InMailItem(viewer model.URN, e model.ConversationEvent) Item {
	return Item{Kind: KindInMail, ID: e.ID, Owner: viewer}
}

// ProspectNoteItem is a prospect note; its owner is the note's seat.
func ProspectNoteItem(n model.ProspectNote) Item {
	return Item{Kind: KindProspectNote, ID: n.ID, Owner: n.Owner}
}

// MailStubItem is an InMail stub profile; its owner is the seat whose InMail
// the member answered (the member shared the details with that recruiter).
func MailStubItem(s model.MailStub) Item {
	return Item{Kind: KindMailStub, ID: s.ID, Owner: s.Owner}
}

// IntakeMessageItem is an InMail as rscsync's intake handed it to the host.
// A sent InMail's author is the owning seat. A reply's author is the member,
// and the intake does not record the seat it was read for: pass that seat
// as viewer (the host knows it only if it recorded it). With a zero viewer a
// reply has no owner, and nobody reads its content.
func IntakeMessageItem(viewer model.URN, m rscsync.Message) Item {
	owner := viewer
	if m.Author.IsType(model.URNTypeSeat) {
		owner = m.Author
	}
	return Item{Kind: KindInMail, ID: m.ID, Owner: owner}
}

// IntakeNoteItem is a prospect note as rscsync's intake handed it to the
// host; its owner is the author seat. MayRead applies the owner-only rule
// whatever the note's Visible says.
func IntakeNoteItem(n rscsync.Note) Item {
	return Item{Kind: KindProspectNote, ID: n.ID, Owner: n.Author}
}

// User is an ATS user of one tenant as access sees them. The host fills it
// from its own session and from the user's Binding.
type User struct {
	// ATSUserID is the host's id of the user; empty means nobody.
	ATSUserID string
	// Admin is the host's own administrator role.
	Admin bool
	// Seat is the Recruiter seat bound to the user (Binding.Seat); zero when
	// the user bound no seat.
	Seat model.URN
	// SeatActive reports whether Seat is still an active seat of the
	// contract, as the host last read it with rsc's Seats service. A seat
	// removed from the contract, or reassigned to somebody else, must be
	// marked inactive: its former holder then loses access to its content.
	SeatActive bool
}

// Access is what a user may see of an item.
type Access int

// Access levels, from least to most.
const (
	// AccessNone: the item is not shown at all.
	AccessNone Access = iota
	// AccessMetadata: the item's existence, kind, owner and time are shown,
	// not its text (subject, body, note text, contact details).
	AccessMetadata
	// AccessContent: the whole item may be shown.
	AccessContent
)

// String names the level.
func (a Access) String() string {
	switch a {
	case AccessMetadata:
		return "metadata"
	case AccessContent:
		return "content"
	}
	return "none"
}

// Content reports whether the content may be shown.
func (a Access) Content() bool { return a == AccessContent }

// MayRead decides what u may see of it. It is the one place hosts ask
// before showing a LinkedIn-sourced InMail, prospect note or stub profile;
// the caller has already checked that u belongs to the tenant the item was
// read for.
//
// The rule (JobScore's, and LinkedIn's own profile widget shows InMail
// content only to the sender): the content is readable only by the holder
// of the seat that owns the item, and only while that seat is active and
// bound to them. Everybody else in the tenant, seat holder or not, sees
// metadata: that the item exists and who owns it.
//
// Decision: an Admin is no exception. Admins see metadata of every item but
// read content only of items their own active seat owns: InMails and private
// notes are a recruiter's correspondence, and LinkedIn gives no admin a way
// to read them either. A host that needs more (a legal hold, a deletion
// request) reads the stored record itself, outside this rule.
//
// Fail closed: an item of unknown kind, or a user without an id, gets
// AccessNone; an item without an owner gets AccessMetadata at most.
func MayRead(u User, it Item) Access {
	if u.ATSUserID == "" {
		return AccessNone
	}
	switch it.Kind {
	case KindInMail, KindProspectNote, KindMailStub:
	default:
		return AccessNone
	}
	if !it.Owner.IsType(model.URNTypeSeat) || !u.SeatActive || !u.Seat.IsType(model.URNTypeSeat) {
		return AccessMetadata
	}
	if u.Seat == it.Owner {
		return AccessContent
	}
	return AccessMetadata
}
