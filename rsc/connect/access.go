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
// Its owner is m.Owner, the seat the intake read it for. For a Message
// stored before the intake recorded owners (Owner zero): a sent InMail's
// author is the owning seat; a reply's author is the member, so pass the
// seat it was read for as viewer; with a zero viewer such a reply has no
// owner, and nobody reads its content.
func IntakeMessageItem(viewer model.URN, m rscsync.Message) Item {
	owner := viewer
	switch {
	case m.Owner.IsType(model.URNTypeSeat):
		owner = m.Owner
	case m.Author.IsType(model.URNTypeSeat):
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

// ReadPolicy says who in a tenant reads the content of LinkedIn-sourced
// InMails, prospect notes and stub profiles. Everybody else in the tenant
// sees metadata: that the item exists, its kind, owner and time.
type ReadPolicy int

// Read policies.
const (
	// OwnerOnly (the default, and MayRead's rule): only the holder of the
	// seat that owns the item, while that seat is active and bound to them.
	// It is what LinkedIn itself shows: the profile widget shows InMail
	// content only to its sender, and a private note only to its author.
	OwnerOnly ReadPolicy = iota
	// AnySeatHolder is JobScore's published rule: "Only users with connected
	// LinkedIn Recruiter seats will be able to read LinkedIn Recruiter note
	// and InMail content"; users without a connected seat "only see that
	// LinkedIn Recruiter notes and InMails exist and who created them". Any
	// user with an active bound seat reads every item's content.
	AnySeatHolder
)

// MayRead decides what u may see of it under OwnerOnly. It is the one place
// hosts ask before showing a LinkedIn-sourced InMail, prospect note or stub
// profile; the caller has already checked that u belongs to the tenant the
// item was read for. See ReadPolicy.MayRead for the rules.
func MayRead(u User, it Item) Access { return OwnerOnly.MayRead(u, it) }

// MayRead decides what u may see of it under p.
//
// Decision: an Admin is no exception. Admins see metadata of every item but
// read content only as p allows any other user: InMails and private notes
// are a recruiter's correspondence, and LinkedIn gives no admin a way to
// read them either. A host that needs more (a legal hold, a deletion
// request) reads the stored record itself, outside this rule.
//
// Fail closed: an item of unknown kind, a user without an id, or an unknown
// policy gets AccessNone; an item without an owner gets AccessMetadata at
// most; a user whose seat was removed (SeatActive false) reads no content.
func (p ReadPolicy) MayRead(u User, it Item) Access {
	if u.ATSUserID == "" || (p != OwnerOnly && p != AnySeatHolder) {
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
	if u.Seat == it.Owner || p == AnySeatHolder {
		return AccessContent
	}
	return AccessMetadata
}
