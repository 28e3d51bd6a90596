package matching

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/rsckit/rsckit/rsc/model"
)

// Identity is what identifies a person exactly: a LinkedIn member (person URN), a
// LinkedIn profile URL, or an email address. Any field may be empty.
type Identity struct {
	Member     model.URN
	ProfileURL string
	Email      string
}

// IdentityOf returns the identity of an ATS candidate: its manually matched member,
// its LinkedIn profile URL and its first email address that normalises.
func IdentityOf(c model.Candidate) Identity {
	id := Identity{Member: c.ManualMatchedMember, ProfileURL: c.LinkedInProfileURL}
	for _, e := range c.EmailAddresses {
		if n := NormalizeEmail(e); n != "" {
			id.Email = n
			break
		}
	}
	return id
}

// IdentityOfStub returns the identity of a LinkedIn profile as received from a
// one-click export or an InMail stub: member, public profile URL and shared email.
func IdentityOfStub(p model.StubProfile) Identity {
	return Identity{Member: p.Member, ProfileURL: p.ProfileURL, Email: p.EmailAddress}
}

// SamePerson reports whether a and b are certainly the same person. The strongest
// identifier present on both sides decides: the person URNs when both have one, else
// the canonical profile URLs ([CanonicalProfileURL]) when both have one, else the
// normalised emails ([NormalizeEmail]). Two identities with no identifier in common
// are not the same person (they may still be possible duplicates; see [Index]).
func SamePerson(a, b Identity) bool {
	return samePerson(memberSet(a.Member), urlSet(a.ProfileURL), emailSet(a.Email),
		memberSet(b.Member), urlSet(b.ProfileURL), emailSet(b.Email))
}

func memberSet(u model.URN) []model.URN {
	if u == "" {
		return nil
	}
	return []model.URN{u}
}

func urlSet(s string) []string {
	if c, ok := CanonicalProfileURL(s); ok {
		return []string{c}
	}
	return nil
}

func emailSet(s string) []string {
	if e := NormalizeEmail(s); e != "" {
		return []string{e}
	}
	return nil
}

// samePerson applies the SamePerson rule to sets of already normalised identifiers.
func samePerson(am []model.URN, au, ae []string, bm []model.URN, bu, be []string) bool {
	switch {
	case len(am) > 0 && len(bm) > 0:
		return intersects(am, bm)
	case len(au) > 0 && len(bu) > 0:
		return intersects(au, bu)
	case len(ae) > 0 && len(be) > 0:
		return intersects(ae, be)
	}
	return false
}

func intersects[T comparable](a, b []T) bool {
	for _, x := range a {
		for _, y := range b {
			if x == y {
				return true
			}
		}
	}
	return false
}

// ErrInvalidLink is returned (wrapped) by [Link] and [Unlink] for a change that
// cannot be sent to LinkedIn.
var ErrInvalidLink = errors.New("invalid link")

// LinkChange is a manual link or unlink of an ATS candidate to a LinkedIn member,
// with who made it and when. It does not depend on package rsc; the host (or the sync
// engine) sends [LinkChange.Patch] as the candidate's partial update and keeps By
// and At for its audit trail.
type LinkChange struct {
	// Candidate is the ATS candidate whose manualMatchedMember changes.
	Candidate model.CandidateKey
	// Member is the person URN linked, or, for an unlink, the one removed (may be
	// empty when unknown).
	Member model.URN
	// Unlink is true when the link is removed ("wrong profile").
	Unlink bool
	// By names the ATS user who made the change.
	By string
	// At is when the change was made.
	At time.Time
}

// Link records that user by linked candidate c to member (a person URN) at time at.
func Link(c model.CandidateKey, member model.URN, by string, at time.Time) (LinkChange, error) {
	if !member.IsType(model.URNTypePerson) {
		return LinkChange{}, fmt.Errorf("rsc: matching: link %s: member %q is not a person URN: %w", c, member, ErrInvalidLink)
	}
	return newChange(c, member, false, by, at)
}

// Unlink records that user by removed the manual link of candidate c at time at;
// member is the person URN being unlinked when known, or empty.
func Unlink(c model.CandidateKey, member model.URN, by string, at time.Time) (LinkChange, error) {
	if member != "" && !member.IsType(model.URNTypePerson) {
		return LinkChange{}, fmt.Errorf("rsc: matching: unlink %s: member %q is not a person URN: %w", c, member, ErrInvalidLink)
	}
	return newChange(c, member, true, by, at)
}

func newChange(c model.CandidateKey, member model.URN, unlink bool, by string, at time.Time) (LinkChange, error) {
	if err := c.Validate(); err != nil {
		return LinkChange{}, fmt.Errorf("rsc: matching: link: %w", err)
	}
	if strings.TrimSpace(by) == "" {
		return LinkChange{}, fmt.Errorf("rsc: matching: link %s: no user recorded as author: %w", c, ErrInvalidLink)
	}
	if at.IsZero() {
		return LinkChange{}, fmt.Errorf("rsc: matching: link %s: zero time: %w", c, ErrInvalidLink)
	}
	return LinkChange{Candidate: c, Member: member, Unlink: unlink, By: by, At: at}, nil
}

// Patch returns the Rest.li partial update LinkedIn expects for the candidate:
// {"patch": {"$set": {"manualMatchedMember": <urn>}}} for a link and
// {"patch": {"$delete": ["manualMatchedMember"]}} for an unlink.
//
// Assumption: LinkedIn does not document how a manual match is cleared; $delete of
// the field is the Rest.li partial-update form for removing it.
func (l LinkChange) Patch() map[string]any {
	if l.Unlink {
		return map[string]any{"patch": map[string]any{"$delete": []string{"manualMatchedMember"}}}
	}
	return map[string]any{"patch": map[string]any{"$set": map[string]any{"manualMatchedMember": string(l.Member)}}}
}

// Apply applies the change to the host's copy of the candidate: it sets or clears
// ManualMatchedMember when c has the change's key, and reports whether it did.
func (l LinkChange) Apply(c *model.Candidate) bool {
	if c == nil || c.Key != l.Candidate {
		return false
	}
	if l.Unlink {
		c.ManualMatchedMember = ""
	} else {
		c.ManualMatchedMember = l.Member
	}
	return true
}
